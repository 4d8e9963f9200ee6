-- Work-based learning placements: training agreements and sign-offs, hours,
-- rubric templates and supervisor evaluations; site and school coordinates (SQLite).
ALTER TABLE wbl_opportunities ADD COLUMN latitude REAL;
ALTER TABLE wbl_opportunities ADD COLUMN longitude REAL;
ALTER TABLE organizations ADD COLUMN latitude REAL;
ALTER TABLE organizations ADD COLUMN longitude REAL;
CREATE TABLE wbl_placements (
    id INTEGER PRIMARY KEY,
    opportunity_id INTEGER NOT NULL REFERENCES wbl_opportunities(id),
    student_ref TEXT NOT NULL REFERENCES students(student_ref),
    round_id INTEGER REFERENCES wbl_rounds(id),
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    guardian_required INTEGER NOT NULL,
    created_by INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (opportunity_id, student_ref)
);
CREATE INDEX wbl_placements_student ON wbl_placements(student_ref);
CREATE TABLE wbl_signoffs (
    placement_id INTEGER NOT NULL REFERENCES wbl_placements(id),
    party TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    signer_name TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    PRIMARY KEY (placement_id, party)
);
CREATE TABLE wbl_hours (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES wbl_placements(id),
    worked_on TEXT NOT NULL,
    hours REAL NOT NULL,
    activity TEXT NOT NULL,
    logged_by INTEGER NOT NULL REFERENCES users(id),
    logged_role TEXT NOT NULL,
    approved_by INTEGER REFERENCES users(id),
    approved_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX wbl_hours_placement ON wbl_hours(placement_id, worked_on);
CREATE TABLE wbl_rubric_templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    scale_max INTEGER NOT NULL,
    criteria TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE wbl_evaluations (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES wbl_placements(id),
    template_id INTEGER NOT NULL REFERENCES wbl_rubric_templates(id),
    template TEXT NOT NULL,
    point TEXT NOT NULL,
    ratings TEXT NOT NULL,
    comment TEXT NOT NULL,
    evaluator_user_id INTEGER NOT NULL REFERENCES users(id),
    evaluator_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
