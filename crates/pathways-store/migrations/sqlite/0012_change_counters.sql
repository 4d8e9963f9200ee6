-- Change counters: one row per kind of data caches read, moved by triggers
-- in the same transaction as every write to its tables, so a cache that
-- reads the counter before the data can never keep data older than the
-- counter it is filed under, whichever process or tool wrote.
--   catalog:  what plan checks read (the catalog, the published board,
--             graduation rules)
--   advising: what caseloads read (the roster, plans, inventories,
--             milestones and their statuses, graduation rules)
-- Bookkeeping, not data: backups leave it out.
CREATE TABLE change_counters (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
INSERT INTO change_counters (name, n) VALUES ('catalog', 0), ('advising', 0);
CREATE TRIGGER regions_insert_catalog AFTER INSERT ON regions BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER regions_update_catalog AFTER UPDATE ON regions BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER regions_delete_catalog AFTER DELETE ON regions BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER region_areas_insert_catalog AFTER INSERT ON region_areas BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER region_areas_update_catalog AFTER UPDATE ON region_areas BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER region_areas_delete_catalog AFTER DELETE ON region_areas BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER organizations_insert_catalog AFTER INSERT ON organizations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER organizations_update_catalog AFTER UPDATE ON organizations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER organizations_delete_catalog AFTER DELETE ON organizations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER programs_insert_catalog AFTER INSERT ON programs BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER programs_update_catalog AFTER UPDATE ON programs BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER programs_delete_catalog AFTER DELETE ON programs BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER courses_insert_catalog AFTER INSERT ON courses BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER courses_update_catalog AFTER UPDATE ON courses BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER courses_delete_catalog AFTER DELETE ON courses BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER course_prerequisites_insert_catalog AFTER INSERT ON course_prerequisites BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER course_prerequisites_update_catalog AFTER UPDATE ON course_prerequisites BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER course_prerequisites_delete_catalog AFTER DELETE ON course_prerequisites BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credentials_insert_catalog AFTER INSERT ON credentials BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credentials_update_catalog AFTER UPDATE ON credentials BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credentials_delete_catalog AFTER DELETE ON credentials BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credential_occupations_insert_catalog AFTER INSERT ON credential_occupations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credential_occupations_update_catalog AFTER UPDATE ON credential_occupations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credential_occupations_delete_catalog AFTER DELETE ON credential_occupations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credential_stacks_insert_catalog AFTER INSERT ON credential_stacks BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credential_stacks_update_catalog AFTER UPDATE ON credential_stacks BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER credential_stacks_delete_catalog AFTER DELETE ON credential_stacks BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathways_insert_catalog AFTER INSERT ON pathways BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathways_update_catalog AFTER UPDATE ON pathways BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathways_delete_catalog AFTER DELETE ON pathways BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_occupations_insert_catalog AFTER INSERT ON pathway_occupations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_occupations_update_catalog AFTER UPDATE ON pathway_occupations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_occupations_delete_catalog AFTER DELETE ON pathway_occupations BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_programs_insert_catalog AFTER INSERT ON pathway_programs BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_programs_update_catalog AFTER UPDATE ON pathway_programs BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_programs_delete_catalog AFTER DELETE ON pathway_programs BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_courses_insert_catalog AFTER INSERT ON pathway_courses BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_courses_update_catalog AFTER UPDATE ON pathway_courses BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER pathway_courses_delete_catalog AFTER DELETE ON pathway_courses BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER wbl_opportunities_insert_catalog AFTER INSERT ON wbl_opportunities BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER wbl_opportunities_update_catalog AFTER UPDATE ON wbl_opportunities BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER wbl_opportunities_delete_catalog AFTER DELETE ON wbl_opportunities BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER advising_settings_insert_catalog AFTER INSERT ON advising_settings BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER advising_settings_update_catalog AFTER UPDATE ON advising_settings BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER advising_settings_delete_catalog AFTER DELETE ON advising_settings BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'catalog'; END;
CREATE TRIGGER students_insert_advising AFTER INSERT ON students BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER students_update_advising AFTER UPDATE ON students BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER students_delete_advising AFTER DELETE ON students BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_plans_insert_advising AFTER INSERT ON advising_plans BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_plans_update_advising AFTER UPDATE ON advising_plans BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_plans_delete_advising AFTER DELETE ON advising_plans BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_inventory_insert_advising AFTER INSERT ON advising_inventory BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_inventory_update_advising AFTER UPDATE ON advising_inventory BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_inventory_delete_advising AFTER DELETE ON advising_inventory BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_milestones_insert_advising AFTER INSERT ON advising_milestones BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_milestones_update_advising AFTER UPDATE ON advising_milestones BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_milestones_delete_advising AFTER DELETE ON advising_milestones BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_milestone_status_insert_advising AFTER INSERT ON advising_milestone_status BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_milestone_status_update_advising AFTER UPDATE ON advising_milestone_status BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_milestone_status_delete_advising AFTER DELETE ON advising_milestone_status BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_settings_insert_advising AFTER INSERT ON advising_settings BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_settings_update_advising AFTER UPDATE ON advising_settings BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
CREATE TRIGGER advising_settings_delete_advising AFTER DELETE ON advising_settings BEGIN UPDATE change_counters SET n = n + 1 WHERE name = 'advising'; END;
