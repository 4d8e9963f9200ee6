//! Demo pathway maps: the stored, editable maps a region keeps beside its
//! catalog. Partners publish a map for families from a catalog pathway and
//! then adjust it, so the demo stores a few, made from the catalog the way
//! the "New map" form makes them: published ones owned by the partner that
//! teaches the pathway, and one draft the convener is still working on.

use pathways_domain::catalog::{Id, OccupationInput, PathwayInput};
use pathways_store::maps::MapSettings;
use pathways_store::{ListFilter, Store};

use crate::catalog::{self, PATHWAYS};
use crate::{DemoError, DemoRegion};

/// (catalog pathway, map name, owner, published).
const MAPS: &[(&str, &str, Option<&str>, bool)] = &[
    (
        "Nursing",
        "Nursing: from health science to registered nurse",
        Some(catalog::COLLEGE),
        true,
    ),
    (
        "Software Development",
        "Software Development: high school to a computer science degree",
        Some(catalog::COLLEGE),
        true,
    ),
    (
        "Welding and Metal Fabrication",
        "Welding: certification to fabrication careers",
        Some(catalog::COLLEGE),
        true,
    ),
    (
        "Electrical Trades",
        "Electrical Trades (draft for the 2027 catalog)",
        None,
        false,
    ),
];

/// Stores the demo maps; returns counts.
pub async fn seed_maps(
    store: &Store,
    region: &DemoRegion,
) -> Result<Vec<(&'static str, usize)>, DemoError> {
    let pathways = store
        .list_all::<PathwayInput>(&ListFilter::default())
        .await?;
    let titles: std::collections::HashMap<pathways_domain::SocCode, String> = store
        .list_all::<OccupationInput>(&ListFilter::default())
        .await?
        .into_iter()
        .map(|o| (o.fields.soc, o.fields.title))
        .collect();
    let mut stored = 0;
    for (pathway, name, owner, published) in MAPS {
        // Only the demo's own pathways (the catalog may be trimmed in tests).
        if !PATHWAYS.iter().any(|p| p.name == *pathway) {
            continue;
        }
        let Some(p) = pathways.iter().find(|p| p.fields.name == *pathway) else {
            continue;
        };
        let (mut map, _) = pathways_web::pathway_map::build(store, p, None, None)
            .await
            .map_err(|e| DemoError::Maps(e.problem().detail))?;
        // Occupation titles from the labor-market data in the store (the
        // builder names an occupation by its code without the market).
        for c in &mut map.components {
            for o in &mut c.occupations {
                if let Some(t) = titles.get(&o.soc) {
                    o.title = Some(t.clone());
                }
            }
        }
        // A fresh id: a stored map is a new resource, not the catalog's export.
        map.id = String::new();
        map.name = (*name).to_owned();
        let owner: Option<Id> = owner.and_then(|o| region.organizations.get(o).copied());
        store
            .create_map(
                &MapSettings {
                    organization_id: owner,
                    region_id: Some(region.region_id),
                    source_pathway_id: Some(p.meta.id),
                    published: *published,
                },
                map,
            )
            .await?;
        stored += 1;
    }
    Ok(vec![("pathway maps", stored)])
}
