-- Requests anyone can make for an address (a sign-up, a lost preferences link), as received, before they touch
-- subscribers: answering one stores one row here, the same way for every address, so the answer takes as long for a
-- known address as for a new one. AddressRequestProcessor applies each (inserting or updating the subscriber, queueing
-- its mail) and deletes it in one transaction. kind: 'signup' or 'preferences-link'; payload: a sign-up's validated
-- fields as JSON, or the address; address_key: the address as the hourly mail limit compares it, so the
-- sign-ups of one address apply in the order received even when one must be retried; attempts and retry_at: failed
-- tries to apply it and when to try again (given up after ten). AUTOINCREMENT: an id is never reused.
CREATE TABLE address_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at INTEGER NOT NULL,
    address_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    retry_at INTEGER NULL
);

CREATE INDEX ix_address_requests_address ON address_requests (address_key, id);
