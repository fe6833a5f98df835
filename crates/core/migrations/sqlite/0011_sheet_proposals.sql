-- A sheet that arrives for a meeting someone else already recorded (a phone syncing late, two
-- treasurers at one meeting) is kept as a proposed correction beside the original, for the
-- treasurer to accept (it then becomes an amendment) or reject with a reason. Nothing posted is
-- changed by its arrival.

CREATE TABLE sheet_proposals (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    ksm_id          INTEGER NOT NULL,
    original_id     INTEGER NOT NULL,
    held_on         TEXT NOT NULL,
    payload         TEXT NOT NULL,
    proposed_by     TEXT NOT NULL,
    proposed_at     TEXT NOT NULL,
    idem_key        TEXT,
    status          TEXT NOT NULL,
    decided_by      TEXT,
    decided_at      TEXT,
    decision_reason TEXT,
    amendment_id    INTEGER,
    UNIQUE (institution_id, idem_key)
);
CREATE INDEX sheet_proposals_original ON sheet_proposals(institution_id, original_id, status);

CREATE TRIGGER sheet_proposals_no_delete BEFORE DELETE ON sheet_proposals BEGIN SELECT RAISE(ABORT, 'sheet_proposals are never deleted'); END;
CREATE TRIGGER sheet_proposals_kept BEFORE UPDATE OF institution_id, ksm_id, original_id, held_on, payload, proposed_by, proposed_at, idem_key ON sheet_proposals
BEGIN SELECT RAISE(ABORT, 'a proposed sheet is never changed, only decided'); END;
