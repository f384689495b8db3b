-- +goose Up
-- The monitoring cycle of the strategy (issue 15): reporting periods, the
-- reports of each task in a period, who is responsible for a task, the
-- indicators' targets, and the reminders sent.
--
-- Tasks, stages and indicators are rewritten whenever a card is edited or
-- imported again (their ids change), so everything here names a task by its
-- id and a stage or indicator by its position on the card, as the admin's
-- bindings of partners and metrics do.

-- A reporting period: a half-year ("2026-1", "2026-2") or a year ("2026").
-- Every task of the strategy is reported on in every period. An open period
-- takes reports; closing it freezes the public snapshot (the tasks, their
-- confirmed reports and the figures of the period as JSON) and the council
-- report (PDF), which never change afterwards: a correction is a new,
-- visible row of monitoring_correction.
CREATE TABLE monitoring_period (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{4}(-[12])?$'),
    starts_on  date NOT NULL,
    ends_on    date NOT NULL CHECK (ends_on >= starts_on),
    opened_at  timestamptz NOT NULL DEFAULT now(),
    closed_at  timestamptz,
    snapshot   jsonb,
    report_pdf bytea,
    version    int NOT NULL DEFAULT 1,
    CHECK ((closed_at IS NULL) = (snapshot IS NULL) AND (closed_at IS NULL) = (report_pdf IS NULL))
);

-- The report of one task in one period: a draft (private) until confirmed.
CREATE TABLE monitoring_report (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id    bigint NOT NULL REFERENCES monitoring_period (id) ON DELETE CASCADE,
    task_id      bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('nierozpoczete', 'zgodnie_z_planem', 'opoznione',
                     'zagrozone', 'zakonczone', 'wstrzymane')),
    done         text NOT NULL DEFAULT '',  -- what was done
    blockers     text NOT NULL DEFAULT '',  -- what blocks
    -- The stages' actual percent in the period, by stage position (NULL: not given).
    stages       jsonb NOT NULL DEFAULT '[]',
    confirmed_at timestamptz,
    confirmed_by text NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL DEFAULT '',
    version      int NOT NULL DEFAULT 1,
    UNIQUE (period_id, task_id)
);

-- Each indicator's value in the period, exact, by indicator position.
CREATE TABLE monitoring_report_value (
    report_id bigint NOT NULL REFERENCES monitoring_report (id) ON DELETE CASCADE,
    indicator int NOT NULL,
    value     numeric NOT NULL,
    PRIMARY KEY (report_id, indicator)
);

-- The money spent in the period per funding source (złoty).
CREATE TABLE monitoring_report_spending (
    report_id bigint NOT NULL REFERENCES monitoring_report (id) ON DELETE CASCADE,
    position  int NOT NULL,
    source    text NOT NULL CHECK (source <> ''),
    amount    numeric(14, 2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (report_id, position)
);

-- A change of a confirmed report after its period was closed: the snapshot
-- keeps what was closed, this row says what was corrected, when and why.
CREATE TABLE monitoring_correction (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id bigint NOT NULL REFERENCES monitoring_period (id) ON DELETE CASCADE,
    task_id   bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    at        timestamptz NOT NULL DEFAULT now(),
    reason    text NOT NULL CHECK (reason <> ''),
    report    jsonb NOT NULL  -- the task's entry as corrected (strategy.SnapshotTask)
);
CREATE INDEX monitoring_correction_period_idx ON monitoring_correction (period_id, at);

-- Who is responsible for a task: a unit (public) and a person, either a
-- staff account or a named person with an e-mail address (never public).
CREATE TABLE monitoring_responsibility (
    task_id      bigint PRIMARY KEY REFERENCES strategy_task (id) ON DELETE CASCADE,
    unit         text NOT NULL CHECK (unit <> ''),
    staff_id     bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    person_name  text NOT NULL DEFAULT '',
    person_email text NOT NULL DEFAULT '',
    version      int NOT NULL DEFAULT 1
);

-- An indicator's baseline and its target per year (exact decimals).
CREATE TABLE monitoring_baseline (
    task_id   bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    indicator int NOT NULL,
    year      int NOT NULL,
    value     numeric NOT NULL,
    PRIMARY KEY (task_id, indicator)
);
CREATE TABLE monitoring_target (
    task_id   bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    indicator int NOT NULL,
    year      int NOT NULL,
    value     numeric NOT NULL,
    PRIMARY KEY (task_id, indicator, year)
);

-- One reminder per task, period and kind: sent by e-mail (channel 'mail')
-- or, without a mail server, shown on the dashboard (not recorded).
CREATE TABLE monitoring_reminder (
    period_id bigint NOT NULL REFERENCES monitoring_period (id) ON DELETE CASCADE,
    task_id   bigint NOT NULL REFERENCES strategy_task (id) ON DELETE CASCADE,
    kind      text NOT NULL CHECK (kind IN ('before_end', 'late')),
    sent_at   timestamptz NOT NULL DEFAULT now(),
    sent_to   text NOT NULL,
    PRIMARY KEY (period_id, task_id, kind)
);

-- +goose Down
DROP TABLE monitoring_reminder, monitoring_target, monitoring_baseline, monitoring_responsibility,
    monitoring_correction, monitoring_report_spending, monitoring_report_value, monitoring_report,
    monitoring_period;
