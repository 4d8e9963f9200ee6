//! Work-based learning placements: the training agreement and its sign-offs,
//! hours, supervisor evaluations against a rubric, distance on the board and
//! the school year a date falls in.
//!
//! A training agreement binds the employer, the school and the student; a
//! student under the age of majority cannot contract alone, so a parent or
//! guardian signs too (18 in Texas, Tex. Civ. Prac. & Rem. Code §129.001).
//! Age is taken on the placement's first day, not today, because that is when
//! the student starts working under the agreement.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::{Id, MAX_NAME, MAX_TEXT};
use crate::validation::{Problems, Validate};
use crate::wbl::age_on;

/// Age from which a student signs a training agreement without a guardian.
pub const AGE_OF_MAJORITY: i64 = 18;

crate::vocab::vocabulary! {
    /// Where a placement is in its life.
    PlacementStatus, "placement status" {
        /// Created; the agreement is not yet out for signature.
        Draft => "draft", "Draft",
        /// The agreement is out; some sign-offs are missing.
        AwaitingSignatures => "awaiting_signatures", "Awaiting signatures",
        /// Every required party signed; the student is working.
        Active => "active", "Active",
        /// Finished.
        Completed => "completed", "Completed",
        /// Ended early or never started.
        Withdrawn => "withdrawn", "Withdrawn",
    }
}

crate::vocab::vocabulary! {
    /// A party to a training agreement.
    Party, "agreement party" {
        /// The employer (host site and supervisor).
        Employer => "employer", "Employer",
        /// The student's school.
        School => "school", "School",
        /// The student.
        Student => "student", "Student",
        /// A parent or guardian (required for a minor).
        Guardian => "guardian", "Parent or guardian",
    }
}

crate::vocab::vocabulary! {
    /// How a placement came about.
    PlacementSource, "placement source" {
        /// From a matching round.
        Round => "round", "Matching round",
        /// Placed directly by the convener or the school (no competition).
        Direct => "direct", "Direct placement",
    }
}

crate::vocab::vocabulary! {
    /// The three skill areas a supervisor evaluates.
    SkillArea, "skill area" {
        /// Reading, writing, mathematics and science applied at work.
        Academic => "academic", "Academic skills",
        /// The occupation's own tools, methods and safety practices.
        Technical => "technical", "Technical skills",
        /// Habits every employer looks for: reliability, communication, teamwork.
        Employability => "employability", "Employability skills",
    }
}

crate::vocab::vocabulary! {
    /// When in the placement an evaluation is made.
    EvaluationPoint, "evaluation point" {
        /// Halfway, to give the student time to improve.
        Midpoint => "midpoint", "Midpoint",
        /// At the end.
        Final => "final", "Final",
    }
}

/// The parties who must sign before a student with `birth_date` may start on
/// `starts_on`. A birth date that cannot be read counts as a minor: asking one
/// signature too many is safer than one too few.
pub fn required_parties(birth_date: &str, starts_on: &str) -> Vec<Party> {
    let mut out = vec![Party::Employer, Party::School, Party::Student];
    if age_on(birth_date, starts_on).is_none_or(|a| a < AGE_OF_MAJORITY) {
        out.push(Party::Guardian);
    }
    out
}

/// The required parties that have not signed, in agreement order.
pub fn missing_signatures(required: &[Party], signed: &[Party]) -> Vec<Party> {
    required
        .iter()
        .copied()
        .filter(|p| !signed.contains(p))
        .collect()
}

/// Why a placement cannot move to a status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The lifecycle does not allow this move.
    #[error("a {from} placement cannot become {to}")]
    NotAllowed {
        /// Current status.
        from: PlacementStatus,
        /// Requested status.
        to: PlacementStatus,
    },
    /// Some required party has not signed the agreement.
    #[error("the agreement still needs the sign-off of: {}", .0.iter().map(|p| p.title()).collect::<Vec<_>>().join(", "))]
    MissingSignatures(Vec<Party>),
}

/// Checks a move through the lifecycle: draft → awaiting signatures → active
/// → completed, and withdrawn from any open status. Going active needs every
/// required sign-off.
pub fn transition(
    from: PlacementStatus,
    to: PlacementStatus,
    missing: &[Party],
) -> Result<(), TransitionError> {
    use PlacementStatus::*;
    let allowed = matches!(
        (from, to),
        (Draft, AwaitingSignatures)
            | (Draft | AwaitingSignatures, Active)
            | (Active, Completed)
            | (Draft | AwaitingSignatures | Active, Withdrawn)
    );
    if !allowed {
        return Err(TransitionError::NotAllowed { from, to });
    }
    if to == Active && !missing.is_empty() {
        return Err(TransitionError::MissingSignatures(missing.to_vec()));
    }
    Ok(())
}

/// Whether a party may still sign in this status (only before work starts).
pub fn may_sign(status: PlacementStatus) -> bool {
    matches!(
        status,
        PlacementStatus::Draft | PlacementStatus::AwaitingSignatures
    )
}

/// Whether hours may be logged and evaluations made.
pub fn is_underway(status: PlacementStatus) -> bool {
    matches!(status, PlacementStatus::Active | PlacementStatus::Completed)
}

/// Hours worked on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursInput {
    /// The day (YYYY-MM-DD).
    pub worked_on: String,
    /// Hours, in quarter hours (0.25–24).
    pub hours: f64,
    /// What the student did.
    #[serde(default)]
    pub activity: String,
}

impl Validate for HoursInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        if !crate::wbl::is_iso_date(&self.worked_on) {
            p.push("worked_on", "must be a date YYYY-MM-DD");
        }
        let quarters = self.hours * 4.0;
        if !(0.25..=24.0).contains(&self.hours) || (quarters - quarters.round()).abs() > 1e-9 {
            p.push("hours", "must be from 0.25 to 24, in quarter hours");
        }
        p.optional_text("activity", Some(&self.activity), MAX_NAME * 5);
        p
    }
}

/// One criterion of a rubric.
// Named apart from the partnership assessment's `Criterion` resource in the
// OpenAPI document: one name for both made the partnership responses fail
// their documented schema (found by schemathesis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = RubricCriterion)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Short stable key (`communicates`), unique in the template.
    pub key: String,
    /// Skill area.
    pub area: SkillArea,
    /// What is rated.
    pub name: String,
    /// What a strong rating looks like.
    #[serde(default)]
    pub description: String,
}

/// A rubric template the convener maintains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricTemplateInput {
    /// Name, unique.
    pub name: String,
    /// When to use it.
    #[serde(default)]
    pub description: String,
    /// Highest rating (ratings run from 1).
    pub scale_max: i64,
    /// The criteria, in display order.
    pub criteria: Vec<Criterion>,
}

fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Validate for RubricTemplateInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        p.optional_text("description", Some(&self.description), MAX_TEXT);
        if !(2..=10).contains(&self.scale_max) {
            p.push("scale_max", "must be from 2 to 10");
        }
        if self.criteria.is_empty() {
            p.push("criteria", "list at least one criterion");
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in self.criteria.iter().enumerate() {
            if !is_key(&c.key) {
                p.push(
                    format!("criteria[{i}].key"),
                    "must be 1–40 lowercase letters, digits or _",
                );
            } else if !seen.insert(c.key.as_str()) {
                p.push(format!("criteria[{i}].key"), "is used twice");
            }
            p.text(&format!("criteria[{i}].name"), &c.name, MAX_NAME);
            p.optional_text(
                &format!("criteria[{i}].description"),
                Some(&c.description),
                MAX_TEXT,
            );
        }
        p
    }
}

/// The rubric Pathways ships: four levels, four criteria in each area.
pub fn default_rubric() -> RubricTemplateInput {
    let c = |key: &str, area, name: &str, description: &str| Criterion {
        key: key.into(),
        area,
        name: name.into(),
        description: description.into(),
    };
    use SkillArea::*;
    RubricTemplateInput {
        name: "Pathways standard placement rubric".into(),
        description: "For any placement: 1 = beginning, 2 = developing, 3 = meets what the site expects of a new hire, 4 = beyond that.".into(),
        scale_max: 4,
        criteria: vec![
            c("applies_math", Academic, "Uses numbers at work", "Measures, estimates and checks figures without being reminded."),
            c("reads_documents", Academic, "Reads work documents", "Follows written procedures, orders and manuals and asks when something is unclear."),
            c("writes_clearly", Academic, "Writes clearly", "Notes, logs and messages can be acted on by the next person."),
            c("solves_problems", Academic, "Reasons through problems", "Breaks a problem into steps and explains the choice made."),
            c("uses_tools", Technical, "Uses the site's tools", "Handles equipment and software of the occupation correctly."),
            c("follows_safety", Technical, "Works safely", "Follows safety, privacy and quality rules every time."),
            c("learns_procedures", Technical, "Learns new tasks", "Picks up a demonstrated task and does it again unaided."),
            c("quality_of_work", Technical, "Quality of work", "Finished work meets the site's standard."),
            c("reliable", Employability, "Reliable", "On time, ready, and tells the supervisor early when plans change."),
            c("communicates", Employability, "Communicates", "Listens, asks questions and speaks appropriately to staff and customers."),
            c("teamwork", Employability, "Works with others", "Helps coworkers and takes direction well."),
            c("initiative", Employability, "Takes initiative", "Looks for the next task and accepts feedback to improve."),
        ],
    }
}

/// A rating of one criterion.
// Named apart from the partnership assessment's `Rating` resource (see
// `Criterion`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = RubricRating)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// The criterion's key.
    pub criterion: String,
    /// 1 up to the template's `scale_max`.
    pub rating: i64,
    /// What the supervisor saw.
    #[serde(default)]
    pub comment: String,
}

/// A supervisor's evaluation of a placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    /// The rubric template used.
    pub template_id: Id,
    /// Midpoint or final.
    pub point: EvaluationPoint,
    /// One rating per criterion of the template.
    pub ratings: Vec<Rating>,
    /// Overall comment.
    #[serde(default)]
    pub comment: String,
}

/// Every problem with `e` judged against `template`: each criterion rated
/// exactly once, within the scale, and nothing the template does not name.
pub fn evaluation_problems(e: &EvaluationInput, template: &RubricTemplateInput) -> Problems {
    let mut p = Problems::new();
    p.optional_text("comment", Some(&e.comment), MAX_TEXT);
    let mut seen = std::collections::HashSet::new();
    for (i, r) in e.ratings.iter().enumerate() {
        if !template.criteria.iter().any(|c| c.key == r.criterion) {
            p.push(
                format!("ratings[{i}].criterion"),
                format!("{} is not a criterion of this rubric", r.criterion),
            );
        } else if !seen.insert(r.criterion.as_str()) {
            p.push(format!("ratings[{i}].criterion"), "is rated twice");
        }
        if !(1..=template.scale_max).contains(&r.rating) {
            p.push(
                format!("ratings[{i}].rating"),
                format!("must be from 1 to {}", template.scale_max),
            );
        }
        p.optional_text(&format!("ratings[{i}].comment"), Some(&r.comment), MAX_TEXT);
    }
    for c in &template.criteria {
        if !seen.contains(c.key.as_str()) && e.ratings.iter().all(|r| r.criterion != c.key) {
            p.push("ratings", format!("{} ({}) is not rated", c.name, c.key));
        }
    }
    p
}

/// Mean miles of the Earth's radius (IUGG mean radius 6,371.0088 km).
const EARTH_RADIUS_MILES: f64 = 3_958.761;

/// Great-circle distance in miles between two points (haversine formula).
pub fn haversine_miles(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_MILES * a.sqrt().min(1.0).asin()
}

/// Problems with an optional latitude/longitude pair: both or neither, in range.
pub fn location_problems(p: &mut Problems, latitude: Option<f64>, longitude: Option<f64>) {
    match (latitude, longitude) {
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) {
                p.push("latitude", "must be from -90 to 90");
            }
            if !(-180.0..=180.0).contains(&lon) {
                p.push("longitude", "must be from -180 to 180");
            }
        }
        (None, None) => {}
        (None, Some(_)) => p.push("latitude", "give latitude with longitude"),
        (Some(_), None) => p.push("longitude", "give longitude with latitude"),
    }
}

/// The school year a date falls in, named by the calendar year it starts in
/// (`2026-09-01` and `2027-03-01` are both 2026). School years run July 1 to
/// June 30, the federal reporting year (EDFacts).
pub fn school_year(date: &str) -> Option<i64> {
    if !crate::wbl::is_iso_date(date) {
        return None;
    }
    let year: i64 = date[..4].parse().ok()?;
    let month: u32 = date[5..7].parse().ok()?;
    Some(if month >= 7 { year } else { year - 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlacementStatus::*;

    #[test]
    fn minors_need_a_guardian_adults_do_not() {
        assert_eq!(
            required_parties("2009-03-01", "2027-02-01"),
            vec![
                Party::Employer,
                Party::School,
                Party::Student,
                Party::Guardian
            ]
        );
        // Eighteen on the first day: no guardian.
        assert_eq!(
            required_parties("2009-02-01", "2027-02-01"),
            vec![Party::Employer, Party::School, Party::Student]
        );
        assert!(required_parties("unknown", "2027-02-01").contains(&Party::Guardian));
    }

    #[test]
    fn cannot_go_active_until_every_required_party_signed() {
        let required = required_parties("2010-05-05", "2027-02-01");
        let signed = [Party::Employer, Party::School, Party::Student];
        let missing = missing_signatures(&required, &signed);
        assert_eq!(missing, vec![Party::Guardian]);
        assert_eq!(
            transition(AwaitingSignatures, Active, &missing),
            Err(TransitionError::MissingSignatures(vec![Party::Guardian]))
        );
        let all = [
            Party::Guardian,
            Party::Student,
            Party::School,
            Party::Employer,
        ];
        assert!(missing_signatures(&required, &all).is_empty());
        assert_eq!(transition(AwaitingSignatures, Active, &[]), Ok(()));
    }

    #[test]
    fn lifecycle_moves_forward_only() {
        assert!(transition(Draft, AwaitingSignatures, &[Party::Student]).is_ok());
        assert!(transition(Active, Completed, &[]).is_ok());
        assert!(transition(Active, Withdrawn, &[]).is_ok());
        for (from, to) in [
            (Completed, Active),
            (Withdrawn, Active),
            (Active, Draft),
            (Draft, Completed),
            (Completed, Withdrawn),
        ] {
            assert_eq!(
                transition(from, to, &[]),
                Err(TransitionError::NotAllowed { from, to })
            );
        }
        assert!(may_sign(AwaitingSignatures) && !may_sign(Active));
    }

    #[test]
    fn hours_are_quarter_hours_on_a_date() {
        let ok = HoursInput {
            worked_on: "2027-02-02".into(),
            hours: 3.25,
            activity: "Shadowed triage".into(),
        };
        assert!(ok.validate().is_ok());
        let bad = HoursInput {
            worked_on: "Feb 2".into(),
            hours: 3.1,
            activity: String::new(),
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["worked_on", "hours"]);
    }

    #[test]
    fn the_default_rubric_covers_three_areas_and_validates() {
        let r = default_rubric();
        assert!(r.validate().is_ok());
        for area in SkillArea::ALL {
            assert!(r.criteria.iter().any(|c| c.area == *area));
        }
        let mut dup = r.clone();
        dup.criteria[1].key = dup.criteria[0].key.clone();
        assert!(dup.validate().is_err());
    }

    #[test]
    fn evaluations_rate_every_criterion_once_within_the_scale() {
        let t = default_rubric();
        let all: Vec<Rating> = t
            .criteria
            .iter()
            .map(|c| Rating {
                criterion: c.key.clone(),
                rating: 3,
                comment: String::new(),
            })
            .collect();
        let e = EvaluationInput {
            template_id: 1,
            point: EvaluationPoint::Midpoint,
            ratings: all.clone(),
            comment: String::new(),
        };
        assert!(evaluation_problems(&e, &t).is_empty());
        let mut bad = e.clone();
        bad.ratings[0].rating = 5;
        bad.ratings.pop();
        bad.ratings.push(Rating {
            criterion: "juggling".into(),
            rating: 2,
            comment: String::new(),
        });
        let fields: Vec<String> = evaluation_problems(&bad, &t)
            .finish()
            .unwrap_err()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            ["ratings[0].rating", "ratings[11].criterion", "ratings"]
        );
    }

    #[test]
    fn haversine_matches_known_distances() {
        // Texas State Capitol to the Alamo: about 73 miles.
        let d = haversine_miles(30.2747, -97.7404, 29.4260, -98.4861);
        assert!((d - 73.4).abs() < 1.0, "{d}");
        assert!(haversine_miles(30.0, -97.0, 30.0, -97.0) < 1e-9);
        let mut p = Problems::new();
        location_problems(&mut p, Some(95.0), None);
        assert_eq!(p.finish().unwrap_err().len(), 1);
    }

    #[test]
    fn school_years_start_in_july() {
        assert_eq!(school_year("2026-09-01"), Some(2026));
        assert_eq!(school_year("2027-03-01"), Some(2026));
        assert_eq!(school_year("2027-07-01"), Some(2027));
        assert_eq!(school_year("soon"), None);
    }
}
