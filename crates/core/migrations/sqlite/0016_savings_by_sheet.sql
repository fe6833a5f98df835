-- A collection sheet writes its savings movements side by side (issue 20). They were indexed
-- by member, so one sheet's 60-odd rows landed on as many index pages, scattered through the
-- group's history; now they are indexed by group and day, the order a sheet writes them, and
-- the index carries member, kind and amount so a member's balance is read from it alone.
-- A member's own queries name the group (store::ksm::savings).
DROP INDEX savings_member;
DROP INDEX savings_ksm;
CREATE INDEX savings_by_sheet ON savings_movements(institution_id, ksm_id, on_date, member_id, kind, amount);
