//! Loan-fund demo for LKM Makmur Sentosa's UPK: eighteen months of books with loans to eight
//! KSMs whose members pay on time, late, or stop paying (seed 001 names the causes: failed
//! business, death, moving away, character), so every class and band shows. Each month is
//! closed in turn, as the UPK would.

use crate::demo::flat;
use chrono::{Datelike, Months, NaiveDate};
use swadaya_core::app::books::journal::{self, EntryInput, LineInput};
use swadaya_core::app::fund::{close, loans, portfolio, products, repayments};
use swadaya_core::app::ksm::{checks, groups};
use swadaya_core::app::registers::people;
use swadaya_core::app::Ctx;
use swadaya_core::app::Db;
use swadaya_domain::fund::schedule::schedule;

#[derive(Clone, Copy, PartialEq)]
enum Habit {
    OnTime,
    /// Pays every instalment, twenty days after it falls due.
    Late,
    /// Pays this many instalments on time, then nothing.
    Stops(u32),
}

struct Plan {
    ksm: &'static str,
    /// Months after the demo's first month.
    month: u32,
    amount: i64,
    weekly: bool,
    habits: [Habit; 5],
    cause: Option<(&'static str, &'static str)>,
}

use Habit::*;

const PLANS: &[Plan] = &[
    Plan {
        ksm: "KSM Mawar",
        month: 0,
        amount: 500_000,
        weekly: false,
        habits: [OnTime, OnTime, Stops(3), OnTime, Late],
        cause: Some(("died", "Meninggal dunia; ahli waris belum sanggup")),
    },
    Plan { ksm: "KSM Sido Rukun", month: 0, amount: 500_000, weekly: false, habits: [OnTime; 5], cause: None },
    Plan {
        ksm: "KSM Guyub Rukun",
        month: 3,
        amount: 500_000,
        weekly: false,
        habits: [OnTime, OnTime, OnTime, Late, OnTime],
        cause: None,
    },
    Plan {
        ksm: "KSM Maju Bersama",
        month: 6,
        amount: 500_000,
        weekly: false,
        habits: [OnTime, Stops(5), OnTime, OnTime, Late],
        cause: Some(("business", "Usaha warung tutup")),
    },
    Plan {
        ksm: "KSM Melati",
        month: 9,
        amount: 500_000,
        weekly: false,
        habits: [Stops(5), OnTime, OnTime, Late, OnTime],
        cause: Some(("moved", "Pindah ke Surabaya")),
    },
    Plan { ksm: "KSM Sido Rukun", month: 11, amount: 1_000_000, weekly: false, habits: [OnTime; 5], cause: None },
    Plan {
        ksm: "KSM Karya Mandiri",
        month: 12,
        amount: 500_000,
        weekly: false,
        habits: [OnTime, Stops(5), OnTime, OnTime, OnTime],
        cause: Some(("character", "Tidak hadir pertemuan, janji bayar tidak ditepati")),
    },
    Plan {
        ksm: "KSM Tani Makmur",
        month: 15,
        amount: 500_000,
        weekly: true,
        habits: [OnTime, OnTime, Late, OnTime, OnTime],
        cause: None,
    },
];

const NAMES: [(&str, &str); 40] = [
    ("Sumiati", "P"),
    ("Jumini", "P"),
    ("Sarinah", "P"),
    ("Kasno", "L"),
    ("Paiman", "L"),
    ("Suwarni", "P"),
    ("Tumirah", "P"),
    ("Sulastri", "P"),
    ("Mujiono", "L"),
    ("Sarno", "L"),
    ("Painah", "P"),
    ("Wagiyem", "P"),
    ("Ngatini", "P"),
    ("Slamet", "L"),
    ("Bejo", "L"),
    ("Sutarni", "P"),
    ("Lasmi", "P"),
    ("Karsini", "P"),
    ("Tukimin", "L"),
    ("Samijo", "L"),
    ("Yatini", "P"),
    ("Mulyani", "P"),
    ("Semi", "P"),
    ("Gimin", "L"),
    ("Wakijan", "L"),
    ("Sukarti", "P"),
    ("Rubinem", "P"),
    ("Partini", "P"),
    ("Kateni", "L"),
    ("Suparno", "L"),
    ("Sriyatun", "P"),
    ("Warsini", "P"),
    ("Daliyem", "P"),
    ("Legiman", "L"),
    ("Sadiran", "L"),
    ("Suratmi", "P"),
    ("Ngadinem", "P"),
    ("Poniyem", "P"),
    ("Jaswadi", "L"),
    ("Kamijan", "L"),
];

const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

fn month_add(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(d)
}

enum Event {
    Payment {
        loan: i64,
        member: i64,
        amount: i64,
    },
    /// A manual entry: debit account, credit account, memo, amount.
    Book(&'static str, &'static str, &'static str, i64),
}

pub async fn load(db: &Db, ctx: &Ctx, lkm: i64) -> anyhow::Result<()> {
    if !loans::products(db, ctx, lkm).await.map_err(flat)?.is_empty() {
        return Ok(());
    }
    let today = chrono::Local::now().date_naive();
    let first = month_add(NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today), 0)
        .checked_sub_months(Months::new(18))
        .unwrap_or(today);
    let opening = EntryInput {
        posted_on: first.to_string(),
        memo: "Saldo awal dana bergulir UPK (dari buku Excel)".into(),
        receipt: "NERACA-AWAL".into(),
        opening: true,
        lines: [
            ("11021", "75.000.000", ""),
            ("11010", "2.500.000", ""),
            ("31010", "", "25.000.000"),
            ("31020", "", "52.500.000"),
        ]
        .iter()
        .map(|(a, d, c)| LineInput { account: a.to_string(), debit: d.to_string(), credit: c.to_string() })
        .collect(),
        idem_key: None,
    };
    journal::manual(db, ctx, lkm, &opening).await.map_err(flat)?;
    crate::demo_activities::load_lkm(db, ctx, lkm, first).await?;
    let regular = products::create(db, ctx, lkm, &products::defaults(swadaya_domain::Lang::Id)).await.map_err(flat)?;
    let weekly_input = products::ProductInput {
        name: "Pinjaman mingguan (menurun)".into(),
        method: "declining".into(),
        rate: "2".into(),
        term: "16".into(),
        frequency: "weekly".into(),
        min_term: "8".into(),
        max_term: "24".into(),
        ..products::defaults(swadaya_domain::Lang::Id)
    };
    let weekly = products::create(db, ctx, lkm, &weekly_input).await.map_err(flat)?;

    // Groups formed half a year before the first loan, five members each (three women).
    let formed = first.checked_sub_months(Months::new(6)).unwrap_or(first).to_string();
    let mut groups_by_name: Vec<(&str, i64, Vec<i64>)> = Vec::new();
    let mut names = NAMES.iter();
    for plan in PLANS {
        if groups_by_name.iter().any(|(n, _, _)| *n == plan.ksm) {
            continue;
        }
        let input = groups::KsmInput {
            name: plan.ksm.into(),
            kind: "ekonomi".into(),
            address: "Desa Bibrik, Kec. Jiwan".into(),
            formed_on: formed.clone(),
            rhythm: "bulanan".into(),
            meeting_day: "Minggu".into(),
            meeting_place: "Balai RW".into(),
            bookkeeping_days: "2".into(),
            routine_amount: "5.000".into(),
            rules: Default::default(),
        };
        let k = groups::create(db, ctx, lkm, &input).await.map_err(flat)?;
        let mut ids = Vec::new();
        for i in 0..5 {
            let (name, sex) = names.next().copied().unwrap_or(("Warga", "P"));
            let person = people::PersonInput {
                name: name.into(),
                sex: sex.into(),
                rt: format!("{:03}", 3 + i),
                poor: true,
                ..Default::default()
            };
            let pid = people::create(db, ctx, lkm, &person).await.map_err(flat)?;
            let role = ["ketua", "sekretaris", "bendahara"].get(i).copied().unwrap_or("anggota");
            ids.push(groups::add_member(db, ctx, lkm, k, pid, role, &formed).await.map_err(flat)?);
        }
        groups_by_name.push((plan.ksm, k, ids));
    }

    // Loans, and the payments each member's habit makes, in date order.
    let mut events: Vec<(NaiveDate, Event)> = Vec::new();
    let mut loan_plans: Vec<(i64, &Plan, Vec<i64>)> = Vec::new();
    for (i, plan) in PLANS.iter().enumerate() {
        let (_, k, members) = groups_by_name.iter().find(|(n, _, _)| *n == plan.ksm).cloned().expect("group created above");
        let disbursed = month_add(first, plan.month) + chrono::Duration::days(9);
        let applied = disbursed - chrono::Duration::days(7);
        let input = loans::LoanInput {
            ksm_id: k,
            product_id: if plan.weekly { weekly } else { regular },
            agreement_no: format!("{:03}/UPK-MS/{}/{}", i + 1, ROMAN[applied.month0() as usize], applied.year()),
            purpose: "Modal usaha anggota".into(),
            applied_on: applied.to_string(),
            term: String::new(),
            power_of_attorney: plan.ksm != "KSM Karya Mandiri",
            override_reason: "Kelompok lama; syarat dicatat di buku UPK sebelum memakai Swadaya".into(),
            shares: members.iter().map(|m| loans::ShareInput { member_id: *m, amount: plan.amount.to_string() }).collect(),
        };
        let loan = loans::apply(db, ctx, lkm, &input).await.map_err(flat)?;
        let decision = loans::DecisionInput {
            decision: "approve".into(),
            decided_on: (applied + chrono::Duration::days(3)).to_string(),
            note: format!(
                "Rapat pengurus LKM {}",
                swadaya_domain::dates::format_date(applied + chrono::Duration::days(3), swadaya_domain::Lang::Id)
            ),
        };
        loans::decide(db, ctx, lkm, loan, &decision).await.map_err(flat)?;
        loan_plans.push((loan, plan, members.clone()));
        let product = loans::products(db, ctx, lkm)
            .await
            .map_err(flat)?
            .into_iter()
            .find(|p| p.id == input.product_id)
            .expect("product exists");
        for (m, habit) in members.iter().zip(plan.habits) {
            for inst in schedule(plan.amount, &product.terms, disbursed) {
                let (paid_on, pays) = match habit {
                    OnTime => (inst.due_on, true),
                    Late => (inst.due_on + chrono::Duration::days(20), true),
                    Stops(n) => (inst.due_on, inst.n <= n),
                };
                if pays && paid_on < today {
                    events.push((paid_on, Event::Payment { loan, member: *m, amount: inst.total() }));
                }
            }
        }
    }
    for m in 0..18 {
        let day = month_add(first, m) + chrono::Duration::days(24);
        events.push((day, Event::Book("51010", "11010", "Insentif UPK", 50_000)));
        events.push((day, Event::Book("51030", "11010", "ATK dan fotokopi laporan", 10_000)));
        events.push((day, Event::Book("51040", "11010", "Transport kunjungan KSM", 15_000)));
        events.push((
            month_add(first, m + 1) - chrono::Duration::days(1),
            Event::Book("11021", "41020", "Jasa giro Bank UPK", 75_000),
        ));
    }
    events.sort_by_key(|(d, _)| *d);

    let mut disbursed: Vec<i64> = Vec::new();
    let mut open_month = first;
    let mut pending = events.into_iter().peekable();
    let month_key = |d: NaiveDate| d.format("%Y-%m").to_string();
    loop {
        let month_end = month_add(open_month, 1) - chrono::Duration::days(1);
        // Disbursements of this month first (a loan is paid out before its instalments fall due).
        for (loan, plan, _) in &loan_plans {
            let on = month_add(first, plan.month) + chrono::Duration::days(9);
            if month_key(on) == month_key(open_month) && !disbursed.contains(loan) {
                let d = loans::DisbursementInput { disbursed_on: on.to_string(), account: "11021".into(), ..Default::default() };
                loans::disburse(db, ctx, lkm, *loan, &d).await.map_err(flat)?;
                disbursed.push(*loan);
            }
        }
        while let Some((day, _)) = pending.peek() {
            if *day > month_end {
                break;
            }
            let (day, ev) = pending.next().expect("peeked");
            match ev {
                Event::Payment { loan, member, amount } => {
                    let p = repayments::PaymentInput {
                        member_id: member,
                        paid_on: day.to_string(),
                        amount: amount.to_string(),
                        account: String::new(),
                        idem_key: None,
                    };
                    repayments::pay(db, ctx, lkm, loan, &p).await.map_err(flat)?;
                }
                Event::Book(debit, credit, memo, amount) => {
                    let e = EntryInput {
                        posted_on: day.to_string(),
                        memo: memo.into(),
                        receipt: format!("{}-{}", if debit == "11021" { "BKM" } else { "BKK" }, day.format("%y%m")),
                        opening: false,
                        lines: vec![
                            LineInput { account: debit.into(), debit: amount.to_string(), credit: String::new() },
                            LineInput { account: credit.into(), debit: String::new(), credit: amount.to_string() },
                        ],
                        idem_key: None,
                    };
                    journal::manual(db, ctx, lkm, &e).await.map_err(flat)?;
                }
            }
        }
        if month_end >= today {
            break;
        }
        close::close_month(db, ctx, lkm, &month_key(open_month), &|_, _| {}).await.map_err(flat)?;
        open_month = month_add(open_month, 1);
    }
    for (loan, plan, members) in &loan_plans {
        if let Some((cause, note)) = plan.cause {
            for (m, habit) in members.iter().zip(plan.habits) {
                if matches!(habit, Stops(_)) {
                    let c = portfolio::CauseInput { member_id: *m, cause: cause.into(), note: note.into() };
                    portfolio::record_cause(db, ctx, lkm, *loan, &c).await.map_err(flat)?;
                }
            }
        }
    }
    // KSM Lele Makmur (the graduating group) has its statements confirmed by the UPK.
    if let Some(k) =
        swadaya_core::app::ksm::list(db, ctx, lkm).await.map_err(flat)?.into_iter().find(|k| k.data.name == "KSM Lele Makmur")
    {
        for (item, _, _) in swadaya_domain::independence::ELIGIBILITY_CONFIRMATIONS {
            let t = checks::Tick { list: checks::ELIGIBILITY, item, checked: true, note: "Diperiksa petugas UPK" };
            checks::confirm(db, ctx, lkm, k.id, &t).await.map_err(flat)?;
        }
    }
    Ok(())
}
