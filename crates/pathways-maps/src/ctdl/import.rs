//! CTDL JSON-LD → model, walking `serde_json::Value` so every problem has
//! its JSON path.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::export::{progression_ctid, uri};
use super::{ImportError, ImportReport};
use crate::model::{Articulation, ArticulationKind, ComponentKind, Edge, EdgeKind, Pathway, Stage};

use super::component::{Draft, component};
use super::read::*;

const PATHWAY_KEYS: &[&str] = &[
    "@id",
    "@type",
    "ceterms:ctid",
    "ceterms:name",
    "ceterms:description",
    "ceterms:identifier",
    "ceterms:ownedBy",
    "asn:hasProgressionModel",
    "ceterms:hasDestinationComponent",
    "ceasn:hasChild",
    "ceasn:hasPart",
    "pathways:hasArticulation",
];

/// Imports a CTDL JSON-LD pathway document.
///
/// Returns the pathway and a report of what was kept without being
/// understood, or every problem found, each with its JSON path.
pub fn import_ctdl(doc: &Value) -> Result<(Pathway, ImportReport), ImportError> {
    let mut ctx = Ctx {
        problems: Vec::new(),
        report: ImportReport::default(),
    };
    let result = import_inner(&mut ctx, doc);
    match result {
        Some(p) if ctx.problems.is_empty() => Ok((p, ctx.report)),
        _ => Err(ImportError {
            problems: ctx.problems,
        }),
    }
}

fn import_inner(ctx: &mut Ctx, doc: &Value) -> Option<Pathway> {
    let Some(root) = doc.as_object() else {
        ctx.problem("$", "expected a JSON-LD object");
        return None;
    };
    if !root.contains_key("@context") {
        ctx.problem("$", "missing @context");
    }
    let Some(graph) = root.get("@graph").and_then(Value::as_array) else {
        ctx.problem("$.@graph", "expected an array of nodes");
        return None;
    };

    let mut pathway_node = None;
    let mut models = Vec::new();
    let mut concepts = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut extra_nodes = Vec::new();
    for (i, node) in graph.iter().enumerate() {
        let path = format!("$.@graph[{i}]");
        let Some(o) = node.as_object() else {
            ctx.problem(path, "expected an object");
            continue;
        };
        if !matches!(o.get("@id"), Some(Value::String(_))) {
            ctx.problem(format!("{path}.@id"), "expected a URI string");
            continue;
        }
        let ts = types(o);
        if ts.contains(&"ceterms:Pathway") {
            if pathway_node.is_some() {
                ctx.problem(
                    format!("{path}.@type"),
                    "a second ceterms:Pathway; one document holds one pathway",
                );
            } else {
                pathway_node = Some((path, o));
            }
        } else if ts.contains(&"asn:ProgressionModel") {
            models.push((path, o));
        } else if ts.contains(&"skos:Concept") {
            concepts.push((path, o));
        } else if ts.iter().any(|t| is_component_type(t)) {
            drafts.push(Draft { path, node: o });
        } else {
            if ts.is_empty() {
                ctx.problem(format!("{path}.@type"), "expected a type");
                continue;
            }
            ctx.report.kept.push(path);
            extra_nodes.push(node.clone());
        }
    }
    let Some((ppath, pnode)) = pathway_node else {
        ctx.problem("$.@graph", "no ceterms:Pathway node");
        return None;
    };

    // The pathway's own fields; its id is needed to recognize derived CTIDs.
    let ctid = ctx.ctid(pnode, &ppath);
    let (id, _, other_ids) = identifiers(ctx, pnode, &ppath);
    let id = id
        .or_else(|| ctid.as_ref().map(|c| c.as_str().to_owned()))
        .or_else(|| pnode.get("@id").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default();
    let name = match pnode.get("ceterms:name") {
        Some(v) => ctx
            .text(v, &format!("{ppath}.ceterms:name"))
            .unwrap_or_default(),
        None => {
            ctx.problem(format!("{ppath}.ceterms:name"), "a pathway needs a name");
            String::new()
        }
    };
    let description = pnode
        .get("ceterms:description")
        .and_then(|v| ctx.text(v, &format!("{ppath}.ceterms:description")))
        .unwrap_or_default();
    let owned_by: Vec<String> = pnode
        .get("ceterms:ownedBy")
        .map(|v| ctx.refs(v, &format!("{ppath}.ceterms:ownedBy")))
        .unwrap_or_default()
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    let mut extra = ctx.extra(pnode, PATHWAY_KEYS, &ppath);
    if !other_ids.is_empty() {
        extra.insert("ceterms:identifier".into(), Value::Array(other_ids));
    }
    let mut pathway = Pathway::builder(id, name)
        .description(description)
        .build()
        .ok()?;
    pathway.owned_by = owned_by;
    pathway.extra = extra;
    pathway.extra_nodes = extra_nodes;
    pathway.ctid = ctid.filter(|c| *c != pathway.effective_ctid());
    if let Some(Value::String(at)) = pnode.get("@id")
        && *at != uri(&pathway.effective_ctid())
    {
        ctx.report.notes.push(format!(
            "{ppath}.@id: re-exported from its CTID as {}",
            uri(&pathway.effective_ctid())
        ));
    }

    let level_to_stage = stages(ctx, &mut pathway, &models, &concepts);

    // Components: ids first, so references can resolve in any order.
    let mut by_uri: BTreeMap<String, String> = BTreeMap::new();
    let mut ids = Vec::new();
    for d in &drafts {
        let c_ctid = ctx.ctid(d.node, &d.path);
        // A scratch context: component() reads the identifiers again and
        // reports their problems and kept entries once.
        let (cid, _, _) = identifiers(
            &mut Ctx {
                problems: Vec::new(),
                report: ImportReport::default(),
            },
            d.node,
            &d.path,
        );
        let at = d
            .node
            .get("@id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let cid = cid
            .or_else(|| c_ctid.as_ref().map(|c| c.as_str().to_owned()))
            .unwrap_or_else(|| at.clone());
        if let Some(c) = &c_ctid {
            by_uri.insert(uri(c), cid.clone());
        }
        by_uri.insert(at, cid.clone());
        ids.push((cid, c_ctid));
    }
    let mut seen = BTreeSet::new();
    for (d, (cid, _)) in drafts.iter().zip(&ids) {
        if !seen.insert(cid.clone()) {
            ctx.problem(
                format!("{}.ceterms:identifier", d.path),
                format!("component id {cid:?} is used twice"),
            );
        }
    }
    let destinations: BTreeSet<String> = pnode
        .get("ceterms:hasDestinationComponent")
        .map(|v| ctx.refs(v, &format!("{ppath}.ceterms:hasDestinationComponent")))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(u, path)| resolve(ctx, &by_uri, &u, &path))
        .collect();
    for key in ["ceasn:hasPart", "ceasn:hasChild"] {
        if let Some(v) = pnode.get(key) {
            for (u, path) in ctx.refs(v, &format!("{ppath}.{key}")) {
                resolve(ctx, &by_uri, &u, &path);
            }
        }
    }

    let mut unstaged = false;
    for (d, (cid, c_ctid)) in drafts.iter().zip(ids) {
        let mut c = component(
            ctx,
            d,
            cid,
            &by_uri,
            &level_to_stage,
            &pathway,
            &destinations,
            &mut unstaged,
        );
        let derived = pathway.component_ctid(&c);
        c.ctid = c_ctid.filter(|x| *x != derived);
        pathway.components.push(c);
    }
    if unstaged {
        pathway.stages.push(Stage {
            id: "unstaged".into(),
            label: "Stage not given".into(),
            secondary: false,
        });
    }
    // Components whose course level depends on the stage, now all known.
    for (d, c) in drafts.iter().zip(pathway.components.iter_mut()) {
        if d.node.get("pathways:componentKind").is_none() && c.kind == ComponentKind::CollegeCourse
        {
            let secondary = pathway
                .stages
                .iter()
                .find(|s| s.id == c.stage)
                .is_some_and(|s| s.secondary);
            if secondary {
                c.kind = ComponentKind::HighSchoolCourse;
            }
        }
    }
    pathway.edges = edges(ctx, &drafts, &pathway, &by_uri);
    pathway.articulations = articulations(ctx, pnode, &ppath, &by_uri);
    Some(pathway)
}

/// Stages from the progression model's concepts, in `skos:hasTopConcept`
/// order (or graph order without a model). Returns concept URI → stage id.
fn stages(
    ctx: &mut Ctx,
    pathway: &mut Pathway,
    models: &[(String, &Map<String, Value>)],
    concepts: &[(String, &Map<String, Value>)],
) -> BTreeMap<String, String> {
    let by_uri: BTreeMap<&str, (&String, &Map<String, Value>)> = concepts
        .iter()
        .filter_map(|(path, o)| Some((o.get("@id")?.as_str()?, (path, *o))))
        .collect();
    let mut order: Vec<&str> = Vec::new();
    if let Some((mpath, m)) = models.first() {
        let expected = uri(&progression_ctid(pathway));
        if m.get("@id").and_then(Value::as_str) != Some(expected.as_str()) {
            ctx.report.notes.push(format!(
                "{mpath}: the progression model is re-exported as {expected}"
            ));
        }
        if let Some(v) = m.get("skos:hasTopConcept") {
            for (u, path) in ctx.refs(v, &format!("{mpath}.skos:hasTopConcept")) {
                match by_uri.get_key_value(u.as_str()) {
                    Some((k, _)) => order.push(k),
                    None => ctx.problem(path, "unknown concept"),
                }
            }
        }
        for (path, _) in models.iter().skip(1) {
            ctx.problem(
                format!("{path}.@type"),
                "a second progression model; one pathway has one",
            );
        }
    }
    for (path, o) in concepts {
        if let Some(u) = o.get("@id").and_then(Value::as_str)
            && !order.contains(&u)
        {
            ctx.report.notes.push(format!(
                "{path}: concept not in the model's top concepts; placed last"
            ));
            order.push(u);
        }
    }
    let mut map = BTreeMap::new();
    for u in order {
        let Some((path, o)) = by_uri.get(u) else {
            continue;
        };
        let id = o
            .get("skos:notation")
            .and_then(Value::as_str)
            .map_or_else(|| u.to_owned(), str::to_owned);
        let label = o
            .get("skos:prefLabel")
            .and_then(|v| ctx.text(v, &format!("{path}.skos:prefLabel")))
            .unwrap_or_else(|| id.clone());
        let secondary = match o.get("pathways:secondary") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                ctx.problem(
                    format!("{path}.pathways:secondary"),
                    "expected true or false",
                );
                false
            }
        };
        let known = [
            "@id",
            "@type",
            "ceterms:ctid",
            "skos:prefLabel",
            "skos:notation",
            "skos:inScheme",
            "pathways:secondary",
        ];
        for k in o.keys().filter(|k| !known.contains(&k.as_str())) {
            ctx.report
                .notes
                .push(format!("{path}.{k}: stage property not kept"));
        }
        map.insert(u.to_owned(), id.clone());
        pathway.stages.push(Stage {
            id,
            label,
            secondary,
        });
    }
    map
}

/// Edges from every component's `precedes`/`precededBy` and
/// `hasChild`/`isChildOf` (both directions are accepted and merged);
/// `pathways:stacksInto` marks a hierarchical link as stacking.
fn edges(
    ctx: &mut Ctx,
    drafts: &[Draft],
    p: &Pathway,
    by_uri: &BTreeMap<String, String>,
) -> BTreeSet<Edge> {
    let mut stacks: BTreeSet<(String, String)> = BTreeSet::new();
    let mut hier: BTreeSet<(String, String)> = BTreeSet::new();
    let mut out = BTreeSet::new();
    for (d, c) in drafts.iter().zip(&p.components) {
        let mut each = |key: &str, f: &mut dyn FnMut(String)| {
            if let Some(v) = d.node.get(key) {
                for (u, path) in ctx.refs(v, &format!("{}.{key}", d.path)) {
                    if let Some(other) = resolve(ctx, by_uri, &u, &path) {
                        f(other);
                    }
                }
            }
        };
        let me = c.id.clone();
        each("ceterms:precedes", &mut |o| {
            out.insert(Edge {
                from: me.clone(),
                to: o,
                kind: EdgeKind::Precedes,
            });
        });
        each("ceterms:precededBy", &mut |o| {
            out.insert(Edge {
                from: o,
                to: me.clone(),
                kind: EdgeKind::Precedes,
            });
        });
        each("ceasn:hasChild", &mut |o| {
            hier.insert((o, me.clone()));
        });
        each("ceasn:isChildOf", &mut |o| {
            hier.insert((me.clone(), o));
        });
        each("pathways:stacksInto", &mut |o| {
            stacks.insert((me.clone(), o));
        });
    }
    for (from, to) in hier {
        let kind = if stacks.contains(&(from.clone(), to.clone())) {
            EdgeKind::StacksInto
        } else {
            EdgeKind::PrerequisiteOf
        };
        out.insert(Edge { from, to, kind });
    }
    for (from, to) in stacks {
        out.insert(Edge {
            from,
            to,
            kind: EdgeKind::StacksInto,
        });
    }
    out
}

fn articulations(
    ctx: &mut Ctx,
    pnode: &Map<String, Value>,
    ppath: &str,
    by_uri: &BTreeMap<String, String>,
) -> BTreeSet<Articulation> {
    let mut out = BTreeSet::new();
    let Some(v) = pnode.get("pathways:hasArticulation") else {
        return out;
    };
    let path = format!("{ppath}.pathways:hasArticulation");
    for (i, a) in ctx.array(v, &path).iter().enumerate() {
        let ap = format!("{path}[{i}]");
        let kind = a
            .get("pathways:articulationKind")
            .and_then(Value::as_str)
            .and_then(ArticulationKind::from_token);
        if kind.is_none() {
            ctx.problem(
                format!("{ap}.pathways:articulationKind"),
                "expected dualCredit, articulated or transfer",
            );
        }
        let mut end = |key: &str| match a.get(key).and_then(Value::as_str) {
            Some(u) => resolve(ctx, by_uri, u, &format!("{ap}.{key}")),
            None => {
                ctx.problem(format!("{ap}.{key}"), "expected a component URI");
                None
            }
        };
        let (from, to) = (end("pathways:source"), end("pathways:target"));
        let credit_hours = a
            .get("ceterms:creditValue")
            .and_then(|v| credit(ctx, v, &format!("{ap}.ceterms:creditValue")));
        let agreement = a
            .get("ceterms:name")
            .and_then(|v| ctx.text(v, &format!("{ap}.ceterms:name")));
        let from_institution = a
            .get("pathways:sourceInstitution")
            .and_then(|v| ctx.text(v, &format!("{ap}.pathways:sourceInstitution")));
        let to_institution = a
            .get("pathways:targetInstitution")
            .and_then(|v| ctx.text(v, &format!("{ap}.pathways:targetInstitution")));
        if let (Some(from), Some(to), Some(kind)) = (from, to, kind) {
            out.insert(Articulation {
                from,
                to,
                kind,
                credit_hours,
                agreement,
                from_institution,
                to_institution,
            });
        }
    }
    out
}
