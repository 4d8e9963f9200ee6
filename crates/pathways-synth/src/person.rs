//! One person's school years: who they are, where they enroll, the CTE
//! courses they take, work-based learning, industry certifications and
//! whether and when they graduate. What follows high school is in `later.rs`.
//!
//! Rates are approximate and illustrative (see docs/synthetic-data.md); group
//! differences are applied as modest log-odds offsets to a base rate.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::region::Sex;
use crate::schema::{Table, Value, days_from_civil};
use crate::world::World;
use crate::{Out, SynthError};

/// Federal race/ethnicity categories with an illustrative share for a
/// central-Texas metro's public schools (of the order of TEA TAPR figures
/// for Education Service Center Region 13: about 46 % Hispanic, 34 % White,
/// 8 % Black, 7 % Asian, 4 % two or more races).
pub(crate) const RACE: &[(&str, f64)] = &[
    ("hispanic", 0.462),
    ("white", 0.340),
    ("black", 0.078),
    ("asian", 0.072),
    ("two_or_more", 0.042),
    ("american_indian_alaska_native", 0.004),
    ("native_hawaiian_pacific_islander", 0.002),
];

pub(crate) fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Reused buffers, so a person allocates almost nothing.
#[derive(Default)]
pub(crate) struct Scratch {
    /// (program of study, course index) taken so far.
    taken: Vec<(usize, usize)>,
    /// Completed courses per program of study (for concentrator status).
    completed: Vec<(usize, u32)>,
    /// Per observed quarter: 0 not enrolled, 1 part-time, 2 full-time in postsecondary.
    pub(crate) enrolled: Vec<u8>,
    pub(crate) key: String,
}

/// What the school years decided, for what comes after.
pub(crate) struct Life {
    pub(crate) birth_year: i32,
    pub(crate) sex: Option<Sex>,
    pub(crate) race: usize,
    pub(crate) econ: bool,
    pub(crate) el: bool,
    pub(crate) disability: bool,
    pub(crate) pathway: Option<usize>,
    pub(crate) participant: bool,
    pub(crate) concentrator: bool,
    pub(crate) dual_credit: bool,
    pub(crate) industry_cert: bool,
    /// Graduation: (calendar year, advanced diploma, GED).
    pub(crate) graduated: Option<(i32, bool, bool)>,
    /// The absolute quarter (year × 4 + q − 1) the person left high school, if they did.
    pub(crate) left_school: Option<i32>,
    pub(crate) dropout: bool,
    pub(crate) moved_away: bool,
}

/// Writes the reference tables: programs of study and districts.
pub(crate) fn write_programs(world: &World<'_>, out: &mut Out) -> Result<(), SynthError> {
    let region_id = world.region.id.as_deref().unwrap_or(&world.region.name);
    for d in &world.region.districts {
        out.push(
            Table::Districts,
            &[
                Value::Str(&d.id),
                Value::Str(&d.name),
                Value::Str(region_id),
            ],
        )?;
    }
    for (k, pos) in world.region.programs_of_study.iter().enumerate() {
        let pw = &world.region.pathways[world.pos_pathway[k]];
        let naics = pw.target_naics.join(";");
        out.push(
            Table::ProgramsOfStudy,
            &[
                Value::Str(&pos.id),
                Value::Str(&pos.name),
                Value::Str(&pw.id),
                Value::Str(&pw.name),
                if naics.is_empty() {
                    Value::Null
                } else {
                    Value::Str(&naics)
                },
            ],
        )?;
    }
    Ok(())
}

/// The race/ethnicity choice table.
pub(crate) fn race_cdf() -> crate::world::Cdf {
    crate::world::Cdf::new(RACE.iter().map(|r| r.1))
}

/// Simulates person `i` and writes every record of theirs.
pub(crate) fn simulate(
    world: &World<'_>,
    i: u64,
    rng: &mut ChaCha8Rng,
    scratch: &mut Scratch,
    out: &mut Out,
) -> Result<(), SynthError> {
    let p = &world.params;
    let region = world.region;
    let (s, last) = (p.start_year, p.last_school_year());
    scratch.key.clear();
    use std::fmt::Write;
    let _ = write!(scratch.key, "S-{:06}", i + 1);
    let key = std::mem::take(&mut scratch.key);

    // Who they are.
    let cohort = rng.random_range(s - 3..=last);
    let sex = match rng.random::<f64>() {
        u if u < 0.489 => Some(Sex::F),
        u if u < 0.997 => Some(Sex::M),
        _ => None,
    };
    let sex_code = match (sex, rng.random_bool(0.3)) {
        (Some(x), _) => Value::Str(x.code()),
        (None, true) => Value::Str("X"),
        (None, false) => Value::Null,
    };
    let race = world.race.pick(rng.random());
    let r = RACE[race].0;
    // Economic disadvantage and English learners differ by group (TEA TAPR patterns, softened).
    let econ_p = match r {
        "hispanic" => 0.62,
        "black" => 0.58,
        "american_indian_alaska_native" | "native_hawaiian_pacific_islander" => 0.45,
        "two_or_more" => 0.32,
        "asian" => 0.22,
        _ => 0.18,
    };
    let econ = rng.random_bool(econ_p);
    let el_p = match r {
        "hispanic" => 0.32,
        "asian" => 0.24,
        "black" => 0.05,
        _ => 0.03,
    };
    let el = rng.random_bool(el_p);
    let disability = rng.random_bool(if sex == Some(Sex::M) { 0.16 } else { 0.10 });
    let homeless = rng.random_bool(if econ { 0.028 } else { 0.003 });
    let foster = rng.random_bool(0.003);
    let migrant = rng.random_bool(if r == "hispanic" && econ {
        0.006
    } else {
        0.0005
    });
    let military = rng.random_bool(0.03);
    let single_parent = rng.random_bool(if sex == Some(Sex::F) { 0.012 } else { 0.003 });
    // Born between 2 September and 1 September the year they would start grade 9 at 14; some are a year older.
    let older = i32::from(rng.random_bool(0.05));
    let offset = rng.random_range(0..365);
    let birth = days_from_civil(cohort - 15 - older, 9, 2) + offset;
    // 2 September to 31 December is 121 days.
    let birth_year = cohort - 15 - older + i32::from(offset >= 121);
    out.push(
        Table::Students,
        &[
            Value::Str(&key),
            Value::Date(birth),
            sex_code,
            Value::Str(r),
            Value::Bool(econ),
            Value::Bool(el),
            Value::Bool(disability),
            Value::Bool(homeless),
            Value::Bool(foster),
            Value::Bool(migrant),
            Value::Bool(military),
            Value::Bool(single_parent),
            Value::Bool(false),
        ],
    )?;

    // Where they enroll.
    let district = world.districts.pick(rng.random());
    let d = &region.districts[district];
    let hs = &d.high_schools[rng.random_range(0..d.high_schools.len())];
    let mids = &world.middle_schools[district];
    let ms = &mids[rng.random_range(0..mids.len())];

    // CTE plan: participants choose a pathway offered in their district.
    let participant_plan = rng.random_bool(0.68 - 0.04 * f64::from(u8::from(el)));
    let pathway = if participant_plan {
        let cdf = if sex == Some(Sex::F) {
            &world.pathway_f
        } else {
            &world.pathway_m
        };
        let pw = cdf.pick(rng.random());
        world.pos_in[district][pw].map(|_| pw)
    } else {
        None
    };
    let concentrator_plan = pathway.is_some() && rng.random_bool(0.5);

    // Four-year graduation: a base rate moved by modest group offsets.
    let mut x = logit(0.935);
    x += match r {
        "asian" => 0.8,
        "white" => 0.3,
        "black" => -0.35,
        "hispanic" => -0.2,
        "american_indian_alaska_native" => -0.35,
        _ => 0.0,
    };
    x -= 0.45 * f64::from(u8::from(econ))
        + 0.5 * f64::from(u8::from(el))
        + 0.8 * f64::from(u8::from(disability))
        + 0.8 * f64::from(u8::from(homeless))
        + 1.1 * f64::from(u8::from(foster))
        + 0.3 * f64::from(u8::from(migrant));
    if sex == Some(Sex::M) {
        x -= 0.25;
    }
    if concentrator_plan {
        x += 0.45;
    }
    let risk = x;
    // Outcome: 4-year graduate, 5-year graduate, dropout (in which grade), still enrolled, moved away.
    let moved_away = rng.random_bool(0.03);
    let leave_grade = rng.random_range(7..=12);
    let on_time = rng.random_bool(sigmoid(x));
    let (mut five_year, mut dropout_grade) = (false, None);
    if !on_time {
        match rng.random::<f64>() {
            u if u < 0.40 => five_year = true,
            u if u < 0.85 => dropout_grade = Some(rng.random_range(10..=12)),
            _ => {}
        }
    }
    let late_entry = if rng.random_bool(0.10) {
        rng.random_range(cohort - 3..=cohort + 3)
    } else {
        i32::MIN
    };

    // The school years.
    let mut graduated = None;
    let mut left_school = None;
    let (mut dual, mut cert) = (false, false);
    scratch.taken.clear();
    scratch.completed.clear();
    let mut cte_courses = 0u32;
    let first_cte_grade = match rng.random::<f64>() {
        u if u < 0.62 => 9,
        u if u < 0.87 => 10,
        _ => 11,
    };
    let last_grade_year = if five_year { cohort + 4 } else { cohort + 3 };
    for y in (cohort - 3).max(late_entry)..=last_grade_year {
        let grade = (9 + y - cohort).min(12);
        if moved_away && grade >= leave_grade {
            left_school = Some(y * 4 + rng.random_range(0..4));
            break;
        }
        if dropout_grade.is_some_and(|g| grade > g) {
            break;
        }
        if y >= s && y <= last {
            let school = if grade >= 9 { hs } else { ms };
            out.push(
                Table::K12Enrollment,
                &[
                    Value::Str(&key),
                    Value::Int(y),
                    Value::Str(&d.id),
                    Value::Str(school),
                    Value::Int(grade),
                    Value::Int(cohort),
                ],
            )?;
            // Committed students follow their program's sequence; explorers try one
            // course now and then, each year in whatever pathway interests them.
            let this_year = match pathway {
                Some(pw) if concentrator_plan => rng.random_bool(0.9).then_some(pw),
                Some(_) if rng.random_bool(0.45) => {
                    let cdf = if sex == Some(Sex::F) {
                        &world.pathway_f
                    } else {
                        &world.pathway_m
                    };
                    Some(cdf.pick(rng.random()))
                }
                _ => None,
            };
            if let Some(pw) = this_year.filter(|_| grade >= first_cte_grade) {
                let (n, d2, c2) = courses(
                    world,
                    district,
                    pw,
                    (y, grade, !concentrator_plan),
                    risk,
                    cert,
                    &key,
                    rng,
                    scratch,
                    out,
                )?;
                cte_courses += n;
                dual |= d2;
                cert |= c2;
            }
            wbl(
                world,
                y,
                grade,
                pathway.is_some(),
                concentrated(scratch),
                &key,
                rng,
                out,
            )?;
        }
        if dropout_grade == Some(grade) {
            left_school = Some(y * 4 + rng.random_range(0..3));
            break;
        }
        if grade == 12 && (on_time || (five_year && y == cohort + 4)) {
            let gy = y + 1;
            left_school = Some(gy * 4 + 1);
            let advanced = rng.random_bool(sigmoid(
                logit(0.42)
                    + 0.35 * (risk - logit(0.9))
                    + if concentrated(scratch) { 0.1 } else { 0.0 },
            ));
            let alternate = disability && rng.random_bool(0.08);
            if y <= last {
                let date = days_from_civil(gy, 5, 22) + rng.random_range(0..15);
                let diploma = if alternate {
                    "alternate"
                } else if advanced {
                    "advanced"
                } else {
                    "standard"
                };
                out.push(
                    Table::Graduation,
                    &[
                        Value::Str(&key),
                        Value::Int(cohort),
                        Value::Date(date),
                        Value::Str(diploma),
                    ],
                )?;
            }
            graduated = Some((gy, advanced && !alternate, false));
            break;
        }
    }
    // Some who leave without a diploma earn a GED within two years.
    if dropout_grade.is_some() && graduated.is_none() && !moved_away && rng.random_bool(0.12) {
        let gy = cohort + 4 + rng.random_range(0..2);
        if gy <= p.last_observed_year() && gy > s {
            let date = days_from_civil(gy, rng.random_range(1..=12), rng.random_range(1..=28));
            out.push(
                Table::Graduation,
                &[
                    Value::Str(&key),
                    Value::Int(cohort),
                    Value::Date(date),
                    Value::Str("ged"),
                ],
            )?;
            graduated = Some((gy, false, true));
        }
    }
    let life = Life {
        birth_year,
        sex,
        race,
        econ,
        el,
        disability,
        pathway,
        participant: cte_courses > 0,
        concentrator: concentrated(scratch),
        dual_credit: dual,
        industry_cert: cert,
        graduated,
        left_school,
        dropout: dropout_grade.is_some(),
        moved_away,
    };
    crate::later::after_school(world, &life, &key, rng, scratch, out)?;
    scratch.key = key;
    Ok(())
}

fn concentrated(scratch: &Scratch) -> bool {
    scratch.completed.iter().any(|(_, n)| *n >= 2)
}

/// One school year's CTE courses; returns (courses, dual credit earned, certification earned).
#[allow(clippy::too_many_arguments)]
fn courses(
    world: &World<'_>,
    district: usize,
    pathway: usize,
    (y, grade, explore): (i32, i32, bool),
    risk: f64,
    has_cert: bool,
    key: &str,
    rng: &mut ChaCha8Rng,
    scratch: &mut Scratch,
    out: &mut Out,
) -> Result<(u32, bool, bool), SynthError> {
    let region = world.region;
    let Some(own) = world.pos_in[district][pathway] else {
        return Ok((0, false, false));
    };
    let want = match rng.random::<f64>() {
        _ if explore => 1,
        u if u < 0.20 => 1,
        u if u < 0.60 => 2,
        u if u < 0.90 => 3,
        _ => 4,
    };
    let (mut n, mut dual_earned) = (0, false);
    for _ in 0..want {
        // Next course in sequence in the student's own program; then a related elective.
        let pick = next_course(world, own, grade, scratch).or_else(|| {
            let sector = &region.pathways[pathway].sector;
            let others: Vec<usize> = (0..region.pathways.len())
                .filter(|&q| q != pathway && &region.pathways[q].sector == sector)
                .filter_map(|q| world.pos_in[district][q])
                .collect();
            if others.is_empty() {
                return None;
            }
            let k = others[rng.random_range(0..others.len())];
            next_course(world, k, grade, scratch)
        });
        let Some((k, c)) = pick else { break };
        scratch.taken.push((k, c));
        let pos = &region.programs_of_study[k];
        let course = &pos.courses[c];
        let completed = rng.random_bool(sigmoid(logit(0.93) + 0.3 * (risk - logit(0.9))));
        if completed {
            match scratch.completed.iter_mut().find(|(p, _)| *p == k) {
                Some(e) => e.1 += 1,
                None => scratch.completed.push((k, 1)),
            }
        }
        let dual = course.dual_credit && completed;
        dual_earned |= dual;
        let nontrad = region.pathways[world.pos_pathway[k]].nontraditional_for;
        out.push(
            Table::CteCourses,
            &[
                Value::Str(key),
                Value::Int(y),
                Value::Str(&course.id),
                Value::Str(&pos.id),
                Value::Str(&pos.cip_code),
                Value::Dec(course.credits),
                Value::Bool(completed),
                Value::Bool(dual),
                nontrad.map_or(Value::Null, |s| Value::Str(s.code())),
            ],
        )?;
        n += 1;
    }
    // Concentrators in grades 11–12 sit for their pathway's industry certification.
    let mut cert = false;
    if !has_cert && grade >= 11 && concentrated(scratch) && rng.random_bool(0.28) {
        let pw = &region.pathways[pathway];
        if let Some(c) = pw
            .credentials
            .iter()
            .find(|c| c.credential_type == "industry_certification")
        {
            let date = days_from_civil(y + 1, 4, 10) + rng.random_range(0..50);
            out.push(
                Table::CredentialsEarned,
                &[
                    Value::Str(key),
                    Value::Date(date),
                    Value::Str(&c.id),
                    Value::Str(&c.credential_type),
                    Value::Bool(c.recognized_postsecondary),
                ],
            )?;
            cert = true;
        }
    }
    Ok((n, dual_earned, cert))
}

/// The first course of program `k` not yet taken that fits `grade` (dual credit from grade 11).
fn next_course(
    world: &World<'_>,
    k: usize,
    grade: i32,
    scratch: &Scratch,
) -> Option<(usize, usize)> {
    let pos = &world.region.programs_of_study[k];
    pos.courses
        .iter()
        .enumerate()
        .find(|(c, course)| {
            (!course.dual_credit || grade >= 11) && !scratch.taken.contains(&(k, *c))
        })
        .map(|(c, _)| (k, c))
}

/// Work-based learning along the continuum: awareness in middle school,
/// exploration in grades 9–10, preparation and training in grades 11–12.
#[allow(clippy::too_many_arguments)]
fn wbl(
    _world: &World<'_>,
    y: i32,
    grade: i32,
    cte: bool,
    concentrator: bool,
    key: &str,
    rng: &mut ChaCha8Rng,
    out: &mut Out,
) -> Result<(), SynthError> {
    let emit = |stage: &str, activity: &str, hours: f64, out: &mut Out| {
        out.push(
            Table::Wbl,
            &[
                Value::Str(key),
                Value::Int(y),
                Value::Str(stage),
                Value::Str(activity),
                Value::Dec(hours),
            ],
        )
    };
    const AWARE: &[&str] = &["career_fair", "guest_speaker", "industry_tour"];
    const EXPLORE: &[&str] = &["job_shadow", "informational_interview", "mentoring"];
    const PREP: &[&str] = &[
        "internship",
        "clinical",
        "industry_project",
        "school_based_enterprise",
    ];
    const TRAIN: &[&str] = &[
        "pre_apprenticeship",
        "apprenticeship",
        "paid_work_experience",
    ];
    match grade {
        6..=8 if rng.random_bool(0.55) => {
            let a = AWARE[rng.random_range(0..AWARE.len())];
            emit(
                "career_awareness",
                a,
                f64::from(rng.random_range(1..=6)),
                out,
            )?;
        }
        9 | 10 if rng.random_bool(if cte { 0.32 } else { 0.12 }) => {
            let a = EXPLORE[rng.random_range(0..EXPLORE.len())];
            emit(
                "career_exploration",
                a,
                f64::from(rng.random_range(3..=20)),
                out,
            )?;
        }
        11 | 12 => {
            if rng.random_bool(if concentrator { 0.30 } else { 0.05 }) {
                let a = PREP[rng.random_range(0..PREP.len())];
                emit(
                    "career_preparation",
                    a,
                    f64::from(rng.random_range(30..=180)),
                    out,
                )?;
            }
            if grade == 12 && concentrator && rng.random_bool(0.06) {
                let a = TRAIN[rng.random_range(0..TRAIN.len())];
                emit(
                    "career_training",
                    a,
                    f64::from(rng.random_range(120..=600)),
                    out,
                )?;
            }
        }
        _ => {}
    }
    Ok(())
}
