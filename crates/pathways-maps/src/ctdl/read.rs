//! Typed reads of `serde_json::Value` that record each problem with its
//! JSON path, so import can collect every problem in one pass.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::component::OTHER_COMPONENT_TYPES;
use super::{COURSE_CODE_TYPE, ID_TYPE, ImportProblem, ImportReport, LANG};
use crate::model::{CreditHours, Ctid};

pub(super) struct Ctx {
    pub(super) problems: Vec<ImportProblem>,
    pub(super) report: ImportReport,
}

impl Ctx {
    pub(super) fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(ImportProblem {
            path: path.into(),
            message: message.into(),
        });
    }

    /// A plain string or a language map (`en-US` preferred, else the first).
    pub(super) fn text(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(m) => match m.get(LANG).or_else(|| m.values().next()) {
                Some(Value::String(s)) => Some(s.clone()),
                _ => {
                    self.problem(path, "expected a language map of strings");
                    None
                }
            },
            _ => {
                self.problem(path, "expected a string or a language map");
                None
            }
        }
    }

    /// A string or an array of strings (references), each with its path.
    pub(super) fn refs(&mut self, v: &Value, path: &str) -> Vec<(String, String)> {
        match v {
            Value::String(s) => vec![(s.clone(), path.to_owned())],
            Value::Array(a) => a
                .iter()
                .enumerate()
                .filter_map(|(i, x)| match x {
                    Value::String(s) => Some((s.clone(), format!("{path}[{i}]"))),
                    _ => {
                        self.problem(format!("{path}[{i}]"), "expected a URI string");
                        None
                    }
                })
                .collect(),
            _ => {
                self.problem(path, "expected a URI or an array of URIs");
                Vec::new()
            }
        }
    }

    pub(super) fn array<'a>(&mut self, v: &'a Value, path: &str) -> &'a [Value] {
        match v {
            Value::Array(a) => a,
            Value::Object(_) => std::slice::from_ref(v),
            _ => {
                self.problem(path, "expected an array of objects");
                &[]
            }
        }
    }

    pub(super) fn ctid(&mut self, o: &Map<String, Value>, path: &str) -> Option<Ctid> {
        let v = o.get("ceterms:ctid")?;
        let parsed = v.as_str().and_then(Ctid::parse);
        if parsed.is_none() {
            self.problem(
                format!("{path}.ceterms:ctid"),
                "expected a CTID, ce- followed by a UUID",
            );
        }
        parsed
    }

    /// Nested properties the model has no place for are reported, so
    /// nothing is dropped silently.
    pub(super) fn not_kept(&mut self, v: &Value, known: &[&str], path: &str) {
        if let Some(o) = v.as_object() {
            for k in o.keys().filter(|k| !known.contains(&k.as_str())) {
                self.report.notes.push(format!(
                    "{path}.{k}: not kept; the map model has no place for it"
                ));
            }
        }
    }

    /// Unknown keys become `extra`, each reported.
    pub(super) fn extra(
        &mut self,
        o: &Map<String, Value>,
        known: &[&str],
        path: &str,
    ) -> Map<String, Value> {
        let mut extra = Map::new();
        for (k, v) in o {
            if !known.contains(&k.as_str()) {
                self.report.kept.push(format!("{path}.{k}"));
                extra.insert(k.clone(), v.clone());
            }
        }
        extra
    }
}

pub(super) fn types(node: &Map<String, Value>) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn is_component_type(t: &str) -> bool {
    matches!(
        t,
        "ceterms:CourseComponent"
            | "ceterms:CredentialComponent"
            | "ceterms:WorkExperienceComponent"
            | "ceterms:BasicComponent"
            | "ceterms:JobComponent"
    ) || OTHER_COMPONENT_TYPES.contains(&t)
}

/// Reads identifiers: (our id, course code, entries we do not recognize).
pub(super) fn identifiers(
    ctx: &mut Ctx,
    o: &Map<String, Value>,
    path: &str,
) -> (Option<String>, Option<String>, Vec<Value>) {
    let (mut id, mut code, mut other) = (None, None, Vec::new());
    let Some(v) = o.get("ceterms:identifier") else {
        return (id, code, other);
    };
    let path = format!("{path}.ceterms:identifier");
    for (i, entry) in ctx.array(v, &path).iter().enumerate() {
        let type_name = entry
            .get("ceterms:identifierTypeName")
            .and_then(|t| t.get(LANG).or(Some(t)))
            .and_then(Value::as_str);
        let value = entry
            .get("ceterms:identifierValueCode")
            .and_then(Value::as_str);
        match (type_name, value) {
            (Some(ID_TYPE), Some(v)) if id.is_none() => id = Some(v.to_owned()),
            (Some(COURSE_CODE_TYPE), Some(v)) if code.is_none() => code = Some(v.to_owned()),
            _ => {
                ctx.report.kept.push(format!("{path}[{i}]"));
                other.push(entry.clone());
            }
        }
    }
    (id, code, other)
}

pub(super) fn resolve(
    ctx: &mut Ctx,
    by_uri: &BTreeMap<String, String>,
    u: &str,
    path: &str,
) -> Option<String> {
    let found = by_uri.get(u).cloned();
    if found.is_none() {
        ctx.problem(path, "unknown component id");
    }
    found
}

pub(super) fn flag(ctx: &mut Ctx, o: &Map<String, Value>, key: &str, path: &str) -> Option<bool> {
    match o.get(key)? {
        Value::Bool(b) => Some(*b),
        _ => {
            ctx.problem(format!("{path}.{key}"), "expected true or false");
            None
        }
    }
}

/// The `ceterms:ValueProfile` properties the model holds.
const VALUE_PROFILE_KEYS: &[&str] = &["@type", "ceterms:value", "ceterms:creditUnitType"];

/// The `ceterms:CredentialAlignmentObject` properties the model holds.
pub(super) const ALIGNMENT_KEYS: &[&str] = &[
    "@type",
    "ceterms:framework",
    "ceterms:frameworkName",
    "ceterms:codedNotation",
    "ceterms:targetNodeName",
];

pub(super) fn credit(ctx: &mut Ctx, v: &Value, path: &str) -> Option<CreditHours> {
    let list = ctx.array(v, path);
    let first = list.first()?;
    if list.len() > 1 {
        ctx.problem(format!("{path}[1]"), "only one credit value is supported");
    }
    ctx.not_kept(first, VALUE_PROFILE_KEYS, &format!("{path}[0]"));
    let unit = first.get("ceterms:creditUnitType");
    if unit.is_some_and(|u| {
        *u != serde_json::json!(["creditUnit:SemesterHour"])
            && u.as_str() != Some("creditUnit:SemesterHour")
    }) {
        ctx.report.notes.push(format!(
            "{path}[0].ceterms:creditUnitType: read as semester hours"
        ));
    }
    let value = first.get("ceterms:value").and_then(Value::as_f64);
    match value.and_then(CreditHours::from_f64) {
        Some(h) => Some(h),
        None => {
            ctx.problem(
                format!("{path}[0].ceterms:value"),
                "expected a non-negative number of credit hours, in tenths at most",
            );
            None
        }
    }
}
