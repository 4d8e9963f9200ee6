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
    n BIGINT NOT NULL
);
INSERT INTO change_counters (name, n) VALUES ('catalog', 0), ('advising', 0);
CREATE FUNCTION bump_change_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counters SET n = n + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$;
CREATE TRIGGER regions_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER region_areas_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region_areas FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER organizations_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER programs_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programs FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER courses_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON courses FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER course_prerequisites_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON course_prerequisites FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER credentials_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON credentials FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER credential_occupations_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON credential_occupations FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER credential_stacks_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON credential_stacks FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER pathways_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pathways FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER pathway_occupations_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pathway_occupations FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER pathway_programs_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pathway_programs FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER pathway_courses_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pathway_courses FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER wbl_opportunities_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wbl_opportunities FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER advising_settings_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON advising_settings FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('catalog');
CREATE TRIGGER students_advising AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON students FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('advising');
CREATE TRIGGER advising_plans_advising AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON advising_plans FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('advising');
CREATE TRIGGER advising_inventory_advising AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON advising_inventory FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('advising');
CREATE TRIGGER advising_milestones_advising AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON advising_milestones FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('advising');
CREATE TRIGGER advising_milestone_status_advising AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON advising_milestone_status FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('advising');
CREATE TRIGGER advising_settings_advising AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON advising_settings FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('advising');
