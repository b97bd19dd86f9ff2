-- Sign-ups as received, before they touch subscribers: answering a sign-up stores one row here, the same way for
-- every address, so the answer takes as long for a known address as for a new one. SignupProcessor applies each
-- (inserting or updating the subscriber and queueing its confirmation mail) and deletes it in one transaction.
-- signup: the validated fields as JSON; address_key: the address as the hourly mail limit compares it, so the
-- sign-ups of one address apply in the order received even when one must be retried; attempts and retry_at: failed
-- tries to apply it and when to try again (given up after ten). AUTOINCREMENT: an id is never reused.
CREATE TABLE signup_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at INTEGER NOT NULL,
    address_key TEXT NOT NULL,
    signup TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    retry_at INTEGER NULL
);

CREATE INDEX ix_signup_requests_address ON signup_requests (address_key, id);
