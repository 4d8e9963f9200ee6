//! Algorithm invariants on random instances (proptest): deferred acceptance
//! is stable, feasible, eligible, student-optimal, deterministic, and agrees
//! with an independent textbook implementation.

// Helpers outside #[test] functions panic on bad fixtures, as tests do.
#![allow(clippy::unwrap_used)]

use pathways_matching::{
    Choice, Instance, Lottery, Matching, PlacementIdx, Priority, Reason, StudentIdx,
    check_stability, deferred_acceptance, explain,
};
use proptest::prelude::*;

/// A random instance: per student, a list of distinct placements with a
/// priority (or not eligible, about one time in five).
fn instance(
    max_students: usize,
    max_placements: usize,
    max_choices: usize,
) -> impl Strategy<Value = Instance> {
    (1..=max_placements, 0..=max_students).prop_flat_map(move |(placements, students)| {
        let capacities = proptest::collection::vec(0u32..=3, placements);
        let list = proptest::sample::subsequence(
            (0..placements as u32).collect::<Vec<_>>(),
            0..=max_choices.min(placements),
        )
        .prop_shuffle()
        .prop_flat_map(|ps| {
            let n = ps.len();
            (
                Just(ps),
                proptest::collection::vec(prop_oneof![1 => Just(0u32), 4 => 1u32..=3], n),
            )
        })
        .prop_map(|(ps, prios)| {
            ps.into_iter()
                .zip(prios)
                .map(|(p, r)| Choice {
                    placement: PlacementIdx(p),
                    priority: Priority::new(r),
                })
                .collect::<Vec<_>>()
        });
        (capacities, proptest::collection::vec(list, students))
            .prop_map(|(caps, prefs)| Instance::new(caps, prefs).unwrap())
    })
}

fn assignment(inst: &Instance, m: &Matching) -> Vec<Option<PlacementIdx>> {
    inst.student_indices().map(|s| m.placement_of(s)).collect()
}

/// Every assignment of students to one of their eligible choices or
/// nothing, kept if it passes the stability check.
fn all_stable(inst: &Instance, lottery: &Lottery) -> Vec<Vec<Option<PlacementIdx>>> {
    let options: Vec<Vec<Option<PlacementIdx>>> = inst
        .student_indices()
        .map(|s| {
            let eligible = inst
                .choices(s)
                .iter()
                .filter(|c| c.priority.is_some())
                .map(|c| Some(c.placement));
            std::iter::once(None).chain(eligible).collect()
        })
        .collect();
    let mut found = Vec::new();
    let mut pick = vec![0usize; options.len()];
    loop {
        let a: Vec<Option<PlacementIdx>> = pick.iter().zip(&options).map(|(&i, o)| o[i]).collect();
        if check_stability(inst, lottery, &Matching::from_assignment(inst, lottery, &a)).is_stable()
        {
            found.push(a);
        }
        // Odometer over the choices.
        let mut k = 0;
        while k < pick.len() {
            pick[k] += 1;
            if pick[k] < options[k].len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
        if k == pick.len() {
            return found;
        }
    }
}

/// Textbook Gale–Shapley in rounds: every free student proposes to their
/// next choice at once; each placement sorts everyone it holds or was just
/// offered and keeps the best up to its seats.
fn textbook(inst: &Instance, lottery: &Lottery) -> Vec<Option<PlacementIdx>> {
    let n = inst.students();
    let mut next = vec![0usize; n];
    let mut held: Vec<Vec<StudentIdx>> = vec![Vec::new(); inst.placements()];
    let mut free: Vec<StudentIdx> = inst.student_indices().collect();
    let key = |s: StudentIdx, p: PlacementIdx| {
        let c = inst.choices(s).iter().find(|c| c.placement == p).unwrap();
        (c.priority.unwrap().get(), lottery.number(s))
    };
    while !free.is_empty() {
        let mut offers: Vec<Vec<StudentIdx>> = vec![Vec::new(); inst.placements()];
        for s in free.drain(..) {
            while let Some(c) = inst.choices(s).get(next[s.index()]) {
                next[s.index()] += 1;
                if c.priority.is_some() {
                    offers[c.placement.index()].push(s);
                    break;
                }
            }
        }
        if offers.iter().all(Vec::is_empty) {
            break;
        }
        for (p, new) in offers.into_iter().enumerate() {
            let pi = PlacementIdx(p as u32);
            let mut all = std::mem::take(&mut held[p]);
            all.extend(new);
            all.sort_by_key(|&s| key(s, pi));
            let cap = inst.capacity(pi) as usize;
            free.extend(all.drain(cap.min(all.len())..));
            held[p] = all;
        }
    }
    let mut out = vec![None; n];
    for (p, students) in held.iter().enumerate() {
        for s in students {
            out[s.index()] = Some(PlacementIdx(p as u32));
        }
    }
    out
}

/// A student's rank of an assignment: position in their list, or past the
/// end when unmatched.
fn rank_of(inst: &Instance, s: StudentIdx, p: Option<PlacementIdx>) -> usize {
    p.and_then(|p| inst.choices(s).iter().position(|c| c.placement == p))
        .unwrap_or(usize::MAX)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn stable_feasible_and_eligible(inst in instance(30, 8, 6), seed: u64) {
        let lottery = Lottery::draw(seed, inst.students());
        let m = deferred_acceptance(&inst, &lottery);
        let report = check_stability(&inst, &lottery, &m);
        prop_assert!(report.is_stable(), "{report:?}");
        let mut held = vec![0u32; inst.placements()];
        for s in inst.student_indices() {
            if let Some(p) = m.placement_of(s) {
                held[p.index()] += 1;
                let k = m.choice_of(s).unwrap();
                prop_assert_eq!(inst.choices(s)[k].placement, p);
                prop_assert!(inst.choices(s)[k].priority.is_some(), "ineligible pair matched");
            }
        }
        for (p, &n) in held.iter().enumerate() {
            prop_assert!(n <= inst.capacity(PlacementIdx(p as u32)));
        }
    }

    #[test]
    fn agrees_with_the_textbook_implementation(inst in instance(30, 8, 6), seed: u64) {
        let lottery = Lottery::draw(seed, inst.students());
        let m = deferred_acceptance(&inst, &lottery);
        prop_assert_eq!(assignment(&inst, &m), textbook(&inst, &lottery));
    }

    #[test]
    fn deterministic_for_a_seed(inst in instance(30, 8, 6), seed: u64) {
        let a = deferred_acceptance(&inst, &Lottery::draw(seed, inst.students()));
        let b = deferred_acceptance(&inst, &Lottery::draw(seed, inst.students()));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn every_higher_choice_is_explained(inst in instance(30, 8, 6), seed: u64) {
        let lottery = Lottery::draw(seed, inst.students());
        let m = deferred_acceptance(&inst, &lottery);
        for s in inst.student_indices() {
            let why = explain(&inst, &lottery, &m, s);
            prop_assert_eq!(why.len(), m.choice_of(s).unwrap_or(inst.choices(s).len()));
            for (k, e) in why.iter().enumerate() {
                prop_assert_eq!(e.rank, k + 1);
                prop_assert!(e.reason != Reason::Blocking, "stable matchings have no blocking explanation");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Gale & Shapley's theorem, checked by brute force: the result is
    /// stable, and every student likes it at least as well as any other
    /// stable matching.
    #[test]
    fn student_optimal_by_brute_force(inst in instance(5, 3, 3), seed: u64) {
        let lottery = Lottery::draw(seed, inst.students());
        let m = assignment(&inst, &deferred_acceptance(&inst, &lottery));
        let stable = all_stable(&inst, &lottery);
        prop_assert!(stable.contains(&m));
        for other in &stable {
            for s in inst.student_indices() {
                prop_assert!(rank_of(&inst, s, m[s.index()]) <= rank_of(&inst, s, other[s.index()]));
            }
        }
    }

    /// The check is not vacuous: dropping a matched student from a
    /// placement someone else was refused leaves a blocking pair.
    #[test]
    fn the_check_catches_a_dropped_student(inst in instance(12, 4, 4), seed: u64) {
        let lottery = Lottery::draw(seed, inst.students());
        let mut a = assignment(&inst, &deferred_acceptance(&inst, &lottery));
        if let Some(s) = a.iter().position(Option::is_some) {
            a[s] = None;
            let report = check_stability(&inst, &lottery, &Matching::from_assignment(&inst, &lottery, &a));
            prop_assert!(report.blocking_pairs.iter().any(|b| b.student == s as u32));
        }
    }
}
