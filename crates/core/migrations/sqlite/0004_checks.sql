-- Confirmations a person gives for a KSM (independence checklist, loan-eligibility statements):
-- every tick or untick is a new row, so the history says who confirmed what and when.

CREATE TABLE ksm_checks (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    ksm_id         INTEGER NOT NULL,
    list           TEXT NOT NULL,
    item           TEXT NOT NULL,
    checked        INTEGER NOT NULL,
    checked_by     TEXT NOT NULL,
    checked_on     TEXT NOT NULL,
    note           TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, ksm_id) REFERENCES ksm(institution_id, id)
);
CREATE INDEX ksm_checks_ksm ON ksm_checks(institution_id, ksm_id, list);

CREATE TRIGGER ksm_checks_no_update BEFORE UPDATE ON ksm_checks BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;
CREATE TRIGGER ksm_checks_no_delete BEFORE DELETE ON ksm_checks BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;
