//! Rubric templates (the shipped default first) and the supervisor
//! evaluations scored against them.

use pathways_domain::catalog::Id;
use pathways_domain::placement::{
    EvaluationInput, EvaluationPoint, RubricTemplateInput, SkillArea, default_rubric,
};
use pathways_domain::{Problems, Validate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, now, parse_col};

/// A stored rubric template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RubricTemplate {
    /// Id.
    pub id: Id,
    /// Version (for If-Match).
    pub version: i64,
    /// Created.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// The template.
    #[serde(flatten)]
    pub fields: RubricTemplateInput,
}

/// A rating as recorded, with the criterion's wording at that time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RatedCriterion {
    /// Criterion key.
    pub criterion: String,
    /// Skill area.
    pub area: SkillArea,
    /// Criterion name.
    pub name: String,
    /// Rating.
    pub rating: i64,
    /// Comment.
    pub comment: String,
}

/// A supervisor's evaluation as stored: the template's wording is copied, so
/// later edits of a template do not change what a supervisor rated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Evaluation {
    /// Id.
    pub id: Id,
    /// Placement.
    pub placement_id: Id,
    /// Template used.
    pub template_id: Id,
    /// Its name.
    pub template_name: String,
    /// Its highest rating.
    pub scale_max: i64,
    /// Midpoint or final.
    pub point: EvaluationPoint,
    /// The ratings.
    pub ratings: Vec<RatedCriterion>,
    /// Overall comment.
    pub comment: String,
    /// The supervisor's account.
    pub evaluator_user_id: Id,
    /// Their name.
    pub evaluator_name: String,
    /// When.
    pub created_at: String,
}

fn corrupt(table: &'static str, column: &'static str, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        message: e.to_string(),
    }
}

fn template_from(r: &AnyRow) -> Result<RubricTemplate> {
    let criteria: String = r.try_get("criteria")?;
    Ok(RubricTemplate {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        fields: RubricTemplateInput {
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            scale_max: r.try_get("scale_max")?,
            criteria: serde_json::from_str(&criteria)
                .map_err(|e| corrupt("wbl_rubric_templates", "criteria", e))?,
        },
    })
}

#[derive(Serialize, Deserialize)]
struct TemplateSnapshot {
    name: String,
    scale_max: i64,
}

fn evaluation_from(r: &AnyRow) -> Result<Evaluation> {
    let t: String = r.try_get("template")?;
    let t: TemplateSnapshot =
        serde_json::from_str(&t).map_err(|e| corrupt("wbl_evaluations", "template", e))?;
    let ratings: String = r.try_get("ratings")?;
    Ok(Evaluation {
        id: r.try_get("id")?,
        placement_id: r.try_get("placement_id")?,
        template_id: r.try_get("template_id")?,
        template_name: t.name,
        scale_max: t.scale_max,
        point: parse_col(r, "wbl_evaluations", "point", EvaluationPoint::parse)?,
        ratings: serde_json::from_str(&ratings)
            .map_err(|e| corrupt("wbl_evaluations", "ratings", e))?,
        comment: r.try_get("comment")?,
        evaluator_user_id: r.try_get("evaluator_user_id")?,
        evaluator_name: r.try_get("evaluator_name")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Rubric templates in the order added; the shipped default is the first.
    pub async fn rubric_templates(&self) -> Result<Vec<RubricTemplate>> {
        self.ensure_default_rubric().await?;
        Sql::new("SELECT * FROM wbl_rubric_templates ORDER BY id")
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(template_from)
            .collect()
    }

    /// Adds the shipped rubric while no template exists (lazily, so a fresh
    /// database stays empty for restores).
    async fn ensure_default_rubric(&self) -> Result<()> {
        let n: i64 = Sql::new("SELECT COUNT(*) AS n FROM wbl_rubric_templates")
            .query()
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        if n > 0 {
            return Ok(());
        }
        match self.insert_rubric_template(&default_rubric()).await {
            Ok(_) | Err(StoreError::Duplicate { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// One template.
    pub async fn rubric_template(&self, id: Id) -> Result<RubricTemplate> {
        let mut sql = Sql::new("SELECT * FROM wbl_rubric_templates WHERE id = ");
        sql.bind(id);
        let row = sql.fetch_found(self.pool(), "rubric template", id).await?;
        template_from(&row)
    }

    /// Adds a template (after the shipped default, which comes first).
    pub async fn create_rubric_template(&self, t: &RubricTemplateInput) -> Result<RubricTemplate> {
        t.validate().map_err(StoreError::Invalid)?;
        self.ensure_default_rubric().await?;
        self.insert_rubric_template(t).await
    }

    async fn insert_rubric_template(&self, t: &RubricTemplateInput) -> Result<RubricTemplate> {
        let ts = now();
        let mut sql = Sql::new(
            "INSERT INTO wbl_rubric_templates (name, description, scale_max, criteria, created_at, updated_at) VALUES (",
        );
        sql.bind(t.name.trim())
            .push(", ")
            .bind(t.description.as_str())
            .push(", ")
            .bind(t.scale_max)
            .push(", ")
            .bind(serde_json::to_string(&t.criteria).unwrap_or_default())
            .push(", ")
            .bind(ts.as_str())
            .push(", ")
            .bind(ts.as_str())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row =
            sql.query().fetch_one(&mut *tx).await.map_err(|e| {
                match StoreError::from_write(e, "rubric template") {
                    StoreError::Duplicate { .. } => StoreError::Duplicate {
                        field: "name".into(),
                        message: format!("a rubric template named {} already exists", t.name),
                    },
                    other => other,
                }
            })?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        self.rubric_template(id).await
    }

    /// Replaces a template if `version` is current.
    pub async fn update_rubric_template(
        &self,
        id: Id,
        version: i64,
        t: &RubricTemplateInput,
    ) -> Result<RubricTemplate> {
        t.validate().map_err(StoreError::Invalid)?;
        let mut sql = Sql::new("UPDATE wbl_rubric_templates SET name = ");
        sql.bind(t.name.trim())
            .push(", description = ")
            .bind(t.description.as_str())
            .push(", scale_max = ")
            .bind(t.scale_max)
            .push(", criteria = ")
            .bind(serde_json::to_string(&t.criteria).unwrap_or_default())
            .push(", version = version + 1, updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id)
            .push(" AND version = ")
            .bind(version);
        let mut tx = self.begin().await?;
        let n = sql
            .query()
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "rubric template"))?
            .rows_affected();
        tx.commit().await?;
        if n == 0 {
            let current = self.rubric_template(id).await?;
            return Err(StoreError::Stale {
                entity: "rubric template",
                id,
                sent: version,
                current: current.version,
            });
        }
        self.rubric_template(id).await
    }

    /// Records an evaluation after checking it against its template.
    pub async fn create_evaluation(
        &self,
        placement_id: Id,
        e: &EvaluationInput,
        evaluator_user_id: Id,
        evaluator_name: &str,
    ) -> Result<Evaluation> {
        let t = self.rubric_template(e.template_id).await?;
        let problems: Problems = pathways_domain::placement::evaluation_problems(e, &t.fields);
        problems.finish().map_err(StoreError::Invalid)?;
        let ratings: Vec<RatedCriterion> = t
            .fields
            .criteria
            .iter()
            .filter_map(|c| {
                e.ratings
                    .iter()
                    .find(|r| r.criterion == c.key)
                    .map(|r| RatedCriterion {
                        criterion: c.key.clone(),
                        area: c.area,
                        name: c.name.clone(),
                        rating: r.rating,
                        comment: r.comment.trim().to_owned(),
                    })
            })
            .collect();
        let snapshot = TemplateSnapshot {
            name: t.fields.name.clone(),
            scale_max: t.fields.scale_max,
        };
        let mut sql = Sql::new(
            "INSERT INTO wbl_evaluations (placement_id, template_id, template, point, ratings, comment, \
             evaluator_user_id, evaluator_name, created_at) VALUES (",
        );
        sql.bind(placement_id)
            .push(", ")
            .bind(t.id)
            .push(", ")
            .bind(serde_json::to_string(&snapshot).unwrap_or_default())
            .push(", ")
            .bind(e.point.as_str())
            .push(", ")
            .bind(serde_json::to_string(&ratings).unwrap_or_default())
            .push(", ")
            .bind(e.comment.trim())
            .push(", ")
            .bind(evaluator_user_id)
            .push(", ")
            .bind(evaluator_name)
            .push(", ")
            .bind(now())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row = sql
            .query()
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "evaluation"))?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        let mut one = Sql::new("SELECT * FROM wbl_evaluations WHERE id = ");
        one.bind(id);
        evaluation_from(&one.query().fetch_one(self.pool()).await?)
    }

    /// A placement's evaluations, oldest first.
    pub async fn evaluations(&self, placement_id: Id) -> Result<Vec<Evaluation>> {
        let mut sql = Sql::new("SELECT * FROM wbl_evaluations WHERE placement_id = ");
        sql.bind(placement_id).push(" ORDER BY id");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(evaluation_from)
            .collect()
    }
}
