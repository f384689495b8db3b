-- +goose Up
-- The city's development strategy as MOPR keeps it: document → goals →
-- areas → tasks, each task with stages (yearly planned/actual percent),
-- partners, indicators (yearly values, exact decimals) and budget lines.
CREATE TABLE strategy_document (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE strategy_goal (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES strategy_document (id) ON DELETE CASCADE,
    number      text NOT NULL,      -- Roman, as printed: "II"
    position    int  NOT NULL,      -- the same number in Arabic, for ordering
    title       text NOT NULL,
    lead        text NOT NULL DEFAULT '',
    UNIQUE (document_id, number)
);

CREATE TABLE strategy_area (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    goal_id     bigint NOT NULL REFERENCES strategy_goal (id) ON DELETE CASCADE,
    number      int  NOT NULL,
    name        text NOT NULL,
    coordinator text NOT NULL DEFAULT '',
    UNIQUE (goal_id, number)
);

CREATE TABLE strategy_task (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_id       bigint NOT NULL REFERENCES strategy_area (id) ON DELETE CASCADE,
    number        int  NOT NULL,
    slug          text NOT NULL UNIQUE,
    title         text NOT NULL,
    addressees    text NOT NULL DEFAULT '',
    justification text NOT NULL DEFAULT '',
    description   text NOT NULL DEFAULT '',
    implementer   text NOT NULL DEFAULT '',
    years         int[] NOT NULL,   -- the columns of the card, in order
    total_cost    numeric(14, 2),   -- złoty; NULL when the card leaves it empty
    source_file   text NOT NULL DEFAULT '',
    imported_at   timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       int NOT NULL DEFAULT 1,
    UNIQUE (area_id, number)
);

CREATE TABLE strategy_stage (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id     bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    position    int  NOT NULL,
    description text NOT NULL,
    period      text NOT NULL DEFAULT '',  -- as the card gives it: "XI 2008 – I 2009"
    UNIQUE (task_id, position)
);

CREATE TABLE strategy_stage_year (
    stage_id bigint NOT NULL REFERENCES strategy_stage (id) ON DELETE CASCADE,
    year     int NOT NULL,
    planned  smallint CHECK (planned BETWEEN 0 AND 100),
    actual   smallint CHECK (actual BETWEEN 0 AND 100),
    PRIMARY KEY (stage_id, year)
);

CREATE TABLE strategy_partner (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id         bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    position        int  NOT NULL,
    name            text NOT NULL,
    scope           text NOT NULL DEFAULT '',
    organisation_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
    UNIQUE (task_id, position)
);
CREATE INDEX strategy_partner_organisation_idx ON strategy_partner (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE TABLE strategy_indicator (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id  bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    position int  NOT NULL,
    type     text NOT NULL CHECK (type IN ('produktu', 'rezultatu', 'oddzialywania')),
    name     text NOT NULL,
    source   text NOT NULL DEFAULT '',
    -- A metric the portal computes itself (see strategy.Metrics); NULL for
    -- values that are only entered.
    metric   text,
    UNIQUE (task_id, position)
);

CREATE TABLE strategy_indicator_value (
    indicator_id bigint NOT NULL REFERENCES strategy_indicator (id) ON DELETE CASCADE,
    year         int NOT NULL,
    value        numeric NOT NULL,  -- exact, with the scale it was written with ("1.0")
    PRIMARY KEY (indicator_id, year)
);

CREATE TABLE strategy_budget_line (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id  bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    position int  NOT NULL,
    source   text NOT NULL,
    amount   numeric(14, 2) NOT NULL,
    UNIQUE (task_id, position)
);

-- Values that parse but look wrong: kept as written, shown to staff.
CREATE TABLE strategy_flag (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id bigint NOT NULL REFERENCES strategy_indicator (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    line         int  NOT NULL,
    year         int  NOT NULL,
    previous     numeric NOT NULL,
    value        numeric NOT NULL
);

-- +goose Down
DROP TABLE strategy_flag, strategy_budget_line, strategy_indicator_value, strategy_indicator,
    strategy_partner, strategy_stage_year, strategy_stage, strategy_task, strategy_area,
    strategy_goal, strategy_document;
