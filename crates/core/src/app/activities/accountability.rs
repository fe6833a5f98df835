//! What the institution answers to the community and its auditors with: the quarterly
//! financial report of activity funds, the annual accountability report for the annual meeting
//! (seed 002: "memberikan pertanggung jawaban ... kepada masyarakat"), the KKM's work plan (RKM)
//! with the community's contribution promised against realised (seed 000), and the auditor's
//! workbook with every book and every receipt.

use super::reports::summaries;
use crate::app::books::reports::{general_ledger, income_statement, trial_balance};
use crate::app::{AppResult, Ctx};
use crate::reports::Table;
use crate::store::{self, Db};
use std::collections::BTreeMap;
use swadaya_domain::activity::funding::Source;
use swadaya_domain::fund::indicators::{percent, Band};
use swadaya_domain::roles::Action;
use swadaya_domain::{Lang, Rupiah};

/// A source's movement over a period: unspent at the start, received, spent, unspent at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SourcePeriod {
    pub source: String,
    pub opening: i64,
    pub received: i64,
    pub spent: i64,
    pub closing: i64,
}

/// Activity money per source over [from, to], in cash and in kind (in kind is received and
/// used the same day, so it never carries a balance).
pub async fn by_source(db: &Db, ctx: &Ctx, institution_id: i64, from: &str, to: &str) -> AppResult<Vec<SourcePeriod>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let pool = &db.pool;
    let before = crate::app::books::reports::day_before(from).unwrap_or_default();
    let sum = |rows: Vec<(i64, String, i64, i64)>| {
        let mut m: BTreeMap<Source, (i64, i64)> = BTreeMap::new();
        for (_, s, r, x) in rows {
            if let Some(s) = Source::parse(&s) {
                let e = m.entry(s).or_default();
                e.0 += r;
                e.1 += x;
            }
        }
        m
    };
    let end = sum(store::activities::money_by_source(pool, institution_id, to).await?);
    let start = sum(store::activities::money_by_source(pool, institution_id, &before).await?);
    let kind_end: i64 = store::activities::in_kind_by_activity(pool, institution_id, to).await?.iter().map(|x| x.1).sum();
    let kind_start: i64 = store::activities::in_kind_by_activity(pool, institution_id, &before).await?.iter().map(|x| x.1).sum();
    let mut out: Vec<SourcePeriod> = Source::cash_sources()
        .filter_map(|s| {
            let (re, se) = end.get(&s).copied().unwrap_or_default();
            let (rs, ss) = start.get(&s).copied().unwrap_or_default();
            (re != 0 || se != 0).then(|| SourcePeriod {
                source: s.code().into(),
                opening: rs - ss,
                received: re - rs,
                spent: se - ss,
                closing: re - se,
            })
        })
        .collect();
    if kind_end != 0 {
        let k = kind_end - kind_start;
        out.push(SourcePeriod { source: Source::CommunityInKind.code().into(), opening: 0, received: k, spent: k, closing: 0 });
    }
    Ok(out)
}

fn source_label(code: &str, lang: Lang) -> String {
    Source::parse(code).map(|s| s.label(lang).to_string()).unwrap_or_else(|| code.to_string())
}

/// The quarterly financial report: per source, then per activity.
pub async fn quarterly(db: &Db, ctx: &Ctx, institution_id: i64, from: &str, to: &str, title: String) -> AppResult<Table> {
    let lang = ctx.lang;
    let sources = by_source(db, ctx, institution_id, from, to).await?;
    let acts = summaries(db, ctx, institution_id, from, to).await?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &sources {
        rows.push(vec![
            source_label(&s.source, lang),
            s.opening.to_string(),
            s.received.to_string(),
            s.spent.to_string(),
            s.closing.to_string(),
        ]);
    }
    let t = sources.iter().fold(SourcePeriod::default(), |mut t, s| {
        t.opening += s.opening;
        t.received += s.received;
        t.spent += s.spent;
        t.closing += s.closing;
        t
    });
    rows.push(vec![
        lang.pick("Jumlah semua sumber", "All sources").into(),
        t.opening.to_string(),
        t.received.to_string(),
        t.spent.to_string(),
        t.closing.to_string(),
    ]);
    for a in acts.iter().filter(|a| a.spent_in_period != 0 || a.activity.handed_over_on.as_deref().is_none_or(|h| h >= from)) {
        let tot = a.total();
        rows.push(vec![
            format!("{}: {}", lang.pick("Kegiatan", "Activity"), a.activity.name),
            String::new(),
            String::new(),
            a.spent_in_period.to_string(),
            (tot.received - tot.spent).to_string(),
        ]);
    }
    let headers = [
        ("Sumber dana / kegiatan", "Source / activity"),
        ("Saldo awal", "Opening"),
        ("Diterima", "Received"),
        ("Dibelanjakan", "Spent"),
        ("Saldo akhir", "Closing"),
    ];
    Ok(Table {
        title,
        headers: headers.iter().map(|(i, e)| lang.pick(i, e).to_string()).collect(),
        rows,
        numeric: vec![1, 2, 3, 4],
    })
}

/// The annual accountability report: activities, funds by source, the loan fund and the state
/// of the books, one table in sections.
pub async fn annual(db: &Db, ctx: &Ctx, institution_id: i64, year: i32) -> AppResult<Table> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let lang = ctx.lang;
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |section: &str, what: String, a: Option<i64>, b: Option<i64>, note: String| {
        rows.push(vec![
            section.to_string(),
            what,
            a.map(|x| x.to_string()).unwrap_or_default(),
            b.map(|x| x.to_string()).unwrap_or_default(),
            note,
        ]);
    };
    let s1 = lang.pick("1. Kegiatan", "1. Activities");
    let acts = summaries(db, ctx, institution_id, &from, &to).await?;
    let acts: Vec<_> = acts
        .into_iter()
        .filter(|a| {
            a.spent_in_period != 0
                || (a.activity.planned_start.as_str() <= to.as_str() && a.activity.planned_end.as_str() >= from.as_str())
        })
        .collect();
    for a in &acts {
        let state = match &a.activity.handed_over_on {
            Some(on) if on.as_str() <= to.as_str() => {
                format!(
                    "{} {}",
                    lang.pick("diserahterimakan", "handed over"),
                    swadaya_domain::dates::parse_date(on)
                        .map(|d| swadaya_domain::dates::format_date(d, lang))
                        .unwrap_or(on.clone())
                )
            }
            _ => lang.pick("berjalan", "running").to_string(),
        };
        row(
            s1,
            a.activity.name.clone(),
            Some(a.budget),
            Some(a.spent_in_period - a.kind_in_period),
            format!(
                "{} {}, {state}{}",
                lang.pick("fisik", "physical"),
                percent(a.percent_bp, lang),
                if a.kind_in_period > 0 {
                    format!("; {} {}", lang.pick("swadaya natura", "in kind"), Rupiah(a.kind_in_period))
                } else {
                    String::new()
                }
            ),
        );
    }
    if acts.is_empty() {
        row(s1, lang.pick("Tidak ada kegiatan tahun ini", "No activities this year").into(), None, None, String::new());
    }
    let s2 = lang.pick("2. Dana kegiatan per sumber", "2. Activity funds by source");
    for s in by_source(db, ctx, institution_id, &from, &to).await? {
        row(
            s2,
            source_label(&s.source, lang),
            Some(s.received),
            Some(s.spent),
            format!("{} {}", lang.pick("sisa akhir tahun", "unspent at year end"), Rupiah(s.closing)),
        );
    }
    let s3 = lang.pick("3. Dana bergulir (UPK)", "3. Revolving loan fund (UPK)");
    let tb = trial_balance(db, ctx, institution_id, &from, &to).await?;
    let closing = |code: &str| tb.rows.iter().find(|r| r.code == code).map(|r| r.closing.abs()).unwrap_or(0);
    let moved = |code: &str| tb.rows.iter().find(|r| r.code == code).map(|r| (r.debit, r.credit)).unwrap_or_default();
    let (lent, repaid) = moved(swadaya_domain::ledger::codes::LOANS);
    row(
        s3,
        lang.pick("Pinjaman KSM beredar akhir tahun", "KSM loans outstanding at year end").into(),
        Some(closing(swadaya_domain::ledger::codes::LOANS)),
        None,
        String::new(),
    );
    row(
        s3,
        lang.pick("Pinjaman disalurkan / pokok kembali", "Lent / principal repaid").into(),
        Some(lent),
        Some(repaid),
        String::new(),
    );
    row(
        s3,
        lang.pick("Cadangan risiko pinjaman", "Loan-loss reserve").into(),
        Some(closing(swadaya_domain::ledger::codes::RESERVE)),
        None,
        String::new(),
    );
    let is = income_statement(db, ctx, institution_id, &from, &to).await?;
    row(
        s3,
        lang.pick("Pendapatan / biaya / laba", "Income / expenses / profit").into(),
        Some(is.income.total),
        Some(is.expenses.total),
        format!("{} {}", lang.pick("laba", "profit"), Rupiah(is.net)),
    );
    let closed = store::books::closed_months(db, institution_id).await?;
    let in_year: Vec<_> = closed.iter().filter(|c| c.month.starts_with(&year.to_string())).collect();
    if let Some(last) = in_year.iter().max_by(|a, b| a.month.cmp(&b.month)) {
        if let Ok(s) = serde_json::from_str::<crate::app::fund::close::Summary>(&last.summary) {
            let shown: Vec<String> = s
                .indicators
                .iter()
                .map(|i| {
                    let band = i
                        .band
                        .as_deref()
                        .and_then(|b| [Band::Satisfactory, Band::Minimum, Band::Inadequate].into_iter().find(|x| x.code() == b))
                        .map(|b| format!(" ({})", b.label(lang)))
                        .unwrap_or_default();
                    format!("{} {}{band}", i.code, i.value_bp.map(|v| percent(v, lang)).unwrap_or_else(|| "–".into()))
                })
                .collect();
            row(
                s3,
                format!(
                    "{} {}",
                    lang.pick("Indikator per", "Indicators as of"),
                    crate::app::books::month_label(&last.month, lang)
                ),
                None,
                None,
                shown.join("; "),
            );
        }
    }
    let s4 = lang.pick("4. Status pembukuan", "4. State of the books");
    row(
        s4,
        lang.pick("Bulan ditutup tahun ini", "Months closed this year").into(),
        None,
        None,
        match in_year.iter().map(|c| c.month.clone()).max() {
            Some(m) => {
                format!("{} / 12, {} {}", in_year.len(), lang.pick("terakhir", "last"), crate::app::books::month_label(&m, lang))
            }
            None => lang.pick("belum ada", "none yet").into(),
        },
    );
    row(
        s4,
        lang.pick("Neraca saldo (debit = kredit)", "Trial balance (debits = credits)").into(),
        Some(tb.total_debit),
        Some(tb.total_credit),
        if tb.total_debit == tb.total_credit {
            lang.pick("seimbang", "balanced").into()
        } else {
            lang.pick("TIDAK seimbang", "NOT balanced").into()
        },
    );
    let audited = store::audit::count_in(db, institution_id, &from, &to).await?;
    row(
        s4,
        lang.pick("Catatan jejak audit tahun ini", "Audit log entries this year").into(),
        None,
        None,
        format!(
            "{audited} {}",
            lang.pick(
                "catatan, berantai hash (periksa: swadaya audit verify)",
                "entries, hash-chained (check: swadaya audit verify)"
            )
        ),
    );
    // The complaints of the year, counted (the register itself stays with the unit).
    let c = crate::app::complaints::stats::of(db, institution_id, Some(year)).await?;
    if c.received > 0 {
        let s5 = lang.pick("5. Pengaduan masyarakat", "5. Complaints");
        let count = |what: &str, n: i64| (what.to_string(), n);
        for (what, n) in [
            count(lang.pick("Diterima", "Received"), c.received),
            count(lang.pick("Dijawab / selesai", "Answered / resolved"), c.resolved),
            count(lang.pick("Sedang ditangani", "Being handled"), c.open),
            count(lang.pick("Diteruskan ke jenjang atas", "Escalated"), c.escalated),
            count(lang.pick("Ditolak (bukan kewenangan)", "Rejected (not our authority)"), c.rejected),
        ] {
            row(s5, what, None, None, n.to_string());
        }
        let median = c.median_days_to_answer.map(|d| format!("{d} {}", lang.pick("hari", "days"))).unwrap_or_else(|| "–".into());
        row(s5, lang.pick("Median hari sampai dijawab", "Median days to answer").into(), None, None, median);
        for (code, n) in &c.by_category {
            let label = swadaya_domain::complaint::Category::parse(code).map(|k| k.label(lang)).unwrap_or("?");
            row(s5, format!("{}: {label}", lang.pick("Kategori", "Category")), None, None, n.to_string());
        }
    }
    let headers = [
        ("Bagian", "Section"),
        ("Uraian", "Item"),
        ("Nilai / diterima", "Value / received"),
        ("Dibayar tunai / keluar", "Paid in cash / out"),
        ("Keterangan", "Notes"),
    ];
    Ok(Table {
        title: format!("{} {year}", lang.pick("Laporan pertanggungjawaban tahunan", "Annual accountability report")),
        headers: headers.iter().map(|(i, e)| lang.pick(i, e).to_string()).collect(),
        rows,
        numeric: vec![2, 3],
    })
}

/// One activity of the work plan with the community's share promised and given.
pub struct RkmRow {
    pub summary: super::reports::Summary,
    pub promised_cash: i64,
    pub given_cash: i64,
    pub promised_kind: i64,
    pub given_kind: i64,
}

pub async fn rkm(db: &Db, ctx: &Ctx, institution_id: i64, year: i64) -> AppResult<Vec<RkmRow>> {
    let rows = summaries(db, ctx, institution_id, "0000-01-01", "9999-12-31").await?;
    Ok(rows
        .into_iter()
        .filter(|s| s.activity.rkm_year == Some(year))
        .map(|s| {
            let f = |src: Source| s.sources.get(&src).cloned().unwrap_or_default();
            let (cash, kind) = (f(Source::CommunityCash), f(Source::CommunityInKind));
            RkmRow {
                promised_cash: cash.committed,
                given_cash: cash.received,
                promised_kind: kind.committed,
                given_kind: kind.received,
                summary: s,
            }
        })
        .collect())
}

/// The auditor's workbook: the journal, every cash and bank book, funds received and every
/// payment with its proof (file names and SHA-256 of the scans).
pub async fn auditor_tables(db: &Db, ctx: &Ctx, institution_id: i64, from: &str, to: &str) -> AppResult<Vec<Table>> {
    ctx.require(institution_id, Action::ReadBooks)?;
    let lang = ctx.lang;
    let h = |v: &[(&str, &str)]| v.iter().map(|(i, e)| lang.pick(i, e).to_string()).collect::<Vec<_>>();
    let mut out = Vec::new();
    let journal = store::books::journal_rows(db, institution_id, from, to).await?;
    out.push(Table {
        title: lang.pick("Jurnal", "Journal").into(),
        headers: h(&[
            ("No. jurnal", "Entry"),
            ("Tanggal", "Date"),
            ("Bukti", "Receipt"),
            ("Uraian", "Memo"),
            ("Asal", "Origin"),
            ("Membalik", "Reverses"),
            ("Akun", "Account"),
            ("Debit", "Debit"),
            ("Kredit", "Credit"),
        ]),
        rows: journal
            .into_iter()
            .map(|(id, on, receipt, memo, source, rev, acc, d, c)| {
                vec![
                    id.to_string(),
                    on,
                    receipt.unwrap_or_default(),
                    memo,
                    source,
                    rev.map(|r| r.to_string()).unwrap_or_default(),
                    acc,
                    d.to_string(),
                    c.to_string(),
                ]
            })
            .collect(),
        numeric: vec![7, 8],
    });
    for a in crate::app::books::accounts::ensure(db, institution_id).await?.into_iter().filter(|a| a.cash) {
        let gl = general_ledger(db, ctx, institution_id, &a.code, from, to).await?;
        let mut rows = vec![vec![
            String::new(),
            String::new(),
            lang.pick("Saldo awal", "Opening balance").into(),
            String::new(),
            String::new(),
            gl.opening.to_string(),
        ]];
        rows.extend(gl.rows.iter().map(|r| {
            vec![
                r.posted_on.clone(),
                r.receipt.clone().unwrap_or_default(),
                r.memo.clone(),
                r.debit.to_string(),
                r.credit.to_string(),
                r.balance.to_string(),
            ]
        }));
        out.push(Table {
            title: format!("{} {}", lang.pick("Kas", "Cash"), a.code),
            headers: h(&[
                ("Tanggal", "Date"),
                ("Bukti", "Receipt"),
                ("Uraian", "Description"),
                ("Penerimaan", "In"),
                ("Pengeluaran", "Out"),
                ("Saldo", "Balance"),
            ]),
            rows,
            numeric: vec![3, 4, 5],
        });
    }
    let names: BTreeMap<i64, String> =
        store::activities::list(&db.pool, institution_id).await?.into_iter().map(|a| (a.id, a.name)).collect();
    let void = |r: bool| if r { lang.pick("dibatalkan", "reversed").to_string() } else { String::new() };
    let receipts = store::activities::receipts_between(&db.pool, institution_id, from, to).await?;
    out.push(Table {
        title: lang.pick("Penerimaan dana", "Funds received").into(),
        headers: h(&[
            ("Tanggal", "Date"),
            ("Kegiatan", "Activity"),
            ("Sumber", "Source"),
            ("Dokumen", "Document"),
            ("Akun", "Account"),
            ("Jumlah", "Amount"),
            ("No. jurnal", "Entry"),
            ("Status", "Status"),
        ]),
        rows: receipts
            .into_iter()
            .map(|r| {
                vec![
                    r.received_on,
                    names.get(&r.activity_id).cloned().unwrap_or_default(),
                    source_label(&r.source, lang),
                    r.document,
                    r.account,
                    r.amount.to_string(),
                    r.journal_entry_id.to_string(),
                    void(r.reversed),
                ]
            })
            .collect(),
        numeric: vec![5],
    });
    let files = store::attachments::of_kind(&db.pool, institution_id, "spending").await?;
    let payments = store::activities::spendings_between(&db.pool, institution_id, from, to).await?;
    out.push(Table {
        title: lang.pick("Pembayaran dan bukti", "Payments and proof").into(),
        headers: h(&[
            ("Tanggal", "Date"),
            ("Kwitansi", "Receipt"),
            ("Kegiatan", "Activity"),
            ("Dibayar kepada", "Payee"),
            ("Untuk", "For"),
            ("Sumber", "Source"),
            ("Jumlah", "Amount"),
            ("Persetujuan melebihi RAB", "Approval over budget"),
            ("No. jurnal", "Entry"),
            ("Status", "Status"),
            ("Berkas bukti (SHA-256)", "Proof files (SHA-256)"),
        ]),
        rows: payments
            .into_iter()
            .map(|x| {
                let proof: Vec<String> =
                    files.iter().filter(|f| f.owner_id == x.id).map(|f| format!("{} ({})", f.filename, f.sha256)).collect();
                vec![
                    x.spent_on,
                    x.receipt_no,
                    names.get(&x.activity_id).cloned().unwrap_or_default(),
                    x.payee,
                    x.item,
                    source_label(&x.source, lang),
                    x.amount.to_string(),
                    x.approval.unwrap_or_default(),
                    x.journal_entry_id.to_string(),
                    void(x.reversed),
                    proof.join("; "),
                ]
            })
            .collect(),
        numeric: vec![6],
    });
    Ok(out)
}
