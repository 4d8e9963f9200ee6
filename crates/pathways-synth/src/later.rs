//! After high school: postsecondary terms and awards, workforce programs,
//! and quarterly UI wage records, from the person's school years (`Life`).
//!
//! Time runs in absolute quarters (`year × 4 + quarter − 1`), observed from
//! the third quarter of the first school year through the fourth quarter of
//! [`crate::Params::last_observed_year`].

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::person::{Life, RACE, Scratch, logit, sigmoid};
use crate::region::Sex;
use crate::schema::{Table, Value, days_from_civil};
use crate::world::{Job, Pool, World};
use crate::{Out, SynthError};

/// A postsecondary award, for wages and the credentials it unlocks.
#[derive(Clone, Copy)]
struct Award {
    /// 1 certificate, 2 associate, 3 bachelor.
    level: u8,
    quarter: i32,
    in_pathway: bool,
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A random day in absolute quarter `aq`.
fn day_in(aq: i32, rng: &mut ChaCha8Rng) -> i32 {
    let (y, q) = (aq.div_euclid(4), aq.rem_euclid(4) as u32);
    days_from_civil(y, q * 3 + 1, 1) + rng.random_range(0..90)
}

/// The absolute quarter of a day count.
fn quarter_of(day: i32) -> i32 {
    // Approximate to within the day: 365.2425 days a year.
    let year = 1970 + (f64::from(day) / 365.2425).floor() as i32;
    let start = days_from_civil(year, 1, 1);
    let q = ((day - start) * 4 / 366).clamp(0, 3);
    year * 4 + q
}

pub(crate) fn after_school(
    world: &World<'_>,
    life: &Life,
    key: &str,
    rng: &mut ChaCha8Rng,
    scratch: &mut Scratch,
    out: &mut Out,
) -> Result<(), SynthError> {
    if life.moved_away {
        return Ok(());
    }
    let p = &world.params;
    let aq0 = p.start_year * 4 + 2;
    let aq1 = p.last_observed_year() * 4 + 3;
    scratch.enrolled.clear();
    scratch.enrolled.resize((aq1 - aq0 + 1) as usize, 0);
    let mut award = None;
    if let Some((gy, advanced, ged)) = life.graduated {
        award = postsecondary(
            world,
            life,
            key,
            (gy, advanced, ged),
            (aq0, aq1),
            rng,
            scratch,
            out,
        )?;
    }
    let wioa_exit = workforce(world, life, key, (aq0, aq1), rng, scratch, out)?;
    wages(
        world,
        life,
        key,
        (aq0, aq1),
        award,
        wioa_exit,
        rng,
        scratch,
        out,
    )
}

fn group_offset(life: &Life) -> f64 {
    let race = match RACE[life.race].0 {
        "asian" => 0.6,
        "white" => 0.15,
        "black" => -0.1,
        "hispanic" => -0.15,
        _ => 0.0,
    };
    race - 0.35 * f64::from(u8::from(life.econ))
        - 0.3 * f64::from(u8::from(life.el))
        - 0.5 * f64::from(u8::from(life.disability))
        - if life.sex == Some(Sex::M) { 0.2 } else { 0.0 }
}

/// Terms and awards; returns the highest award.
#[allow(clippy::too_many_arguments)]
fn postsecondary(
    world: &World<'_>,
    life: &Life,
    key: &str,
    (gy, advanced, ged): (i32, bool, bool),
    (aq0, aq1): (i32, i32),
    rng: &mut ChaCha8Rng,
    scratch: &mut Scratch,
    out: &mut Out,
) -> Result<Option<Award>, SynthError> {
    let region = world.region;
    let g = group_offset(life);
    let base = if ged { logit(0.2) } else { logit(0.62) };
    let x =
        base + g + if life.dual_credit { 0.5 } else { 0.0 } + if advanced { 0.5 } else { -0.15 };
    if !rng.random_bool(sigmoid(x)) {
        return Ok(None);
    }
    // (academic year, term 0 fall / 1 spring / 2 summer)
    let (mut ay, mut term) = match rng.random::<f64>() {
        u if u < 0.85 => (gy, 0),
        u if u < 0.95 => (gy, 1),
        _ => (gy + 1, 0),
    };
    let four = !world.four_year.is_empty()
        && (world.two_year.is_empty()
            || rng.random_bool(sigmoid(
                logit(0.42) + if advanced { 0.9 } else { 0.0 } + 0.6 * g
                    - if ged { 3.0 } else { 0.0 },
            )));
    let choose = |four: bool, rng: &mut ChaCha8Rng| -> Option<usize> {
        let in_pathway = life.pathway.filter(|_| {
            rng.random_bool(if life.concentrator {
                0.5
            } else if life.participant {
                0.25
            } else {
                0.0
            })
        });
        let kind_ok = |k: usize| {
            let inst = world.ps[k].institution;
            if four {
                world.four_year.contains(&inst)
            } else {
                world.two_year.contains(&inst)
            }
        };
        if let Some(pw) = in_pathway {
            let opts: Vec<usize> = world.ps_of_pathway[pw]
                .iter()
                .copied()
                .filter(|&k| kind_ok(k))
                .collect();
            if !opts.is_empty() {
                return Some(opts[rng.random_range(0..opts.len())]);
            }
        }
        // Some choose another pathway's program, most a general one.
        if rng.random_bool(0.3) {
            let all: Vec<usize> = (0..world.ps.len())
                .filter(|&k| world.ps[k].pathway.is_some() && kind_ok(k))
                .collect();
            if !all.is_empty() {
                return Some(all[rng.random_range(0..all.len())]);
            }
        }
        let general = &world.ps_general[usize::from(four)];
        (!general.is_empty()).then(|| general[rng.random_range(0..general.len())])
    };
    let Some(mut prog) = choose(four, rng) else {
        return Ok(None);
    };
    let mut undeclared = world.ps[prog].level == "bachelor" && rng.random_bool(0.15);
    let mut credits = if life.dual_credit { 6.0 } else { 0.0 };
    let mut best: Option<Award> = None;
    let mut years_in = 0;
    let ft = rng.random_bool(if four { 0.85 } else { 0.5 });
    loop {
        let pr = &world.ps[prog];
        let inst = &region.institutions[pr.institution];
        let is_four = world.four_year.contains(&pr.institution);
        let (start_q, end_q) = match term {
            0 => (ay * 4 + 2, ay * 4 + 3),
            1 => ((ay + 1) * 4, (ay + 1) * 4 + 1),
            _ => ((ay + 1) * 4 + 2, (ay + 1) * 4 + 2),
        };
        if end_q > aq1 {
            break;
        }
        let attempted = f64::from(match (term, ft) {
            (2, _) => rng.random_range(3..=6),
            (_, true) => rng.random_range(12..=15),
            (_, false) => rng.random_range(6..=9),
        });
        let pass = (0.86 + 0.04 * g + 0.06 * normal(rng)).clamp(0.3, 1.0);
        let earned = (attempted * pass).round();
        credits += earned;
        for aq in start_q..=end_q {
            if let Some(slot) = scratch.enrolled.get_mut((aq - aq0).max(0) as usize)
                && aq >= aq0
            {
                *slot = if ft && term != 2 { 2 } else { 1 };
            }
        }
        let nontrad = pr
            .pathway
            .and_then(|pw| region.pathways[pw].nontraditional_for)
            .map_or(Value::Null, |s| Value::Str(s.code()));
        out.push(
            Table::PostsecondaryEnrollment,
            &[
                Value::Str(key),
                Value::Int(ay),
                Value::Str(["fall", "spring", "summer"][term]),
                Value::Str(&inst.id),
                Value::Str(pr.level),
                if undeclared {
                    Value::Null
                } else {
                    Value::Str(&pr.cip)
                },
                Value::Bool(pr.cte && !undeclared),
                Value::Dec(earned),
                if undeclared { Value::Null } else { nontrad },
            ],
        )?;
        let threshold = match pr.level {
            "certificate" => 30.0,
            "associate" => 60.0,
            _ => 120.0,
        };
        if !undeclared && credits >= threshold {
            let end_day = match term {
                0 => days_from_civil(ay, 12, 12),
                1 => days_from_civil(ay + 1, 5, 10),
                _ => days_from_civil(ay + 1, 8, 8),
            } + rng.random_range(0..7);
            let level = match pr.level {
                "certificate" => 1,
                "associate" => 2,
                _ => 3,
            };
            let a = Award {
                level,
                quarter: end_q,
                in_pathway: pr.pathway.is_some(),
            };
            best = Some(a);
            out.push(
                Table::PostsecondaryAwards,
                &[
                    Value::Str(key),
                    Value::Date(end_day),
                    Value::Str(&inst.id),
                    Value::Str(pr.level),
                    Value::Str(&pr.cip),
                ],
            )?;
            award_credentials(world, pr.pathway, pr.level, end_day, key, rng, out)?;
            // Stack on: certificate → associate, associate → a university's bachelor.
            let next = match (level, is_four) {
                (1, _) if rng.random_bool(0.3) => {
                    choose(false, rng).filter(|&k| world.ps[k].level == "associate")
                }
                (2, false) if rng.random_bool(0.3) => choose(true, rng),
                _ => None,
            };
            match next {
                Some(k) => {
                    prog = k;
                    if world.ps[k].level == "bachelor" && !is_four {
                        // Transfer credit counts toward the bachelor's.
                    }
                }
                None => break,
            }
        }
        // Next term.
        let persist = match (term, is_four) {
            (0, false) => 0.86,
            (0, true) => 0.93,
            (1, false) => 0.70,
            (1, true) => 0.86,
            _ => 0.95,
        };
        if !rng.random_bool(sigmoid(logit(persist) + 0.5 * g)) {
            break;
        }
        match term {
            0 => term = 1,
            1 if rng.random_bool(0.2) => term = 2,
            _ => {
                term = 0;
                ay += 1;
                years_in += 1;
                undeclared = false;
            }
        }
        if years_in >= 7 {
            break;
        }
    }
    Ok(best)
}

/// Credentials that come with an award: the pathway's credential of the
/// award's level, and the license that usually follows it.
fn award_credentials(
    world: &World<'_>,
    pathway: Option<usize>,
    level: &str,
    day: i32,
    key: &str,
    rng: &mut ChaCha8Rng,
    out: &mut Out,
) -> Result<(), SynthError> {
    let Some(pw) = pathway else { return Ok(()) };
    let creds = &world.region.pathways[pw].credentials;
    let Some(i) = creds.iter().position(|c| c.credential_type == level) else {
        return Ok(());
    };
    let emit = |c: &crate::region::Credential, d: i32, out: &mut Out| {
        out.push(
            Table::CredentialsEarned,
            &[
                Value::Str(key),
                Value::Date(d),
                Value::Str(&c.id),
                Value::Str(&c.credential_type),
                Value::Bool(c.recognized_postsecondary),
            ],
        )
    };
    emit(&creds[i], day, out)?;
    if let Some(next) = creds.get(i + 1).filter(|c| c.credential_type == "license")
        && rng.random_bool(0.8)
    {
        emit(next, day + rng.random_range(45..120), out)?;
    }
    Ok(())
}

/// WIOA youth and adult, and Wagner-Peyser; returns the quarter of the last training exit.
fn workforce(
    world: &World<'_>,
    life: &Life,
    key: &str,
    (aq0, aq1): (i32, i32),
    rng: &mut ChaCha8Rng,
    scratch: &Scratch,
    out: &mut Out,
) -> Result<Option<i32>, SynthError> {
    let Some(left) = life.left_school else {
        return Ok(None);
    };
    let horizon = days_from_civil(aq1 / 4 + 1, 1, 1) - 1;
    let enrolled_soon = scratch.enrolled.iter().any(|&e| e > 0);
    let youth_p = if life.dropout && life.graduated.is_none() {
        0.15
    } else if !enrolled_soon && life.econ {
        0.06
    } else {
        0.01
    };
    let mut last_exit = None;
    let spell =
        |program: &str, entry_aq: i32, days: (i32, i32), rng: &mut ChaCha8Rng, out: &mut Out| {
            if entry_aq > aq1 || entry_aq < aq0 {
                return Ok(None);
            }
            let entry = day_in(entry_aq, rng);
            let exit = entry + rng.random_range(days.0..=days.1);
            out.push(
                Table::WorkforceParticipation,
                &[
                    Value::Str(key),
                    Value::Str(program),
                    Value::Date(entry),
                    if exit <= horizon {
                        Value::Date(exit)
                    } else {
                        Value::Null
                    },
                ],
            )?;
            Ok::<_, SynthError>((exit <= horizon).then_some(exit))
        };
    if rng.random_bool(youth_p) {
        let entry = left + rng.random_range(1..=8);
        if let Some(exit) = spell("wioa_youth", entry, (120, 450), rng, out)? {
            last_exit = Some(exit);
        }
    }
    let age_ok = (aq1 / 4) - life.birth_year >= 20;
    if age_ok && rng.random_bool(if life.econ { 0.035 } else { 0.018 }) {
        let first = (left + 4).max((life.birth_year + 19) * 4).max(aq0);
        if first <= aq1 {
            let entry = rng.random_range(first..=aq1);
            if let Some(exit) = spell("wioa_adult", entry, (90, 360), rng, out)? {
                last_exit = Some(exit);
            }
        }
    }
    if rng.random_bool(0.04) {
        let first = (left + 2).max(aq0);
        if first <= aq1 {
            let entry = rng.random_range(first..=aq1);
            spell("wagner_peyser", entry, (20, 120), rng, out)?;
        }
    }
    // Training under WIOA often ends in a credential (WIOA §116(b)(2)(A)(i)(IV)).
    if let Some(exit) = last_exit
        && rng.random_bool(0.5)
    {
        let pw = life
            .pathway
            .unwrap_or_else(|| rng.random_range(0..world.region.pathways.len()));
        if let Some(c) = world.region.pathways[pw].credentials.iter().find(|c| {
            matches!(
                c.credential_type.as_str(),
                "industry_certification" | "certificate"
            )
        }) {
            out.push(
                Table::CredentialsEarned,
                &[
                    Value::Str(key),
                    Value::Date(exit - rng.random_range(0..45)),
                    Value::Str(&c.id),
                    Value::Str(&c.credential_type),
                    Value::Bool(c.recognized_postsecondary),
                ],
            )?;
        }
    }
    Ok(last_exit.map(quarter_of))
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    School,
    FullTime,
    PartTime,
    Out,
}

fn pick<'w>(world: &'w World<'_>, pool: &Pool, rng: &mut ChaCha8Rng) -> (usize, &'w Job) {
    let j = pool.jobs[pool.cdf.pick(rng.random())];
    (j, &world.jobs[j])
}

/// UI wage records, quarter by quarter.
#[allow(clippy::too_many_arguments)]
fn wages(
    world: &World<'_>,
    life: &Life,
    key: &str,
    (aq0, aq1): (i32, i32),
    award: Option<Award>,
    wioa_exit: Option<i32>,
    rng: &mut ChaCha8Rng,
    scratch: &Scratch,
    out: &mut Out,
) -> Result<(), SynthError> {
    let person = (0.25 * normal(rng)).exp();
    let mut job: Option<usize> = None;
    let mut job_in_target = false;
    let mut fresh = false;
    let target_p = match life.pathway {
        Some(_) if life.concentrator => 0.40,
        Some(_) if life.participant => 0.22,
        _ => 0.07,
    };
    let emit = |j: usize, aq: i32, amount: f64, out: &mut Out| {
        let job = &world.jobs[j];
        out.push(
            Table::Wages,
            &[
                Value::Str(key),
                Value::Int(aq.div_euclid(4)),
                Value::Int(aq.rem_euclid(4) + 1),
                Value::Str(&job.id),
                Value::Str(&job.naics),
                Value::Dec((amount * 100.0).round() / 100.0),
            ],
        )
    };
    for aq in aq0..=aq1 {
        let (year, q) = (aq.div_euclid(4), aq.rem_euclid(4) + 1);
        let age = year - life.birth_year;
        if age < 15 {
            continue;
        }
        let phase = match life.left_school {
            None => Phase::School,
            Some(l) if aq < l => Phase::School,
            _ => match scratch
                .enrolled
                .get((aq - aq0) as usize)
                .copied()
                .unwrap_or(0)
            {
                2 => Phase::FullTime,
                1 => Phase::PartTime,
                _ => Phase::Out,
            },
        };
        let no_diploma = life.graduated.is_none();
        let (find, keep) = match phase {
            Phase::School if age < 16 => (if q == 3 { 0.08 } else { 0.03 }, 0.6),
            Phase::School => (
                if q == 3 { 0.25 } else { 0.09 },
                if q == 4 { 0.55 } else { 0.75 },
            ),
            Phase::FullTime => (0.22, 0.82),
            Phase::PartTime => (0.35, 0.88),
            Phase::Out if no_diploma => (0.26, 0.84),
            Phase::Out => (0.42, 0.92),
        };
        let find: f64 = find
            * if life.disability { 0.75 } else { 1.0 }
            * if wioa_exit.is_some_and(|w| aq > w && aq <= w + 4) {
                1.4
            } else {
                1.0
            };
        let (mut amount_factor, mut switched_from) = (1.0, None);
        match job {
            Some(_) if !rng.random_bool(keep) => {
                // Separation: partial earnings this quarter, then none.
                amount_factor = rng.random_range(0.2..0.8);
                fresh = false;
            }
            Some(j) if rng.random_bool(0.06) => switched_from = Some(j),
            Some(_) => {}
            None if rng.random_bool(find.min(0.95)) => fresh = true,
            None => continue,
        }
        let separating = amount_factor < 1.0;
        if fresh || switched_from.is_some() {
            let pool = if phase == Phase::School {
                if rng.random_bool(0.9) {
                    &world.teen
                } else {
                    &world.general
                }
            } else {
                let mut tp = target_p;
                if award.is_some_and(|a| a.in_pathway && aq > a.quarter) {
                    tp = 0.6;
                }
                if matches!(phase, Phase::FullTime | Phase::PartTime) {
                    tp *= 0.6;
                }
                match life.pathway {
                    Some(pw) if rng.random_bool(tp) => &world.target[pw],
                    _ if age < 21 && rng.random_bool(0.3) => &world.teen,
                    _ => &world.general,
                }
            };
            let (j, _) = pick(world, pool, rng);
            job = Some(j);
            job_in_target = life
                .pathway
                .is_some_and(|pw| std::ptr::eq(pool, &world.target[pw]));
        }
        let Some(j) = job else { continue };
        let base = match phase {
            Phase::School => 7_500.0,
            Phase::FullTime => 9_500.0,
            Phase::PartTime => 15_000.0,
            Phase::Out if no_diploma => 22_000.0,
            Phase::Out => 27_000.0,
        };
        let edu = match award.filter(|a| aq > a.quarter).map(|a| a.level) {
            Some(1) => 1.08,
            Some(2) => 1.18,
            Some(3) => 1.5,
            _ => 1.0,
        };
        let experience = life.left_school.map_or(0, |l| (aq - l).max(0)) as f64 / 4.0;
        let cert = if life.industry_cert && job_in_target {
            1.06
        } else {
            1.0
        };
        let amount = |factor: f64, rng: &mut ChaCha8Rng| {
            base * world.jobs[j].pay
                * edu
                * cert
                * 1.045f64.powf(experience)
                * 1.035f64.powi(year - 2020)
                * person
                * (0.12 * normal(rng)).exp()
                / 4.0
                * factor
        };
        if fresh {
            amount_factor = rng.random_range(0.35..1.0);
            fresh = false;
        }
        if let Some(old) = switched_from {
            emit(old, aq, amount(rng.random_range(0.2..0.8), rng), out)?;
            amount_factor = rng.random_range(0.3..0.9);
        }
        emit(j, aq, amount(amount_factor, rng), out)?;
        if separating {
            job = None;
        } else if rng.random_bool(0.05) {
            // A second job in the quarter.
            let (k, _) = pick(world, &world.general, rng);
            if k != j {
                emit(k, aq, amount(0.35, rng), out)?;
            }
        }
    }
    Ok(())
}
