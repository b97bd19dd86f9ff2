-- Bounces and complaints that arrive after the relay accepted a message (RFC 3464 DSN, RFC 5965 ARF), one row per
-- report and subscriber. The unique key makes a report read twice (an IMAP message seen again after a crash, a relay
-- that posts it twice) count once; soft bounces are counted per subscriber within a window.
CREATE TABLE delivery_reports (
    id INTEGER PRIMARY KEY,
    report_key TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    digest_id INTEGER NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'policy', 'complaint')),
    status TEXT NULL,
    detail TEXT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (report_key, subscriber_id)
);

CREATE INDEX delivery_reports_by_subscriber ON delivery_reports (subscriber_id, kind, received_at);
