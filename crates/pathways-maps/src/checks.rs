//! Quality checks on a pathway map.
//!
//! A map is a promise to a student: every box is reachable, every exit leads
//! to a named job, credit carries over where it should. These checks find
//! where a draft breaks that promise. They follow the CLASP Alliance for
//! Quality Career Pathways criteria (stackable credentials, multiple entry and
//! exit points, alignment to in-demand jobs) and CTDL's rule that a pathway
//! is a DAG (credreg.net/ctdl/terms#Pathway; CredentialEngine/pathways
//! Overview.md). Checks never fail: they return findings, each naming the
//! components involved, for the editor to show beside the map.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::model::{ArticulationKind, ComponentKind, Edge, EdgeKind, Pathway};
use crate::wages::WageLookup;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing (e.g. no wage data for an occupation).
    Info,
    /// The map works but misleads or under-serves (an unreachable box).
    Warning,
    /// The map is broken (a cycle, an exit with no occupation).
    Error,
}

/// One problem found in a map (serializes as `{code, severity, message, component_ids}`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// A stable machine code, e.g. `cycle`, `stack-gap`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// A sentence for the editor.
    pub message: String,
    /// The components involved, by id.
    pub component_ids: Vec<String>,
}

impl Finding {
    fn new(code: &'static str, severity: Severity, message: String, ids: Vec<String>) -> Self {
        Self {
            code,
            severity,
            message,
            component_ids: ids,
        }
    }
}

/// Runs every check; findings come grouped by check, in a fixed order.
pub fn check(pathway: &Pathway, wages: &dyn WageLookup) -> Vec<Finding> {
    let mut out = Vec::new();
    duplicates_and_stages(pathway, &mut out);
    cycles(pathway, &mut out);
    references(pathway, &mut out);
    unreachable(pathway, &mut out);
    exits_without_occupation(pathway, &mut out);
    low_value_credentials(pathway, wages, &mut out);
    articulation(pathway, &mut out);
    stack_gaps(pathway, &mut out);
    impossible_conditions(pathway, &mut out);
    out
}

fn duplicates_and_stages(p: &Pathway, out: &mut Vec<Finding>) {
    let mut seen = BTreeSet::new();
    for c in &p.components {
        if !seen.insert(c.id.as_str()) {
            out.push(Finding::new(
                "duplicate-id",
                Severity::Error,
                format!("More than one component has the id \"{}\".", c.id),
                vec![c.id.clone()],
            ));
        }
        if p.stage_index(&c.stage).is_none() {
            out.push(Finding::new(
                "unknown-stage",
                Severity::Error,
                format!(
                    "\"{}\" is in stage \"{}\", which the map does not have.",
                    c.title, c.stage
                ),
                vec![c.id.clone()],
            ));
        }
    }
}

/// Index of component ids, in map order.
fn index(p: &Pathway) -> BTreeMap<&str, usize> {
    p.components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect()
}

/// Adjacency over resolvable edges, by component index.
pub(crate) fn successors(p: &Pathway) -> Vec<Vec<usize>> {
    let idx = index(p);
    let mut adj = vec![Vec::new(); p.components.len()];
    for e in &p.edges {
        if let (Some(&a), Some(&b)) = (idx.get(e.from.as_str()), idx.get(e.to.as_str())) {
            adj[a].push(b);
        }
    }
    adj
}

/// Every cycle is a strongly connected component of more than one node, or
/// a node with an edge to itself (Tarjan 1972, iterative).
fn cycles(p: &Pathway, out: &mut Vec<Finding>) {
    let adj = successors(p);
    for scc in strongly_connected(&adj) {
        let self_loop = scc.len() == 1 && adj[scc[0]].contains(&scc[0]);
        if scc.len() > 1 || self_loop {
            let mut ids: Vec<usize> = scc;
            ids.sort_unstable();
            let names: Vec<String> = ids.iter().map(|&i| p.components[i].id.clone()).collect();
            out.push(Finding::new(
                "cycle",
                Severity::Error,
                format!(
                    "These components lead back to themselves, so no order of study works: {}.",
                    names.join(", ")
                ),
                names,
            ));
        }
    }
}

fn strongly_connected(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(scc);
            }
        }
    }
    out
}

fn references(p: &Pathway, out: &mut Vec<Finding>) {
    let idx = index(p);
    let known = |id: &str| idx.contains_key(id);
    for Edge { from, to, kind } in &p.edges {
        match (known(from), known(to), kind) {
            (false, true, EdgeKind::PrerequisiteOf) => {
                let title = p.component(to).map_or(to.as_str(), |c| c.title.as_str());
                out.push(Finding::new(
                    "missing-prerequisite",
                    Severity::Error,
                    format!("\"{title}\" requires \"{from}\", which is not on the map."),
                    vec![to.clone(), from.clone()],
                ));
            }
            (true, true, _) => {}
            _ => out.push(Finding::new(
                "unknown-reference",
                Severity::Error,
                format!(
                    "A link from \"{from}\" to \"{to}\" names a component that is not on the map."
                ),
                vec![from.clone(), to.clone()],
            )),
        }
    }
    for a in &p.articulations {
        if !known(&a.from) || !known(&a.to) {
            out.push(Finding::new(
                "unknown-reference",
                Severity::Error,
                format!(
                    "The {} agreement from \"{}\" to \"{}\" names a component that is not on the map.",
                    a.kind.label(),
                    a.from,
                    a.to
                ),
                vec![a.from.clone(), a.to.clone()],
            ));
        }
    }
    for c in &p.components {
        for cond in &c.conditions {
            let missing: Vec<String> = cond.targets.iter().filter(|t| !known(t)).cloned().collect();
            if !missing.is_empty() {
                let mut ids = vec![c.id.clone()];
                ids.extend(missing.iter().cloned());
                out.push(Finding::new(
                    "missing-prerequisite",
                    Severity::Error,
                    format!(
                        "\"{}\" has a condition naming components not on the map: {}.",
                        c.title,
                        missing.join(", ")
                    ),
                    ids,
                ));
            }
        }
    }
}

/// Reachable from the on-ramps and from everything in the earliest occupied
/// stage, following edges and articulations (dual credit reaches the
/// college course it earns).
fn unreachable(p: &Pathway, out: &mut Vec<Finding>) {
    let idx = index(p);
    let mut adj = successors(p);
    for a in &p.articulations {
        if let (Some(&x), Some(&y)) = (idx.get(a.from.as_str()), idx.get(a.to.as_str())) {
            adj[x].push(y);
        }
    }
    let first = p
        .components
        .iter()
        .filter_map(|c| p.stage_index(&c.stage))
        .min();
    let mut seen = vec![false; p.components.len()];
    let mut queue: VecDeque<usize> = p
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.on_ramp || (first.is_some() && p.stage_index(&c.stage) == first))
        .map(|(i, _)| i)
        .collect();
    for &i in &queue {
        seen[i] = true;
    }
    while let Some(v) = queue.pop_front() {
        for &w in &adj[v] {
            if !seen[w] {
                seen[w] = true;
                queue.push_back(w);
            }
        }
    }
    for (i, c) in p.components.iter().enumerate() {
        if !seen[i] {
            out.push(Finding::new(
                "unreachable",
                Severity::Warning,
                format!(
                    "No route reaches \"{}\" from an on-ramp or the first stage; add a link or mark it an on-ramp.",
                    c.title
                ),
                vec![c.id.clone()],
            ));
        }
    }
}

fn exits_without_occupation(p: &Pathway, out: &mut Vec<Finding>) {
    for c in p
        .components
        .iter()
        .filter(|c| c.off_ramp && c.occupations.is_empty())
    {
        out.push(Finding::new(
            "exit-without-occupation",
            Severity::Error,
            format!(
                "The off-ramp \"{}\" does not name the occupations it leads to.",
                c.title
            ),
            vec![c.id.clone()],
        ));
    }
}

/// A credential "leads to" its own occupations and those of job components
/// directly after it. Flagged only when every one of them has wage data and
/// none is high-wage or in demand: missing data is reported, not judged.
fn low_value_credentials(p: &Pathway, wages: &dyn WageLookup, out: &mut Vec<Finding>) {
    let adj = successors(p);
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, c) in p.components.iter().enumerate() {
        for o in &c.occupations {
            if c.off_ramp && wages.wage(&o.soc).is_none() {
                missing
                    .entry(o.soc.to_string())
                    .or_default()
                    .push(c.id.clone());
            }
        }
        if !c.kind.is_credential() {
            continue;
        }
        let mut socs: BTreeSet<_> = c.occupations.iter().map(|o| o.soc).collect();
        for &j in &adj[i] {
            if p.components[j].kind == ComponentKind::Occupation {
                socs.extend(p.components[j].occupations.iter().map(|o| o.soc));
            }
        }
        if socs.is_empty() {
            continue;
        }
        let facts: Option<Vec<_>> = socs.iter().map(|s| wages.wage(s)).collect();
        if let Some(facts) = facts
            && facts.iter().all(|f| !f.high_wage && !f.in_demand)
        {
            let list: Vec<String> = socs.iter().map(ToString::to_string).collect();
            out.push(Finding::new(
                "low-value-credential",
                Severity::Warning,
                format!(
                    "\"{}\" leads only to occupations that are neither high-wage nor in demand here ({}).",
                    c.title,
                    list.join(", ")
                ),
                vec![c.id.clone()],
            ));
        }
    }
    for (soc, ids) in missing {
        out.push(Finding::new(
            "wage-data-missing",
            Severity::Info,
            format!("No regional wage data for occupation {soc}; its wage label is left off."),
            ids,
        ));
    }
}

/// Perkins V (20 U.S.C. 2302(41)) defines a program of study as progressing
/// from secondary to postsecondary "with opportunities to earn postsecondary
/// credit"; a map that spans both levels without a dual-credit or
/// articulation link offers none.
fn articulation(p: &Pathway, out: &mut Vec<Finding>) {
    let secondary = |id: &str| -> Option<bool> {
        let c = p.component(id)?;
        Some(p.stages.get(p.stage_index(&c.stage)?)?.secondary)
    };
    let has_sec = p.components.iter().any(|c| secondary(&c.id) == Some(true));
    let has_post = p.components.iter().any(|c| secondary(&c.id) == Some(false));
    let bridged = p
        .articulations
        .iter()
        .any(|a| secondary(&a.from) == Some(true) && secondary(&a.to) == Some(false));
    if has_sec && has_post && !bridged {
        let ids: Vec<String> = p
            .components
            .iter()
            .filter(|c| c.kind.is_course() && secondary(&c.id) == Some(true))
            .map(|c| c.id.clone())
            .collect();
        out.push(Finding::new(
            "no-articulation",
            Severity::Warning,
            "No dual-credit or articulation agreement carries credit from a high-school component to a postsecondary one.".to_owned(),
            ids,
        ));
    }
    for c in &p.components {
        if c.kind == ComponentKind::AdvancedCourse(crate::model::AdvancedProgram::DualCredit)
            && !p.articulations.iter().any(|a| {
                a.from == c.id
                    && matches!(
                        a.kind,
                        ArticulationKind::DualCredit | ArticulationKind::Articulated
                    )
            })
        {
            out.push(Finding::new(
                "dual-credit-unlinked",
                Severity::Warning,
                format!(
                    "\"{}\" is dual credit but names no college course it earns.",
                    c.title
                ),
                vec![c.id.clone()],
            ));
        }
    }
}

/// Level 1 and Level 2 certificates exist to stack (THECB, 19 TAC §2.262);
/// one that stacks into nothing is a dead end on the map.
fn stack_gaps(p: &Pathway, out: &mut Vec<Finding>) {
    for c in p
        .components
        .iter()
        .filter(|c| c.kind.is_stackable_certificate())
    {
        let stacks = p.edges.iter().any(|e| {
            e.kind == EdgeKind::StacksInto && e.from == c.id && p.component(&e.to).is_some()
        });
        if !stacks {
            out.push(Finding::new(
                "stack-gap",
                Severity::Warning,
                format!(
                    "\"{}\" stacks into no further credential on this map.",
                    c.title
                ),
                vec![c.id.clone()],
            ));
        }
    }
}

fn impossible_conditions(p: &Pathway, out: &mut Vec<Finding>) {
    for c in &p.components {
        for cond in &c.conditions {
            if cond.required_number as usize > cond.targets.len() {
                out.push(Finding::new(
                    "impossible-condition",
                    Severity::Error,
                    format!(
                        "\"{}\" requires {} of only {} components.",
                        c.title,
                        cond.required_number,
                        cond.targets.len()
                    ),
                    vec![c.id.clone()],
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::wages::{NoWages, WageFacts};
    use pathways_domain::SocCode;

    fn soc(s: &str) -> SocCode {
        SocCode::parse(s).unwrap()
    }

    /// Two stages, secondary then postsecondary, with the given components and edges.
    fn map(components: Vec<Component>, edges: &[(&str, EdgeKind, &str)]) -> Pathway {
        let mut b = Pathway::builder("t", "Test")
            .stage("hs", "Grades 9–12", true)
            .stage("ps", "College", false);
        for c in components {
            b = b.component(c);
        }
        for (f, k, t) in edges {
            b = b.edge(*f, *k, *t);
        }
        b.build().unwrap()
    }

    fn codes(p: &Pathway, wages: &dyn WageLookup) -> Vec<&'static str> {
        check(p, wages).into_iter().map(|f| f.code).collect()
    }

    fn course(id: &str, stage: &str) -> Component {
        Component::new(id, ComponentKind::HighSchoolCourse, id, stage)
    }

    #[test]
    fn cycle_is_found_and_names_its_members() {
        let p = map(
            vec![course("a", "hs"), course("b", "hs"), course("c", "hs")],
            &[
                ("a", EdgeKind::Precedes, "b"),
                ("b", EdgeKind::Precedes, "c"),
                ("c", EdgeKind::Precedes, "b"),
            ],
        );
        let f = check(&p, &NoWages);
        let cyc: Vec<_> = f.iter().filter(|f| f.code == "cycle").collect();
        assert_eq!(cyc.len(), 1);
        assert_eq!(cyc[0].component_ids, vec!["b", "c"]);
        let ok = map(
            vec![course("a", "hs"), course("b", "hs")],
            &[("a", EdgeKind::Precedes, "b")],
        );
        assert!(!codes(&ok, &NoWages).contains(&"cycle"));
    }

    #[test]
    fn self_loop_is_a_cycle() {
        let p = map(vec![course("a", "hs")], &[("a", EdgeKind::Precedes, "a")]);
        assert!(codes(&p, &NoWages).contains(&"cycle"));
    }

    #[test]
    fn unreachable_component_is_found() {
        let p = map(vec![course("a", "hs"), course("z", "ps")], &[]);
        let f = check(&p, &NoWages);
        let u: Vec<_> = f.iter().filter(|f| f.code == "unreachable").collect();
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].component_ids, vec!["z"]);
        let ok = map(vec![course("a", "hs"), course("z", "ps").on_ramp()], &[]);
        assert!(!codes(&ok, &NoWages).contains(&"unreachable"));
    }

    #[test]
    fn exit_without_occupation_is_found() {
        let mut exit = Component::new("x", ComponentKind::Associate, "AAS", "ps");
        exit.off_ramp = true;
        let p = map(
            vec![course("a", "hs"), exit],
            &[("a", EdgeKind::Precedes, "x")],
        );
        assert!(codes(&p, &NoWages).contains(&"exit-without-occupation"));
        let exit = Component::new("x", ComponentKind::Associate, "AAS", "ps")
            .off_ramp([Occupation::new(soc("29-1141"), "RN")]);
        let p = map(
            vec![course("a", "hs"), exit],
            &[("a", EdgeKind::Precedes, "x")],
        );
        assert!(!codes(&p, &NoWages).contains(&"exit-without-occupation"));
    }

    #[test]
    fn low_value_credential_is_found_only_with_complete_low_data() {
        let cert = Component::new("c", ComponentKind::IndustryCertification, "Cert", "ps")
            .off_ramp([Occupation::new(soc("35-2014"), "Cooks")]);
        let p = map(vec![cert], &[]);
        let low = |_: &SocCode| {
            Some(WageFacts {
                median: 30_000,
                annual_openings: 10,
                high_wage: false,
                in_demand: false,
            })
        };
        let good = |_: &SocCode| {
            Some(WageFacts {
                median: 30_000,
                annual_openings: 900,
                high_wage: false,
                in_demand: true,
            })
        };
        assert!(codes(&p, &low).contains(&"low-value-credential"));
        assert!(!codes(&p, &good).contains(&"low-value-credential"));
        let c = codes(&p, &NoWages);
        assert!(!c.contains(&"low-value-credential"));
        assert!(c.contains(&"wage-data-missing"));
    }

    #[test]
    fn missing_articulation_is_found() {
        let p = map(
            vec![
                course("a", "hs"),
                Component::new("b", ComponentKind::CollegeCourse, "B", "ps"),
            ],
            &[("a", EdgeKind::Precedes, "b")],
        );
        assert!(codes(&p, &NoWages).contains(&"no-articulation"));
        let mut ok = p.clone();
        ok.articulations.insert(Articulation {
            from: "a".into(),
            to: "b".into(),
            kind: ArticulationKind::Articulated,
            credit_hours: Some(CreditHours::whole(3)),
            from_institution: None,
            to_institution: None,
            agreement: None,
        });
        assert!(!codes(&ok, &NoWages).contains(&"no-articulation"));
    }

    #[test]
    fn unlinked_dual_credit_is_found() {
        let dc = Component::new(
            "d",
            ComponentKind::AdvancedCourse(AdvancedProgram::DualCredit),
            "D",
            "hs",
        );
        assert!(codes(&map(vec![dc], &[]), &NoWages).contains(&"dual-credit-unlinked"));
    }

    #[test]
    fn stack_gap_is_found() {
        let cert = Component::new("l1", ComponentKind::Level1Certificate, "L1", "ps");
        let aas = Component::new("aas", ComponentKind::Associate, "AAS", "ps");
        let gap = map(
            vec![cert.clone(), aas.clone()],
            &[("l1", EdgeKind::Precedes, "aas")],
        );
        let f = check(&gap, &NoWages);
        assert!(
            f.iter()
                .any(|f| f.code == "stack-gap" && f.component_ids == ["l1"])
        );
        let ok = map(vec![cert, aas], &[("l1", EdgeKind::StacksInto, "aas")]);
        assert!(!codes(&ok, &NoWages).contains(&"stack-gap"));
    }

    #[test]
    fn missing_prerequisite_is_found() {
        let p = map(
            vec![course("b", "hs")],
            &[("biol-2401", EdgeKind::PrerequisiteOf, "b")],
        );
        let f = check(&p, &NoWages);
        let m: Vec<_> = f
            .iter()
            .filter(|f| f.code == "missing-prerequisite")
            .collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].component_ids, vec!["b", "biol-2401"]);
        let ok = map(
            vec![course("a", "hs"), course("b", "hs")],
            &[("a", EdgeKind::PrerequisiteOf, "b")],
        );
        assert!(!codes(&ok, &NoWages).contains(&"missing-prerequisite"));
    }

    #[test]
    fn impossible_condition_is_found() {
        let c = course("c", "hs").condition(Condition::new("2 of 1", 2, ["a"]));
        let p = map(vec![course("a", "hs"), c], &[]);
        assert!(codes(&p, &NoWages).contains(&"impossible-condition"));
    }

    #[test]
    fn findings_serialize_for_the_api() {
        let f = Finding::new("cycle", Severity::Error, "m".into(), vec!["a".into()]);
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "cycle", "severity": "error", "message": "m", "component_ids": ["a"]})
        );
    }

    #[test]
    fn the_example_pathway_is_clean() {
        let p = crate::examples::health_science_rn();
        let f: Vec<_> = check(&p, &NoWages)
            .into_iter()
            .filter(|f| f.severity > Severity::Info)
            .collect();
        assert!(f.is_empty(), "{f:#?}");
    }
}
