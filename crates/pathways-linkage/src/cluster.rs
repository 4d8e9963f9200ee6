//! From scored pairs to people.
//!
//! * Deduplication: connected components of the graph of pairs above a
//!   threshold (union–find with path halving and union by size; Tarjan 1975).
//! * Linking two sources that each hold a person at most once: greedy
//!   one-to-one assignment by descending probability — the resolution
//!   `anonlink` uses, and a 1/2-approximation of the optimal assignment.
//! * Stable person keys across batches: existing keys are never renumbered.

use std::collections::{BTreeMap, HashMap};

/// Disjoint-set forest.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        Self {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// Representative of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    /// Merges the sets of `a` and `b`.
    pub fn union(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
    }
}

/// Cluster label of each of `n` records (the smallest member index), given
/// pairs `(i, j, probability)`; pairs below `threshold` are ignored.
pub fn connected_components(n: usize, pairs: &[(u32, u32, f32)], threshold: f32) -> Vec<u32> {
    let mut uf = UnionFind::new(n);
    for &(i, j, p) in pairs {
        if p >= threshold {
            uf.union(i, j);
        }
    }
    let mut smallest: HashMap<u32, u32> = HashMap::new();
    let roots: Vec<u32> = (0..n as u32).map(|i| uf.find(i)).collect();
    for (i, r) in roots.iter().enumerate() {
        smallest.entry(*r).or_insert(i as u32);
    }
    roots.iter().map(|r| smallest[r]).collect()
}

/// Greedy one-to-one resolution: take pairs by descending probability (ties
/// by indices, for determinism), keeping a pair when neither side is used.
pub fn one_to_one(pairs: &[(u32, u32, f32)]) -> Vec<(u32, u32, f32)> {
    let mut order: Vec<&(u32, u32, f32)> = pairs.iter().collect();
    order.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut used_l = std::collections::HashSet::new();
    let mut used_r = std::collections::HashSet::new();
    let mut out = Vec::new();
    for &&(i, j, p) in &order {
        if !used_l.contains(&i) && !used_r.contains(&j) {
            used_l.insert(i);
            used_r.insert(j);
            out.push((i, j, p));
        }
    }
    out
}

/// Assigns person keys to records so that keys already given out never
/// change (Christen, *Data Matching*, §7 on incremental linkage).
///
/// `existing` maps record ids to their keys from earlier batches; `records`
/// are the ids in this batch (existing or new); `links` are accepted pairs.
/// Each new record joins the smallest existing key in its cluster; a cluster
/// with no existing key gets a fresh key above every key seen. When a link
/// joins two clusters that already had different keys, both keys stay (a
/// merge is a decision for a data steward, not for renumbering).
pub fn assign_stable_keys(
    existing: &BTreeMap<String, u64>,
    records: &[String],
    links: &[(String, String)],
) -> BTreeMap<String, u64> {
    let mut index: BTreeMap<&str, u32> = BTreeMap::new();
    let mut names: Vec<&str> = Vec::new();
    for id in existing
        .keys()
        .map(String::as_str)
        .chain(records.iter().map(String::as_str))
    {
        if !index.contains_key(id) {
            index.insert(id, names.len() as u32);
            names.push(id);
        }
    }
    for (a, b) in links {
        for id in [a.as_str(), b.as_str()] {
            if !index.contains_key(id) {
                index.insert(id, names.len() as u32);
                names.push(id);
            }
        }
    }
    let mut uf = UnionFind::new(names.len());
    for (a, b) in links {
        uf.union(index[a.as_str()], index[b.as_str()]);
    }
    let mut cluster_key: HashMap<u32, u64> = HashMap::new();
    for (id, key) in existing {
        let root = uf.find(index[id.as_str()]);
        let e = cluster_key.entry(root).or_insert(*key);
        *e = (*e).min(*key);
    }
    let mut next = existing.values().max().map_or(1, |m| m + 1);
    let mut out = existing.clone();
    // Deterministic: new clusters are numbered in order of their smallest id.
    let mut new_ids: Vec<&str> = names
        .iter()
        .copied()
        .filter(|id| !existing.contains_key(*id))
        .collect();
    new_ids.sort_unstable();
    for id in new_ids {
        let root = uf.find(index[id]);
        let key = *cluster_key.entry(root).or_insert_with(|| {
            next += 1;
            next - 1
        });
        out.insert(id.to_string(), key);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn components_follow_threshold() {
        let pairs = [(0, 1, 0.9), (1, 2, 0.4), (3, 4, 0.6)];
        assert_eq!(connected_components(5, &pairs, 0.5), vec![0, 0, 2, 3, 3]);
    }

    #[test]
    fn one_to_one_prefers_higher_probability() {
        let pairs = [(0, 0, 0.7), (0, 1, 0.9), (1, 1, 0.8), (1, 0, 0.6)];
        let mut got = one_to_one(&pairs);
        got.sort_by_key(|p| p.0);
        assert_eq!(got, vec![(0, 1, 0.9), (1, 0, 0.6)]);
    }

    #[test]
    fn stable_keys_extend_and_never_renumber() {
        let existing = BTreeMap::from([("a".to_string(), 7), ("b".to_string(), 3)]);
        let recs = vec!["c".to_string(), "d".to_string()];
        let links = vec![("a".to_string(), "c".to_string())];
        let got = assign_stable_keys(&existing, &recs, &links);
        assert_eq!(got["a"], 7);
        assert_eq!(got["b"], 3);
        assert_eq!(got["c"], 7);
        assert_eq!(got["d"], 8);
    }

    proptest! {
        #[test]
        fn clusters_are_transitive(edges in proptest::collection::vec((0u32..30, 0u32..30, 0f32..1.0), 0..60)) {
            let labels = connected_components(30, &edges, 0.5);
            // every accepted edge joins equal labels; labels are transitive by construction
            for (i, j, p) in &edges {
                if *p >= 0.5 { prop_assert_eq!(labels[*i as usize], labels[*j as usize]); }
            }
            for a in 0..30usize { for b in 0..30usize { for c in 0..30usize {
                if labels[a] == labels[b] && labels[b] == labels[c] { prop_assert_eq!(labels[a], labels[c]); }
            }}}
            // each label is a member of its own cluster
            for (i, l) in labels.iter().enumerate() { prop_assert!(*l as usize <= i); prop_assert_eq!(labels[*l as usize], *l); }
        }

        #[test]
        fn stable_keys_never_renumber(
            existing in proptest::collection::btree_map("[a-f]{1,2}", 1u64..50, 0..10),
            batch in proptest::collection::vec("[a-h]{1,2}", 0..10),
            links in proptest::collection::vec(("[a-h]{1,2}", "[a-h]{1,2}"), 0..10),
        ) {
            let got = assign_stable_keys(&existing, &batch, &links);
            for (id, k) in &existing { prop_assert_eq!(got[id], *k); }
            for id in &batch { prop_assert!(got.contains_key(id)); }
            // a second batch with nothing new changes nothing
            let again = assign_stable_keys(&got, &batch, &links);
            prop_assert_eq!(again, got);
        }
    }
}
