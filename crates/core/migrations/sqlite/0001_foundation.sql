-- Foundation: regions, institutions, units, people, positions, users, roles, sessions, audit.
-- Dates are ISO 'YYYY-MM-DD' text, timestamps RFC 3339 UTC text, money and flags integers:
-- the same values travel through sqlx's Any driver on both backends (see docs/adr/0001).

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    parent_code TEXT REFERENCES regions(code)
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE institutions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions(code),
    legal_basis TEXT,
    address     TEXT,
    phone       TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX institutions_region ON institutions(region_code);

CREATE TABLE units (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    name           TEXT NOT NULL,
    duties         TEXT,
    sort           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, name)
);

CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    name           TEXT NOT NULL,
    nik            TEXT,
    sex            TEXT NOT NULL,
    birth_date     TEXT,
    address        TEXT,
    dusun          TEXT,
    rw             TEXT,
    rt             TEXT,
    phone          TEXT,
    education      TEXT,
    poor           INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    UNIQUE (institution_id, nik)
);
CREATE INDEX people_name ON people(institution_id, name);

CREATE TABLE positions (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL,
    person_id      INTEGER NOT NULL,
    unit_id        INTEGER,
    title          TEXT NOT NULL,
    decree_no      TEXT,
    start_date     TEXT NOT NULL,
    end_date       TEXT,
    public         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    UNIQUE (institution_id, id),
    FOREIGN KEY (institution_id, person_id) REFERENCES people(institution_id, id),
    FOREIGN KEY (institution_id, unit_id) REFERENCES units(institution_id, id)
);
CREATE INDEX positions_person ON positions(institution_id, person_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'id',
    is_system     INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE user_roles (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    role           TEXT NOT NULL,
    institution_id INTEGER REFERENCES institutions(id),
    region_code    TEXT REFERENCES regions(code)
);
CREATE INDEX user_roles_user ON user_roles(user_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE idempotency (
    user_id    INTEGER NOT NULL,
    key        TEXT NOT NULL,
    request    TEXT NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- One hash chain per institution (chain 0 holds system-wide events).
CREATE TABLE audit_head (
    chain INTEGER PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);

CREATE TABLE audit_log (
    chain          INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    source         TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    institution_id INTEGER,
    before_json    TEXT NOT NULL,
    after_json     TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
