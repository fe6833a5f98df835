-- Revolving loan fund and the institution's double-entry books.

CREATE TABLE accounts (
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    contra         INTEGER NOT NULL DEFAULT 0,
    cash           INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (institution_id, code)
);

-- An entry is never changed: a mistake is corrected by a reversal pointing at it (once).
CREATE TABLE journal_entries (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    posted_on      TEXT NOT NULL,
    memo           TEXT NOT NULL,
    receipt        TEXT,
    source         TEXT NOT NULL,
    source_id      INTEGER,
    reverses_id    INTEGER,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    idem_key       TEXT,
    UNIQUE (institution_id, id)
);
CREATE UNIQUE INDEX journal_reversed_once ON journal_entries(institution_id, reverses_id) WHERE reverses_id IS NOT NULL;
CREATE UNIQUE INDEX journal_idem ON journal_entries(institution_id, idem_key) WHERE idem_key IS NOT NULL;
CREATE INDEX journal_date ON journal_entries(institution_id, posted_on);

CREATE TABLE journal_lines (
    institution_id INTEGER NOT NULL,
    entry_id       INTEGER NOT NULL,
    line_no        INTEGER NOT NULL,
    account        TEXT NOT NULL,
    -- The entry's date, copied so that balances are one index scan (lines never change).
    posted_on      TEXT NOT NULL,
    debit          INTEGER NOT NULL DEFAULT 0,
    credit         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (institution_id, entry_id, line_no),
    FOREIGN KEY (institution_id, entry_id) REFERENCES journal_entries(institution_id, id),
    FOREIGN KEY (institution_id, account) REFERENCES accounts(institution_id, code),
    CHECK ((debit > 0 AND credit = 0) OR (credit > 0 AND debit = 0))
);
CREATE INDEX journal_lines_balances ON journal_lines(institution_id, account, posted_on, debit, credit);

-- A closed month is locked: nothing may be posted on or before its last day.
CREATE TABLE closed_months (
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    month          TEXT NOT NULL,
    closed_by      TEXT NOT NULL,
    closed_at      TEXT NOT NULL,
    summary        TEXT NOT NULL,
    PRIMARY KEY (institution_id, month)
);

CREATE TABLE loan_products (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    name           TEXT NOT NULL,
    method         TEXT NOT NULL,
    rate_bp        INTEGER NOT NULL,
    term           INTEGER NOT NULL,
    frequency      TEXT NOT NULL,
    first_limit    INTEGER NOT NULL,
    later_limit    INTEGER NOT NULL,
    ceiling        INTEGER NOT NULL,
    max_cycles     INTEGER NOT NULL,
    min_term       INTEGER NOT NULL,
    max_term       INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, name)
);

-- A loan keeps its own copy of the product's terms.
CREATE TABLE loans (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL,
    ksm_id           INTEGER NOT NULL,
    product_id       INTEGER NOT NULL,
    agreement_no     TEXT NOT NULL,
    purpose          TEXT,
    method           TEXT NOT NULL,
    rate_bp          INTEGER NOT NULL,
    term             INTEGER NOT NULL,
    frequency        TEXT NOT NULL,
    principal        INTEGER NOT NULL,
    applied_on       TEXT NOT NULL,
    status           TEXT NOT NULL,
    power_of_attorney INTEGER NOT NULL DEFAULT 0,
    override_reason  TEXT,
    decided_by       TEXT,
    decided_on       TEXT,
    decision_note    TEXT,
    disbursed_on     TEXT,
    disbursed_from   TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, agreement_no),
    FOREIGN KEY (institution_id, ksm_id) REFERENCES ksm(institution_id, id),
    FOREIGN KEY (institution_id, product_id) REFERENCES loan_products(institution_id, id)
);
CREATE INDEX loans_ksm ON loans(institution_id, ksm_id);

CREATE TABLE loan_shares (
    institution_id INTEGER NOT NULL,
    loan_id        INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    cycle          INTEGER NOT NULL,
    PRIMARY KEY (institution_id, loan_id, member_id),
    FOREIGN KEY (institution_id, loan_id) REFERENCES loans(institution_id, id),
    FOREIGN KEY (institution_id, member_id) REFERENCES ksm_members(institution_id, id)
);

-- Written at disbursement, never changed.
CREATE TABLE loan_instalments (
    institution_id INTEGER NOT NULL,
    loan_id        INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    due_on         TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    interest       INTEGER NOT NULL,
    PRIMARY KEY (institution_id, loan_id, member_id, n),
    FOREIGN KEY (institution_id, loan_id) REFERENCES loans(institution_id, id)
);

-- Repayments; a reversal is a negative row pointing at the payment it undoes.
CREATE TABLE loan_payments (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    loan_id        INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    paid_on        TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    source         TEXT NOT NULL,
    meeting_id     INTEGER,
    -- NULL only for the interest part of a write-off, which the cash books never held.
    entry_id       INTEGER,
    reverses_id    INTEGER,
    idem_key       TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, loan_id) REFERENCES loans(institution_id, id),
    FOREIGN KEY (institution_id, entry_id) REFERENCES journal_entries(institution_id, id)
);
CREATE INDEX loan_payments_loan ON loan_payments(institution_id, loan_id, member_id);
CREATE UNIQUE INDEX loan_payments_reversed_once ON loan_payments(institution_id, reverses_id) WHERE reverses_id IS NOT NULL;
CREATE UNIQUE INDEX loan_payments_idem ON loan_payments(institution_id, idem_key) WHERE idem_key IS NOT NULL;

CREATE TABLE payment_parts (
    institution_id INTEGER NOT NULL,
    payment_id     INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    principal      INTEGER NOT NULL,
    interest       INTEGER NOT NULL,
    PRIMARY KEY (institution_id, payment_id, n),
    FOREIGN KEY (institution_id, payment_id) REFERENCES loan_payments(institution_id, id)
);

-- Why a member is behind (the arrears list's "cause" column); the newest row counts.
CREATE TABLE arrears_causes (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    loan_id        INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    cause          TEXT NOT NULL,
    note           TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, loan_id) REFERENCES loans(institution_id, id)
);


-- Collection work on the arrears list: plans (who visits, when, with which village official),
-- visits with promises to pay, hand-over to the special collection team.
CREATE TABLE collection_actions (
    id             INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL,
    loan_id          INTEGER NOT NULL,
    member_id        INTEGER,
    kind             TEXT NOT NULL,
    on_date          TEXT NOT NULL,
    officer          TEXT,
    village_official TEXT,
    promise_on       TEXT,
    promise_amount   INTEGER,
    note             TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, loan_id) REFERENCES loans(institution_id, id)
);
CREATE INDEX collection_actions_loan ON collection_actions(institution_id, loan_id);

CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only'); END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only'); END;
CREATE TRIGGER closed_months_no_update BEFORE UPDATE ON closed_months BEGIN SELECT RAISE(ABORT, 'closed_months is append-only'); END;
CREATE TRIGGER closed_months_no_delete BEFORE DELETE ON closed_months BEGIN SELECT RAISE(ABORT, 'closed_months is append-only'); END;
CREATE TRIGGER loan_instalments_no_update BEFORE UPDATE ON loan_instalments BEGIN SELECT RAISE(ABORT, 'loan_instalments is append-only'); END;
CREATE TRIGGER loan_instalments_no_delete BEFORE DELETE ON loan_instalments BEGIN SELECT RAISE(ABORT, 'loan_instalments is append-only'); END;
CREATE TRIGGER loan_payments_no_update BEFORE UPDATE ON loan_payments BEGIN SELECT RAISE(ABORT, 'loan_payments is append-only'); END;
CREATE TRIGGER loan_payments_no_delete BEFORE DELETE ON loan_payments BEGIN SELECT RAISE(ABORT, 'loan_payments is append-only'); END;
CREATE TRIGGER payment_parts_no_update BEFORE UPDATE ON payment_parts BEGIN SELECT RAISE(ABORT, 'payment_parts is append-only'); END;
CREATE TRIGGER payment_parts_no_delete BEFORE DELETE ON payment_parts BEGIN SELECT RAISE(ABORT, 'payment_parts is append-only'); END;

CREATE TRIGGER collection_actions_no_update BEFORE UPDATE ON collection_actions BEGIN SELECT RAISE(ABORT, 'collection_actions is append-only'); END;
CREATE TRIGGER collection_actions_no_delete BEFORE DELETE ON collection_actions BEGIN SELECT RAISE(ABORT, 'collection_actions is append-only'); END;
