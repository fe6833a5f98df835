//! The water service after the hand-over, on both databases: BP-SPAMS Tirta Ganra's demo year
//! (meter readings, a tariff change, a replaced meter, bill runs, payments, an advance, a
//! reversal, arrears) with its books balanced and the receivable equal to what customers owe;
//! the jimpitan of KPP Paseduluran Jalan Poros counted by Fridays; and every kind of bad input
//! the issue names refused with a message, nothing saved.

use crate::common::*;
use swadaya_core::app::books::journal::ReversalInput;
use swadaya_core::app::water::bills::{self, RunInput};
use swadaya_core::app::water::customers::{self, CustomerInput};
use swadaya_core::app::water::payments::{self, FeeInput};
use swadaya_core::app::water::readings::{self, ReadingInput};
use swadaya_core::app::water::setup::{self, BlockInput, TariffInput};
use swadaya_core::app::{AppError, Ctx, Db};
use swadaya_domain::ledger::codes;

fn message(r: Result<impl std::fmt::Debug, AppError>) -> String {
    match r {
        Err(AppError::Invalid(f)) => f.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// An account's debit-side balance at the end of `to`.
async fn balance(db: &Db, inst: i64, code: &str, to: &str) -> i64 {
    let totals = swadaya_core::app::books::totals_to(db, &system_ctx(), inst, to).await.expect("totals");
    totals.iter().find(|(c, _, _)| c == code).map_or(0, |(_, d, c)| d - c)
}

/// What every customer owes and has paid ahead, summed from their statements.
async fn owed_and_ahead(db: &Db, ctx: &Ctx, inst: i64) -> (i64, i64) {
    let today = chrono::Local::now().date_naive();
    let (mut owed, mut ahead) = (0, 0);
    for c in customers::list(db, ctx, inst, None).await.expect("customers") {
        let s = payments::statement(db, ctx, inst, c.id, today).await.expect("statement");
        owed += s.owed;
        ahead += s.advance;
    }
    (owed, ahead)
}

async fn load(db: &Db) -> (i64, i64) {
    swadaya::demo::load_base(db, 0).await.expect("demo");
    let b = institution_id(db, swadaya::demo::BPSPAMS).await;
    let k = institution_id(db, swadaya::demo::KPP).await;
    swadaya::demo_water::load(db, &system_ctx(), b, k).await.expect("water demo");
    (b, k)
}

#[tokio::test]
async fn a_year_of_the_water_service_keeps_its_books() {
    each_backend(|db| async move {
        let (b, k) = load(&db).await;
        let sys = system_ctx();
        assert_eq!(unbalanced_entries(&db, Some(b)).await, 0);
        assert_eq!(unbalanced_entries(&db, Some(k)).await, 0);
        hledger_agrees(&db, b).await;
        let end = "2026-12-31";
        let billed = count(&db, &format!("SELECT CAST(SUM(total) AS BIGINT) FROM water_bills WHERE institution_id = {b}")).await;
        assert_eq!(-balance(&db, b, codes::FEE_INCOME, end).await, billed, "fee income is every bill issued");
        let (owed, ahead) = owed_and_ahead(&db, &sys, b).await;
        assert!(owed > 0, "the demo has arrears");
        assert_eq!(balance(&db, b, codes::FEES_RECEIVABLE, end).await, owed, "receivable = what customers owe");
        assert_eq!(-balance(&db, b, codes::FEES_ADVANCE, end).await, ahead, "advances = what customers paid ahead");

        // 26 houses and 2 public taps, twelve months each; the tariff change in July.
        assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM water_bills WHERE institution_id = {b}")).await, 28 * 12);
        let fixed = |m: &str| format!("SELECT MIN(fixed) FROM water_bills WHERE institution_id = {b} AND month = '{m}' AND reading_id IS NOT NULL");
        assert_eq!(count(&db, &fixed("2026-06")).await, 4_500);
        assert_eq!(count(&db, &fixed("2026-07")).await, 5_500);
        // The leak month flagged, not refused; the replaced meter's July carries the old one's 4 m3.
        assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM water_readings WHERE institution_id = {b} AND unusual = 1")).await, 1);
        let carried = count(&db, &format!("SELECT m3 - reading FROM water_readings WHERE institution_id = {b} AND month = '2026-07' AND meter_id IN (SELECT id FROM water_meters WHERE institution_id = {b} AND serial = 'LX-260417')")).await;
        assert_eq!(carried, 4);

        // Jimpitan: Rp 5.000 every Friday: December 2025 has four, May 2026 five.
        let jimpitan = |m: &str| format!("SELECT MIN(total) FROM water_bills WHERE institution_id = {k} AND month = '{m}'");
        assert_eq!(count(&db, &jimpitan("2025-12")).await, 20_000);
        assert_eq!(count(&db, &jimpitan("2026-05")).await, 25_000);

        // A second run of a billed month bills nobody twice.
        let scheme = setup::schemes(&db, &sys, b).await.expect("schemes").into_iter().find(|s| s.kind == "metered").expect("metered");
        let before = count(&db, "SELECT COUNT(*) FROM water_bills").await;
        let again = bills::run(&db, &sys, b, scheme.id, &RunInput { month: "2026-11".into() }).await.expect("again");
        assert!(!again.created);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM water_bills").await, before);

        // The collection list: the most days late first, the oldest month first within.
        let today = chrono::Local::now().date_naive();
        let list = payments::arrears(&db, &sys, b, None, today).await.expect("arrears");
        assert!(list.windows(2).all(|w| w[0].ageing.oldest_days >= w[1].ageing.oldest_days));
        let worst = &list[0];
        assert!(worst.months.len() >= 4, "{worst:?}");
        assert_eq!(worst.owed, worst.ageing.not_due + worst.ageing.total_late());

        // A part payment goes to the oldest month first.
        let officer = ctx_of(&db, "air").await;
        let oldest = worst.months[0].clone();
        let pay = FeeInput { paid_on: today.to_string(), amount: "1000".into(), ..FeeInput::default() };
        payments::pay(&db, &officer, b, worst.customer_id, &pay).await.expect("part payment");
        let s = payments::statement(&db, &sys, b, worst.customer_id, today).await.expect("statement");
        let first_open = s.bills.iter().find(|x| x.month == oldest).expect("oldest bill");
        assert_eq!(first_open.paid, 1000);

        // Reversing a payment whose advance a later bill run spent gives it all back.
        let with_advance = count(&db, &format!("SELECT MIN(payment_id) FROM water_payment_parts WHERE institution_id = {b} AND run_id IS NOT NULL")).await;
        let customer = count(&db, &format!("SELECT customer_id FROM water_payments WHERE institution_id = {b} AND id = {with_advance}")).await;
        let owed_before = payments::statement(&db, &sys, b, customer, today).await.expect("statement").owed;
        let finance = ctx_of(&db, "air.bendahara").await;
        let reason = ReversalInput { posted_on: today.to_string(), reason: "Uji pembatalan".into() };
        payments::reverse(&db, &finance, b, with_advance, &reason).await.expect("reverse");
        let after = payments::statement(&db, &sys, b, customer, today).await.expect("statement");
        assert!(after.owed > owed_before, "the bills it paid are owed again");
        let (owed, ahead) = owed_and_ahead(&db, &sys, b).await;
        assert_eq!(balance(&db, b, codes::FEES_RECEIVABLE, "2099-12-31").await, owed);
        assert_eq!(-balance(&db, b, codes::FEES_ADVANCE, "2099-12-31").await, ahead);
        assert_eq!(unbalanced_entries(&db, Some(b)).await, 0);
        assert!(matches!(payments::reverse(&db, &finance, b, with_advance, &reason).await, Err(AppError::Conflict { .. })));

        // Who may do what: the meter reader takes readings and fees, not bill runs or
        // tariffs or reversals; a user of another institution does not see this one.
        let run = bills::run(&db, &officer, b, scheme.id, &RunInput { month: "2026-11".into() }).await;
        assert!(matches!(run, Err(AppError::Forbidden)), "{run:?}");
        let reversal = payments::reverse(&db, &officer, b, 1, &reason).await;
        assert!(matches!(reversal, Err(AppError::Forbidden)), "{reversal:?}");
        let stranger = ctx_of(&db, "kpp").await;
        assert!(matches!(customers::list(&db, &stranger, b, None).await, Err(AppError::NotFound)));
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_is_saved() {
    each_backend(|db| async move {
        let (b, _) = load(&db).await;
        let sys = system_ctx();
        let officer = ctx_of(&db, "air").await;
        let schemes = setup::schemes(&db, &sys, b).await.expect("schemes");
        let metered = schemes.iter().find(|s| s.kind == "metered").expect("metered").id;
        let house = customers::list(&db, &sys, b, Some(metered)).await.expect("customers").remove(0);
        let saved = |db: &Db| {
            let db = db.clone();
            async move {
                count(&db, "SELECT (SELECT COUNT(*) FROM water_readings) + (SELECT COUNT(*) FROM water_payments) + (SELECT COUNT(*) FROM water_tariffs) + (SELECT COUNT(*) FROM water_customers) + (SELECT COUNT(*) FROM journal_entries)").await
            }
        };
        let before = saved(&db).await;
        let today = chrono::Local::now().date_naive().to_string();
        let reading = |month: &str, figure: &str| ReadingInput {
            customer_id: house.id,
            month: month.into(),
            reading: figure.into(),
            read_on: today.clone(),
            ..ReadingInput::default()
        };
        // A month already read (and billed), a word, a negative figure, a figure below the last.
        let m = message(readings::record(&db, &officer, b, &reading("2026-11", "999"), "office").await);
        assert!(m.contains("sudah dicatat"), "{m}");
        let m = message(readings::record(&db, &officer, b, &reading("2026-12", "seratus"), "office").await);
        assert!(m.contains("bukan angka meter"), "{m}");
        let m = message(readings::record(&db, &officer, b, &reading("2026-12", "-5"), "office").await);
        assert!(m.starts_with("reading:"), "{m}");
        let m = message(readings::record(&db, &officer, b, &reading("2026-12", "1"), "office").await);
        assert!(m.contains("lebih kecil dari bacaan terakhir") && m.contains("penggantian meter"), "{m}");
        // A month not yet begun.
        let m = message(readings::record(&db, &officer, b, &reading("2099-01", "999999"), "office").await);
        assert!(m.contains("belum berjalan"), "{m}");

        // A tariff with overlapping blocks, one with a gap, and one that goes back in time.
        let tariff = |from: &str, blocks: &[(&str, &str, &str)]| TariffInput {
            valid_from: from.into(),
            fixed: "5000".into(),
            decision: "Uji".into(),
            blocks: blocks.iter().map(|(f, t, p)| BlockInput { from: f.to_string(), to: t.to_string(), price: p.to_string() }).collect(),
            ..TariffInput::default()
        };
        let m = message(setup::add_tariff(&db, &sys, b, metered, &tariff("2027-01", &[("1", "10", "100"), ("8", "", "200")])).await);
        assert!(m.contains("Blok 2") && m.contains("bertumpang tindih"), "{m}");
        let m = message(setup::add_tariff(&db, &sys, b, metered, &tariff("2027-01", &[("1", "10", "100"), ("15", "", "200")])).await);
        assert!(m.contains("Blok 2") && m.contains("berjarak"), "{m}");
        let m = message(setup::add_tariff(&db, &sys, b, metered, &tariff("2026-03", &[("1", "", "100")])).await);
        assert!(m.starts_with("valid_from:") && m.contains("tarif lama tidak diubah"), "{m}");
        // The meter reader does not set tariffs.
        assert!(matches!(setup::add_tariff(&db, &officer, b, metered, &tariff("2027-01", &[("1", "", "100")])).await, Err(AppError::Forbidden)));

        // A payment above everything owed, not confirmed as an advance.
        let owed = payments::statement(&db, &sys, b, house.id, chrono::Local::now().date_naive()).await.expect("statement").owed;
        let pay = FeeInput { paid_on: today.clone(), amount: (owed + 50_000).to_string(), ..FeeInput::default() };
        let m = message(payments::pay(&db, &officer, b, house.id, &pay).await);
        assert!(m.starts_with("amount:") && m.contains("uang muka"), "{m}");

        // A second connection on a meter in service.
        let twin = CustomerInput {
            scheme_id: metered,
            name: "Sambungan kedua".into(),
            address: "Dusun Ganra".into(),
            connected_on: today.clone(),
            meter_serial: house.meter.as_ref().expect("meter").serial.clone(),
            start_reading: "0".into(),
            ..CustomerInput::default()
        };
        let m = message(customers::add(&db, &officer, b, &twin).await);
        assert!(m.starts_with("meter_serial:") && m.contains(&house.number), "{m}");
        assert_eq!(saved(&db).await, before, "nothing was saved");

        // A bill run for a closed month: the books of October are closed.
        swadaya_core::app::fund::close::close_month(&db, &sys, b, "2026-10", &|_, _| {}).await.expect("close october");
        let asset = setup::assets(&db, &sys, b).await.expect("assets")[0].id;
        let late = setup::add_scheme(
            &db,
            &sys,
            b,
            &setup::SchemeInput { asset_id: asset, name: "Niaga".into(), customer_group: "business".into(), kind: "flat".into(), due_day: String::new() },
        )
        .await
        .expect("scheme");
        setup::add_tariff(&db, &sys, b, late, &TariffInput { valid_from: "2026-01".into(), fixed: "25000".into(), decision: "Uji".into(), ..TariffInput::default() }).await.expect("tariff");
        let shop = CustomerInput { scheme_id: late, name: "Warung Bu Hasnah".into(), address: "Pasar Ganra".into(), connected_on: "2026-01-05".into(), ..CustomerInput::default() };
        customers::add(&db, &officer, b, &shop).await.expect("shop");
        let m = message(bills::run(&db, &sys, b, late, &RunInput { month: "2026-10".into() }).await);
        assert!(m.contains("Buku sudah ditutup"), "{m}");
        assert!(bills::run(&db, &sys, b, late, &RunInput { month: "2026-11".into() }).await.expect("november").created);

        // A disconnection without its decision is refused; with it, the tap is not billed for a
        // month it was closed on the first day of, and cannot be closed twice.
        let taps = schemes.iter().find(|s| s.kind == "flat").expect("taps").id;
        let tap = customers::list(&db, &sys, b, Some(taps)).await.expect("taps").remove(0);
        let close = |decision: &str| customers::ConnectionInput {
            kind: "disconnect".into(),
            on_date: "2026-11-30".into(),
            decision: decision.into(),
            reason: "Menunggak tiga bulan".into(),
        };
        let m = message(customers::change_connection(&db, &officer, b, tap.id, &close("")).await);
        assert!(m.starts_with("decision:") && m.contains("keputusan tercatat"), "{m}");
        customers::change_connection(&db, &officer, b, tap.id, &close("Rapat pengurus 28/11/2026")).await.expect("disconnect");
        let twice = customers::change_connection(&db, &officer, b, tap.id, &close("Rapat pengurus 28/11/2026")).await;
        assert!(matches!(twice, Err(AppError::Conflict { .. })), "{twice:?}");
        let december = bills::run(&db, &sys, b, taps, &RunInput { month: "2026-12".into() }).await.expect("december");
        assert_eq!(december.run.bills, 1, "the closed tap is not billed");
        assert!(!customers::get(&db, &sys, b, tap.id).await.expect("tap").connected);
    })
    .await;
}
