-- Liked papers (arXiv ids, a JSON array) given in a sign-up of a known address: added to subscriber_likes only when
-- its owner confirms, as pending_topics waits (NULL: nothing waiting).
ALTER TABLE subscribers ADD COLUMN pending_likes TEXT NULL;

-- 1 for a paper fetched from the arXiv API by id because a reader liked it: an old paper, stored like the others for
-- its title and text, but never offered to a digest as news.
ALTER TABLE papers ADD COLUMN fetched_for_likes BIGINT NOT NULL DEFAULT 0 CHECK (fetched_for_likes IN (0, 1));

-- Liked ids the arXiv API had no paper for when asked, so every ingest run does not ask again (retried after a day).
CREATE TABLE unknown_liked_ids (
    arxiv_id TEXT PRIMARY KEY,
    checked_at BIGINT NOT NULL
);
