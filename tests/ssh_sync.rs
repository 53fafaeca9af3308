//! `inventario sincronizar` over SSH, against an sshd started on 127.0.0.1 with its
//! own host key, user key and config: the transport an institution uses with an
//! ordinary git server. Needs `/usr/sbin/sshd` (Debian: openssh-server); `.ci/run`
//! installs it and sets `INVENTARIO_TESTE_SSH=obrigatorio`, so in CI a missing sshd
//! fails the test instead of skipping it.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

const SSHD: &str = "/usr/sbin/sshd";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen runs");
    assert!(status.success());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_sshd(dir: &Path, port: u16) -> Server {
    keygen(&dir.join("host_key"));
    keygen(&dir.join("user_key"));
    std::fs::copy(dir.join("user_key.pub"), dir.join("authorized_keys")).unwrap();
    let _ = std::fs::create_dir_all("/run/sshd");
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {0}/host_key\nAuthorizedKeysFile {0}/authorized_keys\nPidFile {0}/sshd.pid\nStrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n",
        dir.display()
    );
    std::fs::write(dir.join("sshd_config"), config).unwrap();
    let child = Command::new(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(dir.join("sshd_config"))
        .stderr(Stdio::null())
        .spawn()
        .expect("sshd starts");
    let server = Server(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "sshd did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

#[test]
fn sincronizar_over_ssh_with_a_loopback_sshd() {
    if !Path::new(SSHD).exists() {
        assert_ne!(
            std::env::var("INVENTARIO_TESTE_SSH").as_deref(),
            Ok("obrigatorio"),
            "sshd is required here: install openssh-server"
        );
        eprintln!("{SSHD} não encontrado: teste de sincronização por SSH pulado");
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let keys = temp.path().join("chaves");
    std::fs::create_dir(&keys).unwrap();
    let port = free_port();
    let _server = start_sshd(&keys, port);

    let central = temp.path().join("central.git");
    git(
        temp.path(),
        &[
            "init",
            "--quiet",
            "--bare",
            "--initial-branch=main",
            central.to_str().unwrap(),
        ],
    );
    let user = std::env::var("USER").unwrap_or_else(|_| "root".to_owned());
    let url = format!("ssh://{user}@127.0.0.1:{port}{}", central.display());
    let ssh = format!(
        "ssh -i {} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR",
        keys.join("user_key").display()
    );

    let out = run_in(temp.path(), &["exemplo", "a"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let a = temp.path().join("a");
    git(&a, &["remote", "add", "origin", &url]);
    git(&a, &["config", "core.sshCommand", &ssh]);
    let pushed = run(&["sincronizar", "-C", a.to_str().unwrap()]);
    assert_eq!(pushed.status.code(), Some(0), "{}", stderr(&pushed));
    assert!(
        stdout(&pushed).contains("enviadas para origin"),
        "{}",
        stdout(&pushed)
    );
    assert_eq!(
        git(&central, &["log", "--format=%s", "main"]).trim(),
        "Conferência visual na catraca, pedida pela PRAE\nInventário de exemplo (UFDPar)"
    );

    // A change made elsewhere comes back through the same transport.
    let file = a.join("processos/cftv.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("frequencia: \"Contínua\"", "frequencia: \"Diária\""),
    )
    .unwrap();
    assert_eq!(
        run(&["registrar", "-C", a.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let again = run(&["sincronizar", "-C", a.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(git(&central, &["log", "-1", "--format=%s", "main"]).contains("altera frequência"));
}
