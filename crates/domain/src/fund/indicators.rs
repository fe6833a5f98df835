//! Portfolio indicators (POB 2013, RULES.md) with their bands. Values are in hundredths of a
//! percent (1.000 = 10 %); an indicator with nothing to divide by has no value.

use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Satisfactory,
    Minimum,
    Inadequate,
}

impl Band {
    pub fn code(self) -> &'static str {
        match self {
            Band::Satisfactory => "satisfactory",
            Band::Minimum => "minimum",
            Band::Inadequate => "inadequate",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Band::Satisfactory => lang.pick("Memuaskan", "Satisfactory"),
            Band::Minimum => lang.pick("Minimum", "Minimum"),
            Band::Inadequate => lang.pick("Tidak memadai", "Inadequate"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Portfolio {
    /// KSMs with a balance outstanding, and those with a share in class 3-5.
    pub ksm_active: i64,
    pub ksm_at_risk: i64,
    pub outstanding: i64,
    pub outstanding_at_risk: i64,
    /// Principal overdue (what RR subtracts from the outstanding).
    pub overdue_principal: i64,
    /// Year to date from the books.
    pub income: i64,
    pub costs: i64,
    pub capital: i64,
    pub months_elapsed: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    pub code: &'static str,
    pub value_bp: Option<i64>,
    pub band: Option<Band>,
}

impl Indicator {
    pub fn name(&self, lang: Lang) -> &'static str {
        match self.code {
            "LAR" => lang.pick("LAR: KSM menunggak / KSM aktif", "LAR: loans at risk"),
            "PAR" => lang.pick("PAR: pinjaman berisiko / sisa pinjaman", "PAR: portfolio at risk"),
            "RR" => lang.pick("RR: tingkat pengembalian", "RR: repayment rate"),
            "CCR" => lang.pick("CCR: pendapatan / biaya", "CCR: cost coverage"),
            _ => lang.pick("ROI: laba bersih / modal (setahun)", "ROI: net profit / capital (annualised)"),
        }
    }
}

fn ratio_bp(num: i64, den: i64) -> Option<i64> {
    (den > 0).then(|| ((num as i128 * 10_000 + den as i128 / 2) / den as i128) as i64)
}

/// Lower is better: at most `good` satisfactory, at most `min` minimum.
fn band_low(v: i64, good: i64, min: i64) -> Band {
    if v <= good {
        Band::Satisfactory
    } else if v <= min {
        Band::Minimum
    } else {
        Band::Inadequate
    }
}

/// Higher is better: at least `good` satisfactory, at least `min` minimum.
fn band_high(v: i64, good: i64, min: i64) -> Band {
    if v >= good {
        Band::Satisfactory
    } else if v >= min {
        Band::Minimum
    } else {
        Band::Inadequate
    }
}

pub fn indicators(p: &Portfolio) -> [Indicator; 5] {
    let lar = ratio_bp(p.ksm_at_risk, p.ksm_active);
    let par = ratio_bp(p.outstanding_at_risk, p.outstanding);
    let rr = ratio_bp(p.outstanding - p.overdue_principal, p.outstanding);
    let ccr = ratio_bp(p.income, p.costs);
    let roi = if p.months_elapsed > 0 { ratio_bp((p.income - p.costs) * 12 / p.months_elapsed, p.capital) } else { None };
    [
        Indicator { code: "LAR", value_bp: lar, band: lar.map(|v| band_low(v, 1_000, 2_000)) },
        Indicator { code: "PAR", value_bp: par, band: par.map(|v| band_low(v, 1_000, 2_000)) },
        Indicator { code: "RR", value_bp: rr, band: rr.map(|v| band_high(v, 9_000, 8_000)) },
        Indicator { code: "CCR", value_bp: ccr, band: ccr.map(|v| band_high(v, 12_500, 10_000)) },
        Indicator { code: "ROI", value_bp: roi, band: roi.map(|v| band_high(v, 1_000, 0)) },
    ]
}

/// "12,5 %" / "12.5 %" from hundredths of a percent.
pub fn percent(bp: i64, lang: Lang) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let bp = bp.abs();
    let sep = lang.pick(",", ".");
    let frac = bp % 100;
    if frac % 10 == 0 {
        format!("{sign}{}{sep}{} %", bp / 100, frac / 10)
    } else {
        format!("{sign}{}{sep}{frac:02} %", bp / 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_at_their_edges() {
        let p = Portfolio {
            ksm_active: 10,
            ksm_at_risk: 1,
            outstanding: 1_000,
            outstanding_at_risk: 201,
            overdue_principal: 100,
            income: 125,
            costs: 100,
            capital: 1_200,
            months_elapsed: 12,
        };
        let [lar, par, rr, ccr, roi] = indicators(&p);
        assert_eq!((lar.value_bp, lar.band), (Some(1_000), Some(Band::Satisfactory)));
        assert_eq!(par.band, Some(Band::Inadequate));
        assert_eq!((rr.value_bp, rr.band), (Some(9_000), Some(Band::Satisfactory)));
        assert_eq!((ccr.value_bp, ccr.band), (Some(12_500), Some(Band::Satisfactory)));
        assert_eq!(roi.value_bp, Some(208));
        assert_eq!(roi.band, Some(Band::Minimum));
        assert_eq!(indicators(&Portfolio::default())[0].value_bp, None);
        assert_eq!(percent(1_250, Lang::Id), "12,5 %");
        assert_eq!(percent(125, Lang::En), "1.25 %");
        assert_eq!(percent(-5, Lang::Id), "-0,05 %");
    }
}
