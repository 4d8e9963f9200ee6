//! Controlled vocabularies of the catalog: sectors, program and credential
//! types, course levels and industry sectors.
//!
//! Each is a closed enum with one snake_case spelling used in JSON, CSV and
//! SQL alike, so a value can never drift between the API, an import file and
//! the database.

/// Why a vocabulary term was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not a known {vocabulary}; expected one of: {allowed}")]
pub struct TermError {
    /// The vocabulary's name ("sector", "program kind", ...).
    pub vocabulary: &'static str,
    /// The rejected text.
    pub given: String,
    /// The allowed spellings, comma-separated.
    pub allowed: String,
}

/// Declares a closed vocabulary enum with its stored spelling and label.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $label:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, $title:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every term, in presentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every stored spelling, in presentation order.
            pub const TERMS: &'static [&'static str] = &[$($text),+];

            /// The stored and serialized spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// A human label for pages.
            pub fn title(self) -> &'static str {
                match self { $($name::$variant => $title),+ }
            }

            /// Parses the snake_case spelling (case-insensitive, spaces or dashes allowed).
            pub fn parse(text: &str) -> Result<Self, $crate::vocab::TermError> {
                let norm: String = text
                    .trim()
                    .chars()
                    .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
                    .collect();
                match norm.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::vocab::TermError {
                        vocabulary: $label,
                        given: text.to_owned(),
                        allowed: [$($text),+].join(", "),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Written by hand: the schema must list the stored spellings, which
        // the derive cannot see through this macro's `rename` attributes.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($text),+]))
                    .into()
            }
        }
        impl utoipa::ToSchema for $name {}

        impl std::str::FromStr for $name {
            type Err = $crate::vocab::TermError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary! {
    /// The sector an organization belongs to in the cross-sector partnership.
    Sector, "sector" {
        /// A K-12 district or school.
        Secondary => "secondary", "Secondary (K-12)",
        /// A community college, university or technical college.
        Postsecondary => "postsecondary", "Postsecondary",
        /// A local workforce development board.
        WorkforceBoard => "workforce_board", "Workforce board",
        /// An employer.
        Employer => "employer", "Employer",
        /// A community-based organization.
        CommunityBased => "community_based", "Community-based organization",
        /// City or county government.
        LocalGovernment => "local_government", "Local government",
        /// An economic development organization.
        EconomicDevelopment => "economic_development", "Economic development",
        /// A chamber of commerce.
        ChamberOfCommerce => "chamber_of_commerce", "Chamber of commerce",
        /// An industry association.
        IndustryAssociation => "industry_association", "Industry association",
        /// The regional convener (intermediary) that leads the partnership.
        RegionalConvener => "regional_convener", "Regional convener",
    }
}

vocabulary! {
    /// Finer kind of organization within its sector, where it matters for pathways.
    OrganizationKind, "organization kind" {
        /// A K-12 school district (an LEA).
        District => "district", "School district",
        /// A middle or high school.
        School => "school", "School",
        /// A community college.
        CommunityCollege => "community_college", "Community college",
        /// A four-year university.
        University => "university", "University",
        /// A technical college.
        TechnicalCollege => "technical_college", "Technical college",
        /// Any other organization.
        Other => "other", "Other",
    }
}

vocabulary! {
    /// The kind of program, from a high-school program of study to a bachelor's degree.
    ProgramKind, "program kind" {
        /// A secondary CTE program of study (Perkins V, 20 U.S.C. 2302(41)).
        ProgramOfStudy => "program_of_study", "Secondary program of study",
        /// A short college certificate (Texas Level 1, roughly under a year).
        CertificateLevel1 => "certificate_level_1", "Level 1 certificate",
        /// A longer college certificate (Texas Level 2, one to two years).
        CertificateLevel2 => "certificate_level_2", "Level 2 certificate",
        /// An associate degree program.
        Associate => "associate", "Associate degree",
        /// A bachelor's degree program.
        Bachelor => "bachelor", "Bachelor's degree",
        /// A registered apprenticeship program.
        Apprenticeship => "apprenticeship", "Apprenticeship",
        /// A pre-apprenticeship program.
        PreApprenticeship => "pre_apprenticeship", "Pre-apprenticeship",
    }
}

impl ProgramKind {
    /// True for programs run by secondary schools.
    pub fn is_secondary(self) -> bool {
        matches!(self, ProgramKind::ProgramOfStudy)
    }
}

vocabulary! {
    /// Where a course is taught.
    CourseLevel, "course level" {
        /// Middle school (grades 6–8).
        MiddleSchool => "middle_school", "Middle school",
        /// High school (grades 9–12).
        HighSchool => "high_school", "High school",
        /// College.
        College => "college", "College",
    }
}

vocabulary! {
    /// The kind of credential a learner earns.
    CredentialKind, "credential kind" {
        /// An industry-based certification (e.g. CompTIA A+, NCLEX-passed CNA).
        IndustryCertification => "industry_certification", "Industry-based certification",
        /// A Level 1 college certificate.
        CertificateLevel1 => "certificate_level_1", "Level 1 certificate",
        /// A Level 2 college certificate.
        CertificateLevel2 => "certificate_level_2", "Level 2 certificate",
        /// An associate degree.
        Associate => "associate", "Associate degree",
        /// A bachelor's degree.
        Bachelor => "bachelor", "Bachelor's degree",
        /// A state occupational license.
        License => "license", "License",
        /// A registered apprenticeship completion certificate.
        ApprenticeshipCertificate => "apprenticeship_certificate", "Apprenticeship certificate",
    }
}

vocabulary! {
    /// The industry sectors pathways are organized around.
    IndustrySector, "industry sector" {
        /// Health care and social assistance.
        HealthCare => "health_care", "Health care",
        /// Advanced manufacturing.
        AdvancedManufacturing => "advanced_manufacturing", "Advanced manufacturing",
        /// Information technology.
        InformationTechnology => "information_technology", "Information technology",
        /// Construction and the skilled trades.
        Construction => "construction", "Construction",
        /// Energy.
        Energy => "energy", "Energy",
        /// Transportation, distribution and logistics.
        Logistics => "logistics", "Transportation and logistics",
        /// Business and finance.
        BusinessFinance => "business_finance", "Business and finance",
        /// Education and training.
        Education => "education", "Education",
        /// Hospitality and tourism.
        Hospitality => "hospitality", "Hospitality",
        /// Agriculture, food and natural resources.
        Agriculture => "agriculture", "Agriculture",
        /// Public safety and law.
        PublicSafety => "public_safety", "Public safety",
        /// Any other sector.
        Other => "other", "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_parse_loosely_and_print_canonically() {
        assert_eq!(
            Sector::parse("Workforce Board").unwrap(),
            Sector::WorkforceBoard
        );
        assert_eq!(
            Sector::parse("regional-convener").unwrap().as_str(),
            "regional_convener"
        );
        let e = ProgramKind::parse("diploma").unwrap_err();
        assert!(e.allowed.contains("program_of_study"));
        assert_eq!(e.vocabulary, "program kind");
    }

    #[test]
    fn every_term_round_trips() {
        for s in Sector::ALL {
            assert_eq!(Sector::parse(s.as_str()).unwrap(), *s);
        }
        for k in CredentialKind::ALL {
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
    }
}

#[cfg(test)]
mod schema_tests {
    use super::*;
    use utoipa::PartialSchema;

    #[test]
    fn schemas_list_the_stored_spellings() {
        let json = serde_json::to_value(CredentialKind::schema()).unwrap();
        let values: Vec<&str> = json["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            values,
            CredentialKind::ALL
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
        );
        assert!(values.contains(&"certificate_level_1"));
    }
}
