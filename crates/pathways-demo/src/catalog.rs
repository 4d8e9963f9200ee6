//! The demo region's catalog: partners and twelve pathways in four sectors.
//!
//! Institutions are fictional (so no real school is misrepresented); the
//! occupations, CIP codes and credential structure are real, following Texas
//! practice (Level 1 / Level 2 certificates, dual credit through the
//! community college) on the Austin-Round Rock-San Marcos labor market.

/// One pathway's design: courses by level, credentials that stack, programs, exits.
pub struct PathwaySpec {
    /// Pathway name.
    pub name: &'static str,
    /// Industry sector (vocabulary spelling).
    pub sector: &'static str,
    /// One-paragraph description for families.
    pub description: &'static str,
    /// Target occupations (SOC).
    pub targets: &'static [&'static str],
    /// High-school courses: (code, title, credits).
    pub hs_courses: &'static [(&'static str, &'static str, f64)],
    /// College courses: (code, title, hours, dual credit).
    pub college_courses: &'static [(&'static str, &'static str, f64, bool)],
    /// Credentials in stacking order: (name, kind, issuer, occupations).
    pub credentials: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    )],
    /// College and university programs: (name, kind, CIP, provider key, seats, completers).
    pub programs: &'static [(&'static str, &'static str, &'static str, Provider, i64, i64)],
    /// The secondary program of study's CIP code.
    pub hs_cip: &'static str,
}

/// Which institution offers a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// The community college.
    College,
    /// The university.
    University,
    /// The joint apprenticeship committee (an industry association).
    Apprenticeship,
}

/// The region.
pub const REGION: &str = "Capital Area";
/// The default OEWS area: Austin-Round Rock-San Marcos, TX.
pub const DEFAULT_AREA: &str = "0012420";
/// The convener.
pub const CONVENER: &str = "Capital Area Workforce Board";
/// The community college.
pub const COLLEGE: &str = "Capital Community College";
/// The university.
pub const UNIVERSITY: &str = "Central Texas State University";
/// The apprenticeship sponsor.
pub const APPRENTICESHIP: &str = "Capital Area Building Trades Apprenticeship Committee";

/// Districts and their high schools.
pub const DISTRICTS: &[(&str, &[&str])] = &[
    (
        "Capital City ISD",
        &[
            "Lamar Early College High School",
            "Eastside STEM Academy",
            "Crockett High School",
        ],
    ),
    (
        "Riverside ISD",
        &["Riverside High School", "Riverside Collegiate Academy"],
    ),
    (
        "Hill Country ISD",
        &["Hill Country High School", "Cedar Ridge High School"],
    ),
];

/// Community partners at the table.
pub const PARTNERS: &[(&str, &str)] = &[
    ("Capital Area Chamber of Commerce", "chamber_of_commerce"),
    (
        "Capital Area Economic Development Council",
        "economic_development",
    ),
    (
        "Central Texas Manufacturers Association",
        "industry_association",
    ),
    ("Goodwill Career Center Capital Area", "community_based"),
    ("City of Capital Springs", "local_government"),
];

/// Employers by sector: (name, sector key, NAICS, city).
pub const EMPLOYERS: &[(&str, &str, &str, &str)] = &[
    (
        "St. Brigid Medical Center",
        "health_care",
        "622110",
        "Capital Springs",
    ),
    (
        "Riverside Regional Hospital",
        "health_care",
        "622110",
        "Riverside",
    ),
    (
        "Hill Country Health System",
        "health_care",
        "622110",
        "Cedar Ridge",
    ),
    (
        "Lone Oak Family Clinics",
        "health_care",
        "621111",
        "Capital Springs",
    ),
    (
        "Bluebonnet Senior Living",
        "health_care",
        "623110",
        "Riverside",
    ),
    (
        "Capital Pediatric Partners",
        "health_care",
        "621111",
        "Capital Springs",
    ),
    (
        "Pecan Street Pharmacy Group",
        "health_care",
        "456110",
        "Capital Springs",
    ),
    ("Travis Home Health", "health_care", "621610", "Riverside"),
    (
        "Central Texas Dental Associates",
        "health_care",
        "621210",
        "Cedar Ridge",
    ),
    (
        "Lakeway Rehabilitation Hospital",
        "health_care",
        "622310",
        "Lakeway",
    ),
    (
        "Colorado River Semiconductor",
        "advanced_manufacturing",
        "334413",
        "Capital Springs",
    ),
    (
        "Hill Country Precision Machining",
        "advanced_manufacturing",
        "332710",
        "Cedar Ridge",
    ),
    (
        "Balcones Aerospace Components",
        "advanced_manufacturing",
        "336413",
        "Riverside",
    ),
    (
        "Capital Electric Vehicles",
        "advanced_manufacturing",
        "336110",
        "Capital Springs",
    ),
    (
        "Pflugerville Plastics",
        "advanced_manufacturing",
        "326199",
        "Riverside",
    ),
    (
        "Texas Steel Fabricators",
        "advanced_manufacturing",
        "332312",
        "Cedar Ridge",
    ),
    (
        "Bastrop Battery Works",
        "advanced_manufacturing",
        "335910",
        "Bastrop",
    ),
    (
        "Lone Star Food Processing",
        "advanced_manufacturing",
        "311991",
        "Riverside",
    ),
    (
        "Onion Creek Robotics",
        "advanced_manufacturing",
        "333249",
        "Capital Springs",
    ),
    (
        "Brazos Medical Devices",
        "advanced_manufacturing",
        "339112",
        "Cedar Ridge",
    ),
    (
        "Capital Cloud Systems",
        "information_technology",
        "518210",
        "Capital Springs",
    ),
    (
        "Hill Country Cyber Defense",
        "information_technology",
        "541512",
        "Cedar Ridge",
    ),
    (
        "Riverside Software Studio",
        "information_technology",
        "541511",
        "Riverside",
    ),
    (
        "Longhorn Data Services",
        "information_technology",
        "518210",
        "Capital Springs",
    ),
    (
        "Pedernales Networks",
        "information_technology",
        "517111",
        "Riverside",
    ),
    (
        "Capital Credit Union Technology",
        "information_technology",
        "522130",
        "Capital Springs",
    ),
    (
        "Mopac Managed IT",
        "information_technology",
        "541513",
        "Capital Springs",
    ),
    (
        "Sixth Street Games",
        "information_technology",
        "513210",
        "Capital Springs",
    ),
    (
        "Central Texas School IT Cooperative",
        "information_technology",
        "611710",
        "Riverside",
    ),
    (
        "Barton Springs Analytics",
        "information_technology",
        "541519",
        "Capital Springs",
    ),
    (
        "Capital Area Electrical Contractors",
        "construction",
        "238210",
        "Capital Springs",
    ),
    (
        "Hill Country Mechanical (HVAC)",
        "construction",
        "238220",
        "Cedar Ridge",
    ),
    ("Riverside Builders", "construction", "236118", "Riverside"),
    (
        "Lone Star Commercial Construction",
        "construction",
        "236220",
        "Capital Springs",
    ),
    (
        "Capital Plumbing Services",
        "construction",
        "238220",
        "Capital Springs",
    ),
    (
        "Balcones Civil & Highway",
        "construction",
        "237310",
        "Cedar Ridge",
    ),
    (
        "Pecan Valley Solar Installers",
        "construction",
        "238210",
        "Bastrop",
    ),
    (
        "Central Texas Concrete",
        "construction",
        "238110",
        "Riverside",
    ),
    ("Lakeway Custom Homes", "construction", "236115", "Lakeway"),
    (
        "Capital Area Facilities Services",
        "construction",
        "561210",
        "Capital Springs",
    ),
];

/// The twelve pathways.
pub const PATHWAYS: &[PathwaySpec] = &[
    PathwaySpec {
        name: "Nursing",
        sector: "health_care",
        description: "Start with health science in high school, earn your nurse aide certification with dual credit, and continue to a vocational nursing certificate and an associate degree in nursing to become a registered nurse.",
        targets: &["29-1141", "29-2061", "31-1131"],
        hs_cip: "51.0000",
        hs_courses: &[
            ("HS-PHS", "Principles of Health Science", 1.0),
            ("HS-HST", "Health Science Theory", 1.0),
            ("HS-ANP", "Anatomy and Physiology", 1.0),
        ],
        college_courses: &[
            (
                "NURA 1301",
                "Nurse Aide for Health Care Organizations I",
                3.0,
                true,
            ),
            ("NURA 1160", "Clinical — Nursing Assistant", 1.0, true),
            ("VNSG 1304", "Foundations of Nursing", 3.0, false),
            ("RNSG 1413", "Foundations for Nursing Practice", 4.0, false),
        ],
        credentials: &[
            (
                "Certified Nurse Aide (CNA)",
                "industry_certification",
                "Texas Health and Human Services",
                &["31-1131"],
            ),
            (
                "Vocational Nursing Certificate",
                "certificate_level_2",
                COLLEGE,
                &["29-2061"],
            ),
            (
                "Licensed Vocational Nurse (LVN) license",
                "license",
                "Texas Board of Nursing",
                &["29-2061"],
            ),
            (
                "Associate Degree in Nursing (ADN)",
                "associate",
                COLLEGE,
                &["29-1141"],
            ),
            (
                "Registered Nurse (RN) license",
                "license",
                "Texas Board of Nursing",
                &["29-1141"],
            ),
            (
                "Bachelor of Science in Nursing (BSN)",
                "bachelor",
                UNIVERSITY,
                &["29-1141"],
            ),
        ],
        programs: &[
            (
                "Vocational Nursing",
                "certificate_level_2",
                "51.3901",
                Provider::College,
                48,
                41,
            ),
            (
                "Nursing (ADN)",
                "associate",
                "51.3801",
                Provider::College,
                120,
                96,
            ),
            (
                "Nursing (BSN, RN to BSN)",
                "bachelor",
                "51.3801",
                Provider::University,
                80,
                64,
            ),
        ],
    },
    PathwaySpec {
        name: "Medical Assisting and Clinical Support",
        sector: "health_care",
        description: "Learn patient care and clinical skills, earn a medical assistant certification, and move into clinics and hospitals with room to grow.",
        targets: &["31-9092", "29-2052", "31-9097"],
        hs_cip: "51.0801",
        hs_courses: &[
            ("HS-PHS2", "Principles of Health Science", 1.0),
            ("HS-MT", "Medical Terminology", 1.0),
            ("HS-CLN", "Practicum in Health Science", 2.0),
        ],
        college_courses: &[
            ("MDCA 1313", "Medical Terminology", 3.0, true),
            ("MDCA 1417", "Procedures in a Clinical Setting", 4.0, true),
            ("PLAB 1323", "Phlebotomy", 3.0, false),
        ],
        credentials: &[
            (
                "Certified Clinical Medical Assistant (CCMA)",
                "industry_certification",
                "National Healthcareer Association",
                &["31-9092"],
            ),
            (
                "Phlebotomy Technician (CPT)",
                "industry_certification",
                "National Healthcareer Association",
                &["31-9097"],
            ),
            (
                "Medical Assisting Certificate",
                "certificate_level_1",
                COLLEGE,
                &["31-9092"],
            ),
            (
                "Pharmacy Technician Certificate",
                "certificate_level_1",
                COLLEGE,
                &["29-2052"],
            ),
        ],
        programs: &[
            (
                "Medical Assisting",
                "certificate_level_1",
                "51.0801",
                Provider::College,
                60,
                52,
            ),
            (
                "Pharmacy Technician",
                "certificate_level_1",
                "51.0805",
                Provider::College,
                30,
                24,
            ),
        ],
    },
    PathwaySpec {
        name: "Emergency Medical Services",
        sector: "health_care",
        description: "Train as an emergency medical technician while in high school and go on to become a paramedic.",
        targets: &["29-2043", "29-2042"],
        hs_cip: "51.0904",
        hs_courses: &[
            ("HS-EMR", "Emergency Medical Technician Basic", 2.0),
            ("HS-PHS3", "Principles of Health Science", 1.0),
        ],
        college_courses: &[
            ("EMSP 1501", "Emergency Medical Technician", 5.0, true),
            ("EMSP 2444", "Cardiology", 4.0, false),
        ],
        credentials: &[
            (
                "Emergency Medical Technician (EMT) certification",
                "industry_certification",
                "National Registry of EMTs",
                &["29-2042"],
            ),
            (
                "Paramedic Certificate",
                "certificate_level_2",
                COLLEGE,
                &["29-2043"],
            ),
            (
                "Emergency Medical Services (AAS)",
                "associate",
                COLLEGE,
                &["29-2043"],
            ),
        ],
        programs: &[
            (
                "EMT-Basic",
                "certificate_level_1",
                "51.0904",
                Provider::College,
                40,
                35,
            ),
            (
                "Paramedicine",
                "associate",
                "51.0904",
                Provider::College,
                36,
                22,
            ),
        ],
    },
    PathwaySpec {
        name: "Welding and Metal Fabrication",
        sector: "advanced_manufacturing",
        description: "Learn to weld in high school shops, earn AWS certifications, and step into fabrication, pipeline and manufacturing careers.",
        targets: &["51-4121", "51-2041"],
        hs_cip: "48.0508",
        hs_courses: &[
            ("HS-IMF", "Introduction to Welding", 1.0),
            ("HS-WLD1", "Welding I", 2.0),
            ("HS-WLD2", "Welding II", 2.0),
        ],
        college_courses: &[
            (
                "WLDG 1428",
                "Introduction to Shielded Metal Arc Welding",
                4.0,
                true,
            ),
            (
                "WLDG 1430",
                "Introduction to Gas Metal Arc Welding",
                4.0,
                true,
            ),
            (
                "WLDG 2443",
                "Advanced Shielded Metal Arc Welding",
                4.0,
                false,
            ),
        ],
        credentials: &[
            (
                "AWS Certified Welder (SMAW)",
                "industry_certification",
                "American Welding Society",
                &["51-4121"],
            ),
            (
                "Welding Certificate I",
                "certificate_level_1",
                COLLEGE,
                &["51-4121"],
            ),
            (
                "Welding Technology (AAS)",
                "associate",
                COLLEGE,
                &["51-4121", "51-2041"],
            ),
        ],
        programs: &[
            (
                "Welding Technology Certificate",
                "certificate_level_1",
                "48.0508",
                Provider::College,
                40,
                31,
            ),
            (
                "Welding Technology (AAS)",
                "associate",
                "48.0508",
                Provider::College,
                30,
                14,
            ),
        ],
    },
    PathwaySpec {
        name: "Industrial Maintenance and Mechatronics",
        sector: "advanced_manufacturing",
        description: "Keep automated factories running: electrical, hydraulic and robotic systems, from high-school engineering to a mechatronics degree.",
        targets: &["49-9041", "17-3024", "49-9071"],
        hs_cip: "15.0403",
        hs_courses: &[
            ("HS-PRE", "Principles of Applied Engineering", 1.0),
            ("HS-ROB", "Robotics I", 1.0),
            ("HS-ELT", "Electronics", 1.0),
        ],
        college_courses: &[
            ("ELPT 1311", "Basic Electrical Theory", 3.0, true),
            ("RBTC 1305", "Robotic Fundamentals", 3.0, true),
            (
                "INMT 1305",
                "Introduction to Industrial Maintenance",
                3.0,
                false,
            ),
            (
                "ELMT 2339",
                "Advanced Programmable Logic Controllers",
                3.0,
                false,
            ),
        ],
        credentials: &[
            (
                "OSHA 10 General Industry",
                "industry_certification",
                "OSHA Outreach Training Program",
                &["49-9071"],
            ),
            (
                "Industrial Maintenance Certificate",
                "certificate_level_1",
                COLLEGE,
                &["49-9041"],
            ),
            (
                "Mechatronics Technology (AAS)",
                "associate",
                COLLEGE,
                &["17-3024", "49-9041"],
            ),
            (
                "Engineering Technology (BS)",
                "bachelor",
                UNIVERSITY,
                &["17-3024"],
            ),
        ],
        programs: &[
            (
                "Industrial Maintenance Technician",
                "certificate_level_1",
                "47.0303",
                Provider::College,
                36,
                27,
            ),
            (
                "Mechatronics Technology (AAS)",
                "associate",
                "15.0403",
                Provider::College,
                40,
                18,
            ),
            (
                "Engineering Technology (BS)",
                "bachelor",
                "15.0000",
                Provider::University,
                60,
                35,
            ),
        ],
    },
    PathwaySpec {
        name: "Precision Machining and CNC",
        sector: "advanced_manufacturing",
        description: "Program and run computer-controlled machines that make parts for aerospace, semiconductors and medical devices.",
        targets: &["51-4041", "51-9161", "51-4011"],
        hs_cip: "48.0501",
        hs_courses: &[
            ("HS-MFG", "Principles of Manufacturing", 1.0),
            ("HS-PMT1", "Precision Metal Manufacturing I", 2.0),
        ],
        college_courses: &[
            ("MCHN 1320", "Precision Tools and Measurement", 3.0, true),
            (
                "MCHN 2303",
                "Fundamentals of CNC Machine Controls",
                3.0,
                true,
            ),
            (
                "MCHN 2344",
                "Computerized Numerical Control Programming",
                3.0,
                false,
            ),
        ],
        credentials: &[
            (
                "NIMS Measurement, Materials and Safety",
                "industry_certification",
                "National Institute for Metalworking Skills",
                &["51-4041"],
            ),
            (
                "CNC Machining Certificate",
                "certificate_level_1",
                COLLEGE,
                &["51-4011", "51-9161"],
            ),
            (
                "Precision Manufacturing Technology (AAS)",
                "associate",
                COLLEGE,
                &["51-4041"],
            ),
        ],
        programs: &[
            (
                "CNC Machining",
                "certificate_level_1",
                "48.0510",
                Provider::College,
                30,
                21,
            ),
            (
                "Precision Manufacturing Technology (AAS)",
                "associate",
                "48.0501",
                Provider::College,
                24,
                9,
            ),
        ],
    },
    PathwaySpec {
        name: "Cybersecurity",
        sector: "information_technology",
        description: "Defend networks and data: start with networking and security fundamentals in high school, earn CompTIA certifications, and continue to a degree.",
        targets: &["15-1212", "15-1244", "15-1231"],
        hs_cip: "11.1003",
        hs_courses: &[
            ("HS-PIT", "Principles of Information Technology", 1.0),
            ("HS-NET", "Networking", 1.0),
            ("HS-CYB", "Foundations of Cybersecurity", 1.0),
        ],
        college_courses: &[
            (
                "ITNW 1325",
                "Fundamentals of Networking Technologies",
                3.0,
                true,
            ),
            (
                "ITSY 1300",
                "Fundamentals of Information Security",
                3.0,
                true,
            ),
            ("ITSY 2301", "Firewalls and Network Security", 3.0, false),
        ],
        credentials: &[
            (
                "CompTIA Security+",
                "industry_certification",
                "CompTIA",
                &["15-1212"],
            ),
            (
                "Cybersecurity Certificate",
                "certificate_level_1",
                COLLEGE,
                &["15-1212", "15-1231"],
            ),
            (
                "Cybersecurity (AAS)",
                "associate",
                COLLEGE,
                &["15-1212", "15-1244"],
            ),
            ("Cybersecurity (BS)", "bachelor", UNIVERSITY, &["15-1212"]),
        ],
        programs: &[
            (
                "Cybersecurity Certificate",
                "certificate_level_1",
                "11.1003",
                Provider::College,
                50,
                38,
            ),
            (
                "Cybersecurity (AAS)",
                "associate",
                "11.1003",
                Provider::College,
                60,
                29,
            ),
            (
                "Cybersecurity (BS)",
                "bachelor",
                "11.1003",
                Provider::University,
                90,
                55,
            ),
        ],
    },
    PathwaySpec {
        name: "Software Development",
        sector: "information_technology",
        description: "Learn to program, build apps and the web, take AP Computer Science, and go on to a computer science degree.",
        targets: &["15-1252", "15-1254", "15-1253"],
        hs_cip: "11.0201",
        hs_courses: &[
            ("HS-CS1", "Computer Science I", 1.0),
            ("HS-APCSA", "AP Computer Science A", 1.0),
            ("HS-WEB", "Web Technologies", 1.0),
        ],
        college_courses: &[
            ("COSC 1336", "Programming Fundamentals I", 3.0, true),
            ("COSC 1337", "Programming Fundamentals II", 3.0, true),
            ("COSC 2336", "Programming Fundamentals III", 3.0, false),
        ],
        credentials: &[
            (
                "Web Development Certificate",
                "certificate_level_1",
                COLLEGE,
                &["15-1254"],
            ),
            (
                "Computer Programming (AAS)",
                "associate",
                COLLEGE,
                &["15-1254", "15-1253"],
            ),
            (
                "Computer Science (BS)",
                "bachelor",
                UNIVERSITY,
                &["15-1252"],
            ),
        ],
        programs: &[
            (
                "Web Development Certificate",
                "certificate_level_1",
                "11.0801",
                Provider::College,
                40,
                33,
            ),
            (
                "Computer Programming (AAS)",
                "associate",
                "11.0201",
                Provider::College,
                70,
                34,
            ),
            (
                "Computer Science (BS)",
                "bachelor",
                "11.0701",
                Provider::University,
                300,
                210,
            ),
        ],
    },
    PathwaySpec {
        name: "IT Support and Networking",
        sector: "information_technology",
        description: "Fix computers and keep networks up: earn CompTIA A+ in high school and move into help-desk and network jobs.",
        targets: &["15-1232", "15-1231", "15-1244"],
        hs_cip: "11.0901",
        hs_courses: &[
            ("HS-PIT2", "Principles of Information Technology", 1.0),
            ("HS-CMT", "Computer Maintenance", 1.0),
        ],
        college_courses: &[
            ("ITSC 1325", "Personal Computer Hardware", 3.0, true),
            (
                "ITNW 1354",
                "Implementing and Supporting Servers",
                3.0,
                false,
            ),
        ],
        credentials: &[
            (
                "CompTIA A+",
                "industry_certification",
                "CompTIA",
                &["15-1232"],
            ),
            (
                "CompTIA Network+",
                "industry_certification",
                "CompTIA",
                &["15-1231"],
            ),
            (
                "Network Administration Certificate",
                "certificate_level_1",
                COLLEGE,
                &["15-1244", "15-1231"],
            ),
        ],
        programs: &[(
            "Network Administration",
            "certificate_level_1",
            "11.0901",
            Provider::College,
            40,
            30,
        )],
    },
    PathwaySpec {
        name: "Electrical Trades",
        sector: "construction",
        description: "Wire homes, offices and solar farms: start in high-school construction technology and go on through a registered electrical apprenticeship.",
        targets: &["47-2111", "47-2231"],
        hs_cip: "46.0302",
        hs_courses: &[
            ("HS-PCON", "Principles of Construction", 1.0),
            ("HS-ELEC", "Electrical Technology I", 2.0),
        ],
        college_courses: &[
            ("ELPT 1319", "Fundamentals of Electricity I", 3.0, true),
            ("ELPT 1341", "Motor Control", 3.0, false),
        ],
        credentials: &[
            (
                "NCCER Core Curriculum",
                "industry_certification",
                "NCCER",
                &["47-2111"],
            ),
            (
                "Pre-Apprenticeship Certificate (Electrical)",
                "certificate_level_1",
                APPRENTICESHIP,
                &["47-2111"],
            ),
            (
                "Journeyman Electrician (apprenticeship completion)",
                "apprenticeship_certificate",
                APPRENTICESHIP,
                &["47-2111"],
            ),
            (
                "Texas Journeyman Electrician License",
                "license",
                "Texas Department of Licensing and Regulation",
                &["47-2111"],
            ),
        ],
        programs: &[
            (
                "Electrical Pre-Apprenticeship",
                "pre_apprenticeship",
                "46.0302",
                Provider::Apprenticeship,
                40,
                32,
            ),
            (
                "Electrical Apprenticeship",
                "apprenticeship",
                "46.0302",
                Provider::Apprenticeship,
                60,
                38,
            ),
        ],
    },
    PathwaySpec {
        name: "HVAC and Building Systems",
        sector: "construction",
        description: "Heat, cool and keep buildings efficient: earn EPA certification and an HVAC certificate and join a fast-growing trade.",
        targets: &["49-9021"],
        hs_cip: "47.0201",
        hs_courses: &[
            ("HS-PCON2", "Principles of Construction", 1.0),
            ("HS-HVAC", "HVAC and Refrigeration Technology I", 2.0),
        ],
        college_courses: &[
            ("HART 1301", "Basic Electricity for HVAC", 3.0, true),
            ("HART 1341", "Residential Air Conditioning", 3.0, false),
        ],
        credentials: &[
            (
                "EPA Section 608 Certification",
                "industry_certification",
                "U.S. Environmental Protection Agency",
                &["49-9021"],
            ),
            (
                "HVAC Technician Certificate",
                "certificate_level_1",
                COLLEGE,
                &["49-9021"],
            ),
            ("HVAC Technology (AAS)", "associate", COLLEGE, &["49-9021"]),
        ],
        programs: &[
            (
                "HVAC Technician",
                "certificate_level_1",
                "47.0201",
                Provider::College,
                40,
                29,
            ),
            (
                "HVAC Technology (AAS)",
                "associate",
                "47.0201",
                Provider::College,
                20,
                8,
            ),
        ],
    },
    PathwaySpec {
        name: "Construction Management",
        sector: "construction",
        description: "Plan and lead building projects: from carpentry and drafting in high school to a construction management degree.",
        targets: &["11-9021", "47-1011", "47-2031"],
        hs_cip: "46.0201",
        hs_courses: &[
            ("HS-PCON3", "Principles of Construction", 1.0),
            ("HS-CARP", "Construction Technology I", 2.0),
            ("HS-ARCH", "Architectural Design I", 1.0),
        ],
        college_courses: &[
            (
                "CNBT 1311",
                "Construction Methods and Materials I",
                3.0,
                true,
            ),
            ("CNBT 2317", "Construction Estimating I", 3.0, false),
        ],
        credentials: &[
            (
                "OSHA 30 Construction",
                "industry_certification",
                "OSHA Outreach Training Program",
                &["47-2031"],
            ),
            (
                "Construction Management Technology (AAS)",
                "associate",
                COLLEGE,
                &["47-1011"],
            ),
            (
                "Construction Management (BS)",
                "bachelor",
                UNIVERSITY,
                &["11-9021"],
            ),
        ],
        programs: &[
            (
                "Construction Management Technology (AAS)",
                "associate",
                "46.0412",
                Provider::College,
                40,
                19,
            ),
            (
                "Construction Science and Management (BS)",
                "bachelor",
                "52.2001",
                Provider::University,
                70,
                44,
            ),
        ],
    },
];
