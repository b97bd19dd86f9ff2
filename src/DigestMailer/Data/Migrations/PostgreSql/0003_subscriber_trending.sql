-- The day's most upvoted new papers, asked for alone or beside topics (0 or 1). pending_trending holds a known
-- address's new choice until its owner confirms, as pending_topics holds its topics (NULL: nothing waiting).
ALTER TABLE subscribers ADD COLUMN trending BIGINT NOT NULL DEFAULT 0 CHECK (trending IN (0, 1));
ALTER TABLE subscribers ADD COLUMN pending_trending BIGINT NULL CHECK (pending_trending IN (0, 1));
