//! A meter reading as the reader writes it down door to door: a whole number of m3 on the meter's
//! counter. A reading below the last is refused unless the meter was replaced; a month far above
//! the customer's usual use is flagged for a second look, never refused (a leak or a party is
//! real use, and the reader is the one standing at the meter).

use crate::Lang;

/// When a month's use is unusual: more than `factor_pct` % of the usual (the median of the last
/// `months` months) and at least `min_extra_m3` above it. Defaults stored as data per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JumpRule {
    pub factor_pct: u32,
    pub min_extra_m3: u32,
    pub months: usize,
}

impl Default for JumpRule {
    /// Twice the usual and at least 10 m3 more, over the last six months: a household's tap
    /// left open for a week, not a dry month's extra watering.
    fn default() -> Self {
        JumpRule { factor_pct: 200, min_extra_m3: 10, months: 6 }
    }
}

/// The counter as written: digits only (leading zeros as on the dial); a decimal, a sign or a
/// letter is refused with what to write instead.
pub fn parse(input: &str, lang: Lang) -> Result<u32, String> {
    let t = input.trim();
    if t.is_empty() {
        return Err(lang.pick("Tulis angka meter.", "Write the meter reading.").into());
    }
    if t.starts_with('-') {
        return Err(lang.pick("Angka meter tidak mungkin negatif.", "A meter reading cannot be negative.").into());
    }
    if t.contains([',', '.']) {
        return Err(lang
            .pick(
                "Tulis angka meter dalam m³ bulat, tanpa koma atau titik (angka merah di belakang koma tidak dicatat).",
                "Write the reading in whole m³, without a comma or point (the red digits after it are not recorded).",
            )
            .into());
    }
    if !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(match lang {
            Lang::Id => format!("\"{t}\" bukan angka meter. Tulis angkanya saja, misalnya 01234."),
            Lang::En => format!("\"{t}\" is not a meter reading. Write the digits only, e.g. 01234."),
        });
    }
    t.parse().map_err(|_| lang.pick("Angka meter terlalu besar.", "The reading is too large.").into())
}

/// The m3 used since `last` (the previous reading of the same meter, or its start reading when
/// it was just fitted). A lower reading is refused: the reader misread, or the meter was replaced
/// and the replacement must be recorded first.
pub fn used(last: u32, reading: u32, lang: Lang) -> Result<u32, String> {
    reading.checked_sub(last).ok_or_else(|| match lang {
        Lang::Id => format!(
            "Angka {reading} lebih kecil dari bacaan terakhir ({last}). Periksa lagi angkanya; bila meter diganti, catat dulu penggantian meter dengan angka awalnya."
        ),
        Lang::En => format!(
            "{reading} is lower than the last reading ({last}). Check the digits; if the meter was replaced, record the replacement with its start reading first."
        ),
    })
}

/// The customer's usual monthly use: the median of the latest months (newest last), at most
/// `rule.months` of them. `None` without history.
pub fn usual(history: &[u32], rule: JumpRule) -> Option<u32> {
    let mut recent: Vec<u32> = history.iter().rev().take(rule.months.max(1)).copied().collect();
    if recent.is_empty() {
        return None;
    }
    recent.sort_unstable();
    let mid = recent.len() / 2;
    Some(if recent.len().is_multiple_of(2) { (recent[mid - 1] + recent[mid]).div_ceil(2) } else { recent[mid] })
}

/// Whether `m3` this month asks for a second look against the customer's history.
pub fn unusual(m3: u32, history: &[u32], rule: JumpRule) -> bool {
    match usual(history, rule) {
        None => false,
        Some(u) => u64::from(m3) * 100 > u64::from(u) * u64::from(rule.factor_pct) && m3.saturating_sub(u) >= rule.min_extra_m3,
    }
}
