//! Reading the shipped data files (gzip CSV) into a [`LaborMarket`].

use std::collections::HashMap;
use std::io::Read;

use flate2::read::GzDecoder;

use crate::DataRelease;
use crate::market::*;

/// Why data could not be loaded: the file, line and field at fault.
#[derive(Debug, thiserror::Error)]
pub enum LmiError {
    /// A required file is missing from the set.
    #[error("labor-market data file {0} is missing")]
    MissingFile(String),
    /// A value could not be read.
    #[error("{file}, line {line}, field {field}: {message}")]
    Bad {
        /// File.
        file: String,
        /// Line (1 = header).
        line: u64,
        /// Column.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The file is not valid gzip CSV.
    #[error("{file}: {message}")]
    Format {
        /// File.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A code or area the caller asked about does not exist.
    #[error("{message}")]
    Unknown {
        /// Explanation, with the closest valid codes.
        message: String,
        /// Suggestions.
        suggestions: Vec<String>,
    },
}

/// The files of a data release, by name (`oews_wages.csv.gz`, …), as bytes.
#[derive(Debug, Clone, Default)]
pub struct DataFiles(pub Vec<(String, Vec<u8>)>);

/// The file names a release consists of.
pub const FILES: &[&str] = &[
    "oews_areas.csv.gz",
    "oews_wages.csv.gz",
    "soc.csv.gz",
    "ep.csv.gz",
    "onet_occupations.csv.gz",
    "onet_interests.csv.gz",
    "onet_skills.csv.gz",
    "onet_knowledge.csv.gz",
    "onet_alternate_titles.csv.gz",
    "onet_related.csv.gz",
    "cip.csv.gz",
    "cip_soc.csv.gz",
    "naics.csv.gz",
];

impl DataFiles {
    /// Reads every release file from a directory.
    pub fn from_dir(dir: &std::path::Path) -> Result<Self, LmiError> {
        let mut out = Vec::new();
        for f in FILES {
            let bytes = std::fs::read(dir.join(f))
                .map_err(|_| LmiError::MissingFile(dir.join(f).display().to_string()))?;
            out.push(((*f).to_owned(), bytes));
        }
        Ok(Self(out))
    }

    fn get(&self, name: &str) -> Result<&[u8], LmiError> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .ok_or_else(|| LmiError::MissingFile(name.to_owned()))
    }

    /// A checksum over names and contents (FNV-1a 64), stable across runs.
    pub fn checksum(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut sorted: Vec<&(String, Vec<u8>)> = self.0.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (n, b) in sorted {
            for byte in n.as_bytes().iter().chain(b.iter()) {
                h ^= u64::from(*byte);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }
}

/// Rows of one file with helpers that name file, line and field on error.
struct Table {
    file: String,
    headers: HashMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(files: &DataFiles, name: &str) -> Result<Self, LmiError> {
        let mut text = String::new();
        GzDecoder::new(files.get(name)?)
            .read_to_string(&mut text)
            .map_err(|e| LmiError::Format {
                file: name.to_owned(),
                message: e.to_string(),
            })?;
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| LmiError::Format {
                file: name.to_owned(),
                message: e.to_string(),
            })?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_owned(), i))
            .collect();
        let mut rows = Vec::new();
        for r in rdr.records() {
            let r = r.map_err(|e| LmiError::Format {
                file: name.to_owned(),
                message: e.to_string(),
            })?;
            let line = r.position().map(|p| p.line()).unwrap_or(0);
            rows.push((line, r));
        }
        Ok(Self {
            file: name.to_owned(),
            headers,
            rows,
        })
    }

    fn col(&self, name: &str) -> Result<usize, LmiError> {
        self.headers
            .get(name)
            .copied()
            .ok_or_else(|| LmiError::Bad {
                file: self.file.clone(),
                line: 1,
                field: name.to_owned(),
                message: "column is missing".into(),
            })
    }

    fn text<'a>(&self, r: &'a csv::StringRecord, c: usize) -> &'a str {
        r.get(c).unwrap_or("")
    }

    /// An optional number: blank means "not released", never zero.
    fn num(
        &self,
        line: u64,
        r: &csv::StringRecord,
        c: usize,
        field: &str,
    ) -> Result<Option<f64>, LmiError> {
        let t = r.get(c).unwrap_or("").trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<f64>().map(Some).map_err(|_| LmiError::Bad {
            file: self.file.clone(),
            line,
            field: field.to_owned(),
            message: format!("{t:?} is not a number"),
        })
    }
}

macro_rules! cols {
    ($t:expr, $($name:literal),+) => { [$($t.col($name)?),+] };
}

fn soc7(s: &str) -> String {
    s.get(..7).unwrap_or(s).to_owned()
}

/// Builds the market from a release's files.
pub fn load(files: &DataFiles, label: &str) -> Result<LaborMarket, LmiError> {
    let mut m = LaborMarket {
        release: DataRelease {
            label: label.to_owned(),
            checksum: files.checksum(),
        },
        ..Default::default()
    };

    let t = Table::read(files, "oews_areas.csv.gz")?;
    let [code, kind, title] = cols!(t, "area_code", "area_type", "area_title");
    for (_, r) in &t.rows {
        m.areas.insert(
            t.text(r, code).to_owned(),
            Area {
                code: t.text(r, code).to_owned(),
                kind: t.text(r, kind).to_owned(),
                title: t.text(r, title).to_owned(),
            },
        );
    }

    let t = Table::read(files, "soc.csv.gz")?;
    let [code, level, title, broad] = cols!(t, "soc_code", "soc_level", "soc_title", "broad_code");
    for (_, r) in &t.rows {
        m.soc.insert(
            t.text(r, code).to_owned(),
            SocEntry {
                title: t.text(r, title).to_owned(),
                level: t.text(r, level).to_owned(),
                broad: Some(t.text(r, broad).to_owned()).filter(|b| !b.is_empty()),
            },
        );
    }

    let t = Table::read(files, "oews_wages.csv.gz")?;
    let c = cols!(
        t,
        "area_code",
        "soc_code",
        "employment",
        "location_quotient",
        "mean_annual",
        "p10_annual",
        "p25_annual",
        "median_annual",
        "p75_annual",
        "p90_annual"
    );
    let names = [
        "area_code",
        "soc_code",
        "employment",
        "location_quotient",
        "mean_annual",
        "p10_annual",
        "p25_annual",
        "median_annual",
        "p75_annual",
        "p90_annual",
    ];
    for (line, r) in &t.rows {
        let n = |i: usize| t.num(*line, r, c[i], names[i]);
        let w = Wages {
            employment: n(2)?,
            location_quotient: n(3)?,
            mean: n(4)?,
            p10: n(5)?,
            p25: n(6)?,
            median: n(7)?,
            p75: n(8)?,
            p90: n(9)?,
        };
        m.wages
            .insert((t.text(r, c[0]).to_owned(), t.text(r, c[1]).to_owned()), w);
    }

    let t = Table::read(files, "ep.csv.gz")?;
    let c = cols!(
        t,
        "soc_code",
        "occupation_title",
        "employment_2024_thousands",
        "employment_change_2024_34_pct",
        "annual_openings_2024_34_thousands",
        "median_annual_wage_2024",
        "typical_entry_education",
        "work_experience_in_related_occupation",
        "typical_on_the_job_training"
    );
    for (line, r) in &t.rows {
        let p = Projection {
            employment_2024: t
                .num(*line, r, c[2], "employment_2024_thousands")?
                .map(|x| x * 1000.0),
            growth_pct: t.num(*line, r, c[3], "employment_change_2024_34_pct")?,
            annual_openings: t
                .num(*line, r, c[4], "annual_openings_2024_34_thousands")?
                .map(|x| x * 1000.0),
            median_wage: t.num(*line, r, c[5], "median_annual_wage_2024")?,
            entry_education: Some(t.text(r, c[6]).to_owned()).filter(|s| !s.is_empty()),
            work_experience: Some(t.text(r, c[7]).to_owned()).filter(|s| !s.is_empty()),
            training: Some(t.text(r, c[8]).to_owned()).filter(|s| !s.is_empty()),
        };
        m.projections.insert(t.text(r, c[0]).to_owned(), p);
    }

    let t = Table::read(files, "onet_occupations.csv.gz")?;
    let [onet, soc, title, desc, zone] = cols!(
        t,
        "onet_soc_code",
        "soc_code",
        "title",
        "description",
        "job_zone"
    );
    for (line, r) in &t.rows {
        let o = OnetOccupation {
            onet_code: t.text(r, onet).to_owned(),
            title: t.text(r, title).to_owned(),
            description: t.text(r, desc).to_owned(),
            job_zone: t.num(*line, r, zone, "job_zone")?.map(|z| z as u8),
            ..Default::default()
        };
        m.onet.entry(t.text(r, soc).to_owned()).or_default().push(o);
    }
    let idx: HashMap<String, (String, usize)> = m
        .onet
        .iter()
        .flat_map(|(soc, v)| {
            v.iter()
                .enumerate()
                .map(move |(i, o)| (o.onet_code.clone(), (soc.clone(), i)))
        })
        .collect();

    let t = Table::read(files, "onet_interests.csv.gz")?;
    let c = cols!(
        t,
        "onet_soc_code",
        "realistic",
        "investigative",
        "artistic",
        "social",
        "enterprising",
        "conventional"
    );
    for (line, r) in &t.rows {
        if let Some((soc, i)) = idx.get(t.text(r, c[0])) {
            let mut v = [0.0; 6];
            for (k, name) in [
                "realistic",
                "investigative",
                "artistic",
                "social",
                "enterprising",
                "conventional",
            ]
            .iter()
            .enumerate()
            {
                v[k] = t.num(*line, r, c[k + 1], name)?.unwrap_or(0.0);
            }
            if let Some(o) = m.onet.get_mut(soc).and_then(|x| x.get_mut(*i)) {
                o.interests = Some(v);
            }
        }
    }
    for (file, knowledge) in [
        ("onet_skills.csv.gz", false),
        ("onet_knowledge.csv.gz", true),
    ] {
        let t = Table::read(files, file)?;
        let [code, name, imp] = cols!(t, "onet_soc_code", "element_name", "importance");
        for (line, r) in &t.rows {
            if let Some((soc, i)) = idx.get(t.text(r, code)) {
                let item = (
                    t.text(r, name).to_owned(),
                    t.num(*line, r, imp, "importance")?.unwrap_or(0.0),
                );
                if let Some(o) = m.onet.get_mut(soc).and_then(|x| x.get_mut(*i)) {
                    if knowledge {
                        o.knowledge.push(item)
                    } else {
                        o.skills.push(item)
                    }
                }
            }
        }
    }
    let t = Table::read(files, "onet_alternate_titles.csv.gz")?;
    let [code, alt] = cols!(t, "onet_soc_code", "alternate_title");
    for (_, r) in &t.rows {
        m.alternate_titles
            .push((soc7(t.text(r, code)), t.text(r, alt).to_owned()));
    }
    let t = Table::read(files, "onet_related.csv.gz")?;
    let [code, rel] = cols!(t, "onet_soc_code", "related_onet_soc_code");
    for (_, r) in &t.rows {
        let from = soc7(t.text(r, code));
        let to = soc7(t.text(r, rel));
        let list = m.related.entry(from.clone()).or_default();
        if to != from && !list.contains(&to) {
            list.push(to);
        }
    }
    let t = Table::read(files, "cip.csv.gz")?;
    let [code, title] = cols!(t, "cip_code", "cip_title");
    for (_, r) in &t.rows {
        m.cip_titles.insert(
            t.text(r, code).to_owned(),
            t.text(r, title).trim_end_matches('.').to_owned(),
        );
    }
    let t = Table::read(files, "cip_soc.csv.gz")?;
    let [cip, soc] = cols!(t, "cip_code", "soc_code");
    for (_, r) in &t.rows {
        m.cip_to_soc
            .entry(t.text(r, cip).to_owned())
            .or_default()
            .push(t.text(r, soc).to_owned());
        m.soc_to_cip
            .entry(t.text(r, soc).to_owned())
            .or_default()
            .push(t.text(r, cip).to_owned());
    }
    let t = Table::read(files, "naics.csv.gz")?;
    let [code, title] = cols!(t, "naics_code", "naics_title");
    for (_, r) in &t.rows {
        m.naics
            .push((t.text(r, code).to_owned(), t.text(r, title).to_owned()));
    }
    m.build_search_index();
    Ok(m)
}

/// The release shipped inside the binary (built from `data/` by `data/prepare.py`).
pub fn shipped() -> DataFiles {
    macro_rules! file {
        ($n:literal) => {
            (
                $n.to_owned(),
                include_bytes!(concat!("../../../data/", $n)).to_vec(),
            )
        };
    }
    DataFiles(vec![
        file!("oews_areas.csv.gz"),
        file!("oews_wages.csv.gz"),
        file!("soc.csv.gz"),
        file!("ep.csv.gz"),
        file!("onet_occupations.csv.gz"),
        file!("onet_interests.csv.gz"),
        file!("onet_skills.csv.gz"),
        file!("onet_knowledge.csv.gz"),
        file!("onet_alternate_titles.csv.gz"),
        file!("onet_related.csv.gz"),
        file!("cip.csv.gz"),
        file!("cip_soc.csv.gz"),
        file!("naics.csv.gz"),
    ])
}

/// The label of the shipped release.
pub const SHIPPED_LABEL: &str =
    "OEWS May 2025 · Employment Projections 2024–34 · O*NET 29.3 · CIP 2020 · NAICS 2022";
