-- Advising: plans with every version, milestones, inventory results (SQLite).
CREATE TABLE advising_plans (
    id INTEGER PRIMARY KEY,
    student_ref TEXT NOT NULL UNIQUE REFERENCES students(student_ref),
    status TEXT NOT NULL,
    on_track INTEGER NOT NULL,
    plan TEXT NOT NULL,
    report TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER,
    approved_by INTEGER,
    approved_at TEXT
);
CREATE TABLE advising_plan_versions (
    plan_id INTEGER NOT NULL REFERENCES advising_plans(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    plan TEXT NOT NULL,
    change TEXT NOT NULL,
    changed_by INTEGER,
    changed_by_role TEXT NOT NULL,
    changed_by_name TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, version)
);
CREATE TABLE advising_milestones (
    id INTEGER PRIMARY KEY,
    pathway_id INTEGER REFERENCES pathways(id),
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    grade INTEGER NOT NULL,
    kind TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX advising_milestones_key ON advising_milestones(COALESCE(pathway_id, 0), key);
CREATE TABLE advising_milestone_status (
    student_ref TEXT NOT NULL REFERENCES students(student_ref),
    key TEXT NOT NULL,
    status TEXT NOT NULL,
    evidence TEXT NOT NULL,
    updated_by INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (student_ref, key)
);
CREATE TABLE advising_inventory (
    id INTEGER PRIMARY KEY,
    student_ref TEXT NOT NULL REFERENCES students(student_ref),
    answers TEXT NOT NULL,
    profile TEXT NOT NULL,
    code TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    taken_by INTEGER
);
CREATE INDEX advising_inventory_student ON advising_inventory(student_ref, id);
CREATE TABLE advising_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
