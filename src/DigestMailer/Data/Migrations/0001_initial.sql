-- Timestamps are Unix milliseconds (UTC): they compare as numbers and mean the same on SQLite and PostgreSQL.

CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    -- The address with its domain lower-cased: the local part is case-sensitive by RFC 5321, the domain is not.
    email_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
    -- Topics asked for by a sign-up of an address that is already known; they take effect only on confirmation,
    -- so nobody can change another person's subscription by signing up with their address.
    pending_topics TEXT NULL,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER NULL,
    unsubscribed_at INTEGER NULL,
    confirmation_sent_at INTEGER NULL
);

CREATE TABLE subscriber_topics (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, position)
);

CREATE TABLE papers (
    -- AUTOINCREMENT: ids only ever grow, so a digest's papers_through watermark never skips a paper.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    arxiv_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    authors TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '',
    published_at INTEGER NULL,
    upvotes INTEGER NOT NULL DEFAULT 0,
    num_comments INTEGER NOT NULL DEFAULT 0,
    github_repo TEXT NULL,
    github_stars INTEGER NULL,
    project_page TEXT NULL,
    ai_summary TEXT NULL,
    ai_keywords TEXT NULL,
    ingested_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX ix_papers_ingested_at ON papers (ingested_at);

CREATE VIRTUAL TABLE papers_fts USING fts5 (
    title, abstract, authors, categories,
    content = 'papers', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
    INSERT INTO papers_fts (rowid, title, abstract, authors, categories)
    VALUES (new.id, new.title, new.abstract, new.authors, new.categories);
END;

CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, categories)
    VALUES ('delete', old.id, old.title, old.abstract, old.authors, old.categories);
END;

CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, categories ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, categories)
    VALUES ('delete', old.id, old.title, old.abstract, old.authors, old.categories);
    INSERT INTO papers_fts (rowid, title, abstract, authors, categories)
    VALUES (new.id, new.title, new.abstract, new.authors, new.categories);
END;

CREATE TABLE digest_runs (
    id TEXT PRIMARY KEY,
    digest_date TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    planned_at INTEGER NULL,
    error TEXT NULL
);

-- The delivery ledger: one row per subscriber and digest date, whatever happens to the jobs that fill it.
CREATE TABLE digests (
    id INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    digest_date TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES digest_runs (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    -- The highest paper id this digest considered; the next digest looks only at papers above it.
    papers_through INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    claimed_at INTEGER NULL,
    sent_at INTEGER NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    UNIQUE (subscriber_id, digest_date)
);

CREATE INDEX ix_digests_run ON digests (run_id, status);
CREATE INDEX ix_digests_unsent ON digests (status, id) WHERE status IN ('pending', 'sending');

CREATE TABLE digest_items (
    digest_id INTEGER NOT NULL REFERENCES digests (id) ON DELETE CASCADE,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    paper_id INTEGER NOT NULL REFERENCES papers (id),
    rank INTEGER NOT NULL,
    matched_topics TEXT NOT NULL,
    PRIMARY KEY (digest_id, rank),
    -- A paper is never sent twice to the same person, however the jobs are retried.
    UNIQUE (subscriber_id, paper_id)
);

-- Mail that must go out once a request has committed (confirmation mails); the dispatcher drains it.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    created_at INTEGER NOT NULL,
    claimed_at INTEGER NULL,
    sent_at INTEGER NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL
);

CREATE INDEX ix_mail_outbox_unsent ON mail_outbox (status, id) WHERE status IN ('pending', 'sending');

-- Secrets shared by every process on this database, such as the key that signs links in mail.
CREATE TABLE signing_keys (
    name TEXT PRIMARY KEY,
    key BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
