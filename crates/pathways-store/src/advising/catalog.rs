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
