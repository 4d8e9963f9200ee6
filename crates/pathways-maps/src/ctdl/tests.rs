use super::*;
use crate::examples::health_science_rn;
use crate::model::*;
use pathways_domain::{CipCode, SocCode};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

#[test]
fn example_round_trips() {
    let p = health_science_rn();
    let doc = export_ctdl(&p);
    let (back, report) = import_ctdl(&doc).unwrap();
    assert_eq!(back, p);
    assert!(report.kept.is_empty(), "{report:?}");
    assert!(report.notes.is_empty(), "{report:?}");
}

#[test]
fn export_is_deterministic_and_shaped_like_ctdl() {
    let p = health_science_rn();
    let doc = export_ctdl(&p);
    assert_eq!(doc, export_ctdl(&p));
    let graph = doc["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "ceterms:Pathway");
    let ctid = graph[0]["ceterms:ctid"].as_str().unwrap();
    assert!(Ctid::parse(ctid).is_some());
    let adn = graph
        .iter()
        .find(|n| n["ceterms:name"]["en-US"] == "Associate Degree in Nursing (ADN)")
        .unwrap();
    assert_eq!(adn["@type"], "ceterms:CredentialComponent");
    assert_eq!(adn["ceterms:credentialType"], "ceterms:AssociateDegree");
    let rn = graph
        .iter()
        .find(|n| n["pathways:componentKind"] == "license")
        .unwrap();
    assert_eq!(
        rn["ceterms:occupationType"][0]["ceterms:codedNotation"],
        "29-1141"
    );
    assert_eq!(graph[0]["ceterms:hasDestinationComponent"][0], rn["@id"]);
}

#[test]
fn given_ctids_are_kept() {
    let mut p = health_science_rn();
    p.ctid = Ctid::parse("ce-11111111-1111-4111-8111-111111111111");
    p.components[0].ctid = Ctid::parse("ce-22222222-2222-4222-8222-222222222222");
    let doc = export_ctdl(&p);
    assert_eq!(
        doc["@graph"][0]["ceterms:ctid"],
        "ce-11111111-1111-4111-8111-111111111111"
    );
    let (back, _) = import_ctdl(&doc).unwrap();
    assert_eq!(back, p);
}

#[test]
fn unknown_properties_are_kept_reported_and_re_emitted() {
    let p = health_science_rn();
    let mut doc = export_ctdl(&p);
    doc["@graph"][0]["ceterms:subjectWebpage"] = json!("https://example.org/rn");
    let comp = doc["@graph"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|n| n["ceterms:ctid"] == p.component_ctid(&p.components[1]).as_str())
        .unwrap();
    comp["ceterms:componentDesignation"] = json!(["Core"]);
    let rn = doc["@graph"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|n| n["pathways:componentKind"] == "license")
        .unwrap();
    rn["ceterms:occupationType"][0]["ceterms:targetNode"] =
        json!("https://example.org/onet/29-1141.00");
    doc["@graph"].as_array_mut().unwrap().push(json!({
        "@id": "https://example.org/org/1", "@type": "ceterms:CredentialOrganization"
    }));
    let (back, report) = import_ctdl(&doc).unwrap();
    assert_eq!(report.kept.len(), 3, "{report:?}");
    assert!(
        report
            .kept
            .iter()
            .any(|k| k.ends_with(".ceterms:componentDesignation"))
    );
    assert_eq!(
        back.extra["ceterms:subjectWebpage"],
        "https://example.org/rn"
    );
    assert_eq!(
        back.components[1].extra["ceterms:componentDesignation"],
        json!(["Core"])
    );
    assert_eq!(back.extra_nodes.len(), 1);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("ceterms:occupationType[0].ceterms:targetNode: not kept")),
        "{report:?}"
    );
    rn_target_node_removed(&mut doc);
    assert_eq!(export_ctdl(&back), doc);
}

fn rn_target_node_removed(doc: &mut Value) {
    for n in doc["@graph"].as_array_mut().unwrap() {
        if n["pathways:componentKind"] == "license" {
            n["ceterms:occupationType"][0]
                .as_object_mut()
                .unwrap()
                .remove("ceterms:targetNode");
        }
    }
}

#[test]
fn malformed_documents_report_every_problem_with_its_path() {
    let p = health_science_rn();
    let mut doc = export_ctdl(&p);
    let graph = doc["@graph"].as_array_mut().unwrap();
    let idx = graph
        .iter()
        .position(|n| n["pathways:componentKind"] == "milestone")
        .unwrap();
    graph[idx]["ceterms:precedes"] = json!([
        "https://credentialengineregistry.org/resources/ce-00000000-0000-4000-8000-000000000000"
    ]);
    graph[idx]["ceterms:occupationType"] = json!([{"ceterms:codedNotation": "291141"}]);
    graph[idx]["ceterms:ctid"] = json!("not-a-ctid");
    graph.push(json!(42));
    let last = format!("$.@graph[{}]", graph.len() - 1);
    let err = import_ctdl(&doc).unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    let base = format!("$.@graph[{idx}]");
    assert!(
        paths.contains(&format!("{base}.ceterms:precedes[0]").as_str()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&format!("{base}.ceterms:occupationType[0].ceterms:codedNotation").as_str()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&format!("{base}.ceterms:ctid").as_str()),
        "{paths:?}"
    );
    assert!(paths.contains(&last.as_str()), "{paths:?}");
    let msg = err
        .problems
        .iter()
        .find(|p| p.path.ends_with("precedes[0]"))
        .unwrap();
    assert_eq!(msg.message, "unknown component id");
    assert!(err.to_string().contains("problem"));
}

#[test]
fn rejects_documents_without_a_graph_or_pathway() {
    assert_eq!(import_ctdl(&json!([])).unwrap_err().problems[0].path, "$");
    let e = import_ctdl(&json!({"@context": CTDL_CONTEXT})).unwrap_err();
    assert_eq!(e.problems[0].path, "$.@graph");
    let e = import_ctdl(&json!({"@context": CTDL_CONTEXT, "@graph": []})).unwrap_err();
    assert_eq!(e.problems[0].message, "no ceterms:Pathway node");
}

/// The illustrative document in the field research (§3.1), written from the
/// registry's models without our extension terms, imports with its
/// unknown terms kept.
#[test]
fn imports_plain_ctdl_without_extension_terms() {
    let doc: Value =
        serde_json::from_str(include_str!("testdata/industrial_maintenance.json")).unwrap();
    let (p, report) = import_ctdl(&doc).unwrap();
    assert_eq!(p.name, "Industrial Maintenance Technician pathway");
    assert_eq!(p.components.len(), 4);
    let job = &p.components[0];
    assert_eq!(job.kind, ComponentKind::Occupation);
    assert!(job.off_ramp, "destination becomes the off-ramp");
    let aas = &p.components[1];
    assert_eq!(aas.kind, ComponentKind::Associate);
    assert_eq!(aas.conditions[0].required_number, 1);
    assert_eq!(aas.conditions[0].targets.len(), 2);
    assert_eq!(p.components[2].credit_hours, Some(CreditHours::whole(3)));
    assert!(
        p.edges
            .iter()
            .any(|e| e.kind == EdgeKind::PrerequisiteOf && e.to == aas.id)
    );
    assert!(
        report
            .kept
            .iter()
            .any(|k| k.ends_with("ceterms:occupationType")),
        "{report:?}"
    );
    assert!(!report.notes.is_empty());
    // Re-export keeps the kept pathway occupationType.
    let again = export_ctdl(&p);
    assert_eq!(
        again["@graph"][0]["ceterms:occupationType"][0]["ceterms:codedNotation"],
        "49-9041.00"
    );
}

fn arb_text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 &<>\"'–é]{0,24}"
}

fn arb_kind() -> impl Strategy<Value = ComponentKind> {
    (0..ComponentKind::ALL.len()).prop_map(|i| ComponentKind::ALL[i])
}

fn arb_ctid() -> impl Strategy<Value = Option<Ctid>> {
    proptest::option::of(any::<u128>().prop_map(|n| {
        let h = format!("{n:032x}");
        Ctid::parse(&format!(
            "ce-{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        ))
        .unwrap()
    }))
}

fn arb_extra() -> impl Strategy<Value = Map<String, Value>> {
    proptest::collection::btree_map("ex:[a-z]{1,6}", "[a-z ]{0,8}", 0..2)
        .prop_map(|m| m.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
}

prop_compose! {
    fn arb_component(n: usize, stages: usize)(
        kind in arb_kind(),
        ctid in arb_ctid(),
        title in arb_text(),
        description in proptest::option::of(arb_text()),
        stage in 0..stages,
        course_code in proptest::option::of("[A-Z]{4} [0-9]{4}"),
        cip in proptest::option::of((0u32..100, 0u32..10000)),
        credit in proptest::option::of(0u32..1000),
        provider in proptest::option::of(arb_text()),
        occupations in proptest::collection::vec(((11u32..54, 0u32..10000), proptest::option::of(arb_text())), 0..3),
        on_ramp in any::<bool>(),
        off_ramp in any::<bool>(),
        conditions in proptest::collection::vec((arb_text(), 0u32..4, proptest::collection::vec(0..n, 0..4), arb_extra()), 0..2),
        extra in arb_extra(),
    ) -> Component {
        Component {
            id: String::new(),
            ctid,
            kind,
            title,
            description,
            stage: format!("s{stage}"),
            course_code,
            cip: cip.map(|(a, b)| CipCode::parse(&format!("{a:02}.{b:04}")).unwrap()),
            credit_hours: credit.map(CreditHours::from_tenths),
            provider,
            occupations: occupations
                .into_iter()
                .map(|((a, b), title)| Occupation { soc: SocCode::parse(&format!("{a:02}-{b:04}")).unwrap(), title })
                .collect(),
            on_ramp,
            off_ramp,
            conditions: conditions
                .into_iter()
                .map(|(description, required_number, targets, extra)| Condition {
                    description,
                    required_number,
                    targets: targets.into_iter().map(|t| format!("c{t}")).collect(),
                    extra,
                })
                .collect(),
            extra,
        }
    }
}

fn arb_pathway() -> impl Strategy<Value = Pathway> {
    (1usize..4, 1usize..7).prop_flat_map(|(stages, n)| {
        (
            arb_ctid(),
            arb_text(),
            arb_text(),
            proptest::collection::vec(proptest::collection::vec(any::<bool>(), 1), stages..=stages),
            proptest::collection::vec(arb_component(n, stages), n..=n),
            proptest::collection::vec((0..n, 0..n, 0..3u8), 0..n * 2),
            proptest::collection::vec(
                (
                    0..n,
                    0..n,
                    0..3u8,
                    proptest::option::of(0u32..100),
                    proptest::option::of(arb_text()),
                ),
                0..3,
            ),
            arb_extra(),
            proptest::collection::vec(any::<bool>(), 0..2),
            ("[a-z é/#?&]{0,6}", proptest::collection::vec(arb_text(), stages..=stages), 0..2usize),
        )
            .prop_map(
                |(ctid, name, description, stage_flags, comps, edges, arts, extra, owners, (tail, labels, nodes))| {
                    let id = |i: String| format!("{i}{tail}");
                    let mut b = Pathway::builder(id("p".into()), name).description(description);
                    for (i, f) in stage_flags.iter().enumerate() {
                        b = b.stage(id(format!("s{i}")), labels[i].clone(), f[0]);
                    }
                    for (i, owner) in owners.iter().enumerate() {
                        if *owner {
                            b = b.owned_by(format!("https://example.org/org/{i}"));
                        }
                    }
                    for (i, mut c) in comps.into_iter().enumerate() {
                        c.id = id(format!("c{i}"));
                        c.stage = id(c.stage);
                        for cond in &mut c.conditions {
                            cond.targets = cond.targets.drain(..).map(&id).collect();
                        }
                        b = b.component(c);
                    }
                    let mut hier = std::collections::BTreeSet::new();
                    for (f, t, k) in edges {
                        let kind = [
                            EdgeKind::Precedes,
                            EdgeKind::PrerequisiteOf,
                            EdgeKind::StacksInto,
                        ][k as usize];
                        // CTDL has one hierarchical link per pair; stacking implies prerequisite.
                        if kind != EdgeKind::Precedes && !hier.insert((f, t)) {
                            continue;
                        }
                        b = b.edge(id(format!("c{f}")), kind, id(format!("c{t}")));
                    }
                    for (f, t, k, h, agreement) in arts {
                        b = b.articulation(Articulation {
                            from: id(format!("c{f}")),
                            to: id(format!("c{t}")),
                            kind: [
                                ArticulationKind::DualCredit,
                                ArticulationKind::Articulated,
                                ArticulationKind::Transfer,
                            ][k as usize],
                            credit_hours: h.map(CreditHours::from_tenths),
                            from_institution: None,
                            to_institution: None,
                            agreement,
                        });
                    }
                    let mut p = b.build().unwrap();
                    p.ctid = ctid;
                    p.extra = extra;
                    p.extra_nodes = (0..nodes)
                        .map(|n| json!({"@id": format!("https://example.org/x/{n}"), "@type": "ceterms:CredentialOrganization"}))
                        .collect();
                    p
                },
            )
    })
}

proptest! {
    #[test]
    fn model_to_ctdl_to_model_is_identity(p in arb_pathway()) {
        let doc = export_ctdl(&p);
        let text = serde_json::to_string(&doc).unwrap();
        let reparsed: Value = serde_json::from_str(&text).unwrap();
        let (back, report) = import_ctdl(&reparsed).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(report.kept.len(), p.extra.len() + p.extra_nodes.len() + p.components.iter().map(|c| c.extra.len() + c.conditions.iter().map(|k| k.extra.len()).sum::<usize>()).sum::<usize>());
        prop_assert_eq!(back, p);
    }
}
