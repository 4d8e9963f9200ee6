//! Real example pathways, for tests, documentation and the demo.

use pathways_domain::{CipCode, SocCode};

use crate::model::{
    AdvancedProgram, Articulation, ArticulationKind, Component, ComponentKind, Condition,
    CreditHours, EdgeKind, Occupation, Pathway,
};

fn soc(code: &str) -> Option<SocCode> {
    SocCode::parse(code).ok()
}

/// High-school health science to registered nurse, with an adult on-ramp at
/// the nurse aide certification.
///
/// The route is the common Texas one: the Health Science program of study
/// (TEA CTE course codes 13020200, 13020300), Health Science Theory taught
/// as dual credit with the college's nurse aide course (NURA 1301, WECM), the
/// state CNA certification (SOC 31-1131), a vocational nursing certificate
/// (LVN, SOC 29-2061, CIP 51.3901) that stacks into the associate degree in
/// nursing (ADN, CIP 51.3801) through an LVN-to-RN transition, and the RN
/// license after NCLEX-RN (SOC 29-1141). Every off-ramp names its occupation,
/// so the map can show what each step pays.
pub fn health_science_rn() -> Pathway {
    let occupation = |code: &str, title: &str| soc(code).map(|s| Occupation::new(s, title));
    let cip = |code: &str| CipCode::parse(code).ok();
    let mut lvn = Component::new(
        "lvn-certificate",
        ComponentKind::Level2Certificate,
        "Vocational Nursing certificate (LVN)",
        "ps2",
    )
    .credit_hours(CreditHours::whole(44))
    .provider("Regional Community College")
    .off_ramp(occupation(
        "29-2061",
        "Licensed Practical and Licensed Vocational Nurses",
    ));
    lvn.cip = cip("51.3901");
    let mut adn = Component::new(
        "adn",
        ComponentKind::Associate,
        "Associate Degree in Nursing (ADN)",
        "ps3",
    )
    .credit_hours(CreditHours::whole(60))
    .provider("Regional Community College")
    .description("LVN-to-RN transition: the LVN certificate counts toward the degree.");
    adn.cip = cip("51.3801");

    let built = Pathway::builder("health-science-rn", "Health Science to Registered Nurse")
        .description(
            "From the high-school Health Science program of study through nurse aide and \
             vocational nursing to the associate degree and the RN license.",
        )
        .stage("9-10", "Grades 9–10", true)
        .stage("11-12", "Grades 11–12", true)
        .stage("ps1", "Postsecondary year 1", false)
        .stage("ps2", "Postsecondary year 2", false)
        .stage("ps3", "Postsecondary year 3", false)
        .stage("career", "Licensure and career", false)
        .component(
            Component::new(
                "health-science-pos",
                ComponentKind::Milestone,
                "Choose the Health Science program of study",
                "9-10",
            )
            .on_ramp(),
        )
        .component(
            Component::new(
                "principles-health-science",
                ComponentKind::HighSchoolCourse,
                "Principles of Health Science",
                "9-10",
            )
            .course_code("13020200")
            .provider("Regional ISD"),
        )
        .component(
            Component::new(
                "health-science-theory",
                ComponentKind::AdvancedCourse(AdvancedProgram::DualCredit),
                "Health Science Theory (dual credit)",
                "11-12",
            )
            .course_code("13020300")
            .provider("Regional ISD"),
        )
        .component(
            Component::new(
                "practicum-health-science",
                ComponentKind::WorkBasedLearning,
                "Practicum in Health Science (clinical rotation)",
                "11-12",
            )
            .course_code("13020500")
            .provider("Regional ISD with Regional Medical Center"),
        )
        .component(
            Component::new(
                "nura-1301",
                ComponentKind::CollegeCourse,
                "NURA 1301 Nurse Aide for Health Care Organizations I",
                "ps1",
            )
            .course_code("NURA 1301")
            .credit_hours(CreditHours::whole(3))
            .provider("Regional Community College"),
        )
        .component(
            Component::new(
                "cna",
                ComponentKind::IndustryCertification,
                "Certified Nurse Aide (CNA)",
                "ps1",
            )
            .provider("Texas Health and Human Services")
            .on_ramp()
            .off_ramp(occupation("31-1131", "Nursing Assistants"))
            .condition(Condition::new(
                "Complete the nurse aide course, in high school or at the college",
                1,
                ["health-science-theory", "nura-1301"],
            )),
        )
        .component(lvn)
        .component(adn)
        .component(
            Component::new(
                "rn-license",
                ComponentKind::License,
                "Registered Nurse license (NCLEX-RN)",
                "career",
            )
            .provider("Texas Board of Nursing")
            .off_ramp(occupation("29-1141", "Registered Nurses")),
        )
        .edge(
            "health-science-pos",
            EdgeKind::Precedes,
            "principles-health-science",
        )
        .edge(
            "principles-health-science",
            EdgeKind::PrerequisiteOf,
            "health-science-theory",
        )
        .edge(
            "principles-health-science",
            EdgeKind::Precedes,
            "practicum-health-science",
        )
        .edge("health-science-theory", EdgeKind::Precedes, "cna")
        .edge("practicum-health-science", EdgeKind::Precedes, "cna")
        .edge("nura-1301", EdgeKind::PrerequisiteOf, "cna")
        .edge("cna", EdgeKind::PrerequisiteOf, "lvn-certificate")
        .edge("lvn-certificate", EdgeKind::StacksInto, "adn")
        .edge("adn", EdgeKind::PrerequisiteOf, "rn-license")
        .articulation(Articulation {
            from: "health-science-theory".into(),
            to: "nura-1301".into(),
            kind: ArticulationKind::DualCredit,
            credit_hours: Some(CreditHours::whole(3)),
            agreement: Some(
                "Regional ISD – Regional Community College dual credit agreement".into(),
            ),
            from_institution: Some("Regional ISD".into()),
            to_institution: Some("Regional Community College".into()),
        })
        .build();
    // The ids above are distinct and every stage exists, so build() cannot
    // fail; an empty map is the harmless fallback the type system asks for.
    built.unwrap_or_else(|_| empty())
}

fn empty() -> Pathway {
    Pathway {
        id: "health-science-rn".to_owned(),
        ctid: None,
        name: String::new(),
        description: String::new(),
        owned_by: Vec::new(),
        stages: Vec::new(),
        components: Vec::new(),
        edges: Default::default(),
        articulations: Default::default(),
        extra: Default::default(),
        extra_nodes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_has_the_promised_route() {
        let p = health_science_rn();
        assert_eq!(p.components.len(), 9);
        let cna = p.component("cna").unwrap();
        assert!(cna.on_ramp && cna.off_ramp);
        assert_eq!(cna.occupations[0].soc.as_str(), "31-1131");
        assert_eq!(
            p.component("lvn-certificate").unwrap().occupations[0]
                .soc
                .as_str(),
            "29-2061"
        );
        assert_eq!(
            p.component("rn-license").unwrap().occupations[0]
                .soc
                .as_str(),
            "29-1141"
        );
    }
}
