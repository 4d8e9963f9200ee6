//! Suggestions: the next pathway courses and work-based learning that fit
//! the student's goal.

use pathways_domain::catalog::Id;
use pathways_domain::wbl::WblStage;

use super::run::{DoneBy, insert_new};
use super::{CheckCatalog, StudentFacts, Suggestion};
use crate::plan::PlanInput;

pub(super) fn suggest(
    cat: &CheckCatalog,
    student: &StudentFacts,
    plan: &PlanInput,
    done_by: &DoneBy,
    socs: &[&str],
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let first = student.grade.max(9);
    if let Some(p) = plan.pathway_id.and_then(|id| cat.pathways.get(&id)) {
        let mut codes: Vec<u32> = Vec::new();
        for id in &p.course_ids {
            let Some((c, code)) = cat.course(*id) else {
                continue;
            };
            if done_by.get(code).is_some() || !insert_new(&mut codes, code) {
                continue;
            }
            // The earliest grade after every prerequisite is finished.
            let mut grade = first;
            let mut ready = true;
            for pre in &c.prerequisites {
                match cat.course(*pre).and_then(|(_, x)| done_by.get(x)) {
                    Some((g, _)) => grade = grade.max(g + 1),
                    None => ready = false,
                }
            }
            if !ready || grade > 14 {
                continue;
            }
            let pick = if cat.offered(c, student.school_id, grade) {
                Some(*id)
            } else {
                cat.local_equivalent(&c.code, student.school_id, grade)
            };
            if let Some(pick) = pick {
                out.push(Suggestion {
                    kind: "course".into(),
                    id: pick,
                    title: format!("{} {}", c.code, c.title),
                    grade,
                    why: format!(
                        "The next course of the {} pathway{}.",
                        p.name,
                        if c.dual_credit {
                            ", and it earns college credit"
                        } else {
                            ""
                        }
                    ),
                });
            }
            if out.len() >= 3 {
                break;
            }
        }
    }
    let planned_opps: Vec<Id> = plan.wbl.iter().filter_map(|w| w.opportunity_id).collect();
    let has_stage = |s: WblStage| plan.wbl.iter().any(|w| w.stage() == s);
    let mut wbl = 0;
    for o in &cat.opportunities {
        if wbl >= 3 || planned_opps.contains(&o.id) {
            continue;
        }
        let fits = (plan.pathway_id.is_some() && o.pathway_id == plan.pathway_id)
            || o.soc.as_deref().is_some_and(|s| socs.contains(&s));
        if !fits || has_stage(o.activity.stage()) {
            continue;
        }
        let grade = o.min_grade.unwrap_or(first).max(first);
        if grade > 12 {
            continue;
        }
        out.push(Suggestion {
            kind: "wbl".into(),
            id: o.id,
            title: o.title.clone(),
            grade,
            why: format!(
                "{} ({}) on your pathway; your plan has none at this stage yet.",
                o.activity.title(),
                o.activity.stage().title().to_lowercase()
            ),
        });
        wbl += 1;
    }
    out
}
