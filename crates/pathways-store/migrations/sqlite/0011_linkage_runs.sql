-- Record-linkage runs (SQLite): a summary of each `pathways link … --results`
-- pass whose links, clusters, parameters and evaluation sit as Parquet files
-- in `output_dir`. `files` and `evaluation` are JSON text.
CREATE TABLE linkage_runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    left_records INTEGER NOT NULL,
    right_records INTEGER NOT NULL,
    candidate_pairs INTEGER NOT NULL,
    links INTEGER NOT NULL,
    clusters INTEGER NOT NULL,
    new_person_keys INTEGER NOT NULL,
    threshold REAL NOT NULL,
    model_checksum TEXT NOT NULL,
    output_dir TEXT NOT NULL,
    files TEXT NOT NULL,
    evaluation TEXT
);
CREATE INDEX linkage_runs_started ON linkage_runs (started_at);
