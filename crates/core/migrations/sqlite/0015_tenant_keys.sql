-- Every tenant table is keyed by its institution (ADR 0001, docs/operations.md): the six
-- tables of the activities and the APBDes that had no institution_id get it from the row they
-- belong to, every key and index leads with it, and tenant rows refer to each other through
-- (institution_id, id). SQLite keeps `id` as the rowid and declares (institution_id, id)
-- unique; PostgreSQL makes it the primary key (same migration there).
--
-- SQLite cannot change a table's key in place: the tables are built anew, filled, and the old
-- ones dropped children first, so that no foreign key ever points at a dropped table (this
-- runs inside the migration's transaction, where foreign keys stay on).

CREATE UNIQUE INDEX proposals_key ON proposals(institution_id, id);
CREATE UNIQUE INDEX priority_criteria_key ON priority_criteria(institution_id, id);
CREATE UNIQUE INDEX proposal_decisions_key ON proposal_decisions(institution_id, id);
CREATE UNIQUE INDEX attachments_key ON attachments(institution_id, id);
CREATE UNIQUE INDEX apbdes_versions_key ON apbdes_versions(institution_id, id);
CREATE UNIQUE INDEX sheet_proposals_key ON sheet_proposals(institution_id, id);

CREATE TABLE activities_new (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    proposal_id     INTEGER,
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
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, proposal_id),
    FOREIGN KEY (institution_id, proposal_id) REFERENCES proposals(institution_id, id)
);
INSERT INTO activities_new (id, institution_id, proposal_id, name, kind, location, target_volume, unit,
        planned_start, planned_end, team, technical_unit, rkm_year, handed_over_on, handed_over_to,
        handover_record, created_by, created_at)
    SELECT id, institution_id, proposal_id, name, kind, location, target_volume, unit,
        planned_start, planned_end, team, technical_unit, rkm_year, handed_over_on, handed_over_to,
        handover_record, created_by, created_at
    FROM activities;

CREATE TABLE rab_lines_new (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    proposal_id    INTEGER,
    activity_id    INTEGER,
    position       INTEGER NOT NULL,
    item           TEXT NOT NULL,
    unit           TEXT NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    unit_price     INTEGER NOT NULL CHECK (unit_price >= 0),
    total          INTEGER NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, proposal_id) REFERENCES proposals(institution_id, id)
);
INSERT INTO rab_lines_new (id, institution_id, proposal_id, activity_id, position, item, unit, quantity, unit_price, total)
    SELECT l.id,
        COALESCE((SELECT p.institution_id FROM proposals p WHERE p.id = l.proposal_id),
                 (SELECT a.institution_id FROM activities a WHERE a.id = l.activity_id)),
        l.proposal_id, l.activity_id, l.position, l.item, l.unit, l.quantity, l.unit_price, l.total
    FROM rab_lines l;

CREATE TABLE proposal_scores_new (
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    proposal_id    INTEGER NOT NULL,
    criterion_id   INTEGER NOT NULL,
    scorer         TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (institution_id, proposal_id, criterion_id, scorer),
    FOREIGN KEY (institution_id, proposal_id) REFERENCES proposals(institution_id, id),
    FOREIGN KEY (institution_id, criterion_id) REFERENCES priority_criteria(institution_id, id)
);
INSERT INTO proposal_scores_new (institution_id, proposal_id, criterion_id, scorer, score, created_by, created_at)
    SELECT p.institution_id, s.proposal_id, s.criterion_id, s.scorer, s.score, s.created_by, s.created_at
    FROM proposal_scores s JOIN proposals p ON p.id = s.proposal_id;

CREATE TABLE funding_commitments_new (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    activity_id    INTEGER NOT NULL,
    source         TEXT NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    document       TEXT NOT NULL,
    note           TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    idem_key       TEXT,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities_new(institution_id, id)
);
INSERT INTO funding_commitments_new (id, institution_id, activity_id, source, amount, document, note, created_by, created_at, idem_key)
    SELECT f.id, a.institution_id, f.activity_id, f.source, f.amount, f.document, f.note, f.created_by, f.created_at, f.idem_key
    FROM funding_commitments f JOIN activities a ON a.id = f.activity_id;

CREATE TABLE fund_receipts_new (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institutions(id),
    activity_id      INTEGER NOT NULL,
    source           TEXT NOT NULL,
    received_on      TEXT NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    account          TEXT NOT NULL,
    document         TEXT NOT NULL,
    journal_entry_id INTEGER NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities_new(institution_id, id)
);
INSERT INTO fund_receipts_new (id, institution_id, activity_id, source, received_on, amount, account, document,
        journal_entry_id, created_by, created_at)
    SELECT id, institution_id, activity_id, source, received_on, amount, account, document,
        journal_entry_id, created_by, created_at
    FROM fund_receipts;

CREATE TABLE spendings_new (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institutions(id),
    activity_id      INTEGER NOT NULL,
    rab_line_id      INTEGER NOT NULL,
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
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities_new(institution_id, id),
    FOREIGN KEY (institution_id, rab_line_id) REFERENCES rab_lines_new(institution_id, id)
);
INSERT INTO spendings_new (id, institution_id, activity_id, rab_line_id, source, receipt_no, spent_on, payee, item,
        amount, account, approval, journal_entry_id, created_by, created_at)
    SELECT id, institution_id, activity_id, rab_line_id, source, receipt_no, spent_on, payee, item,
        amount, account, approval, journal_entry_id, created_by, created_at
    FROM spendings;

CREATE TABLE in_kind_new (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    activity_id    INTEGER NOT NULL,
    on_date        TEXT NOT NULL,
    contributor    TEXT NOT NULL,
    description    TEXT NOT NULL,
    value          INTEGER NOT NULL CHECK (value > 0),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    idem_key       TEXT,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities_new(institution_id, id)
);
INSERT INTO in_kind_new (id, institution_id, activity_id, on_date, contributor, description, value, created_by, created_at, idem_key)
    SELECT k.id, a.institution_id, k.activity_id, k.on_date, k.contributor, k.description, k.value, k.created_by, k.created_at, k.idem_key
    FROM in_kind k JOIN activities a ON a.id = k.activity_id;

CREATE TABLE progress_reports_new (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    activity_id    INTEGER NOT NULL,
    reported_on    TEXT NOT NULL,
    percent_bp     INTEGER NOT NULL CHECK (percent_bp BETWEEN 0 AND 10000),
    quantity       INTEGER NOT NULL CHECK (quantity >= 0),
    note           TEXT,
    reason         TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities_new(institution_id, id)
);
INSERT INTO progress_reports_new (id, institution_id, activity_id, reported_on, percent_bp, quantity, note, reason, created_by, created_at)
    SELECT r.id, a.institution_id, r.activity_id, r.reported_on, r.percent_bp, r.quantity, r.note, r.reason, r.created_by, r.created_at
    FROM progress_reports r JOIN activities a ON a.id = r.activity_id;

CREATE TABLE apbdes_lines_new (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    version_id     INTEGER NOT NULL,
    sort           INTEGER NOT NULL,
    section        TEXT NOT NULL,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    budget         BIGINT NOT NULL,
    realised       BIGINT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, version_id) REFERENCES apbdes_versions(institution_id, id)
);
INSERT INTO apbdes_lines_new (id, institution_id, version_id, sort, section, code, name, budget, realised)
    SELECT l.id, v.institution_id, l.version_id, l.sort, l.section, l.code, l.name, l.budget, l.realised
    FROM apbdes_lines l JOIN apbdes_versions v ON v.id = l.version_id;

-- A row that found no parent above would be lost: refuse the migration instead.
CREATE TEMP TABLE tenant_rows_kept (lost INTEGER CHECK (lost = 0));
INSERT INTO tenant_rows_kept
    SELECT (SELECT COUNT(*) FROM proposal_scores) - (SELECT COUNT(*) FROM proposal_scores_new)
         + (SELECT COUNT(*) FROM funding_commitments) - (SELECT COUNT(*) FROM funding_commitments_new)
         + (SELECT COUNT(*) FROM in_kind) - (SELECT COUNT(*) FROM in_kind_new)
         + (SELECT COUNT(*) FROM progress_reports) - (SELECT COUNT(*) FROM progress_reports_new)
         + (SELECT COUNT(*) FROM apbdes_lines) - (SELECT COUNT(*) FROM apbdes_lines_new);
DROP TABLE tenant_rows_kept;

DROP TABLE spendings;
DROP TABLE fund_receipts;
DROP TABLE funding_commitments;
DROP TABLE in_kind;
DROP TABLE progress_reports;
DROP TABLE proposal_scores;
DROP TABLE apbdes_lines;
DROP TABLE rab_lines;
DROP TABLE activities;

ALTER TABLE activities_new RENAME TO activities;
ALTER TABLE rab_lines_new RENAME TO rab_lines;
ALTER TABLE proposal_scores_new RENAME TO proposal_scores;
ALTER TABLE funding_commitments_new RENAME TO funding_commitments;
ALTER TABLE fund_receipts_new RENAME TO fund_receipts;
ALTER TABLE spendings_new RENAME TO spendings;
ALTER TABLE in_kind_new RENAME TO in_kind;
ALTER TABLE progress_reports_new RENAME TO progress_reports;
ALTER TABLE apbdes_lines_new RENAME TO apbdes_lines;

CREATE INDEX rab_lines_proposal ON rab_lines(institution_id, proposal_id);
CREATE INDEX rab_lines_activity ON rab_lines(institution_id, activity_id);
CREATE INDEX funding_commitments_activity ON funding_commitments(institution_id, activity_id);
CREATE UNIQUE INDEX funding_commitments_idem ON funding_commitments(institution_id, activity_id, idem_key);
CREATE INDEX fund_receipts_activity ON fund_receipts(institution_id, activity_id);
CREATE INDEX spendings_activity ON spendings(institution_id, activity_id);
CREATE INDEX spendings_receipt ON spendings(institution_id, receipt_no);
CREATE INDEX spendings_date ON spendings(institution_id, spent_on);
CREATE INDEX in_kind_activity ON in_kind(institution_id, activity_id);
CREATE UNIQUE INDEX in_kind_idem ON in_kind(institution_id, activity_id, idem_key);
CREATE INDEX progress_activity ON progress_reports(institution_id, activity_id, reported_on);
CREATE INDEX apbdes_lines_version ON apbdes_lines(institution_id, version_id, sort);

CREATE TRIGGER fund_receipts_no_update BEFORE UPDATE ON fund_receipts BEGIN SELECT RAISE(ABORT, 'fund_receipts is append-only'); END;
CREATE TRIGGER fund_receipts_no_delete BEFORE DELETE ON fund_receipts BEGIN SELECT RAISE(ABORT, 'fund_receipts is append-only'); END;
CREATE TRIGGER spendings_no_update BEFORE UPDATE ON spendings BEGIN SELECT RAISE(ABORT, 'spendings is append-only'); END;
CREATE TRIGGER spendings_no_delete BEFORE DELETE ON spendings BEGIN SELECT RAISE(ABORT, 'spendings is append-only'); END;
CREATE TRIGGER in_kind_no_update BEFORE UPDATE ON in_kind BEGIN SELECT RAISE(ABORT, 'in_kind is append-only'); END;
CREATE TRIGGER in_kind_no_delete BEFORE DELETE ON in_kind BEGIN SELECT RAISE(ABORT, 'in_kind is append-only'); END;
CREATE TRIGGER progress_reports_no_update BEFORE UPDATE ON progress_reports BEGIN SELECT RAISE(ABORT, 'progress_reports is append-only'); END;
CREATE TRIGGER progress_reports_no_delete BEFORE DELETE ON progress_reports BEGIN SELECT RAISE(ABORT, 'progress_reports is append-only'); END;
CREATE TRIGGER apbdes_lines_no_update BEFORE UPDATE ON apbdes_lines BEGIN SELECT RAISE(ABORT, 'apbdes_lines is append-only'); END;
CREATE TRIGGER apbdes_lines_no_delete BEFORE DELETE ON apbdes_lines BEGIN SELECT RAISE(ABORT, 'apbdes_lines is append-only'); END;
