//! `Catalog<T>`: the entries of one catalog, in file order, with a hash index by id
//! (never saved, so a `HashMap` does not affect output order). The index uses
//! foldhash: the rules look ids up for every field of every process, and
//! SipHash was a seventh of a whole-inventory `check`.

use foldhash::HashMap;
use foldhash::HashMapExt;

use super::entries::Entry;

#[derive(Debug, Clone)]
pub struct Catalog<T> {
    entries: Vec<T>,
    index: HashMap<String, usize>,
}

impl<T> Default for Catalog<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Entry> Catalog<T> {
    /// Adds entries; returns the ids that were already present (those entries are
    /// not added: the first definition wins).
    pub fn extend(&mut self, entries: Vec<T>) -> Vec<String> {
        let mut duplicates = Vec::new();
        for entry in entries {
            if self.index.contains_key(entry.id()) {
                duplicates.push(entry.id().to_owned());
                continue;
            }
            self.index.insert(entry.id().to_owned(), self.entries.len());
            self.entries.push(entry);
        }
        duplicates
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry's name, or the id itself when unknown (for messages).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map_or(id, |e| e.name())
    }
}
