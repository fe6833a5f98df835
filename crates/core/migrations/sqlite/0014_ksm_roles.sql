-- A KSM treasurer keeps the books of one group: the role is held in the institution and, for
-- that role, in one of its KSMs. Empty for every other role (and for a treasurer granted before
-- this column, who keeps the institution-wide reach they had).
ALTER TABLE user_roles ADD COLUMN ksm_id INTEGER;
