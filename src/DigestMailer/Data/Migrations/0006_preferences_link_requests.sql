-- When a "lost your link?" mail last went to the address: at most one an hour, like confirmation mails.
ALTER TABLE subscribers ADD COLUMN link_sent_at INTEGER NULL;
