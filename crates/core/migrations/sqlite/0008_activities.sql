-- Funded activities: proposals with budget lines (RAB), the board's ranking and decision,
-- activities with funding from several sources, money received and spent (posted to the
-- journal), physical progress and hand-over. Money rows are append-only like the journal.

CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    owner_kind     TEXT NOT NULL,
    owner_id       INTEGER NOT NULL,
    filename       TEXT NOT NULL,
    mime           TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    data           BLOB NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(institution_id, owner_kind, owner_id);

CREATE TABLE proposals (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institutions(id),
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    proposer         TEXT NOT NULL,
    ksm_id           INTEGER,
    region_code      TEXT,
    location         TEXT NOT NULL,
    households       INTEGER NOT NULL,
    poor_households  INTEGER NOT NULL,
    women            INTEGER NOT NULL,
    description      TEXT,
    submitted_on     TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'submitted',
    decision_id      INTEGER,
    decision_reason  TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK (poor_households <= households AND households >= 0 AND women >= 0)
);
CREATE INDEX proposals_institution ON proposals(institution_id, status);

CREATE TABLE rab_lines (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER REFERENCES proposals(id),
    activity_id  INTEGER,
    position     INTEGER NOT NULL,
    item         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price   INTEGER NOT NULL CHECK (unit_price >= 0),
    total        INTEGER NOT NULL
);
CREATE INDEX rab_lines_proposal ON rab_lines(proposal_id);
CREATE INDEX rab_lines_activity ON rab_lines(activity_id);

CREATE TABLE priority_criteria (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    name           TEXT NOT NULL,
    weight         INTEGER NOT NULL CHECK (weight >= 0 AND weight <= 100),
    position       INTEGER NOT NULL
);

CREATE TABLE proposal_scores (
    proposal_id  INTEGER NOT NULL REFERENCES proposals(id),
    criterion_id INTEGER NOT NULL REFERENCES priority_criteria(id),
    scorer       TEXT NOT NULL,
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (proposal_id, criterion_id, scorer)
);

CREATE TABLE proposal_decisions (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    meeting_on     TEXT NOT NULL,
    attendance     INTEGER NOT NULL,
    minutes        TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE activities (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    proposal_id     INTEGER UNIQUE REFERENCES proposals(id),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    location        TEXT NOT NULL,
    target_volume   INTEGER NOT NULL CHECK (target_volume > 0),
    unit            TEXT NOT NULL,
    planned_start   TEXT NOT NULL,
    planned_end     TEXT NOT NULL,
    team            TEXT NOT NULL,
    technical_unit  TEXT,
    rkm_year        INTEGER,
    handed_over_on  TEXT,
    handed_over_to  TEXT,
    handover_record TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (institution_id, id)
);

CREATE TABLE funding_commitments (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    source       TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    document     TEXT NOT NULL,
    note         TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX funding_commitments_activity ON funding_commitments(activity_id);

CREATE TABLE fund_receipts (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institutions(id),
    activity_id      INTEGER NOT NULL REFERENCES activities(id),
    source           TEXT NOT NULL,
    received_on      TEXT NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    account          TEXT NOT NULL,
    document         TEXT NOT NULL,
    journal_entry_id INTEGER NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX fund_receipts_activity ON fund_receipts(activity_id);

CREATE TABLE spendings (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institutions(id),
    activity_id      INTEGER NOT NULL REFERENCES activities(id),
    rab_line_id      INTEGER NOT NULL REFERENCES rab_lines(id),
    source           TEXT NOT NULL,
    receipt_no       TEXT NOT NULL,
    spent_on         TEXT NOT NULL,
    payee            TEXT NOT NULL,
    item             TEXT NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    account          TEXT NOT NULL,
    approval         TEXT,
    journal_entry_id INTEGER NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX spendings_activity ON spendings(activity_id);
CREATE INDEX spendings_receipt ON spendings(institution_id, receipt_no);
CREATE INDEX spendings_date ON spendings(institution_id, spent_on);

CREATE TABLE in_kind (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    on_date      TEXT NOT NULL,
    contributor  TEXT NOT NULL,
    description  TEXT NOT NULL,
    value        INTEGER NOT NULL CHECK (value > 0),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX in_kind_activity ON in_kind(activity_id);

CREATE TABLE progress_reports (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    reported_on  TEXT NOT NULL,
    percent_bp   INTEGER NOT NULL CHECK (percent_bp BETWEEN 0 AND 10000),
    quantity     INTEGER NOT NULL CHECK (quantity >= 0),
    note         TEXT,
    reason       TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX progress_activity ON progress_reports(activity_id, reported_on);

CREATE TRIGGER fund_receipts_no_update BEFORE UPDATE ON fund_receipts BEGIN SELECT RAISE(ABORT, 'fund_receipts is append-only'); END;
CREATE TRIGGER fund_receipts_no_delete BEFORE DELETE ON fund_receipts BEGIN SELECT RAISE(ABORT, 'fund_receipts is append-only'); END;
CREATE TRIGGER spendings_no_update BEFORE UPDATE ON spendings BEGIN SELECT RAISE(ABORT, 'spendings is append-only'); END;
CREATE TRIGGER spendings_no_delete BEFORE DELETE ON spendings BEGIN SELECT RAISE(ABORT, 'spendings is append-only'); END;
CREATE TRIGGER progress_reports_no_update BEFORE UPDATE ON progress_reports BEGIN SELECT RAISE(ABORT, 'progress_reports is append-only'); END;
CREATE TRIGGER progress_reports_no_delete BEFORE DELETE ON progress_reports BEGIN SELECT RAISE(ABORT, 'progress_reports is append-only'); END;
CREATE TRIGGER in_kind_no_update BEFORE UPDATE ON in_kind BEGIN SELECT RAISE(ABORT, 'in_kind is append-only'); END;
CREATE TRIGGER in_kind_no_delete BEFORE DELETE ON in_kind BEGIN SELECT RAISE(ABORT, 'in_kind is append-only'); END;

-- Charts seeded before this version get the activity bank account and the fund accounts.
INSERT INTO accounts (institution_id, code, name, kind, contra, cash, created_at)
SELECT i.institution_id, v.column1, v.column2, v.column3, 0, v.column4, '2026-11-25T00:00:00Z'
FROM (SELECT DISTINCT institution_id FROM accounts) i,
     (VALUES ('11023', 'Bank kegiatan BKM/KKM', 'asset', 1),
             ('22010', 'Dana kegiatan BLM APBN', 'liability', 0),
             ('22020', 'Dana kegiatan APBD', 'liability', 0),
             ('22030', 'Dana kegiatan Dana Desa', 'liability', 0),
             ('22040', 'Dana kegiatan swadaya masyarakat', 'liability', 0),
             ('22050', 'Dana kegiatan CSR/swasta', 'liability', 0),
             ('22060', 'Dana kegiatan lainnya', 'liability', 0)) v
WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.institution_id = i.institution_id AND a.code = v.column1);
