-- A region's targeting rule, and employers' vetted labor-market inputs (SQLite).
CREATE TABLE lmi_rules (
    region_id INTEGER PRIMARY KEY REFERENCES regions(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE employer_inputs (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations(id),
    soc TEXT NOT NULL,
    current_openings INTEGER NOT NULL,
    forecast_12_months INTEGER NOT NULL,
    required_credentials TEXT NOT NULL,
    vetted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX employer_inputs_soc ON employer_inputs(soc);
