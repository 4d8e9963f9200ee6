//! One `ceterms:PathwayComponent` node → [`Component`].

use std::collections::{BTreeMap, BTreeSet};

use pathways_domain::{CipCode, SocCode};
use serde_json::{Map, Value};

use super::export::uri;
use crate::model::{Component, ComponentKind, Condition, Occupation, Pathway};

use super::read::*;

pub(super) const COMPONENT_KEYS: &[&str] = &[
    "@id",
    "@type",
    "ceterms:ctid",
    "ceterms:name",
    "ceterms:description",
    "ceterms:identifier",
    "pathways:componentKind",
    "ceterms:credentialType",
    "asn:hasProgressionLevel",
    "ceterms:instructionalProgramType",
    "ceterms:creditValue",
    "pathways:providerName",
    "ceterms:occupationType",
    "pathways:onRamp",
    "pathways:offRamp",
    "ceterms:precedes",
    "ceterms:precededBy",
    "ceasn:hasChild",
    "ceasn:isChildOf",
    "pathways:stacksInto",
    "ceterms:isDestinationComponentOf",
    "ceasn:isPartOf",
    "ceterms:hasCondition",
];

pub(super) const CONDITION_KEYS: &[&str] = &[
    "@type",
    "ceterms:description",
    "ceterms:requiredNumber",
    "ceterms:targetComponent",
];

/// Component classes the model holds as milestones, keeping the class.
pub(super) const OTHER_COMPONENT_TYPES: &[&str] = &[
    "ceterms:CocurricularComponent",
    "ceterms:ExtracurricularComponent",
    "ceterms:AssessmentComponent",
    "ceterms:CompetencyComponent",
    "ceterms:CollectionComponent",
    "ceterms:MultiComponent",
];

/// A component node found in the first pass, before references resolve.
pub(super) struct Draft<'a> {
    pub(super) path: String,
    pub(super) node: &'a Map<String, Value>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn component(
    ctx: &mut Ctx,
    d: &Draft,
    id: String,
    by_uri: &BTreeMap<String, String>,
    level_to_stage: &BTreeMap<String, String>,
    pathway: &Pathway,
    destinations: &BTreeSet<String>,
    unstaged: &mut bool,
) -> Component {
    let (o, path) = (d.node, d.path.as_str());
    let ts = types(o);
    let ctdl_type = ts
        .iter()
        .copied()
        .find(|t| is_component_type(t))
        .unwrap_or_default();
    let kind = kind(ctx, o, ctdl_type, path);
    let title = match o.get("ceterms:name") {
        Some(v) => ctx
            .text(v, &format!("{path}.ceterms:name"))
            .unwrap_or_default(),
        None => {
            ctx.problem(format!("{path}.ceterms:name"), "a component needs a name");
            String::new()
        }
    };
    let stage = match o.get("asn:hasProgressionLevel") {
        Some(v) => {
            let refs = ctx.refs(v, &format!("{path}.asn:hasProgressionLevel"));
            match refs.first() {
                Some((u, p)) => match level_to_stage.get(u) {
                    Some(s) => s.clone(),
                    None => {
                        ctx.problem(p.clone(), "unknown progression level");
                        String::new()
                    }
                },
                None => String::new(),
            }
        }
        None => {
            *unstaged = true;
            ctx.report.notes.push(format!(
                "{path}: no asn:hasProgressionLevel; placed in \"Stage not given\""
            ));
            "unstaged".to_owned()
        }
    };
    let mut c = Component::new(id, kind, title, stage);
    c.description = o
        .get("ceterms:description")
        .and_then(|v| ctx.text(v, &format!("{path}.ceterms:description")));
    let (_, code, other_ids) = identifiers(ctx, o, path);
    c.course_code = code;
    c.provider = o
        .get("pathways:providerName")
        .and_then(|v| ctx.text(v, &format!("{path}.pathways:providerName")));
    if let Some(v) = o.get("ceterms:instructionalProgramType") {
        let p = format!("{path}.ceterms:instructionalProgramType");
        for (i, a) in ctx.array(v, &p).iter().enumerate() {
            ctx.not_kept(a, ALIGNMENT_KEYS, &format!("{p}[{i}]"));
            let code = a.get("ceterms:codedNotation").and_then(Value::as_str);
            match code.map(CipCode::parse) {
                Some(Ok(cip)) if c.cip.is_none() => c.cip = Some(cip),
                Some(Ok(_)) => ctx.problem(
                    format!("{p}[{i}]"),
                    "only one CIP code per component is supported",
                ),
                Some(Err(e)) => {
                    ctx.problem(format!("{p}[{i}].ceterms:codedNotation"), e.to_string())
                }
                None => ctx.problem(
                    format!("{p}[{i}].ceterms:codedNotation"),
                    "expected a CIP code",
                ),
            }
        }
    }
    if let Some(v) = o.get("ceterms:creditValue") {
        c.credit_hours = credit(ctx, v, &format!("{path}.ceterms:creditValue"));
    }
    if let Some(v) = o.get("ceterms:occupationType") {
        let p = format!("{path}.ceterms:occupationType");
        for (i, a) in ctx.array(v, &p).iter().enumerate() {
            ctx.not_kept(a, ALIGNMENT_KEYS, &format!("{p}[{i}]"));
            let code = a.get("ceterms:codedNotation").and_then(Value::as_str);
            match code.map(SocCode::parse) {
                Some(Ok(soc)) => {
                    let title = a
                        .get("ceterms:targetNodeName")
                        .and_then(|t| ctx.text(t, &format!("{p}[{i}].ceterms:targetNodeName")));
                    c.occupations.push(Occupation { soc, title });
                }
                Some(Err(e)) => {
                    ctx.problem(format!("{p}[{i}].ceterms:codedNotation"), e.to_string())
                }
                None => ctx.problem(
                    format!("{p}[{i}].ceterms:codedNotation"),
                    "expected a SOC or O*NET-SOC code",
                ),
            }
        }
    }
    c.on_ramp = flag(ctx, o, "pathways:onRamp", path).unwrap_or(false);
    c.off_ramp =
        flag(ctx, o, "pathways:offRamp", path).unwrap_or_else(|| destinations.contains(&c.id));
    if let Some(v) = o.get("ceterms:hasCondition") {
        let p = format!("{path}.ceterms:hasCondition");
        for (i, cond) in ctx.array(v, &p).iter().enumerate() {
            let cp = format!("{p}[{i}]");
            let Some(co) = cond.as_object() else {
                ctx.problem(cp, "expected a ceterms:ComponentCondition");
                continue;
            };
            let description = co
                .get("ceterms:description")
                .and_then(|v| ctx.text(v, &format!("{cp}.ceterms:description")))
                .unwrap_or_default();
            let targets: Vec<String> = co
                .get("ceterms:targetComponent")
                .map(|v| ctx.refs(v, &format!("{cp}.ceterms:targetComponent")))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(u, tp)| resolve(ctx, by_uri, &u, &tp))
                .collect();
            let required_number = match co.get("ceterms:requiredNumber") {
                None => targets.len() as u32,
                Some(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
                    Some(n) => n,
                    None => {
                        ctx.problem(
                            format!("{cp}.ceterms:requiredNumber"),
                            "expected a whole number",
                        );
                        0
                    }
                },
            };
            let extra = ctx.extra(co, CONDITION_KEYS, &cp);
            c.conditions.push(Condition {
                description,
                required_number,
                targets,
                extra,
            });
        }
    }
    for key in ["ceterms:isDestinationComponentOf", "ceasn:isPartOf"] {
        if let Some(v) = o.get(key) {
            for (u, p) in ctx.refs(v, &format!("{path}.{key}")) {
                if u != uri(&pathway.effective_ctid()) {
                    ctx.report
                        .notes
                        .push(format!("{p}: refers to another pathway; not kept"));
                }
            }
        }
    }
    let mut extra = ctx.extra(o, COMPONENT_KEYS, path);
    if !other_ids.is_empty() {
        extra.insert("ceterms:identifier".into(), Value::Array(other_ids));
    }
    if ctdl_type != kind.ctdl_type() && !ctdl_type.is_empty() {
        extra.insert("@type".into(), ctdl_type.into());
    }
    c.extra = extra;
    c
}

/// The kind: `pathways:componentKind` when given (it must agree with the
/// CTDL class), else inferred from the class and `ceterms:credentialType`.
pub(super) fn kind(
    ctx: &mut Ctx,
    o: &Map<String, Value>,
    ctdl_type: &str,
    path: &str,
) -> ComponentKind {
    let credential_type = o.get("ceterms:credentialType").and_then(Value::as_str);
    if let Some(v) = o.get("pathways:componentKind") {
        let k = v.as_str().and_then(ComponentKind::from_token);
        match k {
            Some(k)
                if k.ctdl_type() == ctdl_type
                    || (k == ComponentKind::Milestone
                        && OTHER_COMPONENT_TYPES.contains(&ctdl_type)) =>
            {
                if k.credential_type().is_some() && k.credential_type() != credential_type {
                    ctx.problem(
                        format!("{path}.ceterms:credentialType"),
                        format!(
                            "expected {} for a {}",
                            k.credential_type().unwrap_or_default(),
                            k.token()
                        ),
                    );
                }
                return k;
            }
            Some(k) => ctx.problem(
                format!("{path}.pathways:componentKind"),
                format!("{} does not fit {ctdl_type}", k.token()),
            ),
            None => ctx.problem(
                format!("{path}.pathways:componentKind"),
                "unknown component kind",
            ),
        }
        return ComponentKind::Milestone;
    }
    match ctdl_type {
        "ceterms:CourseComponent" => ComponentKind::CollegeCourse,
        "ceterms:WorkExperienceComponent" => ComponentKind::WorkBasedLearning,
        "ceterms:JobComponent" => ComponentKind::Occupation,
        "ceterms:CredentialComponent" => match credential_type {
            Some("ceterms:Certification") => ComponentKind::IndustryCertification,
            Some("ceterms:Certificate" | "ceterms:CertificateOfCompletion") => {
                ComponentKind::Level1Certificate
            }
            Some("ceterms:AssociateDegree") => ComponentKind::Associate,
            Some("ceterms:BachelorDegree") => ComponentKind::Bachelor,
            Some("ceterms:License") => ComponentKind::License,
            Some("ceterms:ApprenticeshipCertificate" | "ceterms:JourneymanCertificate") => {
                ComponentKind::Apprenticeship
            }
            Some(other) => {
                ctx.problem(
                    format!("{path}.ceterms:credentialType"),
                    format!("{other} is not a credential type the map supports"),
                );
                ComponentKind::Milestone
            }
            None => {
                ctx.problem(
                    format!("{path}.ceterms:credentialType"),
                    "a CredentialComponent needs a credentialType",
                );
                ComponentKind::Milestone
            }
        },
        _ => ComponentKind::Milestone,
    }
}
