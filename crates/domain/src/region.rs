//! Region codes of Kemendagri: `35` provinsi, `35.19` kabupaten/kota, `35.19.09` kecamatan,
//! `35.19.09.2001` desa/kelurahan; below the desa the programme adds dusun/RW and RT segments
//! of its own (`35.19.09.2001.03`, `35.19.09.2001.03.009`). The code carries its level.

use crate::Lang;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Level {
    Provinsi = 1,
    Kabupaten = 2,
    Kecamatan = 3,
    Desa = 4,
    Dusun = 5,
    Rt = 6,
}

impl Level {
    pub fn from_depth(depth: usize) -> Option<Level> {
        Some(match depth {
            1 => Level::Provinsi,
            2 => Level::Kabupaten,
            3 => Level::Kecamatan,
            4 => Level::Desa,
            5 => Level::Dusun,
            6 => Level::Rt,
            _ => return None,
        })
    }

    pub fn depth(self) -> i64 {
        self as i64
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Provinsi => lang.pick("Provinsi", "Province"),
            Level::Kabupaten => lang.pick("Kabupaten/Kota", "Regency/City"),
            Level::Kecamatan => lang.pick("Kecamatan", "District"),
            Level::Desa => lang.pick("Desa/Kelurahan", "Village"),
            Level::Dusun => lang.pick("Dusun/RW", "Hamlet/RW"),
            Level::Rt => "RT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionCode(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCodeError(pub String);

impl RegionCodeError {
    pub fn msg(&self, lang: Lang) -> String {
        match lang {
            Lang::Id => format!(
                "\"{}\" bukan kode wilayah Kemendagri. Contoh: 35 (provinsi), 35.19 (kabupaten), 35.19.09 (kecamatan), 35.19.09.2001 (desa).",
                self.0
            ),
            Lang::En => format!(
                "\"{}\" is not a Kemendagri region code. Examples: 35 (province), 35.19 (regency), 35.19.09 (district), 35.19.09.2001 (village).",
                self.0
            ),
        }
    }
}

const WIDTHS: [std::ops::RangeInclusive<usize>; 6] = [2..=2, 2..=2, 2..=2, 4..=4, 1..=4, 1..=4];

impl RegionCode {
    pub fn parse(input: &str) -> Result<RegionCode, RegionCodeError> {
        let s = input.trim();
        let err = || RegionCodeError(s.to_string());
        let parts: Vec<&str> = s.split('.').collect();
        if parts.len() > WIDTHS.len() || s.is_empty() {
            return Err(err());
        }
        for (p, w) in parts.iter().zip(WIDTHS.iter()) {
            if !w.contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
        }
        Ok(RegionCode(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> Level {
        Level::from_depth(self.0.split('.').count()).unwrap_or(Level::Rt)
    }

    pub fn parent(&self) -> Option<RegionCode> {
        self.0.rsplit_once('.').map(|(p, _)| RegionCode(p.to_string()))
    }

    /// True when `self` is `other` or lies inside it (35.19.09.2001 is within 35.19).
    pub fn is_within(&self, other: &str) -> bool {
        self.0 == other || self.0.starts_with(&format!("{other}."))
    }
}

/// The name as people write it in an address: `Kec. Jiwan`, `Desa Bibrik`, `Kelurahan Klegen`.
/// Kemendagri village codes starting with 1 are kelurahan, with 2 desa.
pub fn qualified_name(code: &str, name: &str) -> String {
    let parts: Vec<&str> = code.split('.').collect();
    match parts.len() {
        3 => format!("Kec. {name}"),
        4 if parts[3].starts_with('1') => format!("Kelurahan {name}"),
        4 => format!("Desa {name}"),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_in_an_address() {
        assert_eq!(qualified_name("35.19.09", "Jiwan"), "Kec. Jiwan");
        assert_eq!(qualified_name("35.19.09.2014", "Bibrik"), "Desa Bibrik");
        assert_eq!(qualified_name("35.77.01.1001", "Klegen"), "Kelurahan Klegen");
        assert_eq!(qualified_name("35.19", "Kabupaten Madiun"), "Kabupaten Madiun");
    }

    #[test]
    fn levels_and_parents() {
        let desa = RegionCode::parse("35.19.09.2001").expect("valid code");
        assert_eq!(desa.level(), Level::Desa);
        assert_eq!(desa.parent().map(|p| p.as_str().to_string()), Some("35.19.09".into()));
        assert!(desa.is_within("35.19"));
        assert!(!desa.is_within("35.1"));
        assert_eq!(RegionCode::parse("73").map(|c| c.level()), Ok(Level::Provinsi));
        assert_eq!(RegionCode::parse("35.19.09.2001.03.009").map(|c| c.level()), Ok(Level::Rt));
    }

    #[test]
    fn refuses_codes_of_the_wrong_shape() {
        for bad in ["", "3519", "35.190", "35.19.9", "35.19.09.201", "3a", "35.19.09.2001.1.2.3", "35..19"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
