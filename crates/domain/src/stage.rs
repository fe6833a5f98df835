//! KSM development stage, Tunas (budding) → Tumbuh (growing) → Kembang (blooming). KOTAKU scores
//! groups on ten criteria; the official weights and cut-offs were not found (RULES.md), so these
//! defaults are data an institution changes: each criterion 0-100, weighted, and stage cut-offs on
//! the weighted score. Criteria the records measure are computed; the rest a facilitator scores.

use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    pub key: &'static str,
    pub id: &'static str,
    pub en: &'static str,
    /// Computed from the records (true) or scored by the facilitator (false).
    pub computed: bool,
    pub default_weight: i64,
}

pub const CRITERIA: [Criterion; 10] = [
    Criterion {
        key: "meetings",
        id: "Pertemuan rutin terselenggara",
        en: "Regular meetings held",
        computed: true,
        default_weight: 10,
    },
    Criterion { key: "attendance", id: "Kehadiran anggota", en: "Member attendance", computed: true, default_weight: 10 },
    Criterion { key: "agenda", id: "Agenda pertemuan terpenuhi", en: "Meeting agenda met", computed: true, default_weight: 10 },
    Criterion {
        key: "savings",
        id: "Tabungan kelompok (anggota menabung rutin)",
        en: "Group savings (members saving routinely)",
        computed: true,
        default_weight: 10,
    },
    Criterion { key: "rules", id: "Aturan main tertulis", en: "Written group rules", computed: true, default_weight: 10 },
    Criterion {
        key: "bookkeeping",
        id: "Pembukuan benar dan tepat waktu",
        en: "Correct, timely bookkeeping",
        computed: true,
        default_weight: 10,
    },
    Criterion { key: "repayment", id: "Pengembalian pinjaman", en: "Loan repayment", computed: false, default_weight: 10 },
    Criterion {
        key: "bank",
        id: "Rekening bank kelompok yang aman",
        en: "A safe group bank account",
        computed: false,
        default_weight: 10,
    },
    Criterion {
        key: "partners",
        id: "Kegiatan dengan pihak luar",
        en: "Activities with outside parties",
        computed: false,
        default_weight: 10,
    },
    Criterion {
        key: "issues",
        id: "Membahas isu-isu kritis",
        en: "Discussion of critical issues",
        computed: false,
        default_weight: 10,
    },
];

pub const DEFAULT_TUMBUH_MIN: i64 = 50;
pub const DEFAULT_KEMBANG_MIN: i64 = 75;

pub const STAGES: [&str; 3] = ["tunas", "tumbuh", "kembang"];

pub fn stage_label(s: &str, lang: Lang) -> &'static str {
    match s {
        "tunas" => lang.pick("Tunas", "Tunas (budding)"),
        "tumbuh" => lang.pick("Tumbuh", "Tumbuh (growing)"),
        "kembang" => lang.pick("Kembang", "Kembang (blooming)"),
        _ => "–",
    }
}

/// Weighted score 0-100 from (score 0-100, weight) pairs; criteria without a score are left out
/// of both the sum and the weights.
pub fn weighted(scores: &[(Option<i64>, i64)]) -> Option<i64> {
    let (sum, weights) =
        scores.iter().filter_map(|(s, w)| s.map(|s| (s.clamp(0, 100) * w, *w))).fold((0, 0), |(a, b), (s, w)| (a + s, b + w));
    (weights > 0).then(|| (sum + weights / 2) / weights)
}

pub fn stage_for(score: i64, tumbuh_min: i64, kembang_min: i64) -> &'static str {
    if score >= kembang_min {
        "kembang"
    } else if score >= tumbuh_min {
        "tumbuh"
    } else {
        "tunas"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_score_and_stage() {
        assert_eq!(weighted(&[(Some(100), 10), (Some(50), 10)]), Some(75));
        assert_eq!(weighted(&[(Some(100), 30), (Some(0), 10)]), Some(75));
        assert_eq!(weighted(&[(None, 10), (Some(60), 10)]), Some(60), "an unscored criterion is left out");
        assert_eq!(weighted(&[(None, 10)]), None);
        assert_eq!(stage_for(74, 50, 75), "tumbuh");
        assert_eq!(stage_for(75, 50, 75), "kembang");
        assert_eq!(stage_for(49, 50, 75), "tunas");
        assert_eq!(CRITERIA.iter().map(|c| c.default_weight).sum::<i64>(), 100);
    }
}
