-- The hourly limit on confirmation mail, per address as a mail system delivers it (lower-cased, ASCII domain):
-- Ada@example.org and ada@example.org are two subscribers, since local parts are case-sensitive by RFC 5321, but
-- nearly always one inbox, which must not get a mail for each spelling. Replaces subscribers.confirmation_sent_at.
CREATE TABLE address_mail_limits (
    address_key TEXT PRIMARY KEY,
    confirmation_sent_at INTEGER NOT NULL
);

-- Limits already running carry over (SQLite's lower() folds ASCII only, which is what most addresses are).
INSERT INTO address_mail_limits (address_key, confirmation_sent_at)
SELECT lower(email_key), MAX(confirmation_sent_at) FROM subscribers WHERE confirmation_sent_at IS NOT NULL GROUP BY lower(email_key);
