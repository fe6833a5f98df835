//! How input fields are read when the same struct takes a JSON body from the API and a form from
//! a page: a form sends every value as text (`on` for a ticked box, `""` for no choice), JSON
//! sends numbers and booleans. These readers take both, so the pages and the API deserialize into
//! one input struct and the command validates it once.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Sent {
    Bool(bool),
    Number(i64),
    Text(String),
}

/// A yes/no: `true`/`false`, or a ticked box's `on`; in text also `1`, `ya`, `yes`, `y` and `0`,
/// `tidak`, `no`, `n`, `off`, `""` in any case, as the people import reads them. Anything else is
/// refused, never read as no.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match Option::<Sent>::deserialize(d)? {
        None => Ok(false),
        Some(Sent::Bool(b)) => Ok(b),
        Some(Sent::Number(n @ (0 | 1))) => Ok(n == 1),
        Some(Sent::Text(t)) => match t.trim().to_lowercase().as_str() {
            "on" | "1" | "true" | "ya" | "yes" | "y" => Ok(true),
            "" | "0" | "false" | "tidak" | "no" | "n" | "off" => Ok(false),
            _ => Err(D::Error::custom(format!("{t:?} is not yes or no"))),
        },
        Some(Sent::Number(n)) => Err(D::Error::custom(format!("{n} is not yes or no"))),
    }
}

/// A record picked from a list: its number, or the number as text; nothing picked (`""`,
/// absent, null) is none. Anything else is refused, never read as none.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<Sent>::deserialize(d)? {
        None => Ok(None),
        Some(Sent::Number(n)) => Ok(Some(n)),
        Some(Sent::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(Sent::Text(t)) => t.trim().parse().map(Some).map_err(|_| D::Error::custom(format!("{t:?} is not a record number"))),
        Some(Sent::Bool(b)) => Err(D::Error::custom(format!("{b} is not a record number"))),
    }
}

/// A record that must be picked: as `opt_id`, with none read as 0 (no record has it), which the
/// command refuses by name.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_id(d)?.unwrap_or(0))
}

/// A year as a number or as text (`2025`, ` 2025 `); nothing given is 0, which the command
/// refuses by name. Anything else is refused, never read as 0.
pub fn year<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let bad = |shown: String| D::Error::custom(format!("{shown} is not a year"));
    match Option::<Sent>::deserialize(d)? {
        None => Ok(0),
        Some(Sent::Number(n)) => i32::try_from(n).map_err(|_| bad(n.to_string())),
        Some(Sent::Text(t)) if t.trim().is_empty() => Ok(0),
        Some(Sent::Text(t)) => t.trim().parse().map_err(|_| bad(format!("{t:?}"))),
        Some(Sent::Bool(b)) => Err(bad(b.to_string())),
    }
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

    fn read(json: &str) -> Result<(bool, Option<i64>, i64), serde_json::Error> {
        let s: Sample = serde_json::from_str(json)?;
        Ok((s.poor, s.unit_id, s.person_id))
    }

    #[test]
    fn a_form_and_json_read_the_same() {
        let ok = |json: &str| read(json).expect(json);
        assert_eq!(ok(r#"{"poor": "on", "unit_id": "3", "person_id": "12"}"#), (true, Some(3), 12));
        assert_eq!(ok(r#"{"poor": true, "unit_id": 3, "person_id": 12}"#), (true, Some(3), 12));
        assert_eq!(ok(r#"{"poor": "Ya", "unit_id": " 3 ", "person_id": 12}"#), (true, Some(3), 12));
        assert_eq!(ok(r#"{"poor": "", "unit_id": "", "person_id": ""}"#), (false, None, 0));
        assert_eq!(ok(r#"{"poor": "tidak", "unit_id": null}"#), (false, None, 0));
        assert_eq!(ok(r#"{}"#), (false, None, 0));
    }

    #[test]
    fn what_is_neither_is_refused_not_read_as_no_or_none() {
        for json in
            [r#"{"poor": "maybe"}"#, r#"{"poor": 2}"#, r#"{"unit_id": "7a"}"#, r#"{"person_id": "x1"}"#, r#"{"unit_id": true}"#]
        {
            assert!(read(json).is_err(), "{json} is refused");
        }
    }
}
