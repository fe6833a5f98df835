//! Physical progress: a percentage in hundredths (basis points) that never passes 100 % and
//! never goes back without a written reason (a measurement error, damage by a flood).

use crate::Lang;

pub const FULL: i64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressError {
    Unreadable,
    OverHundred,
    /// Lower than the last report, with no reason given.
    Backwards {
        last: i64,
    },
}

impl ProgressError {
    pub fn msg(&self, lang: Lang) -> String {
        match self {
            ProgressError::Unreadable => {
                lang.pick("Tulis persen kemajuan, misalnya 45 atau 62,5.", "Write the progress in percent, e.g. 45 or 62.5.").into()
            }
            ProgressError::OverHundred => lang.pick("Kemajuan paling tinggi 100 %.", "Progress is at most 100 %.").into(),
            ProgressError::Backwards { last } => match lang {
                Lang::Id => format!(
                    "Laporan terakhir {}. Kemajuan yang turun harus disertai alasan (misalnya salah ukur atau rusak kena banjir).",
                    crate::fund::indicators::percent(*last, lang)
                ),
                Lang::En => format!(
                    "The last report said {}. Lower progress needs a reason (e.g. a measuring error or flood damage).",
                    crate::fund::indicators::percent(*last, lang)
                ),
            },
        }
    }
}

/// Reads "45", "62,5" or "62.5 %" into basis points, 0 to 100 %.
pub fn parse(s: &str) -> Result<i64, ProgressError> {
    let t = s.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 6 || frac.len() > 2 || !digits(whole) || !digits(frac) {
        return Err(ProgressError::Unreadable);
    }
    let bp = whole.parse::<i64>().map_err(|_| ProgressError::Unreadable)? * 100
        + format!("{frac:0<2}").parse::<i64>().map_err(|_| ProgressError::Unreadable)?;
    if bp > FULL {
        return Err(ProgressError::OverHundred);
    }
    Ok(bp)
}

/// A new report against the last one: forward freely, backward only with a reason.
pub fn check(last: Option<i64>, new: i64, reason: Option<&str>) -> Result<(), ProgressError> {
    if new > FULL {
        return Err(ProgressError::OverHundred);
    }
    match last {
        Some(l) if new < l && reason.is_none_or(|r| r.trim().is_empty()) => Err(ProgressError::Backwards { last: l }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_percentages() {
        assert_eq!(parse("45"), Ok(4_500));
        assert_eq!(parse("62,5 %"), Ok(6_250));
        assert_eq!(parse("100"), Ok(FULL));
        assert_eq!(parse("100,01"), Err(ProgressError::OverHundred));
        assert_eq!(parse("120"), Err(ProgressError::OverHundred));
        assert_eq!(parse("-5"), Err(ProgressError::Unreadable));
        assert_eq!(parse("separuh"), Err(ProgressError::Unreadable));
    }

    #[test]
    fn backwards_needs_a_reason() {
        assert_eq!(check(None, 3_000, None), Ok(()));
        assert_eq!(check(Some(3_000), 5_000, None), Ok(()));
        assert_eq!(check(Some(3_000), 3_000, None), Ok(()));
        assert_eq!(check(Some(5_000), 4_000, None), Err(ProgressError::Backwards { last: 5_000 }));
        assert_eq!(check(Some(5_000), 4_000, Some("  ")), Err(ProgressError::Backwards { last: 5_000 }));
        assert_eq!(check(Some(5_000), 4_000, Some("Rusak kena banjir")), Ok(()));
        assert!(ProgressError::Backwards { last: 5_000 }.msg(Lang::Id).contains("50,0 %"));
    }
}
