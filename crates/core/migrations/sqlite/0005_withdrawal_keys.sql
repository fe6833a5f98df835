-- A withdrawal carries the key of the form that sent it, so a double tap records it once.
ALTER TABLE savings_movements ADD COLUMN idem_key TEXT;
CREATE UNIQUE INDEX savings_idem ON savings_movements(institution_id, idem_key) WHERE idem_key IS NOT NULL;
