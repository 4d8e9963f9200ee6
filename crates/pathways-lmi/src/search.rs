//! Occupation search by title and alternate titles.
//!
//! A token index built once at load: each lower-cased word maps to the
//! occupations whose title or alternate titles contain it. Ranking: exact
//! title, then title words, then alternate titles, then employment.

use std::collections::HashMap;

use crate::market::LaborMarket;

/// Precomputed token → (SOC, weight) postings.
#[derive(Debug, Default)]
pub struct Index {
    postings: HashMap<String, Vec<(String, u32)>>,
}

fn tokens(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.len() > 1)
        .map(str::to_lowercase)
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// SOC code.
    pub soc: String,
    /// Title.
    pub title: String,
    /// The alternate title that matched, if the title did not.
    pub matched: Option<String>,
    /// Relevance (higher is better).
    pub score: u32,
}

impl LaborMarket {
    pub(crate) fn build_search_index(&mut self) {
        let mut postings: HashMap<String, HashMap<String, u32>> = HashMap::new();
        let detailed: Vec<(String, String)> = self
            .detailed()
            .map(|(c, e)| (c.clone(), e.title.clone()))
            .collect();
        for (soc, title) in &detailed {
            for t in tokens(title) {
                *postings
                    .entry(t)
                    .or_default()
                    .entry(soc.clone())
                    .or_default() += 100;
            }
        }
        for (soc, alt) in &self.alternate_titles {
            for t in tokens(alt) {
                let w = postings
                    .entry(t)
                    .or_default()
                    .entry(soc.clone())
                    .or_default();
                *w = (*w).max(1) + 1;
            }
        }
        self.index.postings = postings
            .into_iter()
            .map(|(k, v)| {
                let mut list: Vec<(String, u32)> = v.into_iter().collect();
                list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                (k, list)
            })
            .collect();
    }

    /// Occupations matching every word of `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let words: Vec<String> = tokens(query).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut score: HashMap<&str, u32> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            // A word matches itself and, for the last word typed, its prefixes.
            let mut here: HashMap<&str, u32> = HashMap::new();
            let lists: Vec<&Vec<(String, u32)>> = if i + 1 == words.len() {
                self.index
                    .postings
                    .iter()
                    .filter(|(k, _)| k.starts_with(w.as_str()))
                    .map(|(_, v)| v)
                    .collect()
            } else {
                self.index.postings.get(w).into_iter().collect()
            };
            for list in lists {
                for (soc, wgt) in list {
                    let e = here.entry(soc.as_str()).or_default();
                    *e = (*e).max(*wgt);
                }
            }
            if i == 0 {
                score = here;
            } else {
                score = score
                    .into_iter()
                    .filter_map(|(k, v)| here.get(k).map(|h| (k, v + h)))
                    .collect();
            }
        }
        let q = query.trim().to_lowercase();
        let mut hits: Vec<Hit> = score
            .into_iter()
            .map(|(soc, s)| {
                let title = self.title(soc).unwrap_or_default();
                let exact = if title.to_lowercase() == q
                    || title.to_lowercase().trim_end_matches('s') == q.trim_end_matches('s')
                {
                    1000
                } else {
                    0
                };
                let employment = self
                    .wages("0000000", soc)
                    .and_then(|w| w.employment)
                    .unwrap_or(0.0);
                let bonus = (employment.max(1.0).log10() * 5.0) as u32;
                let matched = (s < 100)
                    .then(|| {
                        self.alternate_titles
                            .iter()
                            .find(|(c, a)| {
                                c == soc
                                    && words.iter().all(|w| a.to_lowercase().contains(w.as_str()))
                            })
                            .map(|(_, a)| a.clone())
                    })
                    .flatten();
                Hit {
                    soc: soc.to_owned(),
                    title,
                    matched,
                    score: s + exact + bonus,
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.soc.cmp(&b.soc)));
        hits.truncate(limit);
        hits
    }
}
