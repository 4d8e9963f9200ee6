//! The catalog flattened for plan checks.

use std::collections::HashMap;

use pathways_advising::check::{
    CheckCatalog, CourseFacts, CredentialFacts, OpportunityFacts, PathwayFacts,
};
use pathways_domain::catalog::{CourseInput, CredentialInput, OrganizationInput, PathwayInput};
use pathways_domain::vocab::CourseLevel;
use pathways_domain::wbl::OpportunityStatus;

use crate::error::Result;
use crate::wbl::BoardFilter;
use crate::{ListFilter, Store};

impl Store {
    /// Everything a plan check needs, read once.
    pub async fn check_catalog(&self) -> Result<CheckCatalog> {
        let all = ListFilter::default();
        let courses = self
            .list_all::<CourseInput>(&all)
            .await?
            .into_iter()
            .map(|c| {
                let f = c.fields;
                (
                    c.meta.id,
                    CourseFacts {
                        code: f.code,
                        title: f.title,
                        provider_id: f.provider_id,
                        college: f.level == CourseLevel::College,
                        dual_credit: f.dual_credit,
                        credit_hours: f.credit_hours,
                        subject: f.subject,
                        prerequisites: f.prerequisite_ids,
                    },
                )
            })
            .collect();
        let pathways = self
            .list_all::<PathwayInput>(&all)
            .await?
            .into_iter()
            .map(|p| {
                (
                    p.meta.id,
                    PathwayFacts {
                        name: p.fields.name,
                        course_ids: p.fields.course_ids,
                        target_occupations: p
                            .fields
                            .target_occupations
                            .iter()
                            .map(ToString::to_string)
                            .collect(),
                    },
                )
            })
            .collect();
        let credentials = self
            .list_all::<CredentialInput>(&all)
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.meta.id,
                    CredentialFacts {
                        name: c.fields.name,
                        occupations: c
                            .fields
                            .occupations
                            .iter()
                            .map(ToString::to_string)
                            .collect(),
                        stacks_into: c.fields.stacks_into_ids,
                    },
                )
            })
            .collect();
        let parent: HashMap<_, _> = self
            .list_all::<OrganizationInput>(&all)
            .await?
            .into_iter()
            .filter_map(|o| o.fields.parent_id.map(|p| (o.meta.id, p)))
            .collect();
        let opportunities = self
            .all_opportunities(&BoardFilter {
                statuses: vec![OpportunityStatus::Published],
                ..Default::default()
            })
            .await?
            .into_iter()
            .map(|o| OpportunityFacts {
                id: o.meta.id,
                title: o.fields.title,
                activity: o.fields.activity,
                pathway_id: o.fields.pathway_id,
                soc: o.fields.soc.map(|s| s.to_string()),
                min_grade: o.fields.min_grade,
            })
            .collect();
        Ok(CheckCatalog::new(
            courses,
            pathways,
            credentials,
            parent,
            opportunities,
            self.graduation_rules().await?,
        ))
    }
}

/// What a bulk check found.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub struct BulkCheck {
    /// Plans checked.
    pub checked: usize,
    /// On track (no errors).
    pub on_track: usize,
    /// Off track.
    pub off_track: usize,
    /// Students in scope without a plan.
    pub without_plan: usize,
}

impl Store {
    /// Checks every plan in scope against the current catalog, stores the
    /// reports, and returns each student's report with the totals.
    pub async fn check_all_plans(
        &self,
        scope: super::PlanScope,
    ) -> Result<(BulkCheck, Vec<(String, pathways_advising::Report)>)> {
        let cat = self.check_catalog().await?;
        let school = match scope {
            super::PlanScope::All => None,
            super::PlanScope::School(s) => Some(s),
        };
        let students: HashMap<String, pathways_domain::wbl::StudentInput> = self
            .students(school, None, 1_000_000)
            .await?
            .items
            .into_iter()
            .map(|s| (s.fields.student_ref.clone(), s.fields))
            .collect();
        let plans = self.plans(scope).await?;
        let mut items = Vec::with_capacity(plans.len());
        let mut ids = Vec::with_capacity(plans.len());
        for p in plans {
            let Some(s) = students.get(&p.student_ref) else {
                continue;
            };
            items.push((
                pathways_advising::check::StudentFacts {
                    school_id: s.school_id,
                    grade: s.grade,
                    completed_course_ids: s.completed_course_ids.clone(),
                },
                p.plan,
            ));
            ids.push((p.id, p.student_ref));
        }
        let reports = pathways_advising::check::check_many(&cat, &items);
        let on = reports.iter().filter(|r| r.on_track).count();
        let by_id: Vec<(pathways_domain::catalog::Id, pathways_advising::Report)> = ids
            .iter()
            .zip(&reports)
            .map(|((id, _), r)| (*id, r.clone()))
            .collect();
        self.record_checks(&by_id).await?;
        let summary = BulkCheck {
            checked: reports.len(),
            on_track: on,
            off_track: reports.len() - on,
            without_plan: students.len().saturating_sub(reports.len()),
        };
        Ok((
            summary,
            ids.into_iter().map(|(_, r)| r).zip(reports).collect(),
        ))
    }
}
