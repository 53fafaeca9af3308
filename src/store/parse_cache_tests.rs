//! Tests of the parse cache (`parse_cache.rs`).

use super::*;

fn cache_in(root: &Path) -> ParseCache {
    fs::create_dir_all(root.join(".git")).expect("git dir");
    ParseCache::for_inventory(root).expect("cache")
}

/// Reads `names` (files under `root`) as lists of words, counting parses.
fn read(cache: &ParseCache, root: &Path, names: &[&str]) -> (Vec<Vec<String>>, usize) {
    read_of(cache, root, names, true)
}

/// `read`, of all the files of the kind (`complete`) or only some of them.
fn read_of(
    cache: &ParseCache,
    root: &Path,
    names: &[&str],
    complete: bool,
) -> (Vec<Vec<String>>, usize) {
    let paths: Vec<PathBuf> = names.iter().map(|n| root.join(n)).collect();
    let files: Vec<Source> = names
        .iter()
        .zip(&paths)
        .map(|(relative, path)| Source { relative, path })
        .collect();
    let parsed = AtomicUsize::new(0);
    let results = cache.read_all(
        "processos",
        &files,
        complete,
        |read: std::io::Result<Vec<u8>>| {
            parsed.fetch_add(1, Ordering::Relaxed);
            read.map(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect()
            })
            .map_err(|_| ())
        },
        |index, stamp, words: Vec<String>| {
            // The stat data taken before the read is the file's.
            let meta = fs::metadata(files[index].path).expect("stat");
            assert_eq!(stamp, Some(Stamp::of(&meta)));
            words
        },
    );
    let documents = results.into_iter().map(|r| r.unwrap_or_default()).collect();
    (documents, parsed.into_inner())
}

/// Writes `text` into `name` under `root`, in place.
fn write(root: &Path, name: &str, text: &str) {
    fs::write(root.join(name), text).expect("write");
}

/// Waits until the files written so far are no longer racily clean (the
/// status-change time cannot be set back).
fn settle() {
    std::thread::sleep(RACY_WINDOW + Duration::from_millis(100));
}

fn shard_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root.join(".git").join(CACHE_DIR))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn unchanged_files_come_from_the_cache_and_changed_ones_are_parsed() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let cache = cache_in(root);
    let names: Vec<String> = (0..40).map(|n| format!("p{n}.ron")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    for (n, name) in names.iter().enumerate() {
        write(root, name, &format!("arquivo {n}"));
    }
    // Just written: racily clean, parsed and not cached.
    assert_eq!(read(&cache, root, &names).1, 40);
    assert_eq!(read(&cache, root, &names).1, 40);
    settle();
    let (first, parsed) = read(&cache, root, &names);
    assert_eq!(parsed, 40);
    assert_eq!(first[7], vec!["arquivo", "7"]);
    let (again, parsed) = read(&cache, root, &names);
    assert_eq!((again.clone(), parsed), (first.clone(), 0));
    assert_eq!(cache.hits(), 40);

    // An edit in place of the same size: parsed again at once.
    write(root, "p7.ron", "arquivo X");
    let (after, parsed) = read(&cache, root, &names);
    assert_eq!(parsed, 1);
    assert_eq!(after[7], vec!["arquivo", "X"]);
    // A file that cannot be read gives the parser's error every time.
    fs::remove_file(root.join("p8.ron")).expect("remove");
    let (after, parsed) = read(&cache, root, &names);
    assert_eq!((parsed, after[8].is_empty()), (2, true));
}

#[test]
fn a_damaged_or_foreign_shard_is_a_miss() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let cache = cache_in(root);
    let names = ["a.ron", "b.ron", "c.ron"];
    for name in names {
        write(root, name, &format!("texto de {name}"));
    }
    settle();
    read(&cache, root, &names);
    assert_eq!(read(&cache, root, &names).1, 0);
    for shard in shard_files(root) {
        let good = fs::read(&shard).expect("shard");
        // Each byte flipped in turn: never a wrong document, and every
        // damaged entry is parsed again.
        for at in (0..good.len()).step_by(7) {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            fs::write(&shard, &bad).expect("write");
            let (documents, _) = read(&cache, root, &names);
            for (name, words) in names.iter().zip(&documents) {
                assert_eq!(words.join(" "), format!("texto de {name}"), "byte {at}");
            }
        }
        // Cut short.
        fs::write(&shard, &good[..good.len() / 2]).expect("write");
        read(&cache, root, &names);
    }
    // Another build's shard is not read.
    let other = ParseCache {
        build: cache.build ^ 1,
        ..cache_in(root)
    };
    assert_eq!(read(&other, root, &names).1, 3);
}

#[test]
fn a_shard_drops_the_entries_of_files_that_left() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let cache = cache_in(root);
    for name in ["a.ron", "b.ron"] {
        write(root, name, name);
    }
    settle();
    read(&cache, root, &["a.ron", "b.ron"]);
    let size = |root: &Path| -> u64 {
        shard_files(root)
            .iter()
            .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
            .sum()
    };
    let before = size(root);
    assert_eq!(read(&cache, root, &["a.ron"]).1, 0);
    assert!(size(root) < before);
    assert_eq!(read(&cache, root, &["a.ron", "b.ron"]).1, 1);
}

/// A read of some of the files (`check` reads only the processes whose
/// findings it does not know) keeps the entries of the others, and still drops
/// the stale entry of a changed file it was given.
#[test]
fn a_partial_read_keeps_the_entries_of_the_files_it_was_not_given() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let cache = cache_in(root);
    let names: Vec<String> = (0..40).map(|n| format!("p{n}.ron")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    for name in &names {
        write(root, name, name);
    }
    settle();
    assert_eq!(read(&cache, root, &names).1, 40);
    assert_eq!(read_of(&cache, root, &[], false).1, 0);
    assert_eq!(read_of(&cache, root, &names[..3], false).1, 0);
    assert_eq!(
        read(&cache, root, &names).1,
        0,
        "every entry is still there"
    );
    write(root, "p1.ron", "mudou");
    settle();
    let (documents, parsed) = read_of(&cache, root, &names[..3], false);
    assert_eq!(
        (parsed, documents[1].clone()),
        (1, vec!["mudou".to_owned()])
    );
    assert_eq!(read(&cache, root, &names).1, 0);
}

#[test]
fn a_killed_writers_temporary_file_goes_with_the_next_write() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let cache = cache_in(root);
    fs::create_dir_all(&cache.dir).expect("dir");
    let old = cache.dir.join(".escrita-morto");
    let fresh = cache.dir.join(".escrita-em-curso");
    for path in [&old, &fresh] {
        fs::write(path, "x").expect("write");
    }
    let file = fs::File::options().write(true).open(&old).expect("open");
    file.set_modified(SystemTime::now() - Duration::from_secs(600))
        .expect("mtime");
    write(root, "a.ron", "a");
    settle();
    read(&cache, root, &["a.ron"]);
    assert!(!old.exists());
    assert!(fresh.exists());
}

#[cfg(unix)]
#[test]
fn shards_get_the_users_umask_not_a_private_mode() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    let cache = cache_in(root);
    write(root, "a.ron", "a");
    settle();
    read(&cache, root, &["a.ron"]);
    let shards = shard_files(root);
    assert_eq!(shards.len(), 1);
    let mode = fs::metadata(&shards[0]).expect("stat").permissions().mode() & 0o777;
    // 0666 less the umask, as a file the user creates, never a fixed 0600.
    let probe = root.join("sonda");
    fs::write(&probe, "").expect("probe");
    let umask_allows = fs::metadata(&probe).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, umask_allows, "{mode:o}");
}

#[test]
fn no_cache_without_a_repository_of_its_own() {
    let temp = tempfile::tempdir().expect("temp");
    assert!(ParseCache::for_inventory(temp.path()).is_none());
    fs::write(temp.path().join(".git"), "gitdir: ../outro").expect("write");
    assert!(ParseCache::for_inventory(temp.path()).is_none());
}

#[cfg(unix)]
#[test]
fn a_cache_directory_that_is_a_link_is_not_used() {
    let temp = tempfile::tempdir().expect("temp");
    let outside = tempfile::tempdir().expect("outside");
    fs::create_dir_all(temp.path().join(".git")).expect("git dir");
    std::os::unix::fs::symlink(outside.path(), temp.path().join(".git").join(CACHE_DIR))
        .expect("link");
    assert!(ParseCache::for_inventory(temp.path()).is_none());
}
