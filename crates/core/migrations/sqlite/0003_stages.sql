-- KSM development stage decisions (history; never changed).

CREATE TABLE ksm_stages (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    ksm_id         INTEGER NOT NULL,
    stage          TEXT NOT NULL,
    score          INTEGER,
    scores_json    TEXT NOT NULL,
    decided_on     TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    note           TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, ksm_id) REFERENCES ksm(institution_id, id)
);
CREATE INDEX ksm_stages_ksm ON ksm_stages(institution_id, ksm_id);

CREATE TRIGGER ksm_stages_no_update BEFORE UPDATE ON ksm_stages BEGIN SELECT RAISE(ABORT, 'stage decisions are append-only'); END;
CREATE TRIGGER ksm_stages_no_delete BEFORE DELETE ON ksm_stages BEGIN SELECT RAISE(ABORT, 'stage decisions are append-only'); END;
