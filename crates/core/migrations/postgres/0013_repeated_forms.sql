-- A form a user saved lately, by a fingerprint of what it sent, so the same content sent again
-- with a fresh one-time key (Back, then Save) asks before it is recorded twice
-- (web::repeat). Not tenant data: it belongs to a user, like a session, and is pruned after a day.
CREATE TABLE recent_forms (
    user_id     BIGINT NOT NULL REFERENCES users(id),
    fingerprint TEXT NOT NULL,
    idem_key    TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    location    TEXT NOT NULL,
    PRIMARY KEY (user_id, fingerprint)
);

-- A repeated form held while its user decides whether to save it again: the body as sent
-- (files included), so confirming needs no retyping and no second upload.
CREATE TABLE held_forms (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    path         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body         BYTEA NOT NULL,
    held_at      TEXT NOT NULL
);
