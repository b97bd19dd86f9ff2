-- A digest's papers move into its ledger row as one JSON array: a day of 100,000 digests of up to 20 papers was
-- two million item rows, most of the planning time (measured by the benchmark). Each item is
-- {"paper": papers.id, "topics": "matched topics, newline-separated", "excerpt": topic_excerpts.id or null}.
-- A paper is still never sent twice: a digest only takes papers above the previous digest's papers_through.
ALTER TABLE digests ADD COLUMN items TEXT NOT NULL DEFAULT '[]';

UPDATE digests
SET items = (
    SELECT json_group_array(json_object('paper', ordered.paper_id, 'topics', ordered.matched_topics, 'excerpt', NULL))
    FROM (SELECT paper_id, matched_topics FROM digest_items WHERE digest_id = digests.id ORDER BY rank) AS ordered)
WHERE EXISTS (SELECT 1 FROM digest_items WHERE digest_id = digests.id);

DROP TABLE digest_items;

-- The highlighted abstract excerpt of a paper for a topic, stored once however many subscribers share the topic.
CREATE TABLE topic_excerpts (
    id INTEGER PRIMARY KEY,
    topic_key TEXT NOT NULL,
    paper_id INTEGER NOT NULL REFERENCES papers (id),
    excerpt TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (topic_key, paper_id)
);

CREATE INDEX ix_topic_excerpts_created_at ON topic_excerpts (created_at);
