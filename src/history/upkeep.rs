//! Keeping the repository packed without anyone running git by hand. Every save
//! writes loose objects; 10,000 saves left 642 MB of them and a `git log` of
//! seconds, where `git gc` gives 15 MB. After a commit, when git's own estimate
//! of the loose objects (those in `.git/objects/17`, times 256) passes `gc.auto`
//! (6,700 unless configured; 0 turns it off), the system git runs `gc --auto`
//! and `commit-graph write --reachable --changed-paths` in the background,
//! detached: a save never waits for it, and git's own lock (`gc.pid`) keeps two
//! from running at once. A marker file spaces the attempts.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use super::History;

/// The default of git's `gc.auto`.
const GC_AUTO_DEFAULT: i64 = 6_700;

/// Marker of the last attempt, under `.git/`.
const MARKER: &str = "inventario-manutencao";

/// The least time between two attempts.
const SPACING: Duration = Duration::from_secs(60);

/// What runs in the background: packing when git finds it due, then the
/// commit-graph with changed-path Bloom filters (what makes `git log -- path`
/// and the tool's history fast).
/// References are left loose (`gc.packRefs=false`): packing them would lock the
/// branch a save moves.
const SCRIPT: &str = "(git -c gc.packRefs=false gc --auto --quiet && git commit-graph write --reachable --changed-paths) >/dev/null 2>&1 </dev/null &";

/// Whether git would pack now: the loose objects sampled in one of the 256
/// object directories, against `gc.auto` (as `git gc --auto` estimates).
pub(crate) fn packing_due(loose_in_sample: usize, gc_auto: i64) -> bool {
    if gc_auto <= 0 {
        return false;
    }
    let threshold = (gc_auto as usize).div_ceil(256);
    loose_in_sample > threshold
}

/// Loose objects in `.git/objects/17`, as git samples them.
fn loose_in_sample(git_dir: &Path) -> usize {
    std::fs::read_dir(git_dir.join("objects/17")).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| e.file_name().len() == 38)
            .count()
    })
}

/// Whether an attempt was made within `SPACING`.
fn tried_recently(git_dir: &Path) -> bool {
    std::fs::metadata(git_dir.join(MARKER))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|at| SystemTime::now().duration_since(at).ok())
        .is_some_and(|age| age < SPACING)
}

impl History {
    /// After a commit: starts the background upkeep when packing is due. Never
    /// fails and never waits: a missing git or a busy repository only means
    /// the next commit tries again.
    pub(crate) fn upkeep_after_commit(&self) {
        let git_dir = self.repo.path();
        let gc_auto = self
            .repo
            .config()
            .and_then(|c| c.get_i64("gc.auto"))
            .unwrap_or(GC_AUTO_DEFAULT);
        if !packing_due(loose_in_sample(git_dir), gc_auto) || tried_recently(git_dir) {
            return;
        }
        if std::fs::write(git_dir.join(MARKER), b"").is_err() {
            return;
        }
        // `sh` puts the work in the background and exits at once, so the job
        // is no child of this process (no zombie in a long session).
        let started = Command::new("sh")
            .args(["-c", SCRIPT])
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if started.is_err() {
            self.notice(
                "não foi possível iniciar a manutenção do repositório (git gc); rode `git gc` à mão quando puder".to_owned(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn packing_is_due_as_git_estimates_it() {
        // 6,700 / 256 rounds up to 27: due from 28 objects in the sample.
        assert!(!packing_due(27, 6_700));
        assert!(packing_due(28, 6_700));
        assert!(!packing_due(10_000, 0), "gc.auto 0 turns it off");
        assert!(!packing_due(10_000, -1));
        assert!(packing_due(2, 256));
    }

    /// With `gc.auto` at 1 and a loose object in the sampled directory, the
    /// next save packs the repository and writes the commit-graph, in the
    /// background; the save itself returned before.
    #[test]
    fn a_save_past_the_threshold_packs_the_repository_in_the_background() {
        let (_temp, history) = sample_repo();
        history
            .repo()
            .config()
            .unwrap()
            .set_i64("gc.auto", 1)
            .unwrap();
        // Two blobs whose ids start with 17: git's sample then passes
        // gc.auto 1 (more than one object there).
        let sampled = (0u32..).map(|n| format!("amostra {n}")).filter(|text| {
            git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())
                .unwrap()
                .to_string()
                .starts_with("17")
        });
        for content in sampled.take(2) {
            history.repo().blob(content.as_bytes()).unwrap();
        }
        change_frequency(&history, "cftv", "Diária");
        let git_dir = history.repo().path().to_path_buf();
        assert!(git_dir.join(MARKER).exists());
        let packed = || {
            std::fs::read_dir(git_dir.join("objects/pack"))
                .map(|d| {
                    d.flatten()
                        .any(|e| e.path().extension() == Some("pack".as_ref()))
                })
                .unwrap_or(false)
        };
        let graph = || {
            git_dir.join("objects/info/commit-graph").exists()
                || git_dir.join("objects/info/commit-graphs").exists()
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !(packed() && graph()) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(packed(), "no pack after the background gc");
        assert!(graph(), "no commit-graph after the background upkeep");
        // The history is whole: the save is there and status is clean.
        assert_eq!(history.head().unwrap().oid(), history.head_oid().unwrap());
        assert!(
            history
                .file_at(history.head().unwrap(), "processos/cftv.ron")
                .unwrap()
                .is_some()
        );
    }
}
