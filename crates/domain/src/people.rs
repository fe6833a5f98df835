//! What the register knows about a person, apart from the NIK (see `nik`).

use crate::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    #[serde(rename = "L")]
    Male,
    #[serde(rename = "P")]
    Female,
}

impl Sex {
    /// `L` (laki-laki) and `P` (perempuan), as Indonesian forms write them.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "L",
            Sex::Female => "P",
        }
    }

    pub fn parse(s: &str) -> Option<Sex> {
        match s.trim().to_ascii_lowercase().as_str() {
            "l" | "lk" | "laki-laki" | "laki laki" | "m" | "male" => Some(Sex::Male),
            "p" | "pr" | "perempuan" | "wanita" | "f" | "female" => Some(Sex::Female),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sex::Male => lang.pick("Laki-laki", "Male"),
            Sex::Female => lang.pick("Perempuan", "Female"),
        }
    }
}

/// Highest completed education, in the categories village registers use (seed 004: S1, SLTP, SLTA).
pub const EDUCATION_LEVELS: [&str; 11] = ["Tidak sekolah", "SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"];

pub fn parse_education(s: &str) -> Option<&'static str> {
    let t = s.trim();
    let alias = match t.to_ascii_uppercase().as_str() {
        "SMP" | "MTS" => "SLTP",
        "SMA" | "SMK" | "MA" => "SLTA",
        "TIDAK SEKOLAH" | "-" | "BELUM SEKOLAH" => "Tidak sekolah",
        other => return EDUCATION_LEVELS.iter().find(|e| e.eq_ignore_ascii_case(other)).copied(),
    };
    Some(alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn education_aliases() {
        assert_eq!(parse_education("s1"), Some("S1"));
        assert_eq!(parse_education("SMA"), Some("SLTA"));
        assert_eq!(parse_education("SLTP"), Some("SLTP"));
        assert_eq!(parse_education("kuliah"), None);
    }

    #[test]
    fn sex_codes() {
        assert_eq!(Sex::parse("P"), Some(Sex::Female));
        assert_eq!(Sex::parse("Laki-laki"), Some(Sex::Male));
        assert_eq!(Sex::parse("x"), None);
    }
}
