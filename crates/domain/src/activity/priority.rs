//! The board's ranking of proposals (seed 002: decisions "atas dasar kriteria dan prosedur
//! yang disepakati"): criteria with weights, each scorer gives 1 to 5 per criterion, a
//! criterion's score is the scorers' mean, and the total is the weighted mean of those.

pub const MIN_SCORE: i64 = 1;
pub const MAX_SCORE: i64 = 5;

/// Criteria the board starts from; it edits them and their weights.
pub const DEFAULT_CRITERIA: &[(&str, &str, i64)] = &[
    ("Jumlah warga miskin penerima manfaat", "Number of poor beneficiaries", 35),
    ("Tingkat kemendesakan", "Urgency", 25),
    ("Swadaya masyarakat", "Community contribution", 20),
    ("Keberlanjutan dan pemeliharaan", "Sustainability and maintenance", 20),
];

/// One score: (criterion id, score 1..=5).
pub type Score = (i64, i64);

/// The weighted total in hundredths of a point (0 to 500), or `None` when nothing is scored.
/// Criteria nobody scored count as unscored, not as zero, so one missing sheet does not sink a
/// proposal; the page shows how many scorers each proposal had.
pub fn weighted_total(criteria: &[(i64, i64)], scores: &[Score]) -> Option<i64> {
    let mut num: i128 = 0;
    let mut den: i128 = 0;
    for &(cid, weight) in criteria.iter().filter(|(_, w)| *w > 0) {
        let mine: Vec<i64> = scores.iter().filter(|(c, _)| *c == cid).map(|(_, s)| *s).collect();
        if mine.is_empty() {
            continue;
        }
        // mean = sum / n; weighted: weight * sum / n, kept exact by scaling with n's product later.
        num += weight as i128 * mine.iter().sum::<i64>() as i128 * 100 * 1_000_000 / mine.len() as i128;
        den += weight as i128;
    }
    if den == 0 {
        return None;
    }
    Some(((num / den + 500_000) / 1_000_000) as i64)
}

/// Proposals ordered by weighted total, highest first; unscored last; ties keep the order given
/// (the earlier proposal first).
pub fn rank(criteria: &[(i64, i64)], proposals: &[(i64, Vec<Score>)]) -> Vec<(i64, Option<i64>)> {
    let mut out: Vec<(usize, i64, Option<i64>)> =
        proposals.iter().enumerate().map(|(i, (id, s))| (i, *id, weighted_total(criteria, s))).collect();
    out.sort_by(|a, b| b.2.unwrap_or(-1).cmp(&a.2.unwrap_or(-1)).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(_, id, t)| (id, t)).collect()
}

/// "4,25" for 425.
pub fn format_total(t: i64, lang: crate::Lang) -> String {
    format!("{}{}{:02}", t / 100, lang.pick(",", "."), t % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_of_mean_scores() {
        let criteria = [(1, 35), (2, 25), (3, 20), (4, 20)];
        // Two scorers: criterion 1 → 5 and 4 (mean 4,5), the others 3.
        let s = vec![(1, 5), (1, 4), (2, 3), (3, 3), (4, 3)];
        // (35*4.5 + 25*3 + 20*3 + 20*3) / 100 = 3.525 → 3,53
        assert_eq!(weighted_total(&criteria, &s), Some(353));
        assert_eq!(weighted_total(&criteria, &[]), None);
        // A criterion with weight 0 does not count.
        assert_eq!(weighted_total(&[(1, 0), (2, 10)], &[(1, 1), (2, 5)]), Some(500));
    }

    #[test]
    fn ranking_is_stable_and_puts_unscored_last() {
        let c = [(1, 1)];
        let r = rank(&c, &[(10, vec![(1, 3)]), (11, vec![]), (12, vec![(1, 5)]), (13, vec![(1, 3)])]);
        assert_eq!(r, vec![(12, Some(500)), (10, Some(300)), (13, Some(300)), (11, None)]);
        assert_eq!(format_total(353, crate::Lang::Id), "3,53");
    }
}
