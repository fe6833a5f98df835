-- KSM groups: register, members, collection sheets (meetings), savings, per-institution settings.

CREATE TABLE ksm (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institutions(id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    address          TEXT,
    formed_on        TEXT NOT NULL,
    rhythm           TEXT NOT NULL,
    meeting_day      TEXT,
    meeting_place    TEXT,
    bookkeeping_days INTEGER NOT NULL DEFAULT 2,
    routine_amount   INTEGER NOT NULL DEFAULT 0,
    rule_meetings    TEXT,
    rule_savings     TEXT,
    rule_bookkeeping TEXT,
    rule_loans       TEXT,
    rule_instalments TEXT,
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, name)
);

CREATE TABLE ksm_members (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    ksm_id         INTEGER NOT NULL,
    person_id      INTEGER NOT NULL,
    role           TEXT NOT NULL,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, ksm_id) REFERENCES ksm(institution_id, id),
    FOREIGN KEY (institution_id, person_id) REFERENCES people(institution_id, id)
);
CREATE INDEX ksm_members_ksm ON ksm_members(institution_id, ksm_id);

-- One row per collection sheet. A correction is a new row pointing at the original (amends_id)
-- with its reason; rows are never updated or deleted.
CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    ksm_id         INTEGER NOT NULL,
    held_on        TEXT NOT NULL,
    entered_on     TEXT NOT NULL,
    agenda         TEXT,
    agenda_planned INTEGER NOT NULL DEFAULT 0,
    agenda_done    INTEGER NOT NULL DEFAULT 0,
    notes          TEXT,
    amends_id      INTEGER,
    reason         TEXT,
    entered_by     TEXT NOT NULL,
    idem_key       TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, ksm_id) REFERENCES ksm(institution_id, id)
);
CREATE UNIQUE INDEX meetings_one_per_date ON meetings(institution_id, ksm_id, held_on) WHERE amends_id IS NULL;
CREATE UNIQUE INDEX meetings_idem ON meetings(institution_id, idem_key) WHERE idem_key IS NOT NULL;

CREATE TABLE meeting_lines (
    institution_id   INTEGER NOT NULL,
    meeting_id       INTEGER NOT NULL,
    member_id        INTEGER NOT NULL,
    attendance       TEXT NOT NULL,
    wajib            INTEGER NOT NULL DEFAULT 0,
    sukarela         INTEGER NOT NULL DEFAULT 0,
    tanggung_renteng INTEGER NOT NULL DEFAULT 0,
    instalment       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (institution_id, meeting_id, member_id),
    FOREIGN KEY (institution_id, meeting_id) REFERENCES meetings(institution_id, id),
    FOREIGN KEY (institution_id, member_id) REFERENCES ksm_members(institution_id, id)
);

-- Deposits (positive) and withdrawals (negative) per member and kind. Append-only.
CREATE TABLE savings_movements (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    ksm_id         INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    on_date        TEXT NOT NULL,
    meeting_id     INTEGER,
    note           TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, member_id) REFERENCES ksm_members(institution_id, id)
);
CREATE INDEX savings_member ON savings_movements(institution_id, member_id, kind);
CREATE INDEX savings_ksm ON savings_movements(institution_id, ksm_id);

-- Programme thresholds overridden per institution (RULES.md defaults live in the code).
CREATE TABLE settings (
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    key            TEXT NOT NULL,
    value          INTEGER NOT NULL,
    PRIMARY KEY (institution_id, key)
);

CREATE TRIGGER meetings_no_update BEFORE UPDATE ON meetings BEGIN SELECT RAISE(ABORT, 'meetings are append-only'); END;
CREATE TRIGGER meetings_no_delete BEFORE DELETE ON meetings BEGIN SELECT RAISE(ABORT, 'meetings are append-only'); END;
CREATE TRIGGER meeting_lines_no_update BEFORE UPDATE ON meeting_lines BEGIN SELECT RAISE(ABORT, 'meeting lines are append-only'); END;
CREATE TRIGGER meeting_lines_no_delete BEFORE DELETE ON meeting_lines BEGIN SELECT RAISE(ABORT, 'meeting lines are append-only'); END;
CREATE TRIGGER savings_no_update BEFORE UPDATE ON savings_movements BEGIN SELECT RAISE(ABORT, 'savings movements are append-only'); END;
CREATE TRIGGER savings_no_delete BEFORE DELETE ON savings_movements BEGIN SELECT RAISE(ABORT, 'savings movements are append-only'); END;
