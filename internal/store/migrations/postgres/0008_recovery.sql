-- Crash recovery and capped mail fan-out. Times are integer milliseconds.

-- mail_outbox holds, for each job that sends a mail, the Message-ID and
-- Date chosen before the first try: a job run again after a crash sends
-- the same message (or nothing once sent_at is set). The Date is kept in
-- microseconds, as the directory transport names files by it and mails
-- sent one after the other must sort in that order.
CREATE TABLE mail_outbox (
    job_id     TEXT PRIMARY KEY,
    message_id TEXT NOT NULL,
    date_us    BIGINT NOT NULL,
    sent_at    BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX mail_outbox_created ON mail_outbox(created_at);

-- invitation_sends counts every invitation an account sends (by address
-- or by handle, one by one, pasted or imported) for its hourly and daily
-- caps, and shows administrators who is sending how many.
CREATE TABLE invitation_sends (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX invitation_sends_account ON invitation_sends(account_id, created_at);
CREATE INDEX invitation_sends_created ON invitation_sends(created_at);

-- invitation_holds lists the accounts whose invitations an administrator
-- stopped.
CREATE TABLE invitation_holds (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    held_by    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
