//! Model → CTDL JSON-LD.

use serde_json::{Map, Value, json};

use super::{
    CIP_FRAMEWORK, COURSE_CODE_TYPE, CTDL_CONTEXT, ID_TYPE, LANG, PATHWAYS_NS, RESOURCE_BASE,
    SOC_FRAMEWORK,
};
use crate::model::{Component, Ctid, EdgeKind, Pathway};

pub(super) fn lang(text: &str) -> Value {
    json!({ LANG: text })
}

pub(super) fn uri(ctid: &Ctid) -> String {
    format!("{RESOURCE_BASE}{ctid}")
}

pub(super) fn stage_ctid(p: &Pathway, stage: &str) -> Ctid {
    Ctid::derive(&["stage", &p.id, stage])
}

pub(super) fn progression_ctid(p: &Pathway) -> Ctid {
    Ctid::derive(&["progression-model", &p.id])
}

fn identifier(type_name: &str, value: &str) -> Value {
    json!({
        "@type": "ceterms:IdentifierValue",
        "ceterms:identifierTypeName": lang(type_name),
        "ceterms:identifierValueCode": value,
    })
}

pub(super) fn credit_value(hours: crate::model::CreditHours) -> Value {
    json!([{
        "@type": "ceterms:ValueProfile",
        "ceterms:value": hours.to_json(),
        "ceterms:creditUnitType": ["creditUnit:SemesterHour"],
    }])
}

/// Adds kept properties back. Where a kept value and an emitted one share a
/// key and both are arrays (unrecognized identifiers beside ours), the kept
/// entries are appended; a kept `@type` (a CTDL class the model folds into
/// a kind) replaces the emitted one.
pub(super) fn merge_extra(obj: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (k, v) in extra {
        match (obj.get_mut(k), v) {
            (Some(Value::Array(ours)), Value::Array(kept)) => ours.extend(kept.iter().cloned()),
            (Some(slot), _) if k == "@type" => *slot = v.clone(),
            (Some(_), _) => {}
            (None, _) => {
                obj.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The component URI for an id; a dangling id still gets a stable URI, so a
/// draft exports, but import will report it.
fn component_uri(p: &Pathway, id: &str) -> String {
    match p.component(id) {
        Some(c) => uri(&p.component_ctid(c)),
        None => uri(&Ctid::derive(&["component", &p.id, id])),
    }
}

/// Exports `pathway` as a CTDL JSON-LD document. Deterministic: the same
/// pathway always gives the same document.
pub fn export_ctdl(pathway: &Pathway) -> Value {
    let p = pathway;
    let pathway_uri = uri(&p.effective_ctid());
    let has_outgoing = |id: &str| p.edges.iter().any(|e| e.from == id);
    let any_exit = p.components.iter().any(|c| c.off_ramp);
    let destinations: Vec<Value> = p
        .components
        .iter()
        .filter(|c| (c.off_ramp || !any_exit) && !has_outgoing(&c.id))
        .map(|c| Value::from(uri(&p.component_ctid(c))))
        .collect();

    let mut graph = vec![pathway_node(p, &destinations)];
    graph.push(progression_model(p));
    for s in &p.stages {
        let mut concept = Map::new();
        concept.insert("@id".into(), uri(&stage_ctid(p, &s.id)).into());
        concept.insert("@type".into(), "skos:Concept".into());
        concept.insert("ceterms:ctid".into(), stage_ctid(p, &s.id).as_str().into());
        concept.insert("skos:prefLabel".into(), lang(&s.label));
        concept.insert("skos:notation".into(), s.id.clone().into());
        concept.insert("skos:inScheme".into(), uri(&progression_ctid(p)).into());
        concept.insert("pathways:secondary".into(), s.secondary.into());
        graph.push(Value::Object(concept));
    }
    for c in &p.components {
        graph.push(component_node(p, c, &pathway_uri, &destinations));
    }
    graph.extend(p.extra_nodes.iter().cloned());
    json!({
        "@context": [CTDL_CONTEXT, { "pathways": PATHWAYS_NS }],
        "@graph": graph,
    })
}

fn pathway_node(p: &Pathway, destinations: &[Value]) -> Value {
    let ctid = p.effective_ctid();
    let mut o = Map::new();
    o.insert("@id".into(), uri(&ctid).into());
    o.insert("@type".into(), "ceterms:Pathway".into());
    o.insert("ceterms:ctid".into(), ctid.as_str().into());
    o.insert("ceterms:name".into(), lang(&p.name));
    o.insert("ceterms:description".into(), lang(&p.description));
    o.insert(
        "ceterms:identifier".into(),
        json!([identifier(ID_TYPE, &p.id)]),
    );
    if !p.owned_by.is_empty() {
        o.insert("ceterms:ownedBy".into(), json!(p.owned_by));
    }
    o.insert(
        "asn:hasProgressionModel".into(),
        uri(&progression_ctid(p)).into(),
    );
    if !destinations.is_empty() {
        o.insert(
            "ceterms:hasDestinationComponent".into(),
            destinations.to_vec().into(),
        );
        o.insert("ceasn:hasChild".into(), destinations.to_vec().into());
    }
    let parts: Vec<Value> = p
        .components
        .iter()
        .map(|c| uri(&p.component_ctid(c)).into())
        .collect();
    o.insert("ceasn:hasPart".into(), parts.into());
    if !p.articulations.is_empty() {
        let list: Vec<Value> = p
            .articulations
            .iter()
            .map(|a| {
                let mut x = Map::new();
                x.insert("@type".into(), "pathways:Articulation".into());
                x.insert("pathways:articulationKind".into(), a.kind.token().into());
                x.insert("pathways:source".into(), component_uri(p, &a.from).into());
                x.insert("pathways:target".into(), component_uri(p, &a.to).into());
                if let Some(h) = a.credit_hours {
                    x.insert("ceterms:creditValue".into(), credit_value(h));
                }
                if let Some(name) = &a.agreement {
                    x.insert("ceterms:name".into(), lang(name));
                }
                if let Some(name) = &a.from_institution {
                    x.insert("pathways:sourceInstitution".into(), lang(name));
                }
                if let Some(name) = &a.to_institution {
                    x.insert("pathways:targetInstitution".into(), lang(name));
                }
                Value::Object(x)
            })
            .collect();
        o.insert("pathways:hasArticulation".into(), list.into());
    }
    merge_extra(&mut o, &p.extra);
    Value::Object(o)
}

fn progression_model(p: &Pathway) -> Value {
    let ctid = progression_ctid(p);
    let concepts: Vec<Value> = p
        .stages
        .iter()
        .map(|s| uri(&stage_ctid(p, &s.id)).into())
        .collect();
    json!({
        "@id": uri(&ctid),
        "@type": "asn:ProgressionModel",
        "ceterms:ctid": ctid.as_str(),
        "ceterms:name": lang(&format!("{}: stages", p.name)),
        "skos:hasTopConcept": concepts,
    })
}

fn component_node(p: &Pathway, c: &Component, pathway_uri: &str, destinations: &[Value]) -> Value {
    let ctid = p.component_ctid(c);
    let me = uri(&ctid);
    let mut o = Map::new();
    o.insert("@id".into(), me.clone().into());
    o.insert("@type".into(), c.kind.ctdl_type().into());
    o.insert("ceterms:ctid".into(), ctid.as_str().into());
    o.insert("ceterms:name".into(), lang(&c.title));
    if let Some(d) = &c.description {
        o.insert("ceterms:description".into(), lang(d));
    }
    let mut ids = vec![identifier(ID_TYPE, &c.id)];
    if let Some(code) = &c.course_code {
        ids.push(identifier(COURSE_CODE_TYPE, code));
    }
    o.insert("ceterms:identifier".into(), ids.into());
    o.insert("pathways:componentKind".into(), c.kind.token().into());
    if let Some(t) = c.kind.credential_type() {
        o.insert("ceterms:credentialType".into(), t.into());
    }
    if p.stage_index(&c.stage).is_some() {
        o.insert(
            "asn:hasProgressionLevel".into(),
            json!([uri(&stage_ctid(p, &c.stage))]),
        );
    }
    if let Some(cip) = &c.cip {
        o.insert(
            "ceterms:instructionalProgramType".into(),
            json!([{
                "@type": "ceterms:CredentialAlignmentObject",
                "ceterms:framework": CIP_FRAMEWORK,
                "ceterms:frameworkName": lang("Classification of Instructional Programs 2020"),
                "ceterms:codedNotation": cip.as_str(),
            }]),
        );
    }
    if let Some(h) = c.credit_hours {
        o.insert("ceterms:creditValue".into(), credit_value(h));
    }
    if let Some(provider) = &c.provider {
        o.insert("pathways:providerName".into(), lang(provider));
    }
    if !c.occupations.is_empty() {
        let list: Vec<Value> = c
            .occupations
            .iter()
            .map(|occ| {
                let mut a = Map::new();
                a.insert("@type".into(), "ceterms:CredentialAlignmentObject".into());
                a.insert("ceterms:framework".into(), SOC_FRAMEWORK.into());
                a.insert(
                    "ceterms:frameworkName".into(),
                    lang("Standard Occupational Classification 2018"),
                );
                a.insert("ceterms:codedNotation".into(), occ.soc.as_str().into());
                if let Some(t) = &occ.title {
                    a.insert("ceterms:targetNodeName".into(), lang(t));
                }
                Value::Object(a)
            })
            .collect();
        o.insert("ceterms:occupationType".into(), list.into());
    }
    o.insert("pathways:onRamp".into(), c.on_ramp.into());
    o.insert("pathways:offRamp".into(), c.off_ramp.into());

    let uris = |pred: &dyn Fn(&crate::model::Edge) -> Option<String>| -> Vec<Value> {
        let mut v: Vec<String> = p.edges.iter().filter_map(pred).collect();
        v.dedup();
        v.into_iter().map(Value::from).collect()
    };
    let hierarchical = |k: EdgeKind| matches!(k, EdgeKind::PrerequisiteOf | EdgeKind::StacksInto);
    let precedes = uris(&|e| {
        (e.kind == EdgeKind::Precedes && e.from == c.id).then(|| component_uri(p, &e.to))
    });
    let children =
        uris(&|e| (hierarchical(e.kind) && e.to == c.id).then(|| component_uri(p, &e.from)));
    let parents =
        uris(&|e| (hierarchical(e.kind) && e.from == c.id).then(|| component_uri(p, &e.to)));
    let stacks = uris(&|e| {
        (e.kind == EdgeKind::StacksInto && e.from == c.id).then(|| component_uri(p, &e.to))
    });
    for (key, list) in [
        ("ceterms:precedes", precedes),
        ("ceasn:hasChild", children),
        ("ceasn:isChildOf", parents),
        ("pathways:stacksInto", stacks),
    ] {
        if !list.is_empty() {
            o.insert(key.into(), list.into());
        }
    }
    if destinations.iter().any(|d| d.as_str() == Some(me.as_str())) {
        o.insert(
            "ceterms:isDestinationComponentOf".into(),
            json!([pathway_uri]),
        );
    }
    o.insert("ceasn:isPartOf".into(), json!([pathway_uri]));
    if !c.conditions.is_empty() {
        let list: Vec<Value> = c
            .conditions
            .iter()
            .map(|cond| {
                let mut x = Map::new();
                x.insert("@type".into(), "ceterms:ComponentCondition".into());
                x.insert("ceterms:description".into(), lang(&cond.description));
                x.insert("ceterms:requiredNumber".into(), cond.required_number.into());
                let targets: Vec<Value> = cond
                    .targets
                    .iter()
                    .map(|t| component_uri(p, t).into())
                    .collect();
                x.insert("ceterms:targetComponent".into(), targets.into());
                merge_extra(&mut x, &cond.extra);
                Value::Object(x)
            })
            .collect();
        o.insert("ceterms:hasCondition".into(), list.into());
    }
    merge_extra(&mut o, &c.extra);
    Value::Object(o)
}
