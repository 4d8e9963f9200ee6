//! The part of the home page that belongs to the signed-in role: what needs
//! attention first.

use maud::{Markup, html};
use pathways_domain::access::{Principal, Role};
use pathways_domain::wbl::OpportunityStatus;
use pathways_store::wbl::BoardFilter;

use crate::api::wbl::{scoped_applications, scoped_results};
use crate::error::ApiError;
use crate::state::AppState;

async fn count(state: &AppState, f: BoardFilter) -> Result<usize, ApiError> {
    Ok(state
        .store()
        .opportunities(&f, None, 500)
        .await?
        .items
        .len())
}

/// The region's gap analysis (None without labor-market data or a region).
async fn gap_analysis(state: &AppState) -> Result<Option<Vec<pathways_lmi::gaps::Gap>>, ApiError> {
    let Ok(m) = state.lmi().await else {
        return Ok(None);
    };
    let Some(id) = crate::pages::partnership::first_region(state).await? else {
        return Ok(None);
    };
    let store = state.store();
    let ((_, area), (programs, _), rule, signals) = tokio::try_join!(
        crate::api::lmi::region_area(store, id),
        crate::api::lmi::catalog_of(store, id),
        crate::api::lmi::region_rule(store, id),
        crate::api::lmi::employer_signals(store),
    )?;
    Ok(Some(m.gaps_with(&area, &rule, &programs, &signals)?))
}

/// The role's panel.
pub async fn panel(state: &AppState, p: &Principal) -> Result<Markup, ApiError> {
    let submitted = BoardFilter {
        statuses: vec![OpportunityStatus::Submitted],
        ..Default::default()
    };
    Ok(match p.role {
        Role::ConvenerAdmin => {
            // Independent sources, read concurrently: the page waits for the
            // slowest, not for their sum.
            let (pending, apps, rounds, gaps, partnership) = tokio::try_join!(
                count(state, submitted),
                scoped_applications(state, p),
                async { Ok::<_, ApiError>(state.store().rounds().await?) },
                gap_analysis(state),
                crate::pages::partnership::convener_alerts(state),
            )?;
            // Applications made since the latest round wait for the next one.
            let waiting = match rounds.first() {
                Some(r) => apps.iter().filter(|a| a.created_at >= r.run_at).count(),
                None => apps.len(),
            };
            html! {
                section.card aria-labelledby="attention" {
                    h2 #attention { "Needs your attention" }
                    @if let Some(alerts) = &partnership {
                        h3 { "Partnership" }
                        (crate::pages::partnership::alert_list(alerts))
                        p { a href="/partnership" { "Go to the partnership overview" } }
                        h3 { "Work-based learning and labor market" }
                    }
                    ul {
                        @if pending > 0 { li.alert { (pending) " work-based learning opportunities wait for review. " a href="/wbl" { "Review them" } } }
                        @if waiting > 0 { li.alert { (waiting) " applications are waiting for the next matching round. " a href="/wbl/rounds" { "Run a round" } } }
                        @if let Some(g) = &gaps {
                            @let missing = g.iter().filter(|x| x.flags.iter().any(|f| f == "no_regional_program")).count();
                            @if missing > 0 { li.alert { (missing) " of " (g.len()) " targeted occupations have no regional program. " a href="/lmi/gaps" { "See the gap analysis" } } }
                        } @else {
                            li.alert { "Labor-market data is not loaded: run " code { "pathways lmi load" } "." }
                        }
                    }
                }
            }
        }
        Role::PartnerStaff | Role::Counselor => {
            let pending = count(state, submitted).await?;
            let roster = state
                .store()
                .students(p.organization_id, None, 10_000)
                .await?
                .items
                .len();
            let apps = scoped_applications(state, p).await?.len();
            let advising = crate::pages::advising::summary_panel(state, p).await?;
            html! {
                (advising)
                section.card aria-labelledby="caseload" {
                    h2 #caseload { "Your students" }
                    p { (roster) " students on your roster; " (apps) " work-based learning applications. " a href="/wbl/mine" { "See applications and results" } }
                    @if pending > 0 { p.alert { (pending) " opportunities wait for review. " a href="/wbl" { "Review and publish" } } }
                }
            }
        }
        Role::Employer => {
            let own = state
                .store()
                .opportunities(
                    &BoardFilter {
                        employer_id: p.organization_id,
                        ..Default::default()
                    },
                    None,
                    500,
                )
                .await?
                .items;
            let own: Vec<_> = own
                .into_iter()
                .filter(|o| Some(o.fields.employer_id) == p.organization_id)
                .collect();
            let apps = scoped_applications(state, p).await?.len();
            html! {
                section.card aria-labelledby="mine" {
                    h2 #mine { "Your opportunities" }
                    p { (own.len()) " posted, " (own.iter().filter(|o| o.status == OpportunityStatus::Published).count()) " on the board, " (apps) " applications from students. "
                        a href="/wbl/new" { "Post another" } " · " a href="/wbl/mine" { "Applicants" } }
                }
            }
        }
        Role::Student | Role::Family => {
            let apps = scoped_applications(state, p).await?;
            let latest = match state.store().rounds().await?.first() {
                Some(r) => scoped_results(state, p, r.id).await?.into_iter().next(),
                None => None,
            };
            let plan = crate::pages::advising::student_panel(state, p).await?;
            html! {
                (plan)
                section.card aria-labelledby="plan" {
                    h2 #plan { "Your work-based learning" }
                    @if apps.is_empty() { p { "No applications yet. " a href="/wbl" { "Find a job shadow or internship" } } }
                    @else { p { "You applied to " (apps.len()) ": " (apps.iter().map(|a| a.opportunity_title.clone()).collect::<Vec<_>>().join("; ")) "." } }
                    @if let Some(r) = latest {
                        p { @if r.opportunity_id.is_some() { "You have a placement from the latest round. " } @else { "You were not placed in the latest round. " } a href="/wbl/mine" { "See why" } }
                    }
                }
            }
        }
    })
}
