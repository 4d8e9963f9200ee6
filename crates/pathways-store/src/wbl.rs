//! Students and work-based learning: opportunities, applications, rounds.

use pathways_domain::catalog::{Id, Stored};
use pathways_domain::wbl::{OpportunityInput, OpportunityStatus, StudentInput, WblActivity};
use pathways_domain::{FieldError, SocCode, Validate};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Store;
use crate::entity::Page;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, Value, get_bool, now, parse_col};

fn ids_text(ids: &[Id]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A nullable float bound with its type (PostgreSQL refuses untyped nulls).
pub(crate) fn float(v: Option<f64>) -> Value {
    match v {
        Some(f) => Value::Float(f),
        None => Value::Int(None),
    }
}

fn ids_parse(text: &str) -> Vec<Id> {
    text.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn meta(r: &AnyRow) -> Result<pathways_domain::catalog::Meta> {
    Ok(pathways_domain::catalog::Meta {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn student_from(r: &AnyRow) -> Result<Stored<StudentInput>> {
    let completed: String = r.try_get("completed_course_ids")?;
    Ok(Stored {
        meta: meta(r)?,
        fields: StudentInput {
            student_ref: r.try_get("student_ref")?,
            display_name: r.try_get("display_name")?,
            school_id: r.try_get("school_id")?,
            grade: r.try_get("grade")?,
            birth_date: r.try_get("birth_date")?,
            pathway_id: r.try_get("pathway_id")?,
            concentrator: get_bool(r, "concentrator")?,
            equity_priority: get_bool(r, "equity_priority")?,
            completed_course_ids: ids_parse(&completed),
        },
    })
}

/// A stored opportunity with its review status.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Opportunity {
    /// Id, version, timestamps.
    #[serde(flatten)]
    pub meta: pathways_domain::catalog::Meta,
    /// Review status.
    pub status: OpportunityStatus,
    /// Continuum stage (derived from the activity).
    pub stage: pathways_domain::wbl::WblStage,
    /// The fields.
    #[serde(flatten)]
    pub fields: OpportunityInput,
}

fn opportunity_from(r: &AnyRow) -> Result<Opportunity> {
    let soc: Option<String> = r.try_get("soc")?;
    let courses: String = r.try_get("required_course_ids")?;
    let activity = parse_col(r, "wbl_opportunities", "activity", WblActivity::parse)?;
    Ok(Opportunity {
        meta: meta(r)?,
        status: parse_col(r, "wbl_opportunities", "status", OpportunityStatus::parse)?,
        stage: activity.stage(),
        fields: OpportunityInput {
            employer_id: r.try_get("employer_id")?,
            title: r.try_get("title")?,
            description: r.try_get("description")?,
            activity,
            pathway_id: r.try_get("pathway_id")?,
            soc: soc
                .as_deref()
                .map(SocCode::parse)
                .transpose()
                .map_err(|e| StoreError::Corrupt {
                    table: "wbl_opportunities",
                    column: "soc",
                    message: e.to_string(),
                })?,
            location: r.try_get("location")?,
            schedule: r.try_get("schedule")?,
            paid: get_bool(r, "paid")?,
            capacity: r.try_get("capacity")?,
            min_age: r.try_get("min_age")?,
            min_grade: r.try_get("min_grade")?,
            required_course_ids: ids_parse(&courses),
            transportation_provided: get_bool(r, "transportation_provided")?,
            supervisor: r.try_get("supervisor")?,
            starts_on: r.try_get("starts_on")?,
            latitude: r.try_get("latitude")?,
            longitude: r.try_get("longitude")?,
        },
    })
}

/// Filters for the opportunity board.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    /// Only these statuses (empty: all).
    pub statuses: Vec<OpportunityStatus>,
    /// Only this employer, or published ones and this employer's own.
    pub employer_id: Option<Id>,
    /// Employers see published opportunities and all of their own.
    pub own_or_published: bool,
    /// Pathway.
    pub pathway_id: Option<Id>,
    /// Continuum stage.
    pub stage: Option<String>,
    /// Paid only / unpaid only.
    pub paid: Option<bool>,
    /// Text in title or description.
    pub q: Option<String>,
    /// Only sites within a distance of a point (sites without a location are left out).
    pub near: Option<Near>,
}

/// A distance filter: within `miles` of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Latitude of the centre.
    pub latitude: f64,
    /// Longitude of the centre.
    pub longitude: f64,
    /// Radius in miles.
    pub miles: f64,
}

impl Near {
    /// A box that holds the circle, so SQL can discard far rows cheaply
    /// before the exact haversine test; returns (min lat, max lat, min lon, max lon).
    fn bounding_box(&self) -> (f64, f64, f64, f64) {
        let dlat = self.miles / 69.0;
        let cos = self.latitude.to_radians().cos().abs().max(0.01);
        let dlon = (self.miles / (69.172 * cos)).min(180.0);
        (
            self.latitude - dlat * 1.01,
            self.latitude + dlat * 1.01,
            self.longitude - dlon * 1.01,
            self.longitude + dlon * 1.01,
        )
    }

    /// Whether a site lies within the radius.
    pub fn contains(&self, latitude: Option<f64>, longitude: Option<f64>) -> bool {
        match (latitude, longitude) {
            (Some(lat), Some(lon)) => {
                pathways_domain::placement::haversine_miles(self.latitude, self.longitude, lat, lon)
                    <= self.miles
            }
            _ => false,
        }
    }
}

/// An application with what staff need to read it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Application {
    /// Id.
    pub id: Id,
    /// Opportunity.
    pub opportunity_id: Id,
    /// Its title.
    pub opportunity_title: String,
    /// Student.
    pub student_ref: String,
    /// The student's rank of this opportunity (1 = first choice).
    pub rank: i64,
    /// When.
    pub created_at: String,
}

/// Scope of an application listing.
#[derive(Debug, Clone)]
pub enum ApplicationScope {
    /// Everything (convener).
    All,
    /// One student's own.
    Student(String),
    /// Students of one school.
    School(Id),
    /// Applicants to one employer's opportunities.
    Employer(Id),
}

/// A stored matching round.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Round {
    /// Id.
    pub id: Id,
    /// Name.
    pub name: String,
    /// Lottery seed (re-running with it reproduces the round).
    pub seed: i64,
    /// Equity priority ranked above other non-concentrators.
    pub equity_first: bool,
    /// When it ran.
    pub run_at: String,
    /// Students in the round.
    pub students: i64,
    /// Students matched.
    pub matched: i64,
    /// The stability check passed.
    pub stable: bool,
    /// Blocking pairs found by the check (0 when stable).
    pub blocking_pairs: i64,
}

/// One student's result in a round.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RoundResult {
    /// Student.
    pub student_ref: String,
    /// Placement, if matched.
    pub opportunity_id: Option<Id>,
    /// Which choice it was (1 = first).
    pub choice: Option<i64>,
    /// Why each higher choice was not given.
    #[schema(value_type = Object)]
    pub explanation: serde_json::Value,
}

impl Store {
    /// Adds a student to a school's roster.
    pub async fn create_student(&self, s: &StudentInput) -> Result<Stored<StudentInput>> {
        s.validate().map_err(StoreError::Invalid)?;
        let ts = now();
        let mut sql = Sql::new(
            "INSERT INTO students (student_ref, display_name, school_id, grade, birth_date, pathway_id, \
             concentrator, equity_priority, completed_course_ids, created_at, updated_at) VALUES (",
        );
        sql.bind(s.student_ref.as_str())
            .push(", ")
            .bind(s.display_name.as_str())
            .push(", ")
            .bind(s.school_id)
            .push(", ")
            .bind(s.grade)
            .push(", ")
            .bind(s.birth_date.as_str())
            .push(", ")
            .bind(s.pathway_id)
            .push(", ")
            .bind(s.concentrator)
            .push(", ")
            .bind(s.equity_priority)
            .push(", ")
            .bind(ids_text(&s.completed_course_ids))
            .push(", ")
            .bind(ts.as_str())
            .push(", ")
            .bind(ts.as_str())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        sql.query().fetch_one(&mut *tx).await.map_err(|e| {
            match StoreError::from_write(e, "student") {
                StoreError::Duplicate { .. } => StoreError::Invalid(vec![FieldError::new(
                    "student_ref",
                    format!("student {} already exists", s.student_ref),
                )]),
                StoreError::Invalid(_) => StoreError::Invalid(vec![FieldError::new(
                    "school_id",
                    "school or pathway does not exist",
                )]),
                other => other,
            }
        })?;
        tx.commit().await?;
        self.student(&s.student_ref)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "student",
                id: s.student_ref.clone(),
            })
    }

    /// A student by reference.
    pub async fn student(&self, student_ref: &str) -> Result<Option<Stored<StudentInput>>> {
        let mut sql = Sql::new("SELECT * FROM students WHERE student_ref = ");
        sql.bind(student_ref);
        sql.query()
            .fetch_optional(self.pool())
            .await?
            .map(|r| student_from(&r))
            .transpose()
    }

    /// Students, optionally of one school (the school or its district).
    pub async fn students(
        &self,
        school_id: Option<Id>,
        after: Option<Id>,
        limit: u32,
    ) -> Result<Page<Stored<StudentInput>>> {
        let mut sql = Sql::new("SELECT * FROM students WHERE 1 = 1");
        if let Some(s) = school_id {
            sql.push(" AND (school_id = ")
                .bind(s)
                .push(" OR school_id IN (SELECT id FROM organizations WHERE parent_id = ")
                .bind(s)
                .push("))");
        }
        if let Some(a) = after {
            sql.push(" AND id > ").bind(a);
        }
        sql.push(" ORDER BY id LIMIT ").bind(i64::from(limit) + 1);
        let rows = sql.query().fetch_all(self.pool()).await?;
        let items: Vec<_> = rows.iter().map(student_from).collect::<Result<_>>()?;
        Ok(Page::from_overfetch(items, limit, |s| s.meta.id))
    }

    /// The references of every student at a school (or at the schools of a
    /// district): the scope checks need only these, not whole records.
    pub async fn student_refs(&self, school_id: Id) -> Result<Vec<String>> {
        let mut sql = Sql::new("SELECT student_ref FROM students WHERE school_id = ");
        sql.bind(school_id)
            .push(" OR school_id IN (SELECT id FROM organizations WHERE parent_id = ")
            .bind(school_id)
            .push(") ORDER BY id");
        let rows = sql.query().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>("student_ref")?))
            .collect()
    }

    /// Creates an opportunity as a draft.
    pub async fn create_opportunity(
        &self,
        o: &OpportunityInput,
        status: OpportunityStatus,
    ) -> Result<Opportunity> {
        o.validate().map_err(StoreError::Invalid)?;
        let ts = now();
        let mut sql = Sql::new(
            "INSERT INTO wbl_opportunities (employer_id, title, description, activity, stage, pathway_id, soc, location, \
             schedule, paid, capacity, min_age, min_grade, required_course_ids, transportation_provided, supervisor, \
             starts_on, latitude, longitude, status, created_at, updated_at) VALUES (",
        );
        sql.bind(o.employer_id)
            .push(", ")
            .bind(o.title.as_str())
            .push(", ")
            .bind(o.description.as_str())
            .push(", ")
            .bind(o.activity.as_str())
            .push(", ")
            .bind(o.activity.stage().as_str())
            .push(", ")
            .bind(o.pathway_id)
            .push(", ")
            .bind(o.soc.map(|s| s.to_string()))
            .push(", ")
            .bind(o.location.as_str())
            .push(", ")
            .bind(o.schedule.as_str())
            .push(", ")
            .bind(o.paid)
            .push(", ")
            .bind(o.capacity)
            .push(", ")
            .bind(o.min_age)
            .push(", ")
            .bind(o.min_grade)
            .push(", ")
            .bind(ids_text(&o.required_course_ids))
            .push(", ")
            .bind(o.transportation_provided)
            .push(", ")
            .bind(o.supervisor.as_str())
            .push(", ")
            .bind(o.starts_on.clone())
            .push(", ")
            .bind(float(o.latitude))
            .push(", ")
            .bind(float(o.longitude))
            .push(", ")
            .bind(status.as_str())
            .push(", ")
            .bind(ts.as_str())
            .push(", ")
            .bind(ts.as_str())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row =
            sql.query().fetch_one(&mut *tx).await.map_err(|e| {
                match StoreError::from_write(e, "opportunity") {
                    StoreError::Invalid(_) => StoreError::Invalid(vec![FieldError::new(
                        "employer_id",
                        "employer or pathway does not exist",
                    )]),
                    other => other,
                }
            })?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        self.opportunity(id).await
    }

    /// An opportunity.
    pub async fn opportunity(&self, id: Id) -> Result<Opportunity> {
        let mut sql = Sql::new("SELECT * FROM wbl_opportunities WHERE id = ");
        sql.bind(id);
        let row = sql.fetch_found(self.pool(), "opportunity", id).await?;
        opportunity_from(&row)
    }

    /// Replaces an opportunity's fields if `version` is current.
    pub async fn update_opportunity(
        &self,
        id: Id,
        version: i64,
        o: &OpportunityInput,
    ) -> Result<Opportunity> {
        o.validate().map_err(StoreError::Invalid)?;
        let mut sql = Sql::new("UPDATE wbl_opportunities SET title = ");
        sql.bind(o.title.as_str())
            .push(", description = ")
            .bind(o.description.as_str())
            .push(", activity = ")
            .bind(o.activity.as_str())
            .push(", stage = ")
            .bind(o.activity.stage().as_str())
            .push(", pathway_id = ")
            .bind(o.pathway_id)
            .push(", soc = ")
            .bind(o.soc.map(|s| s.to_string()))
            .push(", location = ")
            .bind(o.location.as_str())
            .push(", schedule = ")
            .bind(o.schedule.as_str())
            .push(", paid = ")
            .bind(o.paid)
            .push(", capacity = ")
            .bind(o.capacity)
            .push(", min_age = ")
            .bind(o.min_age)
            .push(", min_grade = ")
            .bind(o.min_grade)
            .push(", required_course_ids = ")
            .bind(ids_text(&o.required_course_ids))
            .push(", transportation_provided = ")
            .bind(o.transportation_provided)
            .push(", supervisor = ")
            .bind(o.supervisor.as_str())
            .push(", starts_on = ")
            .bind(o.starts_on.clone())
            .push(", latitude = ")
            .bind(float(o.latitude))
            .push(", longitude = ")
            .bind(float(o.longitude))
            .push(", version = version + 1, updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id)
            .push(" AND version = ")
            .bind(version);
        if sql.query().execute(self.pool()).await?.rows_affected() == 0 {
            let current = self.opportunity(id).await?;
            return Err(StoreError::Stale {
                entity: "opportunity",
                id,
                sent: version,
                current: current.meta.version,
            });
        }
        self.opportunity(id).await
    }

    /// Moves an opportunity through review.
    pub async fn set_opportunity_status(
        &self,
        id: Id,
        status: OpportunityStatus,
    ) -> Result<Opportunity> {
        let mut sql = Sql::new("UPDATE wbl_opportunities SET status = ");
        sql.bind(status.as_str())
            .push(", version = version + 1, updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id);
        if sql.query().execute(self.pool()).await?.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                entity: "opportunity",
                id: id.to_string(),
            });
        }
        self.opportunity(id).await
    }

    /// The board.
    pub async fn opportunities(
        &self,
        f: &BoardFilter,
        after: Option<Id>,
        limit: u32,
    ) -> Result<Page<Opportunity>> {
        let mut sql = Sql::new("SELECT * FROM wbl_opportunities WHERE 1 = 1");
        if !f.statuses.is_empty() {
            let statuses: Vec<&str> = f.statuses.iter().map(|s| s.as_str()).collect();
            if f.own_or_published {
                sql.push(" AND (status IN (")
                    .bind_list(&statuses)
                    .push(") OR employer_id = ")
                    .bind(f.employer_id.unwrap_or(-1))
                    .push(")");
            } else {
                sql.push(" AND status IN (").bind_list(&statuses).push(")");
            }
        }
        if let (Some(e), false) = (f.employer_id, f.own_or_published) {
            sql.push(" AND employer_id = ").bind(e);
        }
        if let Some(p) = f.pathway_id {
            sql.push(" AND pathway_id = ").bind(p);
        }
        if let Some(s) = &f.stage {
            sql.push(" AND stage = ").bind(s.as_str());
        }
        if let Some(p) = f.paid {
            sql.push(" AND paid = ").bind(p);
        }
        if let Some(q) = &f.q {
            let pat = format!("%{}%", q.to_lowercase());
            sql.push(" AND (lower(title) LIKE ")
                .bind(pat.as_str())
                .push(" OR lower(description) LIKE ")
                .bind(pat.as_str())
                .push(")");
        }
        if let Some(n) = &f.near {
            let (lat0, lat1, lon0, lon1) = n.bounding_box();
            sql.push(" AND latitude BETWEEN ")
                .bind(lat0)
                .push(" AND ")
                .bind(lat1)
                .push(" AND longitude BETWEEN ")
                .bind(lon0)
                .push(" AND ")
                .bind(lon1);
        }
        if let Some(a) = after {
            sql.push(" AND id > ").bind(a);
        }
        sql.push(" ORDER BY id LIMIT ").bind(i64::from(limit) + 1);
        let rows = sql.query().fetch_all(self.pool()).await?;
        let items: Vec<Opportunity> = rows.iter().map(opportunity_from).collect::<Result<_>>()?;
        let mut page = Page::from_overfetch(items, limit, |o| o.meta.id);
        if let Some(n) = &f.near {
            // The cursor stays that of the box's rows, so no site is skipped;
            // the corners of the box outside the circle are dropped here.
            page.items
                .retain(|o| n.contains(o.fields.latitude, o.fields.longitude));
        }
        Ok(page)
    }

    /// Every opportunity matching `f`, page after page.
    pub async fn all_opportunities(&self, f: &BoardFilter) -> Result<Vec<Opportunity>> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self.opportunities(f, after, 500).await?;
            out.extend(page.items);
            after = page.next_cursor;
            if after.is_none() {
                return Ok(out);
            }
        }
    }

    /// Records (or re-ranks) a student's application.
    pub async fn apply(
        &self,
        student_ref: &str,
        opportunity_id: Id,
        rank: i64,
    ) -> Result<Application> {
        if !(1..=20).contains(&rank) {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "rank",
                "must be from 1 to 20",
            )]));
        }
        let mut tx = self.begin().await?;
        let mut del = Sql::new("DELETE FROM wbl_applications WHERE student_ref = ");
        del.bind(student_ref)
            .push(" AND (opportunity_id = ")
            .bind(opportunity_id)
            .push(" OR rank = ")
            .bind(rank)
            .push(")");
        del.query().execute(&mut *tx).await?;
        let mut sql = Sql::new(
            "INSERT INTO wbl_applications (opportunity_id, student_ref, rank, created_at) VALUES (",
        );
        sql.bind(opportunity_id)
            .push(", ")
            .bind(student_ref)
            .push(", ")
            .bind(rank)
            .push(", ")
            .bind(now())
            .push(") RETURNING id");
        let row = sql
            .query()
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "application"))?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        let apps = self
            .applications(&ApplicationScope::Student(student_ref.to_owned()))
            .await?;
        apps.into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| StoreError::NotFound {
                entity: "application",
                id: id.to_string(),
            })
    }

    /// Withdraws an application; false when there was none.
    pub async fn withdraw(&self, student_ref: &str, opportunity_id: Id) -> Result<bool> {
        let mut sql = Sql::new("DELETE FROM wbl_applications WHERE student_ref = ");
        sql.bind(student_ref)
            .push(" AND opportunity_id = ")
            .bind(opportunity_id);
        Ok(sql.query().execute(self.pool()).await?.rows_affected() > 0)
    }

    /// Applications in a scope, by student then rank.
    pub async fn applications(&self, scope: &ApplicationScope) -> Result<Vec<Application>> {
        let mut sql = Sql::new(
            "SELECT a.id, a.opportunity_id, o.title AS opportunity_title, a.student_ref, a.rank, a.created_at \
             FROM wbl_applications a JOIN wbl_opportunities o ON o.id = a.opportunity_id WHERE 1 = 1",
        );
        match scope {
            ApplicationScope::All => {}
            ApplicationScope::Student(s) => {
                sql.push(" AND a.student_ref = ").bind(s.as_str());
            }
            ApplicationScope::Employer(e) => {
                sql.push(" AND o.employer_id = ").bind(*e);
            }
            ApplicationScope::School(s) => {
                sql.push(
                    " AND a.student_ref IN (SELECT student_ref FROM students WHERE school_id = ",
                )
                .bind(*s)
                .push(" OR school_id IN (SELECT id FROM organizations WHERE parent_id = ")
                .bind(*s)
                .push("))");
            }
        }
        sql.push(" ORDER BY a.student_ref, a.rank");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(Application {
                    id: r.try_get("id")?,
                    opportunity_id: r.try_get("opportunity_id")?,
                    opportunity_title: r.try_get("opportunity_title")?,
                    student_ref: r.try_get("student_ref")?,
                    rank: r.try_get("rank")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Saves a round and its results in one transaction.
    pub async fn save_round(
        &self,
        round: &Round,
        run_by: Option<Id>,
        lottery: &str,
        results: &[RoundResult],
    ) -> Result<Round> {
        let mut tx = self.begin().await?;
        let mut sql = Sql::new(
            "INSERT INTO wbl_rounds (name, seed, equity_first, run_at, run_by, students, matched, stable, blocking_pairs, lottery) VALUES (",
        );
        sql.bind(round.name.as_str())
            .push(", ")
            .bind(round.seed)
            .push(", ")
            .bind(round.equity_first)
            .push(", ")
            .bind(round.run_at.as_str())
            .push(", ")
            .bind(run_by)
            .push(", ")
            .bind(round.students)
            .push(", ")
            .bind(round.matched)
            .push(", ")
            .bind(round.stable)
            .push(", ")
            .bind(round.blocking_pairs)
            .push(", ")
            .bind(lottery)
            .push(") RETURNING id");
        let id: Id = sql.query().fetch_one(&mut *tx).await?.try_get("id")?;
        for r in results {
            let mut ins = Sql::new(
                "INSERT INTO wbl_round_results (round_id, student_ref, opportunity_id, choice, explanation) VALUES (",
            );
            ins.bind(id)
                .push(", ")
                .bind(r.student_ref.as_str())
                .push(", ")
                .bind(r.opportunity_id)
                .push(", ")
                .bind(r.choice)
                .push(", ")
                .bind(r.explanation.to_string())
                .push(")");
            ins.query().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Round {
            id,
            ..round.clone()
        })
    }

    /// Rounds, newest first.
    pub async fn rounds(&self) -> Result<Vec<Round>> {
        Sql::new("SELECT * FROM wbl_rounds ORDER BY id DESC")
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(Round {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    seed: r.try_get("seed")?,
                    equity_first: get_bool(r, "equity_first")?,
                    run_at: r.try_get("run_at")?,
                    students: r.try_get("students")?,
                    matched: r.try_get("matched")?,
                    stable: get_bool(r, "stable")?,
                    blocking_pairs: r.try_get("blocking_pairs")?,
                })
            })
            .collect()
    }

    /// Results of a round, optionally for one student.
    pub async fn round_results(
        &self,
        round_id: Id,
        student_ref: Option<&str>,
    ) -> Result<Vec<RoundResult>> {
        let mut sql = Sql::new("SELECT * FROM wbl_round_results WHERE round_id = ");
        sql.bind(round_id);
        if let Some(s) = student_ref {
            sql.push(" AND student_ref = ").bind(s);
        }
        sql.push(" ORDER BY student_ref");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let e: String = r.try_get("explanation")?;
                Ok(RoundResult {
                    student_ref: r.try_get("student_ref")?,
                    opportunity_id: r.try_get("opportunity_id")?,
                    choice: r.try_get("choice")?,
                    explanation: serde_json::from_str(&e).unwrap_or_default(),
                })
            })
            .collect()
    }
}
