-- Every tenant table is keyed by its institution (ADR 0001, docs/operations.md): the six
-- tables of the activities and the APBDes that had no institution_id get it from the row they
-- belong to, every primary key and index leads with it, and tenant rows refer to each other
-- through (institution_id, id). SQLite's migration of the same number builds the same keys.

ALTER TABLE rab_lines ADD COLUMN institution_id BIGINT REFERENCES institutions(id);
UPDATE rab_lines l SET institution_id = COALESCE(
    (SELECT p.institution_id FROM proposals p WHERE p.id = l.proposal_id),
    (SELECT a.institution_id FROM activities a WHERE a.id = l.activity_id));
ALTER TABLE rab_lines ALTER COLUMN institution_id SET NOT NULL;

ALTER TABLE proposal_scores ADD COLUMN institution_id BIGINT REFERENCES institutions(id);
UPDATE proposal_scores s SET institution_id = (SELECT p.institution_id FROM proposals p WHERE p.id = s.proposal_id);
ALTER TABLE proposal_scores ALTER COLUMN institution_id SET NOT NULL;

ALTER TABLE funding_commitments ADD COLUMN institution_id BIGINT REFERENCES institutions(id);
UPDATE funding_commitments f SET institution_id = (SELECT a.institution_id FROM activities a WHERE a.id = f.activity_id);
ALTER TABLE funding_commitments ALTER COLUMN institution_id SET NOT NULL;

-- in_kind, progress_reports and apbdes_lines are append-only: their guard steps aside for
-- the one backfill of the new column.
ALTER TABLE in_kind DISABLE TRIGGER in_kind_append_only;
ALTER TABLE in_kind ADD COLUMN institution_id BIGINT REFERENCES institutions(id);
UPDATE in_kind k SET institution_id = (SELECT a.institution_id FROM activities a WHERE a.id = k.activity_id);
ALTER TABLE in_kind ALTER COLUMN institution_id SET NOT NULL;
ALTER TABLE in_kind ENABLE TRIGGER in_kind_append_only;

ALTER TABLE progress_reports DISABLE TRIGGER progress_reports_append_only;
ALTER TABLE progress_reports ADD COLUMN institution_id BIGINT REFERENCES institutions(id);
UPDATE progress_reports r SET institution_id = (SELECT a.institution_id FROM activities a WHERE a.id = r.activity_id);
ALTER TABLE progress_reports ALTER COLUMN institution_id SET NOT NULL;
ALTER TABLE progress_reports ENABLE TRIGGER progress_reports_append_only;

ALTER TABLE apbdes_lines DISABLE TRIGGER apbdes_lines_append_only;
ALTER TABLE apbdes_lines ADD COLUMN institution_id BIGINT REFERENCES institutions(id);
UPDATE apbdes_lines l SET institution_id = (SELECT v.institution_id FROM apbdes_versions v WHERE v.id = l.version_id);
ALTER TABLE apbdes_lines ALTER COLUMN institution_id SET NOT NULL;
ALTER TABLE apbdes_lines ENABLE TRIGGER apbdes_lines_append_only;

-- References by bare id give way to references within the institution.
ALTER TABLE activities DROP CONSTRAINT activities_proposal_id_fkey;
ALTER TABLE apbdes_lines DROP CONSTRAINT apbdes_lines_version_id_fkey;
ALTER TABLE fund_receipts DROP CONSTRAINT fund_receipts_activity_id_fkey;
ALTER TABLE funding_commitments DROP CONSTRAINT funding_commitments_activity_id_fkey;
ALTER TABLE in_kind DROP CONSTRAINT in_kind_activity_id_fkey;
ALTER TABLE progress_reports DROP CONSTRAINT progress_reports_activity_id_fkey;
ALTER TABLE proposal_scores DROP CONSTRAINT proposal_scores_criterion_id_fkey;
ALTER TABLE proposal_scores DROP CONSTRAINT proposal_scores_proposal_id_fkey;
ALTER TABLE rab_lines DROP CONSTRAINT rab_lines_proposal_id_fkey;
ALTER TABLE spendings DROP CONSTRAINT spendings_activity_id_fkey;
ALTER TABLE spendings DROP CONSTRAINT spendings_rab_line_id_fkey;

ALTER TABLE proposals DROP CONSTRAINT proposals_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE priority_criteria DROP CONSTRAINT priority_criteria_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE proposal_decisions DROP CONSTRAINT proposal_decisions_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE attachments DROP CONSTRAINT attachments_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE apbdes_versions DROP CONSTRAINT apbdes_versions_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE sheet_proposals DROP CONSTRAINT sheet_proposals_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE activities DROP CONSTRAINT activities_pkey, DROP CONSTRAINT activities_institution_id_id_key,
    DROP CONSTRAINT activities_proposal_id_key, ADD PRIMARY KEY (institution_id, id), ADD UNIQUE (institution_id, proposal_id);
ALTER TABLE rab_lines DROP CONSTRAINT rab_lines_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE proposal_scores DROP CONSTRAINT proposal_scores_pkey,
    ADD PRIMARY KEY (institution_id, proposal_id, criterion_id, scorer);
ALTER TABLE funding_commitments DROP CONSTRAINT funding_commitments_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE fund_receipts DROP CONSTRAINT fund_receipts_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE spendings DROP CONSTRAINT spendings_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE in_kind DROP CONSTRAINT in_kind_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE progress_reports DROP CONSTRAINT progress_reports_pkey, ADD PRIMARY KEY (institution_id, id);
ALTER TABLE apbdes_lines DROP CONSTRAINT apbdes_lines_pkey, ADD PRIMARY KEY (institution_id, id);

ALTER TABLE activities ADD FOREIGN KEY (institution_id, proposal_id) REFERENCES proposals(institution_id, id);
ALTER TABLE rab_lines ADD FOREIGN KEY (institution_id, proposal_id) REFERENCES proposals(institution_id, id);
ALTER TABLE proposal_scores ADD FOREIGN KEY (institution_id, proposal_id) REFERENCES proposals(institution_id, id),
    ADD FOREIGN KEY (institution_id, criterion_id) REFERENCES priority_criteria(institution_id, id);
ALTER TABLE funding_commitments ADD FOREIGN KEY (institution_id, activity_id) REFERENCES activities(institution_id, id);
ALTER TABLE fund_receipts ADD FOREIGN KEY (institution_id, activity_id) REFERENCES activities(institution_id, id);
ALTER TABLE spendings ADD FOREIGN KEY (institution_id, activity_id) REFERENCES activities(institution_id, id),
    ADD FOREIGN KEY (institution_id, rab_line_id) REFERENCES rab_lines(institution_id, id);
ALTER TABLE in_kind ADD FOREIGN KEY (institution_id, activity_id) REFERENCES activities(institution_id, id);
ALTER TABLE progress_reports ADD FOREIGN KEY (institution_id, activity_id) REFERENCES activities(institution_id, id);
ALTER TABLE apbdes_lines ADD FOREIGN KEY (institution_id, version_id) REFERENCES apbdes_versions(institution_id, id);

DROP INDEX rab_lines_proposal;
DROP INDEX rab_lines_activity;
DROP INDEX funding_commitments_activity;
DROP INDEX funding_commitments_idem;
DROP INDEX fund_receipts_activity;
DROP INDEX spendings_activity;
DROP INDEX in_kind_activity;
DROP INDEX in_kind_idem;
DROP INDEX progress_activity;
DROP INDEX apbdes_lines_version;
CREATE INDEX rab_lines_proposal ON rab_lines(institution_id, proposal_id);
CREATE INDEX rab_lines_activity ON rab_lines(institution_id, activity_id);
CREATE INDEX funding_commitments_activity ON funding_commitments(institution_id, activity_id);
CREATE UNIQUE INDEX funding_commitments_idem ON funding_commitments(institution_id, activity_id, idem_key);
CREATE INDEX fund_receipts_activity ON fund_receipts(institution_id, activity_id);
CREATE INDEX spendings_activity ON spendings(institution_id, activity_id);
CREATE INDEX in_kind_activity ON in_kind(institution_id, activity_id);
CREATE UNIQUE INDEX in_kind_idem ON in_kind(institution_id, activity_id, idem_key);
CREATE INDEX progress_activity ON progress_reports(institution_id, activity_id, reported_on);
CREATE INDEX apbdes_lines_version ON apbdes_lines(institution_id, version_id, sort);
