-- ASP.NET Core Data Protection keys (anti-forgery tokens) move from data/keys into the database, so every process
-- of a scale-out issues and accepts the same tokens. Keys in the old folder are left behind: forms opened before the
-- upgrade must be submitted again, nothing else depends on them.
CREATE TABLE data_protection_keys (
    friendly_name TEXT PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
