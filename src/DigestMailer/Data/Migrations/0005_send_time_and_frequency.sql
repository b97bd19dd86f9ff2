-- Each subscriber chooses when the digest arrives: daily or weekly (on a weekday), at a local hour in an IANA time
-- zone, with at most max_papers papers (NULL: Digest:MaxPapers), and may pause it.
ALTER TABLE subscribers ADD COLUMN frequency TEXT NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily', 'weekly'));
-- .NET DayOfWeek: 0 Sunday … 6 Saturday.
ALTER TABLE subscribers ADD COLUMN weekday INTEGER NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 0 AND 6);
ALTER TABLE subscribers ADD COLUMN send_hour INTEGER NOT NULL DEFAULT 7 CHECK (send_hour BETWEEN 0 AND 23);
ALTER TABLE subscribers ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE subscribers ADD COLUMN max_papers INTEGER NULL CHECK (max_papers BETWEEN 1 AND 50);
ALTER TABLE subscribers ADD COLUMN paused_at INTEGER NULL;

-- 'date': the admin asked for one digest date for everyone; 'due': the hourly run, each subscriber at their hour.
ALTER TABLE digest_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'date' CHECK (kind IN ('date', 'due'));
