-- Catalog (SQLite). Booleans are INTEGER 0/1, timestamps RFC 3339 TEXT, so the
-- same SQL runs through sqlx's Any driver on both backends.
CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE region_areas (
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    area_code TEXT NOT NULL,
    PRIMARY KEY (region_id, area_code)
);
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sector TEXT NOT NULL,
    kind TEXT NOT NULL,
    region_id INTEGER REFERENCES regions(id),
    parent_id INTEGER REFERENCES organizations(id),
    city TEXT,
    naics TEXT,
    website TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organizations_sector ON organizations(sector, id);
CREATE INDEX organizations_region ON organizations(region_id, id);
CREATE INDEX organizations_parent ON organizations(parent_id);
CREATE TABLE occupations (
    id INTEGER PRIMARY KEY,
    soc TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE industries (
    id INTEGER PRIMARY KEY,
    naics TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE programs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    cip TEXT NOT NULL,
    provider_id INTEGER NOT NULL REFERENCES organizations(id),
    seats INTEGER NOT NULL DEFAULT 0,
    annual_completers INTEGER NOT NULL DEFAULT 0,
    description TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (provider_id, name)
);
CREATE INDEX programs_cip ON programs(cip, id);
CREATE INDEX programs_kind ON programs(kind, id);
CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    credit_hours REAL NOT NULL,
    provider_id INTEGER NOT NULL REFERENCES organizations(id),
    level TEXT NOT NULL,
    dual_credit INTEGER NOT NULL DEFAULT 0,
    advanced_academic INTEGER NOT NULL DEFAULT 0,
    subject TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (provider_id, code)
);
CREATE INDEX courses_level ON courses(level, id);
CREATE TABLE course_prerequisites (
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    prerequisite_id INTEGER NOT NULL REFERENCES courses(id),
    PRIMARY KEY (course_id, prerequisite_id)
);
CREATE INDEX course_prerequisites_target ON course_prerequisites(prerequisite_id);
CREATE TABLE credentials (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issuer_id INTEGER REFERENCES organizations(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE credential_occupations (
    credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    soc TEXT NOT NULL,
    PRIMARY KEY (credential_id, soc)
);
CREATE INDEX credential_occupations_soc ON credential_occupations(soc);
CREATE TABLE credential_stacks (
    credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    stacks_into_id INTEGER NOT NULL REFERENCES credentials(id),
    PRIMARY KEY (credential_id, stacks_into_id)
);
CREATE TABLE pathways (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sector TEXT NOT NULL,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    description TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (region_id, name)
);
CREATE INDEX pathways_sector ON pathways(sector, id);
CREATE TABLE pathway_occupations (
    pathway_id INTEGER NOT NULL REFERENCES pathways(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    soc TEXT NOT NULL,
    PRIMARY KEY (pathway_id, soc)
);
CREATE INDEX pathway_occupations_soc ON pathway_occupations(soc);
CREATE TABLE pathway_programs (
    pathway_id INTEGER NOT NULL REFERENCES pathways(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    program_id INTEGER NOT NULL REFERENCES programs(id),
    PRIMARY KEY (pathway_id, program_id)
);
CREATE TABLE pathway_courses (
    pathway_id INTEGER NOT NULL REFERENCES pathways(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    course_id INTEGER NOT NULL REFERENCES courses(id),
    PRIMARY KEY (pathway_id, course_id)
);
