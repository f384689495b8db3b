-- +goose Up
-- Staff keep the strategy in the admin area, beside the importer of task
-- cards. Each document, goal and area can be retired (kept with its
-- history, gone from the public pages) and carries a version for optimistic
-- locking; each row says who owns it: 'import' rows are the importer's
-- (an import updates their texts), 'staff' rows were created in the admin
-- and an import never overwrites them. Tasks go to a trash like
-- organisations (deleted_at), emptied for good only by an administrator.
ALTER TABLE strategy_document
    ADD COLUMN source text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'staff')),
    ADD COLUMN retired_at timestamptz,
    ADD COLUMN version int NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE strategy_goal
    ADD COLUMN source text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'staff')),
    ADD COLUMN retired_at timestamptz,
    ADD COLUMN version int NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE strategy_area
    ADD COLUMN source text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'staff')),
    ADD COLUMN retired_at timestamptz,
    ADD COLUMN version int NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE strategy_task
    ADD COLUMN source text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'staff')),
    ADD COLUMN deleted_at timestamptz;
CREATE INDEX strategy_task_trash_idx ON strategy_task (deleted_at) WHERE deleted_at IS NOT NULL;
-- Retiring a document, goal or area and bringing it back are revisions
-- of their own.
ALTER TABLE revision DROP CONSTRAINT revision_action_check,
    ADD CONSTRAINT revision_action_check
    CHECK (action IN ('create', 'update', 'delete', 'undelete', 'restore', 'verified', 'retire', 'unretire'));

-- +goose Down
DELETE FROM revision WHERE action IN ('retire', 'unretire');
ALTER TABLE revision DROP CONSTRAINT revision_action_check,
    ADD CONSTRAINT revision_action_check
    CHECK (action IN ('create', 'update', 'delete', 'undelete', 'restore', 'verified'));
DROP INDEX strategy_task_trash_idx;
ALTER TABLE strategy_task DROP COLUMN deleted_at, DROP COLUMN source;
ALTER TABLE strategy_area DROP COLUMN updated_at, DROP COLUMN version, DROP COLUMN retired_at, DROP COLUMN source;
ALTER TABLE strategy_goal DROP COLUMN updated_at, DROP COLUMN version, DROP COLUMN retired_at, DROP COLUMN source;
ALTER TABLE strategy_document DROP COLUMN updated_at, DROP COLUMN version, DROP COLUMN retired_at, DROP COLUMN source;
