-- +goose Up

-- Retention of publications: every publication is a full copy of the
-- directory (tens of MB at 20 000 organisations) plus its artifact, so old
-- copies are pruned. A publication whose copy is pruned keeps its row, so
-- the history, the feed and the numbering go on; only its schema and its
-- stored artifact go, and it can no longer be made current again.
--
-- Kept are the copies of the current publication, of the newest N
-- publications (KEEP_PUBLICATIONS) and of every pinned one. Copies belong
-- to schemas (a rollback shows an earlier publication's schema again), so a
-- schema is kept while any of its publications is.
ALTER TABLE publication
    ADD COLUMN pinned    boolean NOT NULL DEFAULT false,
    -- When the copy was dropped; NULL while it is kept.
    ADD COLUMN pruned_at timestamptz;

-- +goose Down
ALTER TABLE publication DROP COLUMN pinned, DROP COLUMN pruned_at;
