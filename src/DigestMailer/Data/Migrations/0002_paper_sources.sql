-- What the arXiv feeds add to a paper, and a record of every ingest run with each source's checkpoint.

ALTER TABLE papers ADD COLUMN primary_category TEXT NULL;
ALTER TABLE papers ADD COLUMN version INTEGER NULL;
ALTER TABLE papers ADD COLUMN comment TEXT NULL;
ALTER TABLE papers ADD COLUMN doi TEXT NULL;
ALTER TABLE papers ADD COLUMN journal_ref TEXT NULL;
ALTER TABLE papers ADD COLUMN on_huggingface INTEGER NOT NULL DEFAULT 0;

-- Papers stored before this migration all came through the Daily Papers admin endpoint.
UPDATE papers SET on_huggingface = 1;

CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    trigger TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    started_at INTEGER NOT NULL,
    finished_at INTEGER NULL,
    fetched INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    error TEXT NULL
);

-- How far each source has been read, saved in the same transaction as the papers it brought.
CREATE TABLE source_checkpoints (
    source TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
