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

/// The id's first bytes, zero-padded. Built from overlapping word loads
/// rather than a copy of variable length, which would call `memcpy` on
/// every lookup.
#[inline]
fn prefix(id: &[u8]) -> [u8; INLINE] {
    if let Some(first) = id.first_chunk::<INLINE>() {
        return *first;
    }
    let n = id.len();
    let word = match (id.first_chunk::<4>(), id.last_chunk::<4>()) {
        // 4 to 7 bytes: the first four and the last four, overlapping in
        // the middle (the same bytes at the same places).
        (Some(lo), Some(hi)) => {
            u64::from(u32::from_le_bytes(*lo)) | u64::from(u32::from_le_bytes(*hi)) << (8 * (n - 4))
        }
        // 1 to 3 bytes: the first, middle and last, again overlapping.
        _ => match (id.first(), id.get(n / 2), id.last()) {
            (Some(&a), Some(&b), Some(&c)) => {
                u64::from(a) | u64::from(b) << (8 * (n / 2)) | u64::from(c) << (8 * (n - 1))
            }
            _ => 0,
        },
    };
    word.to_le_bytes()
}

/// A hash of an id: its bytes as little-endian words, mixed by folded
/// multiplication (the high and low halves of a 128-bit product, XORed), with
/// the length, so ids that differ only in trailing zero bytes differ. The
/// usual short id is one or two words and one multiply, cheaper than a
/// general byte-stream hasher. Seeds are fixed, so a round is the same from
/// run to run.
fn hash(id: &[u8]) -> u64 {
    const SEEDS: [u64; 3] = [
        0x243F_6A88_85A3_08D3,
        0x1319_8A2E_0370_7344,
        0xA409_3822_299F_31D0,
    ];
    fn fold(a: u64, b: u64) -> u64 {
        let product = u128::from(a) * u128::from(b);
        (product >> 64) as u64 ^ product as u64
    }
    let word = |bytes: &[u8; 8]| u64::from_le_bytes(*bytes);
    let len = id.len() as u64;
    let (mut acc, mut rest) = (SEEDS[2] ^ len, id);
    // Whole 16-byte blocks while more than 16 bytes remain.
    while rest.len() > 16 {
        let (block, tail) = rest.split_at(16);
        if let (Some(a), Some(b)) = (block.first_chunk::<8>(), block.last_chunk::<8>()) {
            acc = fold(word(a) ^ SEEDS[0] ^ acc, word(b) ^ SEEDS[1]);
        }
        rest = tail;
    }
    let (a, b) = match (rest.first_chunk::<8>(), rest.last_chunk::<8>()) {
        // 8 to 16 bytes: the first and last words, overlapping.
        (Some(a), Some(b)) => (word(a), word(b)),
        _ => (u64::from_le_bytes(prefix(rest)), 0),
    };
    fold(a ^ SEEDS[0], b ^ SEEDS[1] ^ acc)
}

/// Whether two ids are equal. Ids are short, and comparing them as whole
/// words avoids a call into `memcmp` per row.
pub(crate) fn same_id(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() <= INLINE {
        return prefix(a) == prefix(b);
    }
    match (a.first_chunk::<8>(), a.last_chunk::<8>()) {
        (Some(a0), Some(a1)) if a.len() <= 16 => {
            b.first_chunk::<8>() == Some(a0) && b.last_chunk::<8>() == Some(a1)
        }
        _ => a == b,
    }
}

/// An id copied out of its row to be looked up later, in table order (see
/// [`Ids::bucket`]). Ids longer than the inline prefix keep their bytes in
/// a shared overflow arena.
#[derive(Clone, Copy, Default)]
pub(crate) struct DeferredId {
    prefix: [u8; INLINE],
    len: u32,
    at: u32,
}

impl DeferredId {
    /// Copies `id`; `None` if the overflow arena would pass 4 GiB.
    #[inline]
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
    pub(crate) fn home(&self, id: &[u8]) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (hash(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
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
        self.bucket_of(self.home(id))
    }

    /// The bucket of an id whose [`Ids::home`] is `home`.
    pub(crate) fn bucket_of(&self, home: usize) -> usize {
        home >> self.bucket_shift()
    }

    /// Slots per [`Ids::bucket`]: the homes of bucket `b` start at `b`
    /// times this.
    pub(crate) fn slots_per_bucket(&self) -> usize {
        1 << self.bucket_shift()
    }

    /// log2 of [`Ids::slots_per_bucket`] (both counts are powers of two).
    fn bucket_shift(&self) -> u32 {
        self.slots.len().trailing_zeros() - self.buckets().trailing_zeros()
    }

    /// The index in slot `home` (or [`EMPTY`]): a read that brings the
    /// slot into the cache ahead of a lookup from `home`.
    pub(crate) fn index_at(&self, home: usize) -> u32 {
        self.slots.get(home).map_or(EMPTY, |s| s.index)
    }

    /// The index of `id` without touching the last-found cache.
    pub(crate) fn lookup(&self, id: &[u8]) -> Option<u32> {
        self.lookup_from(id, self.home(id))
    }

    /// [`Ids::lookup`] for an id whose [`Ids::home`] is known.
    pub(crate) fn lookup_from(&self, id: &[u8], home: usize) -> Option<u32> {
        let index = self.slots[self.probe_from(id, home)].index;
        (index != EMPTY).then_some(index)
    }

    /// The slot holding `id`, or the empty slot where it would go.
    fn probe(&self, id: &[u8]) -> usize {
        self.probe_from(id, self.home(id))
    }

    /// [`Ids::probe`] from a known home slot.
    fn probe_from(&self, id: &[u8], home: usize) -> usize {
        let (key, len) = (prefix(id), id.len());
        let mask = self.slots.len() - 1;
        let mut i = home & mask;
        loop {
            let slot = &self.slots[i];
            if slot.index == EMPTY
                || (slot.prefix == key
                    && slot.len as usize == len
                    && (len <= INLINE || same_id(self.get(slot.index), id)))
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
    pub(crate) fn from_runs(runs: &[DeferredId], overflow: &[u8]) -> (Self, Vec<u32>) {
        let (table, mut student) = Self::from_runs_in_table_order(runs, overflow);
        let order = first_seen(&student, table.len());
        let (ids, renumbered) = table.renumbered(&order);
        for s in &mut student {
            *s = renumbered[*s as usize];
        }
        (ids, student)
    }

    /// Builds the table from runs like [`Ids::from_runs`], but numbers the
    /// ids in *table order*: bucket by bucket (see [`Ids::bucket`]), first
    /// seen first within a bucket. So the ids of one bucket have
    /// consecutive indices, and work batched by bucket (looking ids up,
    /// then using what the indices point to) stays in one part of every
    /// array; and indices still follow the file within a bucket, so going
    /// through students in file order reads per-student arrays in a few
    /// hundred sequential streams rather than at random.
    ///
    /// Inserting a million ids one by one into a table that outgrows the
    /// cache costs a random memory access each; here they are inserted
    /// bucket by bucket, so the table fills in order.
    pub(crate) fn from_runs_in_table_order(
        runs: &[DeferredId],
        overflow: &[u8],
    ) -> (Self, Vec<u32>) {
        let mut ids = Self::with_capacity(runs.len());
        // Runs grouped by bucket, in file order within each (a counting
        // sort), with their index and home slot, so the inserts below read
        // them in order.
        let homes: Vec<usize> = runs
            .iter()
            .map(|run| ids.home(run.bytes(overflow)))
            .collect();
        let mut start = vec![0usize; ids.buckets() + 1];
        for &home in &homes {
            start[ids.bucket_of(home) + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut sorted = vec![(DeferredId::default(), 0u32, 0usize); runs.len()];
        for (r, (run, &home)) in runs.iter().zip(&homes).enumerate() {
            let at = &mut start[ids.bucket_of(home)];
            sorted[*at] = (*run, r as u32, home);
            *at += 1;
        }
        drop(homes);
        ids.bytes
            .reserve(runs.iter().map(|run| run.len as usize).sum());
        ids.ends.reserve(runs.len());
        let mut student = vec![0u32; runs.len()];
        for (run, r, home) in sorted {
            let id = run.bytes(overflow);
            let at = ids.probe_from(id, home);
            if ids.slots[at].index == EMPTY {
                ids.slots[at] = Slot {
                    prefix: run.prefix,
                    len: run.len,
                    index: ids.ends.len() as u32,
                };
                ids.bytes.extend_from_slice(id);
                ids.ends.push(ids.bytes.len());
            }
            student[r as usize] = ids.slots[at].index;
        }
        (ids, student)
    }

    /// The same ids numbered anew: `order` lists the old indices in their
    /// new order. Returns the table and each old index's new one.
    fn renumbered(self, order: &[u32]) -> (Self, Vec<u32>) {
        let mut renumbered = vec![0u32; order.len()];
        let mut bytes = Vec::with_capacity(self.bytes.len());
        let mut ends = Vec::with_capacity(order.len());
        for (new, &old) in order.iter().enumerate() {
            renumbered[old as usize] = new as u32;
            bytes.extend_from_slice(self.get(old));
            ends.push(bytes.len());
        }
        let mut ids = Self {
            bytes,
            ends,
            slots: self.slots,
            ..Self::default()
        };
        for slot in ids.slots.iter_mut().filter(|s| s.index != EMPTY) {
            slot.index = renumbered[slot.index as usize];
        }
        (ids, renumbered)
    }

    /// The index of `id`, if known.
    pub(crate) fn find(&mut self, id: &[u8]) -> Option<u32> {
        if let Some(last) = self.last
            && same_id(&self.last_id, id)
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

/// The ids of `student_of_run` (each run's index, below `ids`) in the order
/// their first runs come: the order a file names its students in.
pub(crate) fn first_seen(student_of_run: &[u32], ids: usize) -> Vec<u32> {
    let mut seen = vec![false; ids];
    let mut order = Vec::with_capacity(ids);
    for &s in student_of_run {
        if !std::mem::replace(&mut seen[s as usize], true) {
            order.push(s);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_comparisons_match_the_bytes() {
        let ids: Vec<Vec<u8>> = (0..=20)
            .flat_map(|n| {
                let base: Vec<u8> = (1..=n as u8).collect();
                let mut zeroed = base.clone();
                zeroed.push(0);
                [base, zeroed]
            })
            .collect();
        for a in &ids {
            let mut want = [0u8; INLINE];
            let n = a.len().min(INLINE);
            want[..n].copy_from_slice(&a[..n]);
            assert_eq!(prefix(a), want, "{a:?}");
            for b in &ids {
                assert_eq!(same_id(a, b), a == b, "{a:?} {b:?}");
            }
        }
        assert!(!same_id(b"abcdefghij", b"abcdefghiJ"));
        assert!(!same_id(b"Xbcdefghijklmnopqrs", b"abcdefghijklmnopqrs"));
    }

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
