//! The OpenAPI 3.1 document, generated from the route table and the types.
//!
//! Each API route is registered with an [`OpDoc`] beside its handler and
//! access rule, and request and response bodies are the domain types' own
//! `ToSchema` descriptions, so the document cannot drift from the code.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::Method;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, Components, ComponentsBuilder, Object, ObjectBuilder, Type,
};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr, Required,
    ResponseBuilder, Schema,
};

use crate::access::Access;

/// One documented parameter.
#[derive(Clone)]
pub struct ParamDoc {
    /// Name.
    pub name: &'static str,
    /// Where it goes.
    pub location: ParamLocation,
    /// Required or not.
    pub required: bool,
    /// JSON type of the value.
    pub kind: Type,
    /// What it does.
    pub description: &'static str,
    /// Allowed values, when the parameter is an enumeration.
    pub allowed: &'static [&'static str],
    /// Inclusive bounds for integers.
    pub range: Option<(i64, i64)>,
    /// Bounds for numbers: more than the first, at most the second.
    pub above_at_most: Option<(f64, f64)>,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// The documentation of one API operation.
#[derive(Clone)]
pub struct OpDoc {
    /// Filled in by the route table.
    pub method: Method,
    /// Filled in by the route table.
    pub path: &'static str,
    /// Filled in by the route table.
    pub access: Access,
    /// Grouping tag.
    pub tag: &'static str,
    /// One-line summary.
    pub summary: String,
    /// Unique operation id.
    pub operation_id: String,
    /// Parameters.
    pub params: Vec<ParamDoc>,
    /// Request body schema name (JSON).
    pub request: Option<String>,
    /// Success status and response schema name (None: no body).
    pub response: (u16, Option<String>),
    /// Error statuses it may return (problem+json).
    pub errors: Vec<u16>,
}

impl OpDoc {
    /// A new operation doc; method, path and access are set at registration.
    pub fn new(
        tag: &'static str,
        operation_id: impl Into<String>,
        summary: impl Into<String>,
    ) -> Self {
        Self {
            method: Method::GET,
            path: "",
            access: Access::Public,
            tag,
            summary: summary.into(),
            operation_id: operation_id.into(),
            params: Vec::new(),
            request: None,
            response: (200, None),
            errors: Vec::new(),
        }
    }

    /// Adds a parameter.
    pub fn param(
        mut self,
        name: &'static str,
        location: ParamLocation,
        required: bool,
        kind: Type,
        description: &'static str,
    ) -> Self {
        self.params.push(ParamDoc {
            name,
            location,
            required,
            kind,
            description,
            allowed: &[],
            range: None,
            above_at_most: None,
        });
        self
    }

    /// Restricts the last parameter to these values.
    pub fn allowed(mut self, values: &'static [&'static str]) -> Self {
        if let Some(p) = self.params.last_mut() {
            p.allowed = values;
        }
        self
    }

    /// Bounds the last (integer) parameter.
    pub fn range(mut self, min: i64, max: i64) -> Self {
        if let Some(p) = self.params.last_mut() {
            p.range = Some((min, max));
        }
        self
    }

    /// Bounds the last (number) parameter: more than `min`, at most `max`.
    /// Documented bounds let clients (and schemathesis) tell an out-of-range
    /// value from a valid one before sending it.
    pub fn above_at_most(mut self, min: f64, max: f64) -> Self {
        if let Some(p) = self.params.last_mut() {
            p.above_at_most = Some((min, max));
        }
        self
    }

    /// Sets the request body schema.
    pub fn request(mut self, schema: impl Into<String>) -> Self {
        self.request = Some(schema.into());
        self
    }

    /// Sets the success response.
    pub fn response(mut self, status: u16, schema: Option<String>) -> Self {
        self.response = (status, schema);
        self
    }

    /// Adds possible error statuses.
    pub fn errors(mut self, statuses: &[u16]) -> Self {
        self.errors.extend_from_slice(statuses);
        self
    }
}

fn http_method(m: &Method) -> HttpMethod {
    match *m {
        Method::POST => HttpMethod::Post,
        Method::PUT => HttpMethod::Put,
        Method::DELETE => HttpMethod::Delete,
        Method::PATCH => HttpMethod::Patch,
        Method::HEAD => HttpMethod::Head,
        _ => HttpMethod::Get,
    }
}

fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

fn status_text(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No content",
        400 => "Malformed request (problem+json names each parameter)",
        401 => "Sign-in required",
        403 => "Not allowed for this role",
        404 => "Not found",
        409 => "Conflict: stale version or still referenced",
        422 => "Invalid input (problem+json names each field)",
        428 => "If-Match with the current version is required",
        429 => "Too many attempts",
        _ => "Response",
    }
}

/// Adds `T`'s schema and every schema it refers to (`schema_from` alone
/// leaves nested references such as `SocCode` unresolved).
pub fn with_deps<T: utoipa::ToSchema>(c: ComponentsBuilder) -> ComponentsBuilder {
    let mut deps = Vec::new();
    T::schemas(&mut deps);
    c.schema_from::<T>().schemas_from_iter(deps)
}

/// Builds the document from the registered operations and schema components.
pub fn document(docs: &[OpDoc], components: ComponentsBuilder) -> OpenApi {
    let mut paths = PathsBuilder::new();
    let mut sorted: Vec<&OpDoc> = docs.iter().collect();
    sorted.sort_by(|a, b| (a.path, a.method.as_str()).cmp(&(b.path, b.method.as_str())));
    for d in sorted {
        let mut op = OperationBuilder::new()
            .tag(d.tag)
            .summary(Some(d.summary.clone()))
            .operation_id(Some(d.operation_id.clone()))
            .description(Some(match d.access {
                Access::Public => "Access: public.".to_owned(),
                Access::SignedIn => "Access: any signed-in user.".to_owned(),
                Access::Roles(r) => format!(
                    "Access: {}.",
                    r.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")
                ),
            }));
        for p in &d.params {
            op = op.parameter(
                ParameterBuilder::new()
                    .name(p.name)
                    .parameter_in(match p.location {
                        ParamLocation::Path => ParameterIn::Path,
                        ParamLocation::Query => ParameterIn::Query,
                        ParamLocation::Header => ParameterIn::Header,
                    })
                    .required(if p.required {
                        Required::True
                    } else {
                        Required::False
                    })
                    .description(Some(p.description))
                    .schema(Some({
                        let mut o = ObjectBuilder::new().schema_type(p.kind.clone());
                        if !p.allowed.is_empty() {
                            o = o.enum_values(Some(p.allowed.iter().copied()));
                        }
                        if let Some((min, max)) = p.range {
                            o = o.minimum(Some(min)).maximum(Some(max));
                        }
                        if let Some((min, max)) = p.above_at_most {
                            o = o.exclusive_minimum(Some(min)).maximum(Some(max));
                        }
                        if p.kind == Type::Integer {
                            o = o.format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                                utoipa::openapi::KnownFormat::Int64,
                            )));
                        }
                        o
                    })),
            );
        }
        if let Some(req) = &d.request {
            op = op.request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(reference(req))).build(),
                    )
                    .build(),
            ));
        }
        let (code, schema) = &d.response;
        let mut ok = ResponseBuilder::new().description(status_text(*code));
        if let Some(s) = schema {
            ok = ok.content(
                "application/json",
                ContentBuilder::new().schema(Some(reference(s))).build(),
            );
        }
        op = op.response(code.to_string(), ok.build());
        let mut errors = d.errors.clone();
        // Wrong credentials are refused on every route, public or not, and
        // any parameter can be malformed.
        errors.push(401);
        if !d.params.is_empty() {
            errors.push(400);
        }
        if !matches!(d.access, Access::Public) {
            errors.extend([401, 403]);
            op = op
                .security(SecurityRequirement::new("bearer", Vec::<String>::new()))
                .security(SecurityRequirement::new("session", Vec::<String>::new()));
        }
        errors.sort_unstable();
        errors.dedup();
        for e in errors {
            op = op.response(
                e.to_string(),
                ResponseBuilder::new()
                    .description(status_text(e))
                    .content(
                        "application/problem+json",
                        ContentBuilder::new()
                            .schema(Some(reference("Problem")))
                            .build(),
                    )
                    .build(),
            );
        }
        // axum's `{id}` path syntax is OpenAPI's too.
        paths = paths.path(d.path, PathItem::new(http_method(&d.method), op));
    }
    let mut components = with_deps::<crate::error::Problem>(components)
        .security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        )
        .security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        )
        .build();
    open_all_of_parts(&mut components);
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Pathways API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The regional career-pathways system: catalog, labor-market alignment, pathway maps, \
                     advising, work-based learning, partnerships and outcome metrics. Errors are RFC 9457 \
                     problem details. Writes need If-Match with the version read (stale writes get 409).",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components))
        .build()
}

/// Lets the parts of an `allOf` carry each other's fields.
///
/// An input that refuses unknown fields documents `additionalProperties:
/// false`. Referred to inside an `allOf` (a stored opportunity is `Meta`, the
/// input and its review status), that restriction would forbid the fields the
/// other parts add, so every answer would fail its own schema (schemathesis
/// found this on opportunities and rubrics). Such parts are replaced by a
/// `…Fields` copy without the restriction; requests keep the strict input.
fn open_all_of_parts(components: &mut Components) {
    const PREFIX: &str = "#/components/schemas/";
    let closed: BTreeMap<String, Object> = components
        .schemas
        .iter()
        .filter_map(|(name, s)| match s {
            RefOr::T(Schema::Object(o)) if refuses_unknown_fields(o) => {
                let mut open = o.clone();
                open.additional_properties = None;
                Some((name.clone(), open))
            }
            _ => None,
        })
        .collect();
    let mut used = BTreeSet::new();
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::AllOf(all)) = schema else {
            continue;
        };
        for item in &mut all.items {
            let RefOr::Ref(r) = item else { continue };
            let Some(name) = r.ref_location.strip_prefix(PREFIX) else {
                continue;
            };
            if closed.contains_key(name) {
                let name = name.to_owned();
                *item = RefOr::Ref(Ref::from_schema_name(format!("{name}Fields")));
                used.insert(name);
            }
        }
    }
    for name in used {
        if let Some(open) = closed.get(&name) {
            components.schemas.insert(
                format!("{name}Fields"),
                RefOr::T(Schema::Object(open.clone())),
            );
        }
    }
}

fn refuses_unknown_fields(o: &Object) -> bool {
    matches!(
        o.additional_properties.as_deref(),
        Some(AdditionalProperties::FreeForm(false))
    )
}
