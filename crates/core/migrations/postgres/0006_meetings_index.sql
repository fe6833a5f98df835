-- A group's sheets are read by group and date (assessments, overviews); the partial unique index
-- on originals cannot serve that.
CREATE INDEX meetings_ksm ON meetings(institution_id, ksm_id, held_on);
