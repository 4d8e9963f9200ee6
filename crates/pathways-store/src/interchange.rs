//! CSV interchange (import/export).
