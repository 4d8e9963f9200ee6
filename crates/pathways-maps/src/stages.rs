//! Editing a map's stages: add, rename, reorder and remove.
//!
//! Stages are the columns of the map and the `asn:ProgressionModel` of its
//! CTDL export, so an edit must leave every component in a stage the map
//! has: removing a stage that still holds components is refused unless the
//! caller names the stage they move to. Positions count from 0, earliest
//! first; a position past the end means "last".

use crate::MapError;
use crate::model::{Pathway, Stage};

impl Pathway {
    /// Inserts `stage` at `position` (the end when `None` or past the end).
    pub fn add_stage(&mut self, stage: Stage, position: Option<usize>) -> Result<(), MapError> {
        let stage = Stage {
            id: stage.id.trim().to_owned(),
            label: stage.label.trim().to_owned(),
            secondary: stage.secondary,
        };
        if stage.id.is_empty() {
            return Err(MapError::BlankStage("id"));
        }
        if stage.label.is_empty() {
            return Err(MapError::BlankStage("label"));
        }
        if self.stage_index(&stage.id).is_some() {
            return Err(MapError::DuplicateStage(stage.id));
        }
        let at = position.unwrap_or(usize::MAX).min(self.stages.len());
        self.stages.insert(at, stage);
        Ok(())
    }

    /// Replaces the whole list of stages (a full-map update). Refused, with
    /// nothing changed, when an id repeats, an id or label is blank, or a
    /// component would be left in a stage the new list does not have.
    pub fn replace_stages(&mut self, stages: Vec<Stage>) -> Result<(), MapError> {
        let mut next: Vec<Stage> = Vec::with_capacity(stages.len());
        for s in stages {
            let (id, label) = (s.id.trim().to_owned(), s.label.trim().to_owned());
            if id.is_empty() {
                return Err(MapError::BlankStage("id"));
            }
            if label.is_empty() {
                return Err(MapError::BlankStage("label"));
            }
            if next.iter().any(|n| n.id == id) {
                return Err(MapError::DuplicateStage(id));
            }
            next.push(Stage {
                id,
                label,
                secondary: s.secondary,
            });
        }
        if let Some(c) = self
            .components
            .iter()
            .find(|c| !next.iter().any(|s| s.id == c.stage))
        {
            return Err(MapError::UnknownStage {
                component: c.id.clone(),
                stage: c.stage.clone(),
            });
        }
        self.stages = next;
        Ok(())
    }

    /// Changes the label and the secondary flag of stage `id` (its id, which
    /// components and CTDL exports refer to, stays).
    pub fn update_stage(&mut self, id: &str, label: &str, secondary: bool) -> Result<(), MapError> {
        let label = label.trim();
        if label.is_empty() {
            return Err(MapError::BlankStage("label"));
        }
        let at = self
            .stage_index(id)
            .ok_or_else(|| MapError::NoSuchStage(id.to_owned()))?;
        let s = &mut self.stages[at];
        s.label = label.to_owned();
        s.secondary = secondary;
        Ok(())
    }

    /// Moves stage `id` to `position` (past the end means last).
    pub fn move_stage(&mut self, id: &str, position: usize) -> Result<(), MapError> {
        let from = self
            .stage_index(id)
            .ok_or_else(|| MapError::NoSuchStage(id.to_owned()))?;
        let s = self.stages.remove(from);
        let to = position.min(self.stages.len());
        self.stages.insert(to, s);
        Ok(())
    }

    /// Removes stage `id`. Components in it move to stage `move_to`; without
    /// one, a stage that holds components is refused, naming them.
    pub fn remove_stage(&mut self, id: &str, move_to: Option<&str>) -> Result<Stage, MapError> {
        let at = self
            .stage_index(id)
            .ok_or_else(|| MapError::NoSuchStage(id.to_owned()))?;
        let held: Vec<String> = self
            .components
            .iter()
            .filter(|c| c.stage == id)
            .map(|c| c.id.clone())
            .collect();
        if !held.is_empty() {
            let to = move_to
                .filter(|to| *to != id)
                .ok_or_else(|| MapError::StageInUse {
                    stage: id.to_owned(),
                    components: held,
                })?;
            if self.stage_index(to).is_none() {
                return Err(MapError::NoSuchStage(to.to_owned()));
            }
            for c in self.components.iter_mut().filter(|c| c.stage == id) {
                c.stage = to.to_owned();
            }
        }
        Ok(self.stages.remove(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::health_science_rn;

    fn ids(p: &Pathway) -> Vec<&str> {
        p.stages.iter().map(|s| s.id.as_str()).collect()
    }

    fn stage(id: &str, label: &str) -> Stage {
        Stage {
            id: id.into(),
            label: label.into(),
            secondary: false,
        }
    }

    #[test]
    fn stages_are_added_where_asked_and_ids_stay_unique() {
        let mut p = health_science_rn();
        let n = p.stages.len();
        p.add_stage(stage("bridge", "Summer bridge"), Some(2))
            .unwrap();
        assert_eq!(p.stages[2].id, "bridge");
        p.add_stage(stage("end", "After"), Some(99)).unwrap();
        assert_eq!(ids(&p).last(), Some(&"end"));
        assert_eq!(p.stages.len(), n + 2);
        assert!(matches!(
            p.add_stage(stage("bridge", "Again"), None),
            Err(MapError::DuplicateStage(_))
        ));
        assert!(matches!(
            p.add_stage(stage(" ", "Blank"), None),
            Err(MapError::BlankStage("id"))
        ));
        assert!(matches!(
            p.add_stage(stage("x", " "), None),
            Err(MapError::BlankStage("label"))
        ));
        assert_eq!(p.stages.len(), n + 2, "refused adds change nothing");
    }

    #[test]
    fn renaming_keeps_the_id_and_moving_keeps_every_stage() {
        let mut p = health_science_rn();
        let before: Vec<String> = ids(&p).into_iter().map(str::to_owned).collect();
        let first = before[0].clone();
        p.update_stage(&first, "Freshman and sophomore", true)
            .unwrap();
        assert_eq!(p.stages[0].label, "Freshman and sophomore");
        assert_eq!(p.stages[0].id, first);
        p.move_stage(&first, 2).unwrap();
        assert_eq!(p.stages[2].id, first);
        p.move_stage(&first, 100).unwrap();
        assert_eq!(p.stages.last().map(|s| s.id.as_str()), Some(first.as_str()));
        let mut now: Vec<String> = ids(&p).into_iter().map(str::to_owned).collect();
        let mut was = before.clone();
        now.sort();
        was.sort();
        assert_eq!(now, was);
        assert!(matches!(
            p.update_stage("nope", "X", false),
            Err(MapError::NoSuchStage(_))
        ));
        assert!(matches!(
            p.move_stage("nope", 0),
            Err(MapError::NoSuchStage(_))
        ));
    }

    #[test]
    fn a_stage_with_components_goes_only_when_they_have_somewhere_to_go() {
        let mut p = health_science_rn();
        let full = p.components[0].stage.clone();
        let held = p.components.iter().filter(|c| c.stage == full).count();
        assert!(held > 0);
        match p.remove_stage(&full, None) {
            Err(MapError::StageInUse { components, .. }) => assert_eq!(components.len(), held),
            other => panic!("expected StageInUse, got {other:?}"),
        }
        assert!(matches!(
            p.remove_stage(&full, Some(&full)),
            Err(MapError::StageInUse { .. })
        ));
        assert!(matches!(
            p.remove_stage(&full, Some("nowhere")),
            Err(MapError::NoSuchStage(_))
        ));
        let other = p.stages.iter().find(|s| s.id != full).unwrap().id.clone();
        let removed = p.remove_stage(&full, Some(&other)).unwrap();
        assert_eq!(removed.id, full);
        assert!(p.stage_index(&full).is_none());
        assert!(p.components.iter().all(|c| c.stage != full));
        // Every component still sits in a stage the map has.
        assert!(
            p.components
                .iter()
                .all(|c| p.stage_index(&c.stage).is_some())
        );
        p.add_stage(stage("empty", "Empty"), None).unwrap();
        assert!(p.remove_stage("empty", None).is_ok());
    }

    #[test]
    fn replacing_stages_keeps_every_component_placed() {
        let mut p = health_science_rn();
        let before = p.stages.clone();
        let mut fewer = before.clone();
        let dropped = fewer.remove(0);
        let bad = p.replace_stages(fewer);
        assert!(
            matches!(&bad, Err(MapError::UnknownStage { stage, .. }) if *stage == dropped.id),
            "{bad:?}"
        );
        assert_eq!(p.stages, before, "a refused replacement changes nothing");
        let mut dup = before.clone();
        dup.push(before[0].clone());
        assert!(matches!(
            p.replace_stages(dup),
            Err(MapError::DuplicateStage(_))
        ));
        let mut renamed = before.clone();
        renamed.reverse();
        renamed[0].label = "  Renamed  ".into();
        p.replace_stages(renamed.clone()).unwrap();
        assert_eq!(p.stages[0].label, "Renamed");
        assert_eq!(p.stages.len(), before.len());
    }
}
