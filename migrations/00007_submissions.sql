-- +goose Up
-- What NGOs send through the public form (or on paper, typed in by staff),
-- waiting for a staff member to accept it into the working copy or reject
-- it. Nothing sent is ever deleted: the whole record as sent stays in
-- payload (the JSON of directory.Organisation) whatever its fate. The
-- sender's network address is not kept.
CREATE TABLE submission (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('new', 'update')),
    channel          text NOT NULL CHECK (channel IN ('online', 'paper')),
    status           text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'accepted', 'rejected', 'spam')),
    -- the organisation updated; for a new one, set once it is accepted
    organisation_id  uuid REFERENCES organisation (id) ON DELETE SET NULL,
    base_version     int NOT NULL DEFAULT 0,  -- the organisation's version the form showed
    payload          jsonb NOT NULL,
    payload_hash     text NOT NULL,           -- SHA-256 of kind, organisation and payload: duplicates
    duplicate_of     bigint REFERENCES submission (id),
    submitter_name   text NOT NULL DEFAULT '',
    submitter_email  text NOT NULL DEFAULT '',
    received_at      timestamptz NOT NULL DEFAULT now(),
    received_on      date NOT NULL,           -- on paper: the date on the envelope, as staff enter it
    entered_by_id    bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    entered_by_email text NOT NULL DEFAULT '',
    owner_id         bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    owner_email      text NOT NULL DEFAULT '',
    decided_at       timestamptz,
    decided_by_email text NOT NULL DEFAULT '',
    reason           text NOT NULL DEFAULT '',  -- why it was rejected
    accepted_fields  text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX submission_status_idx ON submission (status, received_at DESC);
CREATE INDEX submission_hash_idx ON submission (payload_hash, id);
CREATE INDEX submission_received_idx ON submission (received_on);

-- Links that let an organisation update its own record. Only a SHA-256
-- hash of each token is kept; issuing a new one revokes the earlier ones.
CREATE TABLE update_token (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id  uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    token_hash       bytea NOT NULL UNIQUE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by_email text NOT NULL DEFAULT '',
    revoked_at       timestamptz
);
CREATE INDEX update_token_org_idx ON update_token (organisation_id) WHERE revoked_at IS NULL;

-- The key that signs the public form's fill-time stamp: random, made by
-- the program on first use (see store.FormSecret), never a constant.
CREATE TABLE form_secret (
    id     int PRIMARY KEY CHECK (id = 1),
    secret bytea NOT NULL CHECK (length(secret) >= 32)
);

-- +goose Down
DROP TABLE form_secret, update_token, submission;
