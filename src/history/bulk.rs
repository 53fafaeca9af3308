//! The objects of a commit that touches many files (an approval of every
//! process, a `formatar` of the whole inventory) written as one pack instead of
//! one loose object per file: creating 2,000 files under `.git/objects/` was
//! half of an approval of 2,000 processes.
//!
//! The objects are built in memory, by libgit2's mempack backend on a second
//! handle of the repository (the main handle keeps writing loose objects).
//! The pack and its index are then written here, each object whole and
//! zlib-compressed: the pack builder libgit2 would use spends more time
//! searching deltas than the loose objects cost, and the next `git gc` (which
//! the program runs, see `upkeep`) computes them anyway; its indexer would
//! inflate and hash again every object this module has just read. The pack goes
//! into place first, its index last (git sees a pack once its index is there),
//! each by a rename. Until the branch moves, the pack holds only objects nothing
//! refers to, as loose objects would: a crash in between loses nothing, and git
//! removes a killed write's `tmp_pack_*` files as it does its own.

use std::fs::Permissions;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use flate2::{Compression, write::ZlibEncoder};
use git2::{ObjectType, Odb, Oid, Repository};
use sha1::{Digest, Sha1};

/// From this many files on, a commit's objects go into one pack. It is git's
/// own threshold for keeping received objects packed (`transfer.unpackLimit`,
/// 100 by default): below it, loose objects are cheaper than a pack per commit.
pub(crate) const PACK_FROM_FILES: usize = 100;

/// Priority of the in-memory backend: above every on-disk one, so it takes the
/// writes (libgit2 writes to the first backend that can).
const MEMORY_FIRST: i32 = 1000;

/// What a build made: the commit and the blobs it wrote. The trees between
/// them are found by walking the commit's tree.
pub(crate) struct Built {
    pub(crate) commit: Oid,
    pub(crate) blobs: Vec<Oid>,
}

/// Runs `build` on a handle of `repo` whose new objects stay in memory, then
/// writes the commit it returns, with its new trees and blobs, into `repo` as
/// one pack. `None` (nothing to commit) writes nothing.
pub(crate) fn in_one_pack(
    repo: &Repository,
    build: impl FnOnce(&Repository) -> Result<Option<Built>, git2::Error>,
) -> Result<Option<Oid>, git2::Error> {
    let side = Repository::open(repo.path())?;
    let memory = side.odb()?;
    memory.add_new_mempack_backend(MEMORY_FIRST)?;
    let Some(built) = build(&side)? else {
        return Ok(None);
    };
    let disk = repo.odb()?;
    let mut objects = vec![built.commit];
    let root = side.find_commit(built.commit)?.tree_id();
    new_trees(&side, &disk, root, &mut objects)?;
    objects.extend(built.blobs);
    objects.sort_unstable();
    objects.dedup();
    let (pack, entries) = pack_of(&memory, &objects)?;
    store_pack(&repo.path().join("objects/pack"), &pack, entries)
        .map_err(|e| git2::Error::from_str(&e.to_string()))?;
    Ok(Some(built.commit))
}

/// Where an object sits in a pack, as the pack's index records it.
struct Entry {
    id: Oid,
    offset: u64,
    /// CRC-32 of the entry as stored (header and compressed data).
    crc: u32,
}

/// Writes `pack` and its index into `dir` as `pack-<checksum>.pack` and `.idx`,
/// read-only as git leaves them, the index last.
fn store_pack(dir: &Path, pack: &[u8], entries: Vec<Entry>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let checksum = &pack[pack.len() - 20..];
    let name: String = checksum.iter().map(|b| format!("{b:02x}")).collect();
    let index = index_of(entries, checksum);
    for (prefix, bytes, extension) in [("tmp_pack_", pack, "pack"), ("tmp_idx_", &index, "idx")] {
        let mut temp = tempfile::Builder::new()
            .prefix(prefix)
            .permissions(Permissions::from_mode(READ_ONLY))
            .tempfile_in(dir)?;
        temp.write_all(bytes)?;
        temp.persist(dir.join(format!("pack-{name}.{extension}")))
            .map_err(|e| e.error)?;
    }
    Ok(())
}

/// The mode git gives packs and their indexes (before the umask).
const READ_ONLY: u32 = 0o444;

/// A version 2 pack index: the fan-out table, the sorted ids, their CRC-32s
/// and offsets (above 2 GiB in a second, 8-byte table), the pack's checksum and
/// the SHA-1 of all of it.
fn index_of(mut entries: Vec<Entry>, pack_checksum: &[u8]) -> Vec<u8> {
    entries.sort_unstable_by_key(|e| e.id);
    let mut out = Vec::with_capacity(8 + 1024 + entries.len() * 28 + 40);
    out.extend_from_slice(&[0xff, b't', b'O', b'c', 0, 0, 0, 2]);
    let mut fanout = [0u32; 256];
    for entry in &entries {
        fanout[usize::from(entry.id.as_bytes()[0])] += 1;
    }
    let mut running = 0;
    for count in fanout {
        running += count;
        out.extend_from_slice(&running.to_be_bytes());
    }
    for entry in &entries {
        out.extend_from_slice(entry.id.as_bytes());
    }
    for entry in &entries {
        out.extend_from_slice(&entry.crc.to_be_bytes());
    }
    let mut large = Vec::new();
    for entry in &entries {
        let small = match u32::try_from(entry.offset) {
            Ok(offset) if offset < LARGE_OFFSET => offset,
            _ => {
                large.push(entry.offset);
                LARGE_OFFSET | (large.len() as u32 - 1)
            }
        };
        out.extend_from_slice(&small.to_be_bytes());
    }
    for offset in large {
        out.extend_from_slice(&offset.to_be_bytes());
    }
    out.extend_from_slice(pack_checksum);
    let own = Sha1::digest(&out);
    out.extend_from_slice(&own);
    out
}

/// The bit that sends an index's offset to the 8-byte table.
const LARGE_OFFSET: u32 = 0x8000_0000;

/// Adds `tree` and the trees under it that `disk` does not hold yet. A tree
/// already on disk has all it refers to on disk too.
fn new_trees(
    side: &Repository,
    disk: &Odb,
    tree: Oid,
    out: &mut Vec<Oid>,
) -> Result<(), git2::Error> {
    if disk.exists(tree) {
        return Ok(());
    }
    out.push(tree);
    let subtrees: Vec<Oid> = side
        .find_tree(tree)?
        .iter()
        .filter(|entry| entry.kind() == Some(ObjectType::Tree))
        .map(|entry| entry.id())
        .collect();
    for subtree in subtrees {
        new_trees(side, disk, subtree, out)?;
    }
    Ok(())
}

/// A version 2 pack of `objects`, read from `odb`: the header, each object
/// whole (type and size, then its zlib stream, compressed on every core) and
/// the SHA-1 of all of it; with where each object sits.
fn pack_of(odb: &Odb, objects: &[Oid]) -> Result<(Vec<u8>, Vec<Entry>), git2::Error> {
    let count = u32::try_from(objects.len())
        .map_err(|_| git2::Error::from_str("objetos demais para um pack"))?;
    let raw = objects
        .iter()
        .map(|id| odb.read(*id).map(|object| (*id, object)))
        .collect::<Result<Vec<_>, _>>()?;
    // libgit2's objects are not `Sync`: the threads get plain slices.
    let plain: Vec<(u8, &[u8])> = raw
        .iter()
        .map(|(_, object)| type_code(object.kind()).map(|code| (code, object.data())))
        .collect::<Result<_, _>>()?;
    let stored = crate::parallel::map(&plain, |(code, data)| stored_entry(*code, data))
        .into_iter()
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| git2::Error::from_str(&e.to_string()))?;
    let mut pack = Vec::with_capacity(12 + stored.iter().map(Vec::len).sum::<usize>() + 20);
    pack.extend_from_slice(b"PACK");
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&count.to_be_bytes());
    let mut entries = Vec::with_capacity(raw.len());
    for ((id, _), bytes) in raw.iter().zip(stored) {
        entries.push(Entry {
            id: *id,
            offset: pack.len() as u64,
            crc: crc32fast::hash(&bytes),
        });
        pack.extend_from_slice(&bytes);
    }
    let trailer = Sha1::digest(&pack);
    pack.extend_from_slice(&trailer);
    Ok((pack, entries))
}

/// One object as a pack stores it: its header, then its zlib stream.
fn stored_entry(code: u8, data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 2 + 16);
    entry_header(&mut out, code, data.len());
    let mut zlib = ZlibEncoder::new(out, Compression::fast());
    zlib.write_all(data)?;
    zlib.finish()
}

/// The pack's code for an object type (`OBJ_COMMIT` 1 … `OBJ_BLOB` 3).
fn type_code(kind: ObjectType) -> Result<u8, git2::Error> {
    match kind {
        ObjectType::Commit => Ok(1),
        ObjectType::Tree => Ok(2),
        ObjectType::Blob => Ok(3),
        ObjectType::Tag => Ok(4),
        ObjectType::Any => Err(git2::Error::from_str("objeto sem tipo")),
    }
}

/// An entry's header: the type in bits 4–6 of the first byte, the size in
/// little-endian groups (4 bits, then 7), each byte but the last with its high
/// bit set.
fn entry_header(out: &mut Vec<u8>, code: u8, size: usize) {
    let mut byte = (code << 4) | (size & 0x0f) as u8;
    let mut rest = size >> 4;
    while rest > 0 {
        out.push(byte | 0x80);
        byte = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    out.push(byte);
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{FileMode, Signature, build::TreeUpdateBuilder};

    fn loose_objects(repo: &Repository) -> usize {
        std::fs::read_dir(repo.path().join("objects"))
            .unwrap()
            .flatten()
            .filter(|d| d.file_name().len() == 2)
            .map(|d| std::fs::read_dir(d.path()).unwrap().count())
            .sum()
    }

    fn packs(repo: &Repository) -> usize {
        std::fs::read_dir(repo.path().join("objects/pack"))
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "pack"))
                    .count()
            })
            .unwrap_or(0)
    }

    /// A commit of `files` files under `processos/`, on top of `parent`.
    fn commit_files(
        side: &Repository,
        parent: Option<Oid>,
        files: impl Iterator<Item = (String, String)>,
    ) -> Result<Option<Built>, git2::Error> {
        let base = match parent {
            Some(id) => side.find_commit(id)?.tree()?,
            None => side.find_tree(side.treebuilder(None)?.write()?)?,
        };
        let mut builder = TreeUpdateBuilder::new();
        let mut blobs = Vec::new();
        for (path, text) in files {
            let blob = side.blob(text.as_bytes())?;
            blobs.push(blob);
            builder.upsert(path.as_str(), blob, FileMode::Blob);
        }
        let tree = side.find_tree(builder.create_updated(side, &base)?)?;
        let who = Signature::now("Comitê", "comite@exemplo.gov.br")?;
        let parents = match parent {
            Some(id) => vec![side.find_commit(id)?],
            None => Vec::new(),
        };
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        let commit = side.commit(None, &who, &who, "lote", &tree, &refs)?;
        Ok(Some(Built { commit, blobs }))
    }

    #[test]
    fn a_commit_of_many_files_lands_in_one_pack_that_git_and_the_main_handle_read() {
        let temp = tempfile::tempdir().unwrap();
        let repo = Repository::init(temp.path()).unwrap();
        let files = |version: usize| {
            (0..300).map(move |i| {
                let big = "x".repeat(i * 7);
                (
                    format!("processos/p{i:03}.ron"),
                    format!("v{version} {i} {big}\n"),
                )
            })
        };
        let first = in_one_pack(&repo, |side| commit_files(side, None, files(1)))
            .unwrap()
            .unwrap();
        assert_eq!(loose_objects(&repo), 0);
        assert_eq!(packs(&repo), 1);
        // The main handle finds every object, with the right content.
        let tree = repo.find_commit(first).unwrap().tree().unwrap();
        let entry = tree.get_path("processos/p123.ron".as_ref()).unwrap();
        let blob = repo.find_blob(entry.id()).unwrap();
        assert!(blob.content().starts_with(b"v1 123 xxx"));
        // A second commit changing half the files packs only what is new.
        let half = files(2).step_by(2);
        let second = in_one_pack(&repo, |side| commit_files(side, Some(first), half))
            .unwrap()
            .unwrap();
        assert_eq!(packs(&repo), 2);
        let pack_objects: usize = std::fs::read_dir(repo.path().join("objects/pack"))
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
            .map(|e| {
                let idx = std::fs::read(e.path()).unwrap();
                u32::from_be_bytes(idx[8 + 255 * 4..8 + 256 * 4].try_into().unwrap()) as usize
            })
            .sum();
        // 300 blobs + 2 trees + 1 commit, then 150 blobs + 2 trees + 1 commit.
        assert_eq!(pack_objects, 303 + 153);
        // git itself agrees the repository is whole.
        repo.reference("refs/heads/main", second, true, "teste")
            .unwrap();
        super::super::test_support::git(temp.path(), &["fsck", "--strict", "--no-dangling"]);
    }

    #[test]
    fn nothing_to_commit_or_a_failed_build_writes_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let repo = Repository::init(temp.path()).unwrap();
        assert_eq!(
            in_one_pack(&repo, |side| {
                side.blob(b"meio caminho")?;
                Ok(None)
            })
            .unwrap(),
            None
        );
        let out = in_one_pack(&repo, |side| {
            side.blob(b"meio caminho")?;
            Err(git2::Error::from_str("falhou"))
        });
        assert!(out.is_err());
        assert_eq!(loose_objects(&repo) + packs(&repo), 0);
    }

    #[test]
    fn entry_headers_follow_the_pack_format() {
        let header = |code, size| {
            let mut out = Vec::new();
            entry_header(&mut out, code, size);
            out
        };
        assert_eq!(header(3, 10), [0x3a]);
        assert_eq!(header(1, 16), [0x90, 0x01]);
        assert_eq!(header(2, 0x1234), [0xa4, 0xa3, 0x02]);
    }
}
