-- Labor-market data releases (SQLite). Each release keeps its source files,
-- so a newer OEWS release can be loaded beside an older one.
CREATE TABLE lmi_releases (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    checksum TEXT NOT NULL UNIQUE,
    loaded_at TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE lmi_release_files (
    release_id INTEGER NOT NULL REFERENCES lmi_releases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (release_id, name)
);
