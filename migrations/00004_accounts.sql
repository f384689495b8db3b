-- +goose Up
-- Staff accounts of the admin area, their sessions (alexedwards/scs with its
-- pgx store) and the audit log.
CREATE TABLE staff_user (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email                text NOT NULL UNIQUE CHECK (email = lower(email) AND email <> ''),
    name                 text NOT NULL DEFAULT '',
    role                 text NOT NULL CHECK (role IN ('administrator', 'redaktor')),
    password_hash        text NOT NULL,
    disabled             boolean NOT NULL DEFAULT false,
    must_change_password boolean NOT NULL DEFAULT false,
    totp_secret          text NOT NULL DEFAULT '',
    totp_enabled         boolean NOT NULL DEFAULT false,
    totp_last_step       bigint NOT NULL DEFAULT 0,  -- a TOTP code is accepted once
    -- Bumped on password change, disabling and forced reset: a session
    -- remembers the epoch it began in and ends when it differs.
    session_epoch        int NOT NULL DEFAULT 1,
    failed_logins        int NOT NULL DEFAULT 0,
    locked_until         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    last_login_at        timestamptz
);

-- One-time recovery codes for a lost authenticator, stored hashed.
CREATE TABLE recovery_code (
    user_id   bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The table alexedwards/scs/pgxstore expects.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Who did what and when: logins, failed logins, account changes, edits.
-- actor_email is kept as written at the time, so the log survives renames.
CREATE TABLE audit_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    actor_email text NOT NULL DEFAULT '',
    kind        text NOT NULL,
    target      text NOT NULL DEFAULT '',
    detail      jsonb NOT NULL DEFAULT '{}',
    ip          text NOT NULL DEFAULT ''
);
CREATE INDEX audit_event_at_idx ON audit_event (at DESC);
CREATE INDEX audit_event_kind_idx ON audit_event (kind, at DESC);

-- +goose Down
DROP TABLE audit_event, sessions, recovery_code, staff_user;
