-- Partnerships and governance (SQLite): settings, leadership team,
-- meetings and action items, agreements (with data-sharing terms),
-- responsibilities, goals, initiatives, funding and the self-assessment.
CREATE TABLE partnership_settings (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL UNIQUE REFERENCES regions(id) ON DELETE CASCADE,
    meeting_cadence TEXT NOT NULL,
    expiry_warning_days INTEGER NOT NULL DEFAULT 60,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_team_members (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    person_name TEXT NOT NULL,
    title TEXT,
    team_role TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_meetings (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    agenda TEXT NOT NULL,
    decisions TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX partnership_meetings_held ON partnership_meetings(region_id, held_on);
CREATE TABLE partnership_meeting_attendees (
    meeting_id INTEGER NOT NULL REFERENCES partnership_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    PRIMARY KEY (meeting_id, organization_id)
);
CREATE TABLE partnership_action_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES partnership_meetings(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES organizations(id),
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_agreements (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    supplier_id INTEGER REFERENCES organizations(id),
    effective_on TEXT,
    expires_on TEXT,
    notes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX partnership_agreements_supplier ON partnership_agreements(supplier_id, kind);
CREATE TABLE partnership_agreement_parties (
    agreement_id INTEGER NOT NULL REFERENCES partnership_agreements(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    PRIMARY KEY (agreement_id, organization_id)
);
CREATE TABLE partnership_agreement_elements (
    agreement_id INTEGER NOT NULL REFERENCES partnership_agreements(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    element TEXT NOT NULL,
    PRIMARY KEY (agreement_id, element)
);
CREATE TABLE partnership_agreement_purposes (
    agreement_id INTEGER NOT NULL REFERENCES partnership_agreements(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    PRIMARY KEY (agreement_id, purpose)
);
CREATE TABLE partnership_responsibilities (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    stakeholder TEXT NOT NULL,
    component TEXT NOT NULL,
    description TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations(id),
    status TEXT NOT NULL,
    evidence TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_goals (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    metric_id TEXT NOT NULL,
    baseline REAL NOT NULL,
    baseline_year INTEGER NOT NULL,
    target REAL NOT NULL,
    target_year INTEGER NOT NULL,
    current_value REAL NOT NULL DEFAULT 0,
    current_year INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_initiatives (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    lead_id INTEGER REFERENCES organizations(id),
    pathway_id INTEGER REFERENCES pathways(id),
    component TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_funding_streams (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations(id),
    recurring INTEGER NOT NULL DEFAULT 0,
    ends_year INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_funding_allocations (
    id INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL REFERENCES partnership_funding_streams(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    amount REAL NOT NULL,
    funds TEXT NOT NULL,
    pathway_id INTEGER REFERENCES pathways(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE partnership_criteria (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    code TEXT NOT NULL,
    criterion TEXT NOT NULL,
    indicator TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (region_id, code)
);
CREATE TABLE partnership_ratings (
    id INTEGER PRIMARY KEY,
    criterion_id INTEGER NOT NULL REFERENCES partnership_criteria(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    subject_id INTEGER,
    rating INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    improvement_action TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
