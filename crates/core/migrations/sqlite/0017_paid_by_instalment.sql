-- What was paid on each instalment, where the month-end close reads it (issue 20). A payment's
-- parts were keyed by payment, so every arrears scan joined them to loan_payments for the loan,
-- the member and the date, and summed them again. Each part now carries its instalment's key and
-- its payment's date, and is stored in instalment order (WITHOUT ROWID: the key is the row's
-- place), so the close reads an instalment and what was paid on it side by side. Still
-- append-only: a reversal adds the parts negated.
ALTER TABLE payment_parts RENAME TO payment_parts_by_payment;
CREATE TABLE payment_parts (
    institution_id INTEGER NOT NULL,
    loan_id        INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    payment_id     INTEGER NOT NULL,
    -- The payment's date, copied (payments never change).
    paid_on        TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    interest       INTEGER NOT NULL,
    PRIMARY KEY (institution_id, loan_id, member_id, n, payment_id),
    FOREIGN KEY (institution_id, payment_id) REFERENCES loan_payments(institution_id, id)
) WITHOUT ROWID;
INSERT INTO payment_parts (institution_id, loan_id, member_id, n, payment_id, paid_on, principal, interest)
    SELECT p.institution_id, x.loan_id, x.member_id, p.n, p.payment_id, x.paid_on, p.principal, p.interest
    FROM payment_parts_by_payment p JOIN loan_payments x ON x.institution_id = p.institution_id AND x.id = p.payment_id;
DROP TABLE payment_parts_by_payment;
CREATE INDEX payment_parts_payment ON payment_parts(institution_id, payment_id);
CREATE TRIGGER payment_parts_no_update BEFORE UPDATE ON payment_parts BEGIN SELECT RAISE(ABORT, 'payment_parts is append-only'); END;
CREATE TRIGGER payment_parts_no_delete BEFORE DELETE ON payment_parts BEGIN SELECT RAISE(ABORT, 'payment_parts is append-only'); END;

-- A closed month keeps each account's debit and credit totals from the first entry to the
-- month's last day. Nothing can be posted on or before that day again (check_open), so the
-- totals hold forever; balances and reports start from the newest closed month at or before
-- their date and add only the lines after it.
CREATE TABLE closed_month_totals (
    institution_id INTEGER NOT NULL,
    month          TEXT NOT NULL,
    account        TEXT NOT NULL,
    debit          INTEGER NOT NULL,
    credit         INTEGER NOT NULL,
    PRIMARY KEY (institution_id, month, account),
    FOREIGN KEY (institution_id, month) REFERENCES closed_months(institution_id, month)
) WITHOUT ROWID;
INSERT INTO closed_month_totals (institution_id, month, account, debit, credit)
    SELECT c.institution_id, c.month, l.account, SUM(l.debit), SUM(l.credit)
    FROM closed_months c JOIN journal_lines l ON l.institution_id = c.institution_id AND l.posted_on <= c.month || '-31'
    GROUP BY c.institution_id, c.month, l.account;
CREATE TRIGGER closed_month_totals_no_update BEFORE UPDATE ON closed_month_totals BEGIN SELECT RAISE(ABORT, 'closed_month_totals is append-only'); END;
CREATE TRIGGER closed_month_totals_no_delete BEFORE DELETE ON closed_month_totals BEGIN SELECT RAISE(ABORT, 'closed_month_totals is append-only'); END;
