//! The quick reader against the careful one, on random rounds: valid ones
//! (in the usual layout and in others) and ones with a problem or two.

// Helpers outside #[test] functions panic on bad fixtures, as tests do.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use proptest::prelude::*;

use super::super::{Round, careful};
use crate::instance::StudentIdx;

/// Ids of every kind the reader treats differently: short, exactly eight
/// bytes, longer than eight and than sixteen bytes, with a space, and one
/// that must be quoted (so that file goes through the `csv` crate).
const PLACEMENTS: [&str; 6] = [
    "lab",
    "P0000001",
    "workshop-9",
    "a-placement-id-of-21",
    "x y",
    "\"q,1\"",
];
const STUDENTS: [&str; 7] = [
    "s1",
    "s2",
    "S0000003",
    "student-4",
    "student-number-000005",
    "s 6",
    "\"s,7\"",
];

/// A change to a valid round: some keep it valid (other layouts), some
/// make it invalid in one place.
#[derive(Debug, Clone)]
enum Edit {
    /// Preference rows in another order (students split into runs).
    ShufflePreferences(u64),
    /// Priority rows in another order.
    ShufflePriorities(u64),
    /// CRLF line ends and a blank line.
    CrLf,
    /// A priority row for a placement the student did not rank (twice,
    /// which is a problem, if the flag is set).
    Unranked(usize, usize, bool),
    /// A student ranks two placements the same.
    DuplicateRank,
    /// A student ranks a placement twice.
    DuplicatePlacement,
    /// A placement lists a student twice.
    DuplicatePriority,
    /// A placement that does not exist, in either file.
    UnknownPlacement(bool),
    /// A student the preferences file does not name.
    UnknownStudent,
    /// A rank that is not a whole number at least 1.
    BadRank(&'static str),
    /// A preference row without its rank field.
    ShortRow,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => any::<u64>().prop_map(Edit::ShufflePreferences),
        3 => any::<u64>().prop_map(Edit::ShufflePriorities),
        2 => Just(Edit::CrLf),
        3 => (0..7usize, 0..6usize, prop::bool::weighted(0.3))
            .prop_map(|(s, p, twice)| Edit::Unranked(s, p, twice)),
        1 => Just(Edit::DuplicateRank),
        1 => Just(Edit::DuplicatePlacement),
        1 => Just(Edit::DuplicatePriority),
        1 => any::<bool>().prop_map(Edit::UnknownPlacement),
        1 => Just(Edit::UnknownStudent),
        1 => prop::sample::select(vec!["0", "-1", "x", "", "2.5"]).prop_map(Edit::BadRank),
        1 => Just(Edit::ShortRow),
    ]
}

/// A round as rows: capacities, (student, placement, rank) preference
/// rows grouped by student, (placement, student, rank) priority rows.
#[derive(Debug, Clone)]
struct Rows {
    capacities: Vec<u32>,
    preferences: Vec<(usize, usize, String)>,
    priorities: Vec<(usize, usize, String)>,
}

fn rows() -> impl Strategy<Value = Rows> {
    (1..=PLACEMENTS.len(), 1..=STUDENTS.len()).prop_flat_map(|(np, ns)| {
        let list = prop::sample::subsequence((0..np).collect::<Vec<_>>(), 1..=np)
            .prop_shuffle()
            .prop_flat_map(|ps| {
                let n = ps.len();
                (
                    Just(ps),
                    prop::collection::vec(prop::option::weighted(0.8, 1u32..4), n),
                )
            });
        (
            prop::collection::vec(0u32..3, np),
            prop::collection::vec(list, ns),
            any::<bool>(),
        )
            .prop_map(|(capacities, lists, descending)| {
                let mut preferences = Vec::new();
                let mut priorities = Vec::new();
                for (s, (ps, prios)) in lists.into_iter().enumerate() {
                    let n = ps.len();
                    for (k, (p, prio)) in ps.into_iter().zip(prios).enumerate() {
                        // Ranks need not be consecutive, nor come in order.
                        let rank = if descending { 2 * (n - k) } else { 3 * k + 1 };
                        preferences.push((s, p, rank.to_string()));
                        if let Some(prio) = prio {
                            priorities.push((p, s, prio.to_string()));
                        }
                    }
                }
                priorities.sort_by_key(|&(p, s, _)| (p, s));
                Rows {
                    capacities,
                    preferences,
                    priorities,
                }
            })
    })
}

/// Writes the round's three files into `dir`, after `edits`.
fn write(dir: &Path, rows: &Rows, edits: &[Edit]) -> [std::path::PathBuf; 3] {
    let mut rows = rows.clone();
    let mut crlf = false;
    let mut short_row = false;
    let np = rows.capacities.len();
    for edit in edits {
        match edit {
            Edit::ShufflePreferences(seed) => shuffle(&mut rows.preferences, *seed),
            Edit::ShufflePriorities(seed) => shuffle(&mut rows.priorities, *seed),
            Edit::CrLf => crlf = true,
            Edit::Unranked(s, p, twice) => {
                let s = s % (1 + rows.preferences.iter().map(|r| r.0).max().unwrap());
                let p = p % np;
                let listed = |rows: &Rows| rows.priorities.iter().any(|r| (r.0, r.1) == (p, s));
                let ranked = rows.preferences.iter().any(|r| (r.0, r.1) == (s, p));
                if !ranked && !listed(&rows) {
                    rows.priorities.push((p, s, "2".into()));
                    if *twice {
                        rows.priorities.push((p, s, "3".into()));
                    }
                }
            }
            Edit::DuplicateRank => {
                if let Some(k) = (1..rows.preferences.len())
                    .find(|&k| rows.preferences[k].0 == rows.preferences[k - 1].0)
                {
                    rows.preferences[k].2 = rows.preferences[k - 1].2.clone();
                }
            }
            Edit::DuplicatePlacement => {
                let (s, p, _) = rows.preferences[0].clone();
                rows.preferences.push((s, p, "99".into()));
            }
            Edit::DuplicatePriority => {
                if let Some(row) = rows.priorities.first().cloned() {
                    rows.priorities.push(row);
                }
            }
            Edit::UnknownPlacement(in_preferences) => {
                if *in_preferences {
                    rows.preferences[0].1 = usize::MAX;
                } else if let Some(row) = rows.priorities.first_mut() {
                    row.0 = usize::MAX;
                }
            }
            Edit::UnknownStudent => rows.priorities.push((0, usize::MAX, "1".into())),
            Edit::BadRank(rank) => rows.preferences[0].2 = (*rank).into(),
            Edit::ShortRow => short_row = true,
        }
    }
    let end = if crlf { "\r\n" } else { "\n" };
    let name = |pool: &[&str], k: usize| pool.get(k).copied().unwrap_or("nobody").to_owned();
    let mut placements = format!("placement_id,capacity{end}");
    for (p, cap) in rows.capacities.iter().enumerate() {
        placements.push_str(&format!("{},{cap}{end}", PLACEMENTS[p]));
    }
    let mut preferences = format!("student_id,placement_id,rank{end}");
    for (k, (s, p, rank)) in rows.preferences.iter().enumerate() {
        let rank = if short_row && k == 0 {
            String::new()
        } else {
            format!(",{rank}")
        };
        preferences.push_str(&format!(
            "{},{}{rank}{end}",
            name(&STUDENTS, *s),
            name(&PLACEMENTS, *p)
        ));
        if crlf && k == 0 {
            preferences.push_str(end);
        }
    }
    let mut priorities = format!("placement_id,student_id,rank{end}");
    for (p, s, rank) in &rows.priorities {
        priorities.push_str(&format!(
            "{},{},{rank}{end}",
            name(&PLACEMENTS, *p),
            name(&STUDENTS, *s)
        ));
    }
    let paths = [dir.join("p.csv"), dir.join("r.csv"), dir.join("q.csv")];
    for (path, text) in paths.iter().zip([placements, preferences, priorities]) {
        fs::write(path, text).unwrap();
    }
    paths
}

fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(i, (seed >> 33) as usize % (i + 1));
    }
}

/// A round in terms of ids: each student in output order with their
/// choices (placement id, priority), and each placement with its seats.
type Canonical = (
    Vec<(Vec<u8>, Vec<(Vec<u8>, Option<u32>)>)>,
    Vec<(Vec<u8>, u32)>,
);

fn canonical(round: &Round) -> Canonical {
    let students = round
        .roster
        .iter()
        .map(|(id, s)| {
            let choices = round
                .instance
                .choices(StudentIdx(s))
                .iter()
                .map(|c| {
                    (
                        round.placements.get(c.placement.0).to_vec(),
                        c.priority.map(|p| p.get()),
                    )
                })
                .collect();
            (id.to_vec(), choices)
        })
        .collect();
    let placements = (0..round.placements.len() as u32)
        .map(|p| {
            (
                round.placements.get(p).to_vec(),
                round.instance.capacities()[p as usize],
            )
        })
        .collect();
    (students, placements)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn agrees_with_the_careful_reader(
        rows in rows(),
        edits in prop::collection::vec(edit(), 0..3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let [p, r, q] = write(dir.path(), &rows, &edits);
        let quick = super::read_round(&p, &r, &q);
        match careful::read_round(&p, &r, &q) {
            Ok(careful) => {
                let quick = quick.expect("the quick reader gave up on a valid round");
                prop_assert_eq!(canonical(&quick), canonical(&careful));
            }
            Err(_) => prop_assert!(quick.is_none(), "the quick reader took an invalid round"),
        }
    }
}

/// A file with the expected header and a body of bytes that matter to a
/// reader: ids from a tiny alphabet (so rows often name each other),
/// digits, separators, quotes, CR, blank lines.
fn junk(header: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let alphabet = vec![
        b'a', b'b', b'1', b'2', b'3', b',', b',', b'\n', b'\n', b'\r', b'"', b' ', b'-',
    ];
    prop::collection::vec(prop::sample::select(alphabet), 0..120).prop_map(move |body| {
        let mut file = header.as_bytes().to_vec();
        file.extend(body);
        file
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn agrees_with_the_careful_reader_on_junk(
        p in junk("placement_id,capacity\n"),
        r in junk("student_id,placement_id,rank\n"),
        q in junk("placement_id,student_id,rank\n"),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let paths = [dir.path().join("p.csv"), dir.path().join("r.csv"), dir.path().join("q.csv")];
        for (path, bytes) in paths.iter().zip([p, r, q]) {
            fs::write(path, bytes).unwrap();
        }
        let [p, r, q] = &paths;
        let quick = super::read_round(p, r, q);
        match careful::read_round(p, r, q) {
            Ok(careful) => {
                let quick = quick.expect("the quick reader gave up on a valid round");
                prop_assert_eq!(canonical(&quick), canonical(&careful));
            }
            Err(_) => prop_assert!(quick.is_none(), "the quick reader took an invalid round"),
        }
    }
}

#[test]
fn gives_up_on_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.csv");
    assert!(super::read_round(&missing, &missing, &missing).is_none());
}
