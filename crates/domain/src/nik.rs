//! NIK, the 16-digit national identity number: `PPKKCC DDMMYY SSSS`.
//! PP.KK.CC is the kecamatan where it was issued, DDMMYY the birth date with 40 added to the
//! day for women, SSSS a serial number.

use crate::people::Sex;
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Province codes of Kemendagri (including the 2022 Papua provinces).
const PROVINCES: [u8; 39] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81,
    82, 91, 92, 93, 94, 95, 96, 97,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nik(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NikError {
    Length(usize),
    NotDigits,
    Province(String),
    Region(String),
    BirthDate(String),
    Serial,
    SexMismatch { nik_says: Sex, entered: Sex },
    DayMismatch { nik_day: u32, entered: u32 },
    MonthMismatch { nik_month: u32, entered: u32 },
    YearMismatch { nik_year: u32, entered: i32 },
}

impl NikError {
    pub fn msg(&self, lang: Lang) -> String {
        use NikError::*;
        match self {
            Length(n) => match lang {
                Lang::Id => format!("NIK harus 16 angka; yang diisi {n} angka. Periksa lagi KTP/KK, atau kosongkan bila belum punya NIK."),
                Lang::En => format!("A NIK has 16 digits; {n} were entered. Check the ID card or family card, or leave it empty if the person has no NIK."),
            },
            NotDigits => lang.pick(
                "NIK hanya berisi angka 0-9 (spasi, titik dan tanda hubung di antaranya boleh).",
                "A NIK contains only the digits 0-9 (spaces, dots and dashes between them are fine).",
            ).into(),
            Province(p) => match lang {
                Lang::Id => format!("Dua angka pertama NIK ({p}) bukan kode provinsi yang ada. Periksa lagi angka NIK."),
                Lang::En => format!("The first two digits of the NIK ({p}) are not a province code. Check the NIK again."),
            },
            Region(r) => match lang {
                Lang::Id => format!("Kode wilayah dalam NIK ({r}) tidak sah: kode kabupaten dan kecamatan tidak boleh 00."),
                Lang::En => format!("The region code in the NIK ({r}) is invalid: regency and district codes cannot be 00."),
            },
            BirthDate(d) => match lang {
                Lang::Id => format!("Angka ke-7 sampai ke-12 NIK ({d}) bukan tanggal lahir yang sah (DDMMYY; perempuan: tanggal + 40)."),
                Lang::En => format!("Digits 7-12 of the NIK ({d}) are not a valid birth date (DDMMYY; women: day + 40)."),
            },
            Serial => lang.pick(
                "Empat angka terakhir NIK tidak boleh 0000.",
                "The last four digits of the NIK cannot be 0000.",
            ).into(),
            SexMismatch { nik_says, entered } => match lang {
                Lang::Id => format!(
                    "NIK ini milik {} (tanggal lahir dalam NIK {}), tetapi jenis kelamin yang diisi {}. Perbaiki jenis kelamin atau NIK.",
                    nik_says.label(lang).to_lowercase(),
                    if *nik_says == Sex::Female { "ditambah 40" } else { "tidak ditambah 40" },
                    entered.label(lang).to_lowercase()
                ),
                Lang::En => format!(
                    "This NIK belongs to a {} (the day in the NIK {}), but the sex entered is {}. Correct the sex or the NIK.",
                    nik_says.label(lang).to_lowercase(),
                    if *nik_says == Sex::Female { "has 40 added" } else { "has no 40 added" },
                    entered.label(lang).to_lowercase()
                ),
            },
            DayMismatch { nik_day, entered } => match lang {
                Lang::Id => format!("Tanggal lahir dalam NIK adalah tanggal {nik_day}, tetapi yang diisi tanggal {entered}. Perbaiki tanggal lahir atau NIK."),
                Lang::En => format!("The NIK says born on day {nik_day}, but day {entered} was entered. Correct the birth date or the NIK."),
            },
            MonthMismatch { nik_month, entered } => match lang {
                Lang::Id => format!("Bulan lahir dalam NIK adalah {}, tetapi yang diisi {}. Perbaiki tanggal lahir atau NIK.", crate::dates::month_name(*nik_month, lang), crate::dates::month_name(*entered, lang)),
                Lang::En => format!("The NIK says born in {}, but {} was entered. Correct the birth date or the NIK.", crate::dates::month_name(*nik_month, lang), crate::dates::month_name(*entered, lang)),
            },
            YearMismatch { nik_year, entered } => match lang {
                Lang::Id => format!("Tahun lahir dalam NIK berakhiran {nik_year:02}, tetapi yang diisi tahun {entered}. Perbaiki tanggal lahir atau NIK."),
                Lang::En => format!("The NIK says a birth year ending in {nik_year:02}, but {entered} was entered. Correct the birth date or the NIK."),
            },
        }
    }
}

impl Nik {
    /// Checks the NIK on its own: length, digits, province, region, encoded birth date, serial.
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        // A NIK copied from a card or a letter comes grouped ("3519 0952 0385 0007",
        // "35.19.09.520385.0007"): spaces, dots and dashes between digits are not part of it.
        let s: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}')).collect();
        let s = s.as_str();
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        if s.len() != 16 {
            return Err(NikError::Length(s.len()));
        }
        let n = |a: usize, b: usize| -> u32 { s[a..b].parse().unwrap_or(0) };
        let province = n(0, 2) as u8;
        if !PROVINCES.contains(&province) {
            return Err(NikError::Province(s[0..2].to_string()));
        }
        if n(2, 4) == 0 || n(4, 6) == 0 {
            return Err(NikError::Region(format!("{}.{}.{}", &s[0..2], &s[2..4], &s[4..6])));
        }
        let (day, month, yy) = (n(6, 8), n(8, 10), n(10, 12));
        let real_day = if day > 40 { day - 40 } else { day };
        // Any century: the check is that the day exists in that month for some year ending in yy.
        let valid = [1900 + yy as i32, 2000 + yy as i32].iter().any(|y| NaiveDate::from_ymd_opt(*y, month, real_day).is_some());
        if !(1..=31).contains(&real_day) || !valid || (day > 31 && day < 41) {
            return Err(NikError::BirthDate(s[6..12].to_string()));
        }
        if n(12, 16) == 0 {
            return Err(NikError::Serial);
        }
        Ok(Nik(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn sex(&self) -> Sex {
        if self.day_field() > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    fn day_field(&self) -> u32 {
        self.0[6..8].parse().unwrap_or(0)
    }

    /// The kecamatan code the NIK was issued in, as `35.19.13`.
    pub fn region_prefix(&self) -> String {
        format!("{}.{}.{}", &self.0[0..2], &self.0[2..4], &self.0[4..6])
    }

    /// Checks that the NIK agrees with the sex and birth date the user entered, naming the part
    /// that disagrees.
    pub fn check_against(&self, sex: Option<Sex>, birth: Option<NaiveDate>) -> Result<(), NikError> {
        if let Some(entered) = sex {
            if entered != self.sex() {
                return Err(NikError::SexMismatch { nik_says: self.sex(), entered });
            }
        }
        if let Some(b) = birth {
            let day = self.day_field() % 40;
            let month: u32 = self.0[8..10].parse().unwrap_or(0);
            let yy: u32 = self.0[10..12].parse().unwrap_or(0);
            if day != b.day() {
                return Err(NikError::DayMismatch { nik_day: day, entered: b.day() });
            }
            if month != b.month() {
                return Err(NikError::MonthMismatch { nik_month: month, entered: b.month() });
            }
            if yy != (b.year().rem_euclid(100)) as u32 {
                return Err(NikError::YearMismatch { nik_year: yy, entered: b.year() });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn a_woman_from_kab_madiun() {
        // Kab. Madiun 35.19, Kec. Jiwan 35.19.13, born 12 March 1985, woman: day 12 + 40 = 52.
        let nik = Nik::parse("3519135203850001").expect("valid NIK");
        assert_eq!(nik.sex(), Sex::Female);
        assert_eq!(nik.region_prefix(), "35.19.13");
        assert_eq!(nik.check_against(Some(Sex::Female), Some(d(1985, 3, 12))), Ok(()));
    }

    #[test]
    fn names_the_part_that_disagrees() {
        let nik = Nik::parse("3519135203850001").expect("valid NIK");
        assert!(matches!(
            nik.check_against(Some(Sex::Male), None),
            Err(NikError::SexMismatch { nik_says: Sex::Female, entered: Sex::Male })
        ));
        assert_eq!(nik.check_against(None, Some(d(1985, 3, 13))), Err(NikError::DayMismatch { nik_day: 12, entered: 13 }));
        assert_eq!(nik.check_against(None, Some(d(1985, 4, 12))), Err(NikError::MonthMismatch { nik_month: 3, entered: 4 }));
        assert_eq!(nik.check_against(None, Some(d(1986, 3, 12))), Err(NikError::YearMismatch { nik_year: 85, entered: 1986 }));
        let msg = nik.check_against(Some(Sex::Male), None).unwrap_err().msg(Lang::Id);
        assert!(msg.contains("perempuan"), "{msg}");
    }

    #[test]
    fn a_nik_copied_with_spaces_or_dots_is_read_as_its_digits() {
        for grouped in ["3519 1352 0385 0001", "35.19.13.520385.0001", "3519-1352-0385-0001", " 3519135203850001 "] {
            assert_eq!(Nik::parse(grouped), Nik::parse("3519135203850001"), "{grouped:?}");
        }
    }

    #[test]
    fn refuses_malformed_numbers() {
        assert_eq!(Nik::parse("35191352038500"), Err(NikError::Length(14)));
        assert_eq!(Nik::parse("3519 1352 0385 000A"), Err(NikError::NotDigits));
        assert!(matches!(Nik::parse("0019135203850001"), Err(NikError::Province(_))));
        assert!(matches!(Nik::parse("3500135203850001"), Err(NikError::Region(_))));
        assert!(matches!(Nik::parse("3519133503850001"), Err(NikError::BirthDate(_))));
        assert!(matches!(Nik::parse("3519137203850001"), Err(NikError::BirthDate(_))));
        assert!(matches!(Nik::parse("3519133102850001"), Err(NikError::BirthDate(_))));
        assert_eq!(Nik::parse("3519135203850000"), Err(NikError::Serial));
    }

    #[test]
    fn a_man_born_on_29_february() {
        let nik = Nik::parse("7312012902000017").expect("valid NIK");
        assert_eq!(nik.sex(), Sex::Male);
        assert_eq!(nik.check_against(Some(Sex::Male), Some(d(2000, 2, 29))), Ok(()));
    }
}
