-- A funding commitment or an in-kind contribution sent again after its answer was lost (a
-- dropped connection, a double click) is found by its one-time key instead of being recorded
-- twice; both count toward an activity's funding.
ALTER TABLE funding_commitments ADD COLUMN idem_key TEXT;
CREATE UNIQUE INDEX funding_commitments_idem ON funding_commitments (activity_id, idem_key);
ALTER TABLE in_kind ADD COLUMN idem_key TEXT;
CREATE UNIQUE INDEX in_kind_idem ON in_kind (activity_id, idem_key);
