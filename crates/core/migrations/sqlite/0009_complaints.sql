-- Complaints (seed 000): the register, its append-only history of steps, and the days off
-- that the working-day service levels skip. The complaint's own words are never changed after
-- it is registered; only where it stands (status, handler, level) moves, by a recorded step.

CREATE TABLE holidays (
    day  TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE complaints (
    id                    INTEGER PRIMARY KEY,
    tracking_code         TEXT NOT NULL UNIQUE,
    origin_institution_id INTEGER NOT NULL REFERENCES institutions(id),
    institution_id        INTEGER NOT NULL REFERENCES institutions(id),
    level                 TEXT NOT NULL,
    received_on           TEXT NOT NULL,
    clock_start           TEXT NOT NULL,
    channel               TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    category              TEXT NOT NULL,
    complainant_name      TEXT,
    complainant_contact   TEXT,
    addressed_to          TEXT,
    content               TEXT NOT NULL,
    status                TEXT NOT NULL,
    answered_on           TEXT,
    closed_on             TEXT,
    external_ref          TEXT,
    idem_key              TEXT UNIQUE,
    created_by            TEXT NOT NULL,
    created_at            TEXT NOT NULL
);
CREATE INDEX complaints_handler ON complaints(institution_id, status);
CREATE INDEX complaints_origin ON complaints(origin_institution_id, received_on);

CREATE TABLE complaint_steps (
    id                INTEGER PRIMARY KEY,
    complaint_id      INTEGER NOT NULL REFERENCES complaints(id),
    institution_id    INTEGER NOT NULL REFERENCES institutions(id),
    step              TEXT NOT NULL,
    body              TEXT NOT NULL,
    step_on           TEXT NOT NULL,
    to_institution_id INTEGER REFERENCES institutions(id),
    status_after      TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX complaint_steps_complaint ON complaint_steps(complaint_id, id);

CREATE TRIGGER complaint_steps_no_update BEFORE UPDATE ON complaint_steps BEGIN SELECT RAISE(ABORT, 'complaint_steps is append-only'); END;
CREATE TRIGGER complaint_steps_no_delete BEFORE DELETE ON complaint_steps BEGIN SELECT RAISE(ABORT, 'complaint_steps is append-only'); END;
CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints BEGIN SELECT RAISE(ABORT, 'complaints are never deleted'); END;
CREATE TRIGGER complaints_words_kept BEFORE UPDATE OF tracking_code, origin_institution_id, received_on, channel, kind, category, complainant_name, complainant_contact, addressed_to, content ON complaints
BEGIN SELECT RAISE(ABORT, 'a complaint''s own words are never changed'); END;

-- National holidays of the SKB 3 Menteri as published; an administrator adds cuti bersama and
-- next year's dates on the holidays page.
INSERT INTO holidays (day, name) VALUES
('2025-01-01', 'Tahun Baru 2025 Masehi'),
('2025-01-27', 'Isra Mikraj Nabi Muhammad SAW'),
('2025-01-29', 'Tahun Baru Imlek 2576 Kongzili'),
('2025-03-29', 'Hari Suci Nyepi Tahun Baru Saka 1947'),
('2025-03-31', 'Idul Fitri 1446 Hijriah'),
('2025-04-01', 'Idul Fitri 1446 Hijriah'),
('2025-04-18', 'Wafat Yesus Kristus'),
('2025-04-20', 'Kebangkitan Yesus Kristus (Paskah)'),
('2025-05-01', 'Hari Buruh Internasional'),
('2025-05-12', 'Hari Raya Waisak 2569 BE'),
('2025-05-29', 'Kenaikan Yesus Kristus'),
('2025-06-01', 'Hari Lahir Pancasila'),
('2025-06-06', 'Idul Adha 1446 Hijriah'),
('2025-06-27', 'Tahun Baru Islam 1447 Hijriah'),
('2025-08-17', 'Proklamasi Kemerdekaan RI'),
('2025-09-05', 'Maulid Nabi Muhammad SAW'),
('2025-12-25', 'Kelahiran Yesus Kristus'),
('2026-01-01', 'Tahun Baru 2026 Masehi'),
('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'),
('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'),
('2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948'),
('2026-03-20', 'Idul Fitri 1447 Hijriah'),
('2026-03-21', 'Idul Fitri 1447 Hijriah'),
('2026-04-03', 'Wafat Yesus Kristus'),
('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'),
('2026-05-01', 'Hari Buruh Internasional'),
('2026-05-14', 'Kenaikan Yesus Kristus'),
('2026-05-27', 'Idul Adha 1447 Hijriah'),
('2026-05-31', 'Hari Raya Waisak 2570 BE'),
('2026-06-01', 'Hari Lahir Pancasila'),
('2026-06-16', 'Tahun Baru Islam 1448 Hijriah'),
('2026-08-17', 'Proklamasi Kemerdekaan RI'),
('2026-08-25', 'Maulid Nabi Muhammad SAW'),
('2026-12-25', 'Kelahiran Yesus Kristus'),
('2027-01-01', 'Tahun Baru 2027 Masehi'),
('2027-05-01', 'Hari Buruh Internasional'),
('2027-06-01', 'Hari Lahir Pancasila'),
('2027-08-17', 'Proklamasi Kemerdekaan RI'),
('2027-12-25', 'Kelahiran Yesus Kristus');
