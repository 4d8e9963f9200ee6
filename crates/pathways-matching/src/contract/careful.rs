//! The careful reader: reads all three files to the end, collecting every
//! problem by file, line and field, so one correction pass fixes a file.
//! It runs when the quick reader ([`super::quick`]) gives up, and is the
//! reference that reader is tested against.

use std::path::Path;

use super::read::{self, PreferenceRow, PriorityRow};
use super::roster::Roster;
use super::{ContractError, Problem, Problems, Round};
use crate::instance::{Choice, Instance, PlacementIdx, Priority};

/// Reads the round, or every problem in it.
pub(super) fn read_round(
    placements: &Path,
    preferences: &Path,
    priorities: &Path,
) -> Result<Round, ContractError> {
    let mut problems = Vec::new();
    let mut placement_file = read::placements(placements, &mut problems)?;
    let preference_file = read::preferences(
        preferences,
        placement_file.as_mut().map(|(ids, _)| ids),
        &mut problems,
    )?;
    let priority_rows = read::priorities(
        priorities,
        placement_file.as_mut().map(|(ids, _)| ids),
        preference_file.as_ref().map(|(ids, _)| ids),
        &mut problems,
    )?;
    let (Some((placement_ids, capacities)), Some((student_ids, preference_rows))) =
        (placement_file, preference_file)
    else {
        return Err(invalid(problems, [placements, preferences, priorities]));
    };
    let files = Files {
        preferences,
        priorities,
    };
    let (offsets, choices) = join(
        &files,
        student_ids.len(),
        capacities.len(),
        preference_rows,
        priority_rows,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(invalid(problems, [placements, preferences, priorities]));
    }
    let instance = Instance::from_flat(capacities, offsets, choices)?;
    Ok(Round {
        roster: Roster::in_index_order(&student_ids),
        instance,
        students: student_ids,
        placements: placement_ids,
    })
}

fn invalid(mut problems: Vec<Problem>, files: [&Path; 3]) -> ContractError {
    // The join reports after all files are read: restore file, then line order.
    problems.sort_by_key(|p| {
        (
            files
                .iter()
                .position(|f| *f == p.file)
                .unwrap_or(files.len()),
            p.line,
        )
    });
    ContractError::Invalid {
        problems: Problems(problems),
    }
}

struct Files<'a> {
    preferences: &'a Path,
    priorities: &'a Path,
}

/// Groups rows by student and gives each ranked choice its priority:
/// linear in the rows (counting sorts and per-placement stamps), checking
/// duplicate ranks, repeated placements and repeated priority rows.
fn join(
    files: &Files<'_>,
    students: usize,
    placements: usize,
    mut preference_rows: Vec<PreferenceRow>,
    priority_rows: Vec<PriorityRow>,
    problems: &mut Vec<Problem>,
) -> (Vec<u32>, Vec<Choice>) {
    // Rows of one student usually come together, in which case the file
    // order (first-seen students) is already grouped.
    if !preference_rows.is_sorted_by_key(|r| r.student) {
        preference_rows = group_by(preference_rows, students, |r| r.student);
    }
    // `read::priorities` already grouped its rows by student.
    let mut offsets = Vec::with_capacity(students + 1);
    let mut choices = Vec::with_capacity(preference_rows.len());
    offsets.push(0u32);
    // stamp[p] = 1 + the student whose priority at p is in rank[p], line[p].
    let mut priority_stamp = vec![0u32; placements];
    let mut priority_rank = vec![0u32; placements];
    let mut priority_line = vec![0u32; placements];
    let mut ranked_stamp = vec![0u32; placements];
    let mut ranked_line = vec![0u32; placements];
    let (mut pref, mut prio) = (0, 0);
    for s in 0..students as u32 {
        let stamp = s + 1;
        while let Some(row) = priority_rows.get(prio).filter(|r| r.student == s) {
            prio += 1;
            let p = row.placement as usize;
            if priority_stamp[p] == stamp {
                let first = priority_line[p];
                problems.push(Problem::new(
                    files.priorities,
                    u64::from(row.line),
                    "student_id",
                    format!("placement lists this student more than once (first on line {first})"),
                ));
            }
            priority_stamp[p] = stamp;
            priority_rank[p] = row.rank;
            priority_line[p] = row.line;
        }
        let start = pref;
        while preference_rows.get(pref).is_some_and(|r| r.student == s) {
            pref += 1;
        }
        let rows = &mut preference_rows[start..pref];
        rows.sort_by_key(|r| (r.rank, r.line));
        for (k, row) in rows.iter().enumerate() {
            let p = row.placement as usize;
            if ranked_stamp[p] == stamp {
                let first = ranked_line[p];
                problems.push(Problem::new(
                    files.preferences,
                    u64::from(row.line),
                    "placement_id",
                    format!("student ranks this placement more than once (first on line {first})"),
                ));
                continue;
            }
            ranked_stamp[p] = stamp;
            ranked_line[p] = row.line;
            if k > 0 && rows[k - 1].rank == row.rank {
                let first = rows[k - 1].line;
                problems.push(Problem::new(
                    files.preferences,
                    u64::from(row.line),
                    "rank",
                    format!(
                        "student uses rank {} twice (first on line {first})",
                        row.rank
                    ),
                ));
            }
            let priority = if priority_stamp[p] == stamp {
                Priority::new(priority_rank[p])
            } else {
                None
            };
            choices.push(Choice {
                placement: PlacementIdx(row.placement),
                priority,
            });
        }
        offsets.push(choices.len() as u32);
    }
    (offsets, choices)
}

/// A stable counting sort of `rows` by a dense key below `keys`.
fn group_by<T: Copy + Default>(rows: Vec<T>, keys: usize, key: impl Fn(&T) -> u32) -> Vec<T> {
    let mut start = vec![0usize; keys + 1];
    for r in &rows {
        start[key(r) as usize + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut out = vec![T::default(); rows.len()];
    for r in rows {
        let slot = &mut start[key(&r) as usize];
        out[*slot] = r;
        *slot += 1;
    }
    out
}
