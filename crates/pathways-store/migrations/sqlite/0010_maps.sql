-- Stored, editable pathway maps (SQLite). The map itself is kept as its
-- lossless CTDL JSON-LD document; the columns beside it are what lists,
-- access and regional wages need.
CREATE TABLE maps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
    region_id INTEGER REFERENCES regions(id) ON DELETE SET NULL,
    source_pathway_id INTEGER REFERENCES pathways(id) ON DELETE SET NULL,
    published INTEGER NOT NULL DEFAULT 0,
    component_count INTEGER NOT NULL,
    document TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX maps_published ON maps(published, id);
