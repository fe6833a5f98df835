//! How input fields are read when the same struct takes a JSON body from the API and a form from
//! a page: a form sends every value as text (`on` for a ticked box, `""` for no choice), JSON
//! sends numbers and booleans. These readers take both, so the pages and the API deserialize into
//! one input struct and the command validates it once.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Sent {
    Bool(bool),
    Number(i64),
    Text(String),
}

/// A yes/no: `true`, or a ticked box's `on`, `1`, `true`, `ya`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Option::<Sent>::deserialize(d)? {
        Some(Sent::Bool(b)) => b,
        Some(Sent::Number(n)) => n == 1,
        Some(Sent::Text(s)) => matches!(s.trim(), "on" | "1" | "true" | "ya"),
        None => false,
    })
}

/// A record picked from a list: a number, or its text; nothing picked (`""`, absent) is none.
/// Text that is not a number is none too, and the command says the field is required.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<Sent>::deserialize(d)? {
        Some(Sent::Number(n)) => Some(n),
        Some(Sent::Text(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A record that must be picked: as `opt_id`, with none read as 0 (no record has it), which the
/// command refuses by name.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_id(d)?.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "super::flag", default)]
        poor: bool,
        #[serde(deserialize_with = "super::opt_id", default)]
        unit_id: Option<i64>,
        #[serde(deserialize_with = "super::id", default)]
        person_id: i64,
    }

    fn read(json: &str) -> (bool, Option<i64>, i64) {
        let s: Sample = serde_json::from_str(json).expect("reads");
        (s.poor, s.unit_id, s.person_id)
    }

    #[test]
    fn a_form_and_json_read_the_same() {
        assert_eq!(read(r#"{"poor": "on", "unit_id": "3", "person_id": "12"}"#), (true, Some(3), 12));
        assert_eq!(read(r#"{"poor": true, "unit_id": 3, "person_id": 12}"#), (true, Some(3), 12));
        assert_eq!(read(r#"{"poor": "", "unit_id": "", "person_id": ""}"#), (false, None, 0));
        assert_eq!(read(r#"{"poor": null, "unit_id": null}"#), (false, None, 0));
        assert_eq!(read(r#"{}"#), (false, None, 0));
        assert_eq!(read(r#"{"unit_id": "tiga", "person_id": "x1"}"#), (false, None, 0));
    }
}
