-- One embedding per paper (title + abstract), computed by the embed-papers job after ingest: float32 values,
-- little-endian, unit length. model names the encoder, so a new one re-embeds what an older one wrote.
CREATE TABLE paper_embeddings (
    paper_id BIGINT PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
