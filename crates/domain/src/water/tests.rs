use super::bills::{ageing, allocate, Open, PaymentError};
use super::reading::{parse, unusual, used, usual, JumpRule};
use super::tariff::{blocks_from_ranges, check_new_version, in_force, weekdays_in_month, Block, Range, Scheme, Version};
use crate::Lang;
use chrono::{NaiveDate, Weekday};
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    crate::dates::parse_iso(s).expect("date")
}

/// The published "daftar tarif air bersih" of BPSPAMS Tirto Manunggal (Tembelang, Candimulyo,
/// Magelang): per customer group a fixed charge and blocks of m3, each block's last m3 written as
/// the list prints it ("31 s/d 1000" is the open last block).
fn tirto_manunggal(group: &str) -> Scheme {
    let (fixed, ranges): (i64, Vec<Range>) = match group {
        "R1" => (4_500, vec![(1, Some(10), 100), (11, Some(20), 200), (21, Some(30), 300), (31, None, 400)]),
        "R2" => (5_500, vec![(1, Some(10), 200), (11, Some(20), 300), (21, Some(30), 400), (31, None, 500)]),
        "S" => (4_500, vec![(1, Some(25), 100), (26, Some(50), 200), (51, None, 300)]),
        _ => (7_000, vec![(1, Some(25), 300), (26, Some(40), 400), (41, None, 500)]),
    };
    Scheme::Metered { fixed, minimum_m3: 0, blocks: blocks_from_ranges(&ranges, Lang::Id).expect("valid") }
}

#[test]
fn the_published_worked_cases_to_the_rupiah() {
    // The list's own simulation: 52 m3 in each group (usage, then total with the fixed charge).
    let month = day("2026-01-01");
    for (group, usage, total) in [("R1", 14_800, 19_300), ("R2", 20_000, 25_500), ("S", 8_100, 12_600), ("B", 19_500, 26_500)] {
        let c = tirto_manunggal(group).charge(month, 52);
        assert_eq!((c.total - c.fixed, c.total), (usage, total), "{group}");
        assert_eq!(c.blocks.iter().map(|b| b.m3).sum::<u32>(), 52, "{group}");
    }
    // R1 itemised like the list: 10 x 100, 10 x 200, 10 x 300, 22 x 400.
    let c = tirto_manunggal("R1").charge(month, 52);
    let items: Vec<(u32, i64, i64)> = c.blocks.iter().map(|b| (b.m3, b.price, b.amount)).collect();
    assert_eq!(items, vec![(10, 100, 1_000), (10, 200, 2_000), (10, 300, 3_000), (22, 400, 8_800)]);
    // Nothing used: the fixed charge alone; a minimum of 10 m3 bills ten.
    assert_eq!(tirto_manunggal("R1").charge(month, 0).total, 4_500);
    let Scheme::Metered { fixed, blocks, .. } = tirto_manunggal("R1") else { unreachable!() };
    let with_minimum = Scheme::Metered { fixed, minimum_m3: 10, blocks };
    assert_eq!(with_minimum.charge(month, 3).total, 4_500 + 1_000);
    assert_eq!(with_minimum.charge(month, 3).billed_m3, 10);
}

#[test]
fn jimpitan_counts_the_fridays_of_the_month() {
    // Seed 001: Rp 5.000 per house every Friday. January 2027 has five Fridays, February four.
    let jimpitan = Scheme::Weekly { per_week: 5_000, weekday: Weekday::Fri };
    assert_eq!(jimpitan.charge(day("2027-01-01"), 0).total, 25_000);
    assert_eq!(jimpitan.charge(day("2027-02-14"), 0).weeks, 4);
    for (month, weekday, n) in [("2026-02-01", Weekday::Sun, 4), ("2024-02-01", Weekday::Thu, 5), ("2026-12-01", Weekday::Tue, 5)]
    {
        assert_eq!(weekdays_in_month(day(month), weekday), n, "{month} {weekday:?}");
    }
    assert_eq!(Scheme::Flat { monthly: 15_000 }.charge(day("2026-03-01"), 99).total, 15_000);
}

#[test]
fn blocks_that_overlap_leave_gaps_or_end_are_refused_with_the_block_named() {
    let cases: [(&[Range], &str); 6] = [
        (&[(1, Some(10), 100), (10, None, 200)], "Blok 2 mulai dari 10 m³ dan bertumpang tindih"),
        (&[(1, Some(10), 100), (15, None, 200)], "Blok 2 mulai dari 15 m³ dan berjarak"),
        (&[(1, Some(10), 100), (11, Some(5), 200), (6, None, 300)], "Blok 2 berakhir di 5 m³"),
        (&[(1, Some(10), 100), (11, Some(1000), 200)], "Kosongkan batas atas blok terakhir"),
        (&[(1, None, 100), (11, None, 200)], "Hanya blok terakhir yang boleh tanpa batas atas; blok 1"),
        (&[(1, Some(10), -100), (11, None, 200)], "Harga per m³ blok 1"),
    ];
    for (ranges, message) in cases {
        let e = blocks_from_ranges(ranges, Lang::Id).expect_err("refused");
        assert!(e.contains(message), "{ranges:?}: {e}");
    }
    assert!(blocks_from_ranges(&[], Lang::En).expect_err("empty").contains("at least one block"));
    let unordered = Scheme::Metered {
        fixed: 0,
        minimum_m3: 0,
        blocks: vec![Block { up_to: None, price: 1 }, Block { up_to: Some(5), price: 2 }],
    };
    assert!(unordered.check(Lang::En).expect_err("open block first").contains("Only the last block"));
    assert!(Scheme::Flat { monthly: -1 }.check(Lang::Id).is_err());
    // A first block written from 0 m3 is the same as from 1.
    assert_eq!(blocks_from_ranges(&[(0, Some(10), 100), (11, None, 200)], Lang::Id).map(|b| b.len()), Ok(2));
}

#[test]
fn a_bill_uses_the_version_in_force_for_its_month_and_versions_only_move_forward() {
    let old = Version { from: day("2025-01-01"), scheme: Scheme::Flat { monthly: 10_000 } };
    let new = Version { from: day("2026-07-01"), scheme: Scheme::Flat { monthly: 12_500 } };
    let versions = vec![new.clone(), old.clone()];
    assert_eq!(in_force(&versions, day("2026-06-30")), Some(&old));
    assert_eq!(in_force(&versions, day("2026-07-31")), Some(&new));
    assert_eq!(in_force(&versions, day("2024-12-01")), None);
    assert!(check_new_version(&versions, day("2026-07-01"), Lang::Id).expect_err("same day").contains("tarif lama tidak diubah"));
    assert!(check_new_version(&versions, day("2027-01-15"), Lang::En).expect_err("mid-month").contains("first day of a month"));
    assert_eq!(check_new_version(&versions, day("2027-01-01"), Lang::Id), Ok(()));
}

#[test]
fn readings_are_digits_never_lower_than_the_last_and_jumps_are_flagged_not_refused() {
    assert_eq!(parse(" 01234 ", Lang::Id), Ok(1234));
    for (bad, message) in [("", "Tulis angka meter"), ("-5", "negatif"), ("123,4", "m³ bulat"), ("12a", "bukan angka meter")] {
        assert!(parse(bad, Lang::Id).expect_err(bad).contains(message), "{bad}");
    }
    assert_eq!(used(1_200, 1_218, Lang::Id), Ok(18));
    assert!(used(1_218, 1_200, Lang::Id).expect_err("lower").contains("catat dulu penggantian meter"));
    let rule = JumpRule::default();
    let history = [14, 16, 15, 13, 18, 15, 40];
    assert_eq!(usual(&history, rule), Some(16), "the last six months, median");
    assert!(!unusual(30, &[15], rule), "twice the usual is not yet unusual");
    assert!(unusual(31, &[15], rule));
    assert!(!unusual(5, &[2], rule), "more than twice, but only 3 m3 more");
    assert!(!unusual(500, &[], rule), "no history, nothing to compare");
}

#[test]
fn payments_pay_the_oldest_bill_first_and_an_advance_must_be_confirmed() {
    let open = [
        Open { bill_id: 3, due_on: day("2026-03-20"), owed: 19_300 },
        Open { bill_id: 1, due_on: day("2026-01-20"), owed: 4_300 },
        Open { bill_id: 2, due_on: day("2026-02-20"), owed: 12_000 },
    ];
    let a = allocate(&open, 10_000, false).expect("part");
    assert_eq!((a.parts, a.advance), (vec![(1, 4_300), (2, 5_700)], 0));
    assert_eq!(allocate(&open, 40_000, false), Err(PaymentError::MoreThanOwed(35_600)));
    let a = allocate(&open, 40_000, true).expect("advance");
    assert_eq!((a.parts.len(), a.advance), (3, 4_400));
    assert_eq!(allocate(&open, 0, true), Err(PaymentError::NotPositive));
    assert_eq!(allocate(&[], 5_000, true).map(|a| a.advance), Ok(5_000), "paid ahead of the first bill");

    let aged = ageing(&open, day("2026-04-25"));
    assert_eq!(aged.late, [0, 19_300, 12_000, 4_300], "36, 64 and 95 days late");
    assert_eq!((aged.not_due, aged.oldest_days, aged.total_late()), (0, 95, 35_600));
    assert_eq!(ageing(&open, day("2026-01-20")).not_due, 35_600, "due today is not late");
}

fn blocks() -> impl Strategy<Value = (i64, Vec<Block>)> {
    (0i64..20_000, prop::collection::vec((1u32..40, 0i64..10_000), 0..5), 0i64..10_000).prop_map(|(fixed, steps, last)| {
        let mut up = 0;
        let mut blocks: Vec<Block> = steps
            .into_iter()
            .map(|(width, price)| {
                up += width;
                Block { up_to: Some(up), price }
            })
            .collect();
        blocks.push(Block { up_to: None, price: last });
        (fixed, blocks)
    })
}

proptest! {
    #[test]
    fn a_metered_bill_is_the_fixed_charge_plus_each_blocks_m3_at_its_price((fixed, blocks) in blocks(), m3 in 0u32..300) {
        let scheme = Scheme::Metered { fixed, minimum_m3: 0, blocks: blocks.clone() };
        prop_assert!(scheme.check(Lang::Id).is_ok());
        let month = day("2026-05-01");
        let c = scheme.charge(month, m3);
        // bill = fixed + sum over blocks of (m3 in the block x its price), every m3 in one block.
        prop_assert_eq!(c.total, fixed + c.blocks.iter().map(|b| i64::from(b.m3) * b.price).sum::<i64>());
        prop_assert_eq!(c.blocks.iter().map(|b| b.m3).sum::<u32>(), m3);
        // Each further m3 costs the price of the block it falls in: never less than nothing,
        // and exactly at a block's end the next m3 takes the next block's price.
        let next = scheme.charge(month, m3 + 1);
        let price_of = |m: u32| blocks.iter().find(|b| b.up_to.is_none_or(|u| m <= u)).map(|b| b.price).expect("the last block is open");
        prop_assert_eq!(next.total - c.total, price_of(m3 + 1));
        prop_assert!(next.total >= c.total);
    }

    #[test]
    fn allocation_pays_exactly_the_amount_and_never_more_than_a_bill_owes(
        owed in prop::collection::vec(0i64..50_000, 0..8), amount in 1i64..300_000
    ) {
        let open: Vec<Open> = owed.iter().enumerate().map(|(i, &o)| Open {
            bill_id: i as i64 + 1, due_on: day("2026-01-20") + chrono::Duration::days(30 * i as i64), owed: o,
        }).collect();
        let a = allocate(&open, amount, true).expect("confirmed");
        prop_assert_eq!(a.parts.iter().map(|p| p.1).sum::<i64>() + a.advance, amount);
        for (id, paid) in &a.parts {
            prop_assert!(*paid > 0 && *paid <= open[*id as usize - 1].owed);
        }
        // Oldest first: a bill is paid only when every older one is paid in full.
        for (k, (id, _)) in a.parts.iter().enumerate().skip(1) {
            let (before, _) = a.parts[k - 1];
            prop_assert!(before < *id);
            prop_assert_eq!(a.parts[k - 1].1, open[before as usize - 1].owed);
        }
        prop_assert!(a.advance == 0 || a.parts.iter().map(|p| p.1).sum::<i64>() == owed.iter().sum::<i64>());
    }
}
