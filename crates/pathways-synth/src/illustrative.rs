//! A built-in region for when none is given: an illustrative Texas metro
//! with four districts, twelve pathways in four sectors, a community college,
//! a university and forty employers. Names are fictional; CIP, NAICS and
//! credential structure follow real Texas practice.

use crate::region::{
    Course, Credential, District, Employer, Institution, InstitutionKind, Pathway,
    PostsecondaryProgram, ProgramOfStudy, Region, Sex,
};

/// (id, name, sector, target NAICS, non-traditional for, popularity, HS CIP,
/// course codes, dual-credit course codes, credentials (id, type, recognized),
/// postsecondary (institution, level, CIP)).
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<Sex>,
    f64,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [(&'static str, &'static str, bool)],
    &'static [(&'static str, &'static str, &'static str)],
);

const CC: &str = "INST-CC";
const UNIV: &str = "INST-UNIV";

const SPECS: &[Spec] = &[
    (
        "PW-NURS",
        "Nursing",
        "health_care",
        &["62"],
        Some(Sex::M),
        1.6,
        "51.0000",
        &["PHS", "HST", "ANP", "PCS"],
        &["NURA1301"],
        &[
            ("CNA", "industry_certification", true),
            ("LVN", "license", true),
            ("ADN", "associate", true),
            ("RN", "license", true),
        ],
        &[
            (CC, "certificate", "51.3901"),
            (CC, "associate", "51.3801"),
            (UNIV, "bachelor", "51.3801"),
        ],
    ),
    (
        "PW-MEDA",
        "Medical Assisting",
        "health_care",
        &["6211", "622"],
        Some(Sex::M),
        1.1,
        "51.0801",
        &["PHS2", "MTERM", "MEDA1", "MEDA2"],
        &["MDCA1313"],
        &[
            ("CCMA", "industry_certification", true),
            ("MEDA-CERT", "certificate", true),
        ],
        &[(CC, "certificate", "51.0801")],
    ),
    (
        "PW-EMS",
        "Emergency Medical Services",
        "health_care",
        &["6219", "62"],
        None,
        0.6,
        "51.0904",
        &["PHS3", "EMR", "EMT"],
        &["EMSP1501"],
        &[("EMT-B", "license", true), ("PARAMEDIC", "associate", true)],
        &[(CC, "associate", "51.0904")],
    ),
    (
        "PW-WELD",
        "Welding",
        "advanced_manufacturing",
        &["331", "332", "333", "336"],
        Some(Sex::F),
        0.9,
        "48.0508",
        &["PMFG", "WELD1", "WELD2", "WELDP"],
        &["WLDG1421"],
        &[
            ("AWS-D1", "industry_certification", true),
            ("WELD-L1", "certificate", true),
        ],
        &[(CC, "certificate", "48.0508"), (CC, "associate", "48.0508")],
    ),
    (
        "PW-MECH",
        "Mechatronics",
        "advanced_manufacturing",
        &["31", "32", "33"],
        Some(Sex::F),
        0.7,
        "15.0403",
        &["PMFG2", "ROBO1", "ROBO2", "PLC"],
        &["RBTC1305"],
        &[
            ("MSSC-CPT", "industry_certification", true),
            ("MECH-AAS", "associate", true),
        ],
        &[(CC, "associate", "15.0403"), (UNIV, "bachelor", "15.0612")],
    ),
    (
        "PW-CNC",
        "Precision Machining",
        "advanced_manufacturing",
        &["332", "333", "3344", "336"],
        Some(Sex::F),
        0.5,
        "48.0501",
        &["PMFG3", "MACH1", "MACH2"],
        &["MCHN1320"],
        &[
            ("NIMS-MP1", "industry_certification", true),
            ("MACH-L1", "certificate", true),
        ],
        &[(CC, "certificate", "48.0501")],
    ),
    (
        "PW-CYBR",
        "Cybersecurity",
        "information_technology",
        &["5415", "518", "51"],
        Some(Sex::F),
        1.0,
        "11.1003",
        &["PIT", "NETS", "CYB1", "CYB2"],
        &["ITSY1300"],
        &[
            ("COMPTIA-SEC", "industry_certification", true),
            ("CYB-AAS", "associate", true),
            ("CYB-BS", "bachelor", true),
        ],
        &[(CC, "associate", "11.1003"), (UNIV, "bachelor", "11.1003")],
    ),
    (
        "PW-SOFT",
        "Software Development",
        "information_technology",
        &["5415", "513", "518"],
        Some(Sex::F),
        1.2,
        "11.0201",
        &["PIT2", "CS1", "CS2", "APCSA"],
        &["COSC1436"],
        &[
            ("PCEP", "industry_certification", false),
            ("CS-BS", "bachelor", true),
        ],
        &[(CC, "associate", "11.0201"), (UNIV, "bachelor", "11.0701")],
    ),
    (
        "PW-ITSN",
        "IT Support and Networking",
        "information_technology",
        &["5415", "517", "518"],
        Some(Sex::F),
        0.8,
        "11.0901",
        &["PIT3", "CMTN", "NETS2"],
        &["ITNW1325"],
        &[
            ("COMPTIA-APLUS", "industry_certification", true),
            ("ITSN-L1", "certificate", true),
        ],
        &[(CC, "certificate", "11.0901"), (CC, "associate", "11.0901")],
    ),
    (
        "PW-ELEC",
        "Electrical",
        "construction",
        &["2382", "23"],
        Some(Sex::F),
        0.7,
        "46.0302",
        &["PCON", "ELEC1", "ELEC2"],
        &["ELPT1311"],
        &[
            ("OSHA10", "industry_certification", false),
            ("NCCER-ELEC1", "industry_certification", true),
            ("ELEC-APP", "apprenticeship", true),
        ],
        &[(CC, "certificate", "46.0302")],
    ),
    (
        "PW-HVAC",
        "HVAC",
        "construction",
        &["23822", "23"],
        Some(Sex::F),
        0.5,
        "47.0201",
        &["PCON2", "HVAC1", "HVAC2"],
        &["HART1301"],
        &[
            ("EPA608", "industry_certification", true),
            ("HVAC-L1", "certificate", true),
        ],
        &[(CC, "certificate", "47.0201")],
    ),
    (
        "PW-CMGT",
        "Construction Management",
        "construction",
        &["236", "237", "23"],
        Some(Sex::F),
        0.6,
        "46.0201",
        &["PCON3", "CTECH", "CMGT1"],
        &["CNBT1300"],
        &[
            ("NCCER-CORE", "industry_certification", true),
            ("CMGT-BS", "bachelor", true),
        ],
        &[(CC, "associate", "46.0412"), (UNIV, "bachelor", "52.2001")],
    ),
];

/// Employers: (id, NAICS). Ten per sector.
const EMPLOYERS: &[(&str, &str)] = &[
    ("EMP-001", "622110"),
    ("EMP-002", "622110"),
    ("EMP-003", "621111"),
    ("EMP-004", "623110"),
    ("EMP-005", "621610"),
    ("EMP-006", "621210"),
    ("EMP-007", "622310"),
    ("EMP-008", "621910"),
    ("EMP-009", "621511"),
    ("EMP-010", "623311"),
    ("EMP-011", "334413"),
    ("EMP-012", "332710"),
    ("EMP-013", "336413"),
    ("EMP-014", "336110"),
    ("EMP-015", "326199"),
    ("EMP-016", "332312"),
    ("EMP-017", "335910"),
    ("EMP-018", "311991"),
    ("EMP-019", "333249"),
    ("EMP-020", "339112"),
    ("EMP-021", "518210"),
    ("EMP-022", "541512"),
    ("EMP-023", "541511"),
    ("EMP-024", "518210"),
    ("EMP-025", "517111"),
    ("EMP-026", "541513"),
    ("EMP-027", "513210"),
    ("EMP-028", "541519"),
    ("EMP-029", "541512"),
    ("EMP-030", "541511"),
    ("EMP-031", "238210"),
    ("EMP-032", "238220"),
    ("EMP-033", "236118"),
    ("EMP-034", "236220"),
    ("EMP-035", "238220"),
    ("EMP-036", "237310"),
    ("EMP-037", "238210"),
    ("EMP-038", "238110"),
    ("EMP-039", "236115"),
    ("EMP-040", "238160"),
];

impl Region {
    /// An illustrative Texas metro (fictional names, real codes).
    pub fn illustrative() -> Region {
        let districts = [
            ("D-01", "Metro City ISD", 3.0, 6, 10),
            ("D-02", "North Suburban ISD", 2.0, 4, 6),
            ("D-03", "Eastern Consolidated ISD", 1.0, 2, 3),
            ("D-04", "Hill Country CISD", 0.6, 1, 2),
        ]
        .into_iter()
        .map(|(id, name, weight, hs, ms)| District {
            id: id.into(),
            name: name.into(),
            weight,
            high_schools: (1..=hs).map(|k| format!("{id}-HS{k:02}")).collect(),
            middle_schools: (1..=ms).map(|k| format!("{id}-MS{k:02}")).collect(),
        })
        .collect();
        let mut pathways = Vec::new();
        let mut programs = Vec::new();
        for (id, name, sector, naics, nontrad, pop, cip, courses, dual, creds, ps) in SPECS {
            pathways.push(Pathway {
                id: (*id).into(),
                name: (*name).into(),
                sector: (*sector).into(),
                target_naics: naics.iter().map(|s| (*s).into()).collect(),
                nontraditional_for: *nontrad,
                popularity: *pop,
                credentials: creds
                    .iter()
                    .map(|(c, t, r)| Credential {
                        id: format!("CRED-{c}"),
                        credential_type: (*t).into(),
                        recognized_postsecondary: *r,
                    })
                    .collect(),
                postsecondary: ps
                    .iter()
                    .map(|(i, l, c)| PostsecondaryProgram {
                        institution_id: (*i).into(),
                        level: (*l).into(),
                        cip_code: (*c).into(),
                    })
                    .collect(),
            });
            let mut list: Vec<Course> = courses
                .iter()
                .map(|c| Course {
                    id: format!("CTE-{c}"),
                    credits: 1.0,
                    dual_credit: false,
                })
                .collect();
            list.extend(dual.iter().map(|c| Course {
                id: format!("DC-{c}"),
                credits: 1.0,
                dual_credit: true,
            }));
            programs.push(ProgramOfStudy {
                id: format!("POS-{}", &id[3..]),
                name: format!("{name} Program of Study"),
                pathway_id: (*id).into(),
                district_id: None,
                cip_code: (*cip).into(),
                courses: list,
            });
        }
        Region {
            id: Some("REGION-TX-METRO".into()),
            name: "Illustrative Texas metro".into(),
            districts,
            pathways,
            programs_of_study: programs,
            institutions: vec![
                Institution {
                    id: CC.into(),
                    name: "Metro Community College".into(),
                    kind: InstitutionKind::TwoYear,
                },
                Institution {
                    id: UNIV.into(),
                    name: "Metro State University".into(),
                    kind: InstitutionKind::FourYear,
                },
            ],
            employers: EMPLOYERS
                .iter()
                .map(|(id, n)| Employer {
                    id: (*id).into(),
                    naics: (*n).into(),
                })
                .collect(),
        }
    }
}
