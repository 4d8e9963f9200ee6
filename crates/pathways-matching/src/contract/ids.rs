//! Interning string ids to dense indices.
//!
//! A round can hold a million students, and the priorities file looks one
//! up per row in no useful order, so lookups are bound by memory latency.
//! The table is flat open addressing (linear probing, at most 80% full)
//! whose 16-byte slots carry the id's first 8 bytes: a lookup of a short id
//! touches one cache line and never the arena, and 50,000 placements fit in
//! 1 MiB, a core's L2 cache here. (Successful lookups, the common case,
//! probe about 2.5 slots at that load, mostly in one cache line; longer ids
//! are checked against the arena, one more access.) Where lookups would come in random
//! order, callers sort them by [`Ids::bucket`] first.
//! Ids keep their first-seen order, so indices are stable for a file.

use std::hash::BuildHasher;

/// How many leading bytes of an id live in its table slot.
const INLINE: usize = 8;
/// An empty slot's index.
const EMPTY: u32 = u32::MAX;

/// A table entry: the id's first bytes inline, its length and index.
#[derive(Clone, Copy)]
struct Slot {
    prefix: [u8; INLINE],
    len: u32,
    index: u32,
}

const VACANT: Slot = Slot {
    prefix: [0; INLINE],
    len: 0,
    index: EMPTY,
};

/// Slots for `n` ids: a power of two at most 80% full.
fn slots_for(n: usize) -> usize {
    (n + n / 4 + 1).next_power_of_two().max(16)
}

fn prefix(id: &[u8]) -> [u8; INLINE] {
    let mut p = [0u8; INLINE];
    let n = id.len().min(INLINE);
    p[..n].copy_from_slice(&id[..n]);
    p
}

/// An id copied out of its row to be looked up later, in table order (see
/// [`Ids::bucket`]). Ids longer than the inline prefix keep their bytes in
/// a shared overflow arena.
#[derive(Clone, Copy)]
pub(crate) struct DeferredId {
    prefix: [u8; INLINE],
    len: u32,
    at: u32,
}

impl DeferredId {
    /// Copies `id`; `None` if the overflow arena would pass 4 GiB.
    pub(crate) fn new(id: &[u8], overflow: &mut Vec<u8>) -> Option<Self> {
        let len = u32::try_from(id.len()).ok()?;
        let mut at = 0;
        if id.len() > INLINE {
            at = u32::try_from(overflow.len()).ok()?;
            overflow.extend_from_slice(id);
            u32::try_from(overflow.len()).ok()?;
        }
        Some(Self {
            prefix: prefix(id),
            len,
            at,
        })
    }

    /// The id's bytes.
    pub(crate) fn bytes<'a>(&'a self, overflow: &'a [u8]) -> &'a [u8] {
        let len = self.len as usize;
        if len <= INLINE {
            &self.prefix[..len]
        } else {
            &overflow[self.at as usize..self.at as usize + len]
        }
    }
}

/// Ids in first-seen order, each mapped to its index.
pub(crate) struct Ids {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    slots: Vec<Slot>,
    hasher: foldhash::fast::FixedState,
    /// The last id found and its index (a copy, so checking it touches no
    /// far memory): rows of one student (or one placement) usually come
    /// together, so most lookups stop here.
    last: Option<u32>,
    last_id: Vec<u8>,
}

impl Default for Ids {
    fn default() -> Self {
        Self {
            bytes: Vec::new(),
            ends: Vec::new(),
            slots: vec![VACANT; 16],
            hasher: foldhash::fast::FixedState::default(),
            last: None,
            last_id: Vec::new(),
        }
    }
}

impl Ids {
    /// An empty table with room for `n` ids before it grows.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            slots: vec![VACANT; slots_for(n)],
            ..Self::default()
        }
    }

    /// How many ids there are.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The id with index `i`.
    pub(crate) fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// The slot an id hashes to: the top bits of the hash after a
    /// Fibonacci multiply, so weak low bits cannot cluster linear probing.
    fn home(&self, id: &[u8]) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (self.hasher.hash_one(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// How many [`Ids::bucket`]s split the table into parts that fit in a
    /// core's cache (about 128 KiB of slots each).
    pub(crate) fn buckets(&self) -> usize {
        (self.slots.len() * size_of::<Slot>())
            .div_ceil(128 << 10)
            .next_power_of_two()
    }

    /// Which part of the table `id` hashes to: looking ids up bucket by
    /// bucket walks the table in order instead of at random (a
    /// radix-partitioned join), which matters once it outgrows the cache.
    pub(crate) fn bucket(&self, id: &[u8]) -> usize {
        self.home(id) * self.buckets() / self.slots.len()
    }

    /// The index of `id` without touching the last-found cache.
    pub(crate) fn lookup(&self, id: &[u8]) -> Option<u32> {
        let index = self.slots[self.probe(id)].index;
        (index != EMPTY).then_some(index)
    }

    /// The slot holding `id`, or the empty slot where it would go.
    fn probe(&self, id: &[u8]) -> usize {
        self.probe_by(id, |index| self.get(index))
    }

    /// [`Ids::probe`], reading the full bytes of a long id in a slot
    /// through `full` (the arena, or the runs during [`Ids::from_runs`]).
    fn probe_by<'a>(&self, id: &[u8], full: impl Fn(u32) -> &'a [u8]) -> usize {
        let (key, len) = (prefix(id), id.len());
        let mask = self.slots.len() - 1;
        let mut i = self.home(id);
        loop {
            let slot = &self.slots[i];
            if slot.index == EMPTY
                || (slot.prefix == key
                    && slot.len as usize == len
                    && (len <= INLINE || full(slot.index) == id))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Builds the table from *runs*: the id of each maximal group of
    /// consecutive rows of one student, in file order (a student whose rows
    /// are split appears in several runs). Returns the ids, numbered in
    /// first-seen order, and each run's index.
    ///
    /// Inserting a million ids one by one into a table that outgrows the
    /// cache costs a random memory access each; here they are inserted
    /// bucket by bucket (see [`Ids::bucket`]), so the table fills in order.
    pub(crate) fn from_runs(runs: &[DeferredId], overflow: &[u8]) -> (Self, Vec<u32>) {
        let mut ids = Self::with_capacity(runs.len());
        let mut buckets: Vec<Vec<(DeferredId, u32)>> = vec![Vec::new(); ids.buckets()];
        for (r, run) in runs.iter().enumerate() {
            buckets[ids.bucket(run.bytes(overflow))].push((*run, r as u32));
        }
        // first[r]: the first run with run r's id. Within a bucket runs come
        // in file order, so the first inserted is the first seen.
        let mut first = vec![0u32; runs.len()];
        for bucket in buckets {
            for (run, r) in bucket {
                let id = run.bytes(overflow);
                let at = ids.probe_by(id, |index| runs[index as usize].bytes(overflow));
                let slot = &mut ids.slots[at];
                if slot.index == EMPTY {
                    *slot = Slot {
                        prefix: run.prefix,
                        len: run.len,
                        index: r,
                    };
                }
                first[r as usize] = slot.index;
            }
        }
        let mut student = vec![0u32; runs.len()];
        for (r, run) in runs.iter().enumerate() {
            let f = first[r] as usize;
            student[r] = if f == r {
                ids.bytes.extend_from_slice(run.bytes(overflow));
                ids.ends.push(ids.bytes.len());
                (ids.ends.len() - 1) as u32
            } else {
                student[f]
            };
        }
        for slot in ids.slots.iter_mut().filter(|s| s.index != EMPTY) {
            slot.index = student[slot.index as usize];
        }
        (ids, student)
    }

    /// The index of `id`, if known.
    pub(crate) fn find(&mut self, id: &[u8]) -> Option<u32> {
        if let Some(last) = self.last
            && self.last_id == id
        {
            return Some(last);
        }
        let index = self.slots[self.probe(id)].index;
        (index != EMPTY).then(|| {
            self.remember(index, id);
            index
        })
    }

    /// The index of `id`, and whether it was new. `None` if the table is
    /// full (more than `u32::MAX - 1` ids).
    pub(crate) fn intern(&mut self, id: &[u8]) -> Option<(u32, bool)> {
        if let Some(i) = self.find(id) {
            return Some((i, false));
        }
        let index = u32::try_from(self.ends.len())
            .ok()
            .filter(|&i| i != EMPTY)?;
        let len = u32::try_from(id.len()).ok()?;
        if slots_for(self.len() + 1) > self.slots.len() {
            self.grow();
        }
        self.bytes.extend_from_slice(id);
        self.ends.push(self.bytes.len());
        let at = self.probe(id);
        self.slots[at] = Slot {
            prefix: prefix(id),
            len,
            index,
        };
        self.remember(index, id);
        Some((index, true))
    }

    fn remember(&mut self, index: u32, id: &[u8]) {
        self.last = Some(index);
        self.last_id.clear();
        self.last_id.extend_from_slice(id);
    }

    fn grow(&mut self) {
        let doubled = vec![VACANT; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.index != EMPTY) {
            let mut i = self.home(self.get(slot.index));
            while self.slots[i].index != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    /// Indices sorted by id bytes: the canonical order of the lottery, so
    /// the draw does not depend on row order. Sorting on an 8-byte prefix
    /// first keeps most comparisons out of the arena.
    pub(crate) fn sorted(&self) -> Vec<u32> {
        let mut keyed: Vec<(u64, u32)> = (0..self.len() as u32)
            .map(|i| {
                let mut first = [0u8; 8];
                first.copy_from_slice(&prefix(self.get(i))[..8]);
                (u64::from_be_bytes(first), i)
            })
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| self.get(a.1).cmp(self.get(b.1))));
        keyed.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_in_first_seen_order() {
        let mut ids = Ids::default();
        assert_eq!(ids.intern(b"s2"), Some((0, true)));
        assert_eq!(ids.intern(b"s10"), Some((1, true)));
        assert_eq!(ids.intern(b"s2"), Some((0, false)));
        assert_eq!(ids.find(b"s10"), Some(1));
        assert_eq!(ids.find(b"s3"), None);
        assert_eq!(ids.get(1), b"s10");
        assert_eq!(ids.len(), 2);
    }

    #[test]
    fn sorts_by_bytes_beyond_the_prefix() {
        let mut ids = Ids::default();
        for id in ["student-9", "student-10", "b", "", "student-1", "student-"] {
            ids.intern(id.as_bytes());
        }
        let sorted: Vec<&[u8]> = ids.sorted().into_iter().map(|i| ids.get(i)).collect();
        let expected: Vec<&[u8]> = vec![
            b"",
            b"b",
            b"student-",
            b"student-1",
            b"student-10",
            b"student-9",
        ];
        assert_eq!(sorted, expected);
    }

    #[test]
    fn builds_from_runs_in_first_seen_order() {
        let long = "a-student-id-longer-than-sixteen-bytes";
        let runs_text = ["b", long, "a", "b", long, "c"];
        let mut overflow = Vec::new();
        let runs: Vec<DeferredId> = runs_text
            .iter()
            .map(|id| DeferredId::new(id.as_bytes(), &mut overflow).unwrap())
            .collect();
        let (mut ids, student) = Ids::from_runs(&runs, &overflow);
        assert_eq!(student, vec![0, 1, 2, 0, 1, 3]);
        assert_eq!(ids.len(), 4);
        assert_eq!(ids.get(1), long.as_bytes());
        assert_eq!(ids.find(long.as_bytes()), Some(1));
        assert_eq!(ids.lookup(b"c"), Some(3));
        assert_eq!(ids.lookup(b"d"), None);
        let many: Vec<String> = (0..5000).map(|i| format!("s{}", i % 3000)).collect();
        let mut overflow = Vec::new();
        let runs: Vec<DeferredId> = many
            .iter()
            .map(|id| DeferredId::new(id.as_bytes(), &mut overflow).unwrap())
            .collect();
        let (ids, student) = Ids::from_runs(&runs, &overflow);
        assert_eq!(ids.len(), 3000);
        assert!(
            student
                .iter()
                .enumerate()
                .all(|(r, &s)| s as usize == r % 3000)
        );
    }

    #[test]
    fn survives_growth() {
        let mut ids = Ids::default();
        for i in 0..10_000 {
            ids.intern(
                format!("id{i}")
                    .repeat(if i % 3 == 0 { 5 } else { 1 })
                    .as_bytes(),
            );
        }
        for i in (0..10_000).rev() {
            assert_eq!(
                ids.find(
                    format!("id{i}")
                        .repeat(if i % 3 == 0 { 5 } else { 1 })
                        .as_bytes()
                ),
                Some(i)
            );
        }
    }
}
