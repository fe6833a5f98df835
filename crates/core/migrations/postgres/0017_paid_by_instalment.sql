-- What was paid on each instalment, where the month-end close reads it (issue 20). A payment's
-- parts were keyed by payment, so every arrears scan joined them to loan_payments for the loan,
-- the member and the date, and summed them again. Each part now carries its instalment's key and
-- its payment's date, keyed in instalment order, so the close reads an instalment and what was
-- paid on it side by side. Still append-only: a reversal adds the parts negated.
ALTER TABLE payment_parts RENAME TO payment_parts_by_payment;
ALTER INDEX payment_parts_pkey RENAME TO payment_parts_by_payment_pkey;
CREATE TABLE payment_parts (
    institution_id BIGINT NOT NULL,
    loan_id        BIGINT NOT NULL,
    member_id      BIGINT NOT NULL,
    n              BIGINT NOT NULL,
    payment_id     BIGINT NOT NULL,
    -- The payment's date, copied (payments never change).
    paid_on        TEXT NOT NULL,
    principal      BIGINT NOT NULL,
    interest       BIGINT NOT NULL,
    PRIMARY KEY (institution_id, loan_id, member_id, n, payment_id),
    FOREIGN KEY (institution_id, payment_id) REFERENCES loan_payments(institution_id, id)
);
INSERT INTO payment_parts (institution_id, loan_id, member_id, n, payment_id, paid_on, principal, interest)
    SELECT p.institution_id, x.loan_id, x.member_id, p.n, p.payment_id, x.paid_on, p.principal, p.interest
    FROM payment_parts_by_payment p JOIN loan_payments x ON x.institution_id = p.institution_id AND x.id = p.payment_id;
DROP TABLE payment_parts_by_payment;
CREATE INDEX payment_parts_payment ON payment_parts(institution_id, payment_id);
-- Loan, member and number together name one instalment: told this, the planner sums the parts
-- along the key and merges them with the instalments instead of hashing and sorting.
CREATE STATISTICS payment_parts_instalment (ndistinct) ON loan_id, member_id, n FROM payment_parts;
CREATE TRIGGER payment_parts_append_only BEFORE UPDATE OR DELETE ON payment_parts FOR EACH ROW EXECUTE FUNCTION append_only();

-- A closed month keeps each account's debit and credit totals from the first entry to the
-- month's last day. Nothing can be posted on or before that day again (check_open), so the
-- totals hold forever; balances and reports start from the newest closed month at or before
-- their date and add only the lines after it.
CREATE TABLE closed_month_totals (
    institution_id BIGINT NOT NULL,
    month          TEXT NOT NULL,
    account        TEXT NOT NULL,
    debit          BIGINT NOT NULL,
    credit         BIGINT NOT NULL,
    PRIMARY KEY (institution_id, month, account),
    FOREIGN KEY (institution_id, month) REFERENCES closed_months(institution_id, month)
);
INSERT INTO closed_month_totals (institution_id, month, account, debit, credit)
    SELECT c.institution_id, c.month, l.account, SUM(l.debit), SUM(l.credit)
    FROM closed_months c JOIN journal_lines l ON l.institution_id = c.institution_id AND l.posted_on <= c.month || '-31'
    GROUP BY c.institution_id, c.month, l.account;
CREATE TRIGGER closed_month_totals_append_only BEFORE UPDATE OR DELETE ON closed_month_totals FOR EACH ROW EXECUTE FUNCTION append_only();
