-- The village budget (APBDes): each budget, amendment (perubahan) or realisation report is a
-- version with all its lines; versions are only added, so the original budget, every
-- amendment and each realisation stay readable side by side.

CREATE TABLE apbdes_versions (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    as_of          TEXT NOT NULL,
    source         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX apbdes_versions_year ON apbdes_versions(institution_id, year);

CREATE TABLE apbdes_lines (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES apbdes_versions(id),
    sort       INTEGER NOT NULL,
    section    TEXT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    budget     BIGINT NOT NULL,
    realised   BIGINT NOT NULL
);
CREATE INDEX apbdes_lines_version ON apbdes_lines(version_id, sort);

CREATE TRIGGER apbdes_versions_no_update BEFORE UPDATE ON apbdes_versions BEGIN SELECT RAISE(ABORT, 'apbdes_versions is append-only'); END;
CREATE TRIGGER apbdes_versions_no_delete BEFORE DELETE ON apbdes_versions BEGIN SELECT RAISE(ABORT, 'apbdes_versions is append-only'); END;
CREATE TRIGGER apbdes_lines_no_update BEFORE UPDATE ON apbdes_lines BEGIN SELECT RAISE(ABORT, 'apbdes_lines is append-only'); END;
CREATE TRIGGER apbdes_lines_no_delete BEFORE DELETE ON apbdes_lines BEGIN SELECT RAISE(ABORT, 'apbdes_lines is append-only'); END;
