-- Papers a reader likes, by arXiv id: given at sign-up or on the preferences page, possibly before ingest has the
-- paper (the ingest job fetches unknown ids). They make the reader's relevance profile with the feedback below.
CREATE TABLE subscriber_likes (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    arxiv_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (subscriber_id, arxiv_id)
);

CREATE INDEX ix_subscriber_likes_arxiv_id ON subscriber_likes (arxiv_id);

-- "More like this" (1) and "Less like this" (-1) on a paper of a digest; the latest vote per paper counts.
CREATE TABLE paper_feedback (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    vote INTEGER NOT NULL CHECK (vote IN (1, -1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (subscriber_id, paper_id)
);
