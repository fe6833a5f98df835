-- The service after the hand-over (issue 21): what a maintenance institution (BP-SPAMS, KPP or
-- the KKM itself) keeps working, the customers who pay for it, their fee schemes and tariff
-- versions, meters and their monthly readings, the monthly bill run, and payments with the
-- bills each one paid. Money rows are append-only: a payment is undone by a reversal entry in
-- the journal, never by an edit; a tariff change is a new version.

CREATE TABLE water_assets (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    name            TEXT NOT NULL,
    -- water, road, drainage, sanitation, waste, other
    kind            TEXT NOT NULL,
    -- desa, dusun or RT from the region register
    region_code     TEXT REFERENCES regions(code),
    location        TEXT,
    handed_over_on  TEXT NOT NULL,
    -- Who handed it over and the record (berita acara) it was handed over with
    handed_over_by  TEXT NOT NULL,
    value           INTEGER NOT NULL CHECK (value >= 0),
    capacity        TEXT,
    households      INTEGER NOT NULL CHECK (households >= 0),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, name)
);

-- A fee scheme: who pays (a customer group) and how (flat, weekly, metered). Its prices are
-- in its tariff versions.
CREATE TABLE water_schemes (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    asset_id       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    -- household, social, business, public_tap, other
    customer_group TEXT NOT NULL,
    -- flat, weekly, metered
    kind           TEXT NOT NULL,
    -- A month's bill is due on this day of the next month
    due_day        INTEGER NOT NULL CHECK (due_day BETWEEN 1 AND 28),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, name),
    FOREIGN KEY (institution_id, asset_id) REFERENCES water_assets(institution_id, id)
);

CREATE TABLE water_tariffs (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    scheme_id      INTEGER NOT NULL,
    -- The first day of the first month it prices
    valid_from     TEXT NOT NULL,
    -- flat: the monthly fee; weekly: the fee per week; metered: the fixed monthly charge
    fixed          INTEGER NOT NULL CHECK (fixed >= 0),
    -- weekly: the day it is collected, 1 (Monday) to 7 (Sunday)
    weekday        INTEGER CHECK (weekday BETWEEN 1 AND 7),
    minimum_m3     INTEGER NOT NULL DEFAULT 0 CHECK (minimum_m3 >= 0),
    -- The decision that set it (musyawarah, SK)
    decision       TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, scheme_id, valid_from),
    FOREIGN KEY (institution_id, scheme_id) REFERENCES water_schemes(institution_id, id)
);

CREATE TABLE water_tariff_blocks (
    institution_id INTEGER NOT NULL,
    tariff_id      INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    -- The block's last m3; NULL: no upper end (the last block)
    up_to          INTEGER,
    price          INTEGER NOT NULL CHECK (price >= 0),
    PRIMARY KEY (institution_id, tariff_id, position),
    FOREIGN KEY (institution_id, tariff_id) REFERENCES water_tariffs(institution_id, id)
);

CREATE TABLE water_customers (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    -- The number printed on the bill and the receipt book
    number         TEXT NOT NULL,
    scheme_id      INTEGER NOT NULL,
    -- The household's person in the register; a public tap has none
    person_id      INTEGER,
    name           TEXT NOT NULL,
    address        TEXT NOT NULL,
    connected_on   TEXT NOT NULL,
    idem_key       TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, number),
    FOREIGN KEY (institution_id, scheme_id) REFERENCES water_schemes(institution_id, id),
    FOREIGN KEY (institution_id, person_id) REFERENCES people(institution_id, id)
);
CREATE INDEX water_customers_scheme ON water_customers(institution_id, scheme_id);
CREATE UNIQUE INDEX water_customers_idem ON water_customers(institution_id, idem_key) WHERE idem_key IS NOT NULL;

-- A meter on a connection. A replacement closes the old one with its last reading and opens
-- the new one with its start reading; the m3 the old one ran since its last monthly reading
-- is carried into the new one's first month.
CREATE TABLE water_meters (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    customer_id    INTEGER NOT NULL,
    serial         TEXT NOT NULL,
    installed_on   TEXT NOT NULL,
    start_reading  INTEGER NOT NULL CHECK (start_reading >= 0),
    carried_m3     INTEGER NOT NULL DEFAULT 0 CHECK (carried_m3 >= 0),
    removed_on     TEXT,
    final_reading  INTEGER,
    reason         TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, customer_id) REFERENCES water_customers(institution_id, id)
);
-- One meter serves one connection at a time, and a connection has one meter in service.
CREATE UNIQUE INDEX water_meters_in_service ON water_meters(institution_id, serial) WHERE removed_on IS NULL;
CREATE UNIQUE INDEX water_meters_one_per_customer ON water_meters(institution_id, customer_id) WHERE removed_on IS NULL;

CREATE TABLE water_readings (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    customer_id    INTEGER NOT NULL,
    meter_id       INTEGER NOT NULL,
    -- YYYY-MM: the month the water was used
    month          TEXT NOT NULL,
    read_on        TEXT NOT NULL,
    reading        INTEGER NOT NULL CHECK (reading >= 0),
    m3             INTEGER NOT NULL CHECK (m3 >= 0),
    -- Far above the customer's usual use: kept, and shown for a second look
    unusual        INTEGER NOT NULL DEFAULT 0,
    note           TEXT,
    -- office or field
    entered_in     TEXT NOT NULL,
    idem_key       TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, customer_id, month),
    FOREIGN KEY (institution_id, customer_id) REFERENCES water_customers(institution_id, id),
    FOREIGN KEY (institution_id, meter_id) REFERENCES water_meters(institution_id, id)
);
CREATE UNIQUE INDEX water_readings_idem ON water_readings(institution_id, idem_key) WHERE idem_key IS NOT NULL;

-- One bill run per scheme and month: running it again finds this row and bills nobody twice.
CREATE TABLE water_bill_runs (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL,
    scheme_id        INTEGER NOT NULL,
    month            TEXT NOT NULL,
    tariff_id        INTEGER NOT NULL,
    bills            INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    journal_entry_id INTEGER,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, scheme_id, month),
    FOREIGN KEY (institution_id, scheme_id) REFERENCES water_schemes(institution_id, id),
    FOREIGN KEY (institution_id, tariff_id) REFERENCES water_tariffs(institution_id, id),
    FOREIGN KEY (institution_id, journal_entry_id) REFERENCES journal_entries(institution_id, id)
);

CREATE TABLE water_bills (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    run_id         INTEGER NOT NULL,
    customer_id    INTEGER NOT NULL,
    month          TEXT NOT NULL,
    reading_id     INTEGER,
    m3             INTEGER NOT NULL DEFAULT 0,
    fixed          INTEGER NOT NULL CHECK (fixed >= 0),
    usage_amount   INTEGER NOT NULL CHECK (usage_amount >= 0),
    total          INTEGER NOT NULL CHECK (total >= 0),
    due_on         TEXT NOT NULL,
    -- The bill's lines as printed (weeks, blocks), JSON
    detail         TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, customer_id, month),
    FOREIGN KEY (institution_id, run_id) REFERENCES water_bill_runs(institution_id, id),
    FOREIGN KEY (institution_id, customer_id) REFERENCES water_customers(institution_id, id),
    FOREIGN KEY (institution_id, reading_id) REFERENCES water_readings(institution_id, id)
);
CREATE INDEX water_bills_run ON water_bills(institution_id, run_id);

CREATE TABLE water_payments (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL,
    customer_id      INTEGER NOT NULL,
    paid_on          TEXT NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    -- The cash or bank account it went into
    account          TEXT NOT NULL,
    receipt_no       TEXT NOT NULL,
    journal_entry_id INTEGER NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, receipt_no),
    FOREIGN KEY (institution_id, customer_id) REFERENCES water_customers(institution_id, id),
    FOREIGN KEY (institution_id, journal_entry_id) REFERENCES journal_entries(institution_id, id)
);
CREATE INDEX water_payments_customer ON water_payments(institution_id, customer_id);

-- What a payment paid on each bill: at once when it was paid, or later, from its advance, by a
-- bill run (run_id).
CREATE TABLE water_payment_parts (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    payment_id     INTEGER NOT NULL,
    bill_id        INTEGER NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    run_id         INTEGER,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, payment_id) REFERENCES water_payments(institution_id, id),
    FOREIGN KEY (institution_id, bill_id) REFERENCES water_bills(institution_id, id),
    FOREIGN KEY (institution_id, run_id) REFERENCES water_bill_runs(institution_id, id)
);
CREATE INDEX water_payment_parts_payment ON water_payment_parts(institution_id, payment_id);
CREATE INDEX water_payment_parts_bill ON water_payment_parts(institution_id, bill_id);

-- A connection closed and opened again, each with the decision behind it (a board meeting, a
-- written warning unanswered). A customer is billed for a month it was connected on the first
-- day of, or reconnected in.
CREATE TABLE water_connection_events (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    customer_id    INTEGER NOT NULL,
    -- disconnect or reconnect
    kind           TEXT NOT NULL,
    on_date        TEXT NOT NULL,
    decision       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, customer_id) REFERENCES water_customers(institution_id, id)
);
CREATE INDEX water_connection_events_customer ON water_connection_events(institution_id, customer_id, on_date);

CREATE TRIGGER water_tariffs_no_update BEFORE UPDATE ON water_tariffs BEGIN SELECT RAISE(ABORT, 'water_tariffs is append-only'); END;
CREATE TRIGGER water_tariffs_no_delete BEFORE DELETE ON water_tariffs BEGIN SELECT RAISE(ABORT, 'water_tariffs is append-only'); END;
CREATE TRIGGER water_tariff_blocks_no_update BEFORE UPDATE ON water_tariff_blocks BEGIN SELECT RAISE(ABORT, 'water_tariff_blocks is append-only'); END;
CREATE TRIGGER water_tariff_blocks_no_delete BEFORE DELETE ON water_tariff_blocks BEGIN SELECT RAISE(ABORT, 'water_tariff_blocks is append-only'); END;
CREATE TRIGGER water_readings_no_update BEFORE UPDATE ON water_readings BEGIN SELECT RAISE(ABORT, 'water_readings is append-only'); END;
CREATE TRIGGER water_readings_no_delete BEFORE DELETE ON water_readings BEGIN SELECT RAISE(ABORT, 'water_readings is append-only'); END;
CREATE TRIGGER water_bill_runs_no_update BEFORE UPDATE ON water_bill_runs BEGIN SELECT RAISE(ABORT, 'water_bill_runs is append-only'); END;
CREATE TRIGGER water_bill_runs_no_delete BEFORE DELETE ON water_bill_runs BEGIN SELECT RAISE(ABORT, 'water_bill_runs is append-only'); END;
CREATE TRIGGER water_bills_no_update BEFORE UPDATE ON water_bills BEGIN SELECT RAISE(ABORT, 'water_bills is append-only'); END;
CREATE TRIGGER water_bills_no_delete BEFORE DELETE ON water_bills BEGIN SELECT RAISE(ABORT, 'water_bills is append-only'); END;
CREATE TRIGGER water_payments_no_update BEFORE UPDATE ON water_payments BEGIN SELECT RAISE(ABORT, 'water_payments is append-only'); END;
CREATE TRIGGER water_payments_no_delete BEFORE DELETE ON water_payments BEGIN SELECT RAISE(ABORT, 'water_payments is append-only'); END;
CREATE TRIGGER water_payment_parts_no_update BEFORE UPDATE ON water_payment_parts BEGIN SELECT RAISE(ABORT, 'water_payment_parts is append-only'); END;
CREATE TRIGGER water_payment_parts_no_delete BEFORE DELETE ON water_payment_parts BEGIN SELECT RAISE(ABORT, 'water_payment_parts is append-only'); END;
CREATE TRIGGER water_connection_events_no_update BEFORE UPDATE ON water_connection_events BEGIN SELECT RAISE(ABORT, 'water_connection_events is append-only'); END;
CREATE TRIGGER water_connection_events_no_delete BEFORE DELETE ON water_connection_events BEGIN SELECT RAISE(ABORT, 'water_connection_events is append-only'); END;
