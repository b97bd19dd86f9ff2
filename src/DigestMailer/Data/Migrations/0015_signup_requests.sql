-- Sign-ups as received, before they touch subscribers: answering a sign-up stores one row here, the same way for
-- every address, so the answer takes as long for a known address as for a new one. SignupProcessor applies each
-- (inserting or updating the subscriber and queueing its confirmation mail) and deletes it in one transaction.
-- signup: the validated fields as JSON; attempts: failed tries to apply it, given up after five.
CREATE TABLE signup_requests (
    id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    signup TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
