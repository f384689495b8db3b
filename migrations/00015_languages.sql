-- +goose Up

-- An organisation's own texts in Ukrainian and English (optional; the
-- Polish description and hours note stay required and are what a page in
-- another language shows when these are empty).
ALTER TABLE organisation
    ADD COLUMN description_uk text NOT NULL DEFAULT '',
    ADD COLUMN description_en text NOT NULL DEFAULT '',
    ADD COLUMN hours_note_uk  text NOT NULL DEFAULT '',
    ADD COLUMN hours_note_en  text NOT NULL DEFAULT '';

-- Every kept publication copy gets the columns too (loading from a copy
-- reads the same columns as the working copy); publication_snapshot copies
-- whatever columns the working copy has, so new copies carry them.
-- +goose StatementBegin
DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT DISTINCT schema_name FROM publication WHERE pruned_at IS NULL LOOP
        IF to_regclass(format('%I.organisation', s)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I.organisation
                ADD COLUMN description_uk text NOT NULL DEFAULT %L,
                ADD COLUMN description_en text NOT NULL DEFAULT %L,
                ADD COLUMN hours_note_uk  text NOT NULL DEFAULT %L,
                ADD COLUMN hours_note_en  text NOT NULL DEFAULT %L', s, '', '', '', '');
        END IF;
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- The language the organisation used to send a submission (the address's
-- /uk or /en), so that what MOPR sends it afterwards — the reminder e-mail,
-- the pre-filled PDF form — is in that language. Paper forms and earlier
-- submissions are Polish.
ALTER TABLE submission ADD COLUMN language text NOT NULL DEFAULT 'pl'
    CHECK (language IN ('pl', 'uk', 'en'));

-- +goose Down
ALTER TABLE submission DROP COLUMN language;
-- +goose StatementBegin
DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT DISTINCT schema_name FROM publication WHERE pruned_at IS NULL LOOP
        IF to_regclass(format('%I.organisation', s)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I.organisation DROP COLUMN description_uk, DROP COLUMN description_en,
                DROP COLUMN hours_note_uk, DROP COLUMN hours_note_en', s);
        END IF;
    END LOOP;
END;
$$;
-- +goose StatementEnd
ALTER TABLE organisation DROP COLUMN description_uk, DROP COLUMN description_en,
    DROP COLUMN hours_note_uk, DROP COLUMN hours_note_en;
