-- +goose Up
-- Soft delete: a deleted organisation leaves the public pages and the
-- search, and waits in the trash until restored or purged.
ALTER TABLE organisation ADD COLUMN deleted_at timestamptz;
CREATE INDEX organisation_deleted_idx ON organisation (deleted_at) WHERE deleted_at IS NOT NULL;

-- Every change of a record, with the whole record as it was after the
-- change, written in the same transaction as the change. The history page
-- compares consecutive snapshots; "restore" writes an old snapshot back as
-- a new revision.
CREATE TABLE revision (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity      text NOT NULL,          -- 'organisation'
    entity_id   text NOT NULL,          -- the record's id
    version     int  NOT NULL,          -- the record's version after the change
    action      text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'undelete', 'restore')),
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    actor_email text NOT NULL DEFAULT '',
    changed     text[] NOT NULL DEFAULT '{}',  -- the fields that changed
    snapshot    jsonb NOT NULL,
    note        text NOT NULL DEFAULT ''
);
CREATE INDEX revision_entity_idx ON revision (entity, entity_id, id DESC);

-- +goose Down
DROP TABLE revision;
ALTER TABLE organisation DROP COLUMN deleted_at;
