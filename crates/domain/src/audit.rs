//! The audit log is a hash chain: each row stores the hash of the row before it, so an edit or
//! deletion made behind the application's back breaks the chain at that row.

use sha2::{Digest, Sha256};

/// The hash the first row chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of one audit row that the hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFields<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub source: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub institution_id: Option<i64>,
    pub before: &'a str,
    pub after: &'a str,
}

/// Hash of a row given the previous row's hash. Fields are length-prefixed so that no two
/// different rows can serialise to the same bytes.
pub fn row_hash(prev_hash: &str, f: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    let inst = f.institution_id.map(|i| i.to_string()).unwrap_or_default();
    let seq = f.seq.to_string();
    for part in [prev_hash, &seq, f.at, f.actor, f.source, f.action, f.entity, f.entity_id, &inst, f.before, f.after] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Where a stored chain first goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The row's own hash does not match its contents (the row was edited).
    Tampered { seq: i64 },
    /// The row does not point at the row before it (a row was deleted or inserted).
    Broken { seq: i64 },
    /// Sequence numbers jump (a row was deleted).
    Gap { expected: i64, found: i64 },
}

pub struct StoredRow<'a> {
    pub fields: AuditFields<'a>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// Checks rows in sequence order, continuing from `prev` (hash and seq of the row before).
pub fn verify_rows<'a>(prev: (&str, i64), rows: impl IntoIterator<Item = StoredRow<'a>>) -> Result<(String, i64), ChainBreak> {
    let (mut prev_hash, mut prev_seq) = (prev.0.to_string(), prev.1);
    for r in rows {
        let seq = r.fields.seq;
        if seq != prev_seq + 1 {
            return Err(ChainBreak::Gap { expected: prev_seq + 1, found: seq });
        }
        if r.prev_hash != prev_hash {
            return Err(ChainBreak::Broken { seq });
        }
        if row_hash(r.prev_hash, &r.fields) != r.hash {
            return Err(ChainBreak::Tampered { seq });
        }
        prev_hash = r.hash.to_string();
        prev_seq = seq;
    }
    Ok((prev_hash, prev_seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(seq: i64, after: &str) -> AuditFields<'_> {
        AuditFields {
            seq,
            at: "2026-11-25T10:00:00Z",
            actor: "admin",
            source: "127.0.0.1",
            action: "create",
            entity: "person",
            entity_id: "1",
            institution_id: Some(1),
            before: "",
            after,
        }
    }

    #[test]
    fn detects_edit_and_deletion() {
        let h1 = row_hash(GENESIS, &fields(1, "{\"name\":\"Rismawati\"}"));
        let h2 = row_hash(&h1, &fields(2, "{\"name\":\"Mardati\"}"));
        let ok = vec![
            StoredRow { fields: fields(1, "{\"name\":\"Rismawati\"}"), prev_hash: GENESIS, hash: &h1 },
            StoredRow { fields: fields(2, "{\"name\":\"Mardati\"}"), prev_hash: &h1, hash: &h2 },
        ];
        assert!(verify_rows((GENESIS, 0), ok).is_ok());

        let edited = vec![StoredRow { fields: fields(1, "{\"name\":\"Rismawati X\"}"), prev_hash: GENESIS, hash: &h1 }];
        assert_eq!(verify_rows((GENESIS, 0), edited), Err(ChainBreak::Tampered { seq: 1 }));

        let deleted = vec![StoredRow { fields: fields(2, "{\"name\":\"Mardati\"}"), prev_hash: &h1, hash: &h2 }];
        assert_eq!(verify_rows((GENESIS, 0), deleted), Err(ChainBreak::Gap { expected: 1, found: 2 }));
    }
}
