-- Participant-data loads and metric result sets (SQLite). A load's Parquet
-- tables live under the data directory; the store keeps where, and the
-- checksum of the source files so the same files load once.
CREATE TABLE analytics_loads (
    id INTEGER PRIMARY KEY,
    checksum TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    row_counts TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE metric_result_sets (
    id INTEGER PRIMARY KEY,
    load_id INTEGER REFERENCES analytics_loads(id) ON DELETE SET NULL,
    label TEXT NOT NULL,
    metrics TEXT NOT NULL,
    created_at TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE metric_results (
    set_id INTEGER NOT NULL REFERENCES metric_result_sets(id) ON DELETE CASCADE,
    metric_id TEXT NOT NULL,
    group_by TEXT NOT NULL,
    group_value TEXT NOT NULL,
    numerator INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    rate REAL,
    is_median INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (set_id, metric_id, group_by, group_value)
);
