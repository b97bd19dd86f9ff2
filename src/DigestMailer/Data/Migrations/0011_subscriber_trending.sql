-- The day's most upvoted new papers, asked for alone or beside topics (0 or 1). pending_trending holds a known
-- address's new choice until its owner confirms, as pending_topics holds its topics (NULL: nothing waiting).
ALTER TABLE subscribers ADD COLUMN trending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscribers ADD COLUMN pending_trending INTEGER NULL;
