//! The declining-balance schedule against numpy-financial's annuity formulas (pmt, ipmt) on a
//! table of cases checked in as data (tests/data/annuity_cases.py regenerates it). Our figures
//! are whole rupiah, so each comparison allows the rounding it implies.

use chrono::NaiveDate;
use swadaya_domain::fund::product::{Frequency, Method, Terms};
use swadaya_domain::fund::schedule::schedule;

#[test]
fn declining_schedules_match_numpy_financial() {
    let start = NaiveDate::from_ymd_opt(2025, 1, 15).expect("date");
    let data = include_str!("data/annuity_cases.csv");
    let mut n = 0;
    for line in data.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let (p, rate, term, weekly): (i64, i64, u32, bool) =
            (c[0].parse().expect("p"), c[1].parse().expect("rate"), c[2].parse().expect("term"), c[3] == "1");
        let (pmt, first, total): (f64, f64, f64) =
            (c[4].parse().expect("pmt"), c[5].parse().expect("first"), c[6].parse().expect("total"));
        let terms = Terms {
            method: Method::Declining,
            rate_bp: rate,
            term,
            frequency: if weekly { Frequency::Weekly } else { Frequency::Monthly },
        };
        let s = schedule(p, &terms, start);
        // The level payment is the annuity rounded to the rupiah (all but the last instalment).
        for i in &s[..s.len() - 1] {
            assert_eq!(i.total(), pmt.round() as i64, "{line}: instalment {}", i.n);
        }
        assert_eq!(s[0].interest, first.round() as i64, "{line}: first interest");
        // Rounding each period moves the total interest by at most a rupiah per instalment.
        let ours: i64 = s.iter().map(|i| i.interest).sum();
        assert!((ours as f64 - total).abs() <= term as f64, "{line}: total interest {ours} vs {total}");
        assert_eq!(s.iter().map(|i| i.principal).sum::<i64>(), p, "{line}");
        n += 1;
    }
    assert!(n >= 180, "the table has its cases ({n})");
}
