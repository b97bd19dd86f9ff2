-- Claims carry the id of the job run that holds them, so a job only ever marks or sends what it still owns,
-- even after a slow batch was taken over as stale by another job.
ALTER TABLE digests ADD COLUMN claim_id TEXT NULL;
ALTER TABLE mail_outbox ADD COLUMN claim_id TEXT NULL;
-- A temporarily refused mail waits before its next attempt instead of burning its attempts in a minute.
ALTER TABLE mail_outbox ADD COLUMN next_attempt_at INTEGER NULL;

-- Authors are indexed with a separator token between names, so author:"Li Wei" cannot match the last name
-- of one author followed by the first name of the next ("Hao Li", "Wei Zhang").
DROP TRIGGER papers_fts_insert;
DROP TRIGGER papers_fts_delete;
DROP TRIGGER papers_fts_update;

CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
    INSERT INTO papers_fts (rowid, title, abstract, authors, categories)
    VALUES (new.id, new.title, new.abstract, replace(new.authors, char(10), ' authorsep '), new.categories);
END;

CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, categories)
    VALUES ('delete', old.id, old.title, old.abstract, replace(old.authors, char(10), ' authorsep '), old.categories);
END;

CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, categories ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, categories)
    VALUES ('delete', old.id, old.title, old.abstract, replace(old.authors, char(10), ' authorsep '), old.categories);
    INSERT INTO papers_fts (rowid, title, abstract, authors, categories)
    VALUES (new.id, new.title, new.abstract, replace(new.authors, char(10), ' authorsep '), new.categories);
END;

-- Re-index what is stored (not 'rebuild', which would read the authors without separators).
INSERT INTO papers_fts (papers_fts) VALUES ('delete-all');
INSERT INTO papers_fts (rowid, title, abstract, authors, categories)
SELECT id, title, abstract, replace(authors, char(10), ' authorsep '), categories FROM papers;
