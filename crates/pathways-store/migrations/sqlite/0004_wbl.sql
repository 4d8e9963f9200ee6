-- Students (the operational roster) and work-based learning (SQLite).
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    student_ref TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    school_id INTEGER NOT NULL REFERENCES organizations(id),
    grade INTEGER NOT NULL,
    birth_date TEXT NOT NULL,
    pathway_id INTEGER REFERENCES pathways(id),
    concentrator INTEGER NOT NULL DEFAULT 0,
    equity_priority INTEGER NOT NULL DEFAULT 0,
    completed_course_ids TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX students_school ON students(school_id, id);
CREATE TABLE wbl_opportunities (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    activity TEXT NOT NULL,
    stage TEXT NOT NULL,
    pathway_id INTEGER REFERENCES pathways(id),
    soc TEXT,
    location TEXT NOT NULL,
    schedule TEXT NOT NULL,
    paid INTEGER NOT NULL,
    capacity INTEGER NOT NULL,
    min_age INTEGER,
    min_grade INTEGER,
    required_course_ids TEXT NOT NULL,
    transportation_provided INTEGER NOT NULL,
    supervisor TEXT NOT NULL,
    starts_on TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX wbl_opportunities_status ON wbl_opportunities(status, id);
CREATE TABLE wbl_applications (
    id INTEGER PRIMARY KEY,
    opportunity_id INTEGER NOT NULL REFERENCES wbl_opportunities(id),
    student_ref TEXT NOT NULL REFERENCES students(student_ref),
    rank INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (opportunity_id, student_ref),
    UNIQUE (student_ref, rank)
);
CREATE TABLE wbl_rounds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    seed INTEGER NOT NULL,
    equity_first INTEGER NOT NULL,
    run_at TEXT NOT NULL,
    run_by INTEGER,
    students INTEGER NOT NULL,
    matched INTEGER NOT NULL,
    stable INTEGER NOT NULL,
    blocking_pairs INTEGER NOT NULL,
    lottery TEXT NOT NULL
);
CREATE TABLE wbl_round_results (
    round_id INTEGER NOT NULL REFERENCES wbl_rounds(id),
    student_ref TEXT NOT NULL,
    opportunity_id INTEGER REFERENCES wbl_opportunities(id),
    choice INTEGER,
    explanation TEXT NOT NULL,
    PRIMARY KEY (round_id, student_ref)
);
