-- +goose Up
-- Staff confirm an organisation's data ("zweryfikowano dziś"): a revision
-- of its own kind, so the history tells a check from an edit.
ALTER TABLE revision DROP CONSTRAINT revision_action_check;
ALTER TABLE revision ADD CONSTRAINT revision_action_check
    CHECK (action IN ('create', 'update', 'delete', 'undelete', 'restore', 'verified'));

-- Reminders asking an organisation to check its data: sent through SMTP,
-- or prepared as a mailto: link for the staff member's own mail program
-- (then the portal cannot know whether it went out). The message itself is
-- not kept.
CREATE TABLE verification_reminder (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    sent_at         timestamptz NOT NULL DEFAULT now(),
    sent_by         bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    sent_by_email   text NOT NULL DEFAULT '',
    to_address      text NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('smtp', 'mailto'))
);
CREATE INDEX verification_reminder_organisation_idx ON verification_reminder (organisation_id, sent_at DESC);

-- The verification list reads the live organisations oldest check first.
CREATE INDEX organisation_verified_idx ON organisation (verified_on NULLS FIRST, name_folded) WHERE deleted_at IS NULL;

-- +goose Down
DROP INDEX organisation_verified_idx;
DROP TABLE verification_reminder;
UPDATE revision SET action = 'update' WHERE action = 'verified';
ALTER TABLE revision DROP CONSTRAINT revision_action_check;
ALTER TABLE revision ADD CONSTRAINT revision_action_check
    CHECK (action IN ('create', 'update', 'delete', 'undelete', 'restore'));
