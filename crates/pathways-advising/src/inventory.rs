//! A short RIASEC interest inventory.
//!
//! Holland's six interest types (Holland, *Making Vocational Choices*, 3rd ed.
//! 1997) are the model O*NET uses to describe occupations, so a student's
//! profile on the same six scales can be matched to O*NET's occupational
//! interest profiles. The 36 items below (six per scale) were written for
//! this product in plain language for a grade-8 reader; each is answered on a
//! five-point "how much would you like to…" scale. The scale mean is mapped
//! linearly onto O*NET's 1–7 interest scale so both profiles share one unit.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AdvisingError;

/// One of Holland's six interest types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Realistic: hands-on work with tools, machines, plants or animals.
    Realistic,
    /// Investigative: ideas, science, figuring things out.
    Investigative,
    /// Artistic: creating, designing, self-expression.
    Artistic,
    /// Social: helping, teaching, caring for people.
    Social,
    /// Enterprising: leading, persuading, starting things.
    Enterprising,
    /// Conventional: organizing, data, clear procedures.
    Conventional,
}

impl Scale {
    /// The six scales in O*NET's order (R, I, A, S, E, C).
    pub const ALL: [Scale; 6] = [
        Scale::Realistic,
        Scale::Investigative,
        Scale::Artistic,
        Scale::Social,
        Scale::Enterprising,
        Scale::Conventional,
    ];

    /// The scale's letter.
    pub fn letter(self) -> char {
        ['R', 'I', 'A', 'S', 'E', 'C'][self as usize]
    }

    /// The scale's name.
    pub fn title(self) -> &'static str {
        [
            "Realistic",
            "Investigative",
            "Artistic",
            "Social",
            "Enterprising",
            "Conventional",
        ][self as usize]
    }

    /// What it means, for a student.
    pub fn meaning(self) -> &'static str {
        [
            "You like hands-on work: building, fixing, using tools and machines, working outdoors.",
            "You like figuring things out: science, math, solving puzzles and problems.",
            "You like creating: art, music, writing, design, new ideas.",
            "You like helping people: teaching, caring, listening, working on a team.",
            "You like leading: persuading, selling, starting projects, making decisions.",
            "You like order: organizing information, numbers and records, following clear steps.",
        ][self as usize]
    }
}

/// An inventory item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Item {
    /// Position (1-based) in the inventory.
    pub number: usize,
    /// The scale it measures.
    pub scale: Scale,
    /// The activity, completing "How much would you like to…".
    pub text: &'static str,
}

const fn item(number: usize, scale: Scale, text: &'static str) -> Item {
    Item {
        number,
        scale,
        text,
    }
}

use Scale::{Artistic as A, Conventional as C, Enterprising as E, Investigative as I};
use Scale::{Realistic as R, Social as S};

/// The items, interleaved so one scale's items are not answered in a row.
pub const ITEMS: [Item; 36] = [
    item(1, R, "fix a bike, a car or a small engine"),
    item(2, I, "do a science experiment to test an idea"),
    item(3, A, "draw, paint or design something new"),
    item(4, S, "help a classmate understand a lesson"),
    item(5, E, "lead a team or a club"),
    item(6, C, "keep a schedule or a list organized"),
    item(7, R, "build something with wood, metal or tools"),
    item(8, I, "find out how the human body works"),
    item(9, A, "write a story, a song or a poem"),
    item(10, S, "take care of people who are sick or hurt"),
    item(11, E, "sell a product or an idea to people"),
    item(12, C, "check numbers or records for mistakes"),
    item(13, R, "work outdoors with plants or animals"),
    item(14, I, "solve a hard math or logic puzzle"),
    item(15, A, "act, dance or play music for an audience"),
    item(16, S, "teach children a new skill"),
    item(17, E, "start your own business"),
    item(18, C, "use a spreadsheet to track money or data"),
    item(19, R, "put together or repair electrical wiring"),
    item(20, I, "use a microscope or lab equipment"),
    item(21, A, "design a web page, a game or a video"),
    item(22, S, "listen to people and help them with a problem"),
    item(23, E, "give a speech to convince people"),
    item(24, C, "file and sort papers or computer files"),
    item(25, R, "operate a machine, a drone or a forklift"),
    item(26, I, "write computer code to solve a problem"),
    item(27, A, "take photographs or make films"),
    item(28, S, "volunteer at a community center"),
    item(29, E, "plan an event and get people to come"),
    item(30, C, "follow clear steps to get a task exactly right"),
    item(
        31,
        R,
        "install or repair heating, plumbing or air conditioning",
    ),
    item(32, I, "study weather, space or the environment"),
    item(33, A, "decorate a room or design clothes"),
    item(34, S, "coach a sports team or mentor a younger student"),
    item(35, E, "negotiate a deal or manage a budget for a group"),
    item(36, C, "enter information into a database"),
];

/// The answer labels, 1 to 5.
pub const ANSWERS: [&str; 5] = [
    "Not at all",
    "A little",
    "Somewhat",
    "Quite a bit",
    "Very much",
];

/// A student's interest profile on O*NET's 1–7 scale (R, I, A, S, E, C).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InterestProfile(pub [f64; 6]);

impl InterestProfile {
    /// The score on one scale.
    pub fn score(&self, s: Scale) -> f64 {
        self.0[s as usize]
    }

    /// Scales from highest to lowest (ties in R-I-A-S-E-C order).
    pub fn ranked(&self) -> Vec<Scale> {
        let mut v = Scale::ALL.to_vec();
        v.sort_by(|a, b| {
            self.score(*b)
                .partial_cmp(&self.score(*a))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(b))
        });
        v
    }

    /// The three-letter Holland code ("SIA").
    pub fn code(&self) -> String {
        self.ranked().iter().take(3).map(|s| s.letter()).collect()
    }
}

/// Scores answers (one per item, 1–5, in item order) to a profile.
pub fn score(answers: &[u8]) -> Result<InterestProfile, AdvisingError> {
    if answers.len() != ITEMS.len() {
        return Err(AdvisingError::Answers(format!(
            "expected {} answers, got {}",
            ITEMS.len(),
            answers.len()
        )));
    }
    let mut sum = [0.0f64; 6];
    let mut n = [0.0f64; 6];
    for (i, (a, item)) in answers.iter().zip(ITEMS.iter()).enumerate() {
        if !(1..=5).contains(a) {
            return Err(AdvisingError::Answers(format!(
                "answer {} is {a}; answers run from 1 (not at all) to 5 (very much)",
                i + 1
            )));
        }
        sum[item.scale as usize] += f64::from(*a);
        n[item.scale as usize] += 1.0;
    }
    let mut out = [0.0; 6];
    for k in 0..6 {
        let mean = sum[k] / n[k];
        // 1..5 onto 1..7.
        out[k] = 1.0 + (mean - 1.0) * 1.5;
    }
    Ok(InterestProfile(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn six_items_per_scale_numbered_in_order() {
        for s in Scale::ALL {
            assert_eq!(ITEMS.iter().filter(|i| i.scale == s).count(), 6, "{s:?}");
        }
        for (k, i) in ITEMS.iter().enumerate() {
            assert_eq!(i.number, k + 1);
        }
    }

    #[test]
    fn a_social_student_scores_social_first() {
        let answers: Vec<u8> = ITEMS
            .iter()
            .map(|i| match i.scale {
                Scale::Social => 5,
                Scale::Investigative => 4,
                Scale::Artistic => 3,
                _ => 1,
            })
            .collect();
        let p = score(&answers).unwrap();
        assert_eq!(p.code(), "SIA");
        assert_eq!(p.score(Scale::Social), 7.0);
        assert_eq!(p.score(Scale::Realistic), 1.0);
    }

    #[test]
    fn bad_answers_are_named() {
        assert!(score(&[3; 10]).unwrap_err().to_string().contains("36"));
        let mut a = vec![3u8; 36];
        a[4] = 9;
        assert!(score(&a).unwrap_err().to_string().contains("answer 5"));
    }

    proptest! {
        #[test]
        fn scores_stay_on_the_onet_scale(answers in proptest::collection::vec(1u8..=5, 36)) {
            let p = score(&answers).unwrap();
            for v in p.0 { prop_assert!((1.0..=7.0).contains(&v)); }
            prop_assert_eq!(p.code().len(), 3);
        }
    }
}
