//! Budget lines (RAB, rencana anggaran biaya): item, unit, quantity and unit price. Quantities
//! may have decimals (12,5 m³), so they are kept in thousandths; totals are whole rupiah.

use crate::Lang;

/// A quantity in thousandths of its unit: 170 m is 170_000.
pub type Milli = i64;

/// The most a quantity may be, in units: far above any village work, far below overflow.
const MAX_UNITS: i64 = 10_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub item: String,
    pub unit: String,
    pub quantity: Milli,
    pub unit_price: i64,
}

impl Line {
    pub fn total(&self) -> i64 {
        line_total(self.quantity, self.unit_price)
    }
}

/// Quantity × unit price, rounded half up to the rupiah.
pub fn line_total(quantity: Milli, unit_price: i64) -> i64 {
    let t = (quantity as i128 * unit_price as i128 + 500) / 1000;
    t.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    Empty,
    NotANumber,
    NotPositive,
    TooManyDecimals,
    TooLarge,
}

impl QuantityError {
    pub fn msg(&self, lang: Lang) -> &'static str {
        match self {
            QuantityError::Empty => lang.pick("Volume wajib diisi.", "The quantity is required."),
            QuantityError::NotANumber => {
                lang.pick("Volume harus angka, misalnya 170 atau 12,5.", "The quantity must be a number, e.g. 170 or 12.5.")
            }
            QuantityError::NotPositive => lang.pick("Volume harus lebih dari 0.", "The quantity must be above 0."),
            QuantityError::TooManyDecimals => {
                lang.pick("Volume paling banyak 3 angka di belakang koma.", "A quantity has at most 3 decimals.")
            }
            QuantityError::TooLarge => lang.pick("Volume terlalu besar.", "The quantity is too large."),
        }
    }
}

/// Reads "170", "12,5", "1.250" (thousands) or "12.5" into thousandths, above zero.
pub fn parse_quantity(s: &str) -> Result<Milli, QuantityError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(QuantityError::Empty);
    }
    if s.starts_with('-') {
        return Err(QuantityError::NotPositive);
    }
    let (whole, frac) = match (s.rfind(','), s.rfind('.')) {
        (Some(c), _) => (s[..c].replace('.', ""), &s[c + 1..]),
        // A dot before exactly three digits groups thousands, as people write "1.250".
        (None, Some(_)) if grouped(s) => (s.replace('.', ""), ""),
        (None, Some(d)) => (s[..d].to_string(), &s[d + 1..]),
        (None, None) => (s.to_string(), ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QuantityError::NotANumber);
    }
    if frac.len() > 3 {
        return Err(QuantityError::TooManyDecimals);
    }
    if whole.len() > 8 {
        return Err(QuantityError::TooLarge);
    }
    let w: i64 = whole.parse().map_err(|_| QuantityError::NotANumber)?;
    let f: i64 = format!("{frac:0<3}").parse().map_err(|_| QuantityError::NotANumber)?;
    if w > MAX_UNITS {
        return Err(QuantityError::TooLarge);
    }
    match w * 1000 + f {
        0 => Err(QuantityError::NotPositive),
        q => Ok(q),
    }
}

/// "1.250" or "1.250.000": dots grouping thousands, as Indonesians write them.
fn grouped(s: &str) -> bool {
    let mut parts = s.split('.');
    let first = parts.next().unwrap_or("");
    (1..=3).contains(&first.len()) && parts.all(|p| p.len() == 3)
}

/// "170", "12,5" (Indonesian) or "12.5" (English).
pub fn format_quantity(q: Milli, lang: Lang) -> String {
    let grouped = crate::money::group_thousands(q / 1000);
    let whole = match lang {
        Lang::Id => grouped,
        Lang::En => grouped.replace('.', ","),
    };
    let frac = q.abs() % 1000;
    if frac == 0 {
        return whole;
    }
    let digits = format!("{frac:03}");
    format!("{whole}{}{}", lang.pick(",", "."), digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quantities_as_people_write_them() {
        assert_eq!(parse_quantity("170"), Ok(170_000));
        assert_eq!(parse_quantity("12,5"), Ok(12_500));
        assert_eq!(parse_quantity("12.5"), Ok(12_500));
        assert_eq!(parse_quantity("1.250"), Ok(1_250_000));
        assert_eq!(parse_quantity("1.250,75"), Ok(1_250_750));
        assert_eq!(parse_quantity("1.250.000"), Ok(1_250_000_000));
        assert_eq!(parse_quantity("0,001"), Ok(1));
        assert_eq!(parse_quantity("0"), Err(QuantityError::NotPositive));
        assert_eq!(parse_quantity("-3"), Err(QuantityError::NotPositive));
        assert_eq!(parse_quantity(""), Err(QuantityError::Empty));
        assert_eq!(parse_quantity("dua"), Err(QuantityError::NotANumber));
        assert_eq!(parse_quantity("1,2345"), Err(QuantityError::TooManyDecimals));
        assert_eq!(parse_quantity("99999999999"), Err(QuantityError::TooLarge));
    }

    #[test]
    fn totals_round_to_the_rupiah() {
        // Seed 001: 170 m of paving.
        let l = Line { item: "Paving".into(), unit: "m".into(), quantity: 170_000, unit_price: 450_000 };
        assert_eq!(l.total(), 76_500_000);
        assert_eq!(line_total(12_500, 3_333), 41_663);
        assert_eq!(line_total(1, 499), 0);
        assert_eq!(line_total(1, 500), 1);
    }

    proptest! {
        #[test]
        fn formatted_quantities_read_back(q in 1i64..10_000_000_000) {
            prop_assert_eq!(parse_quantity(&format_quantity(q, Lang::Id)), Ok(q));
        }
    }
}
