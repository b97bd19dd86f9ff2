-- Why sending stopped, when the relay refused the sender rather than an address (a policy refusal, a blocklisting,
-- rejected credentials): set on every run that still has unsent digests, cleared when the next run resumes sending.
ALTER TABLE digest_runs ADD COLUMN stop_reason TEXT NULL;
