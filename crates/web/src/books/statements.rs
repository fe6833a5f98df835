//! The statements: trial balance, neraca, laba rugi, arus kas, and one account's ledger. Each
//! amount drills down: an account to its ledger, a ledger line to its journal entry.

use super::view::{default_period, period_form, query_date, respond, Page, Report};
use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::books::reports as svc;
use swadaya_core::reports::Table;
use swadaya_domain::ledger::AccountKind;
use swadaya_domain::{Lang, Rupiah};

type Q = Query<HashMap<String, String>>;

async fn inst_name(st: &AppState, s: &Session, id: i64) -> Result<String, WebError> {
    Ok(swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id)
        .await
        .map_err(|e| WebError::from_app(e, s.ctx.lang))?
        .name)
}

fn printed(s: &Session) -> String {
    let lang = s.ctx.lang;
    format!(
        "{} {} · {}",
        lang.pick("Dicetak", "Printed"),
        layout::date(lang, &chrono::Local::now().date_naive().to_string()),
        s.ctx.actor.display_name
    )
}

fn back(lang: Lang, id: i64) -> maud::Markup {
    html! { p.muted.no-print { a href={"/i/" (id) "/books"} { "← " (lang.pick("Buku UPK", "UPK books")) } } }
}

fn ledger_link(id: i64, code: &str, from: &str, to: &str) -> Option<String> {
    Some(format!("/i/{id}/books/ledger/{code}?from={from}&to={to}"))
}

pub async fn trial_balance(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Q,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (df, dt) = default_period();
    let (from, to) = (query_date(&q, "from", &df), query_date(&q, "to", &dt));
    let tb = svc::trial_balance(&st.db, &s.ctx, id, &from, &to).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut rows: Vec<Vec<String>> = tb
        .rows
        .iter()
        .map(|r| {
            vec![
                r.code.clone(),
                r.name.clone(),
                r.opening.to_string(),
                r.debit.to_string(),
                r.credit.to_string(),
                r.closing.to_string(),
            ]
        })
        .collect();
    let links = tb.rows.iter().map(|r| ledger_link(id, &r.code, &from, &to)).collect();
    rows.push(vec![
        lang.pick("Jumlah", "Total").into(),
        String::new(),
        String::new(),
        tb.total_debit.to_string(),
        tb.total_credit.to_string(),
        tb.closing_sum.to_string(),
    ]);
    let title = lang.pick("Neraca saldo", "Trial balance");
    let r = Report {
        table: Table {
            title: title.into(),
            headers: [
                lang.pick("Akun", "Account"),
                lang.pick("Nama", "Name"),
                lang.pick("Saldo awal", "Opening"),
                "Debit",
                lang.pick("Kredit", "Credit"),
                lang.pick("Saldo akhir", "Closing"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            numeric: vec![2, 3, 4, 5],
        },
        links,
        widths: vec![0.8, 2.2, 1.3, 1.3, 1.3, 1.3],
        meta: vec![
            inst_name(&st, &s, id).await?,
            format!(
                "{} {} – {}; {}",
                lang.pick("Periode", "Period"),
                layout::date(lang, &from),
                layout::date(lang, &to),
                lang.pick("saldo debit positif, kredit negatif", "debit balances positive, credit negative")
            ),
            printed(&s),
        ],
        file: format!("neraca-saldo-{to}"),
    };
    let balanced = tb.total_debit == tb.total_credit && tb.closing_sum == 0;
    let before = html! {
        (back(lang, id)) h1 { (title) }
        (period_form(lang, &format!("/i/{id}/books/trial-balance"), Some(&from), &to))
        @if !balanced { p.warn { (lang.pick("Debit dan kredit tidak sama: periksa jurnal.", "Debits and credits differ: check the journal.")) } }
    };
    respond(&s, Page { title, before, after: html! {}, base: &format!("/i/{id}/books/trial-balance"), query: &q }, &r)
}

fn section_rows(
    lang: Lang,
    sec: &svc::Section,
    rows: &mut Vec<Vec<String>>,
    links: &mut Vec<Option<String>>,
    id: i64,
    from: &str,
    to: &str,
) {
    let kind = AccountKind::parse(&sec.kind).map(|k| k.label(lang)).unwrap_or(&sec.kind);
    for (code, name, v) in &sec.lines {
        rows.push(vec![code.clone(), name.clone(), v.to_string()]);
        links.push(ledger_link(id, code, from, to));
    }
    rows.push(vec![format!("{} {}", lang.pick("Jumlah", "Total"), kind.to_lowercase()), String::new(), sec.total.to_string()]);
    links.push(None);
}

fn three_columns(lang: Lang) -> Vec<String> {
    [lang.pick("Akun", "Account"), lang.pick("Nama", "Name"), lang.pick("Jumlah", "Amount")].map(String::from).to_vec()
}

pub async fn balance_sheet(
    State(st): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Q,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let on = query_date(&q, "on", &default_period().1);
    let bs = svc::balance_sheet(&st.db, &s.ctx, id, &on).await.map_err(|e| WebError::from_app(e, lang))?;
    let (mut rows, mut links) = (Vec::new(), Vec::new());
    let from = "1970-01-01";
    section_rows(lang, &bs.assets, &mut rows, &mut links, id, from, &on);
    section_rows(lang, &bs.liabilities, &mut rows, &mut links, id, from, &on);
    section_rows(lang, &bs.equity, &mut rows, &mut links, id, from, &on);
    rows.push(vec![
        String::new(),
        lang.pick("Laba tahun-tahun lalu belum dialokasikan", "Earlier years' profit not yet allocated").into(),
        bs.result_earlier.to_string(),
    ]);
    rows.push(vec![
        String::new(),
        lang.pick("Laba tahun berjalan", "This year's profit").into(),
        bs.result_this_year.to_string(),
    ]);
    rows.push(vec![
        lang.pick("Jumlah kewajiban dan modal", "Total liabilities and equity").into(),
        String::new(),
        bs.total_liabilities_equity.to_string(),
    ]);
    links.extend([None, Some(format!("/i/{id}/books/income?from={}-01-01&to={on}", &on[..4])), None]);
    let title = lang.pick("Neraca", "Balance sheet");
    let r = Report {
        table: Table { title: title.into(), headers: three_columns(lang), rows, numeric: vec![2] },
        links,
        widths: vec![1.0, 3.5, 1.6],
        meta: vec![
            inst_name(&st, &s, id).await?,
            format!("{} {}", lang.pick("Per", "As of"), layout::date(lang, &on)),
            printed(&s),
        ],
        file: format!("neraca-{on}"),
    };
    let before = html! {
        (back(lang, id)) h1 { (title) " " span.muted { (lang.pick("(posisi keuangan)", "(neraca)")) } }
        (period_form(lang, &format!("/i/{id}/books/balance-sheet"), None, &on))
        @if bs.balanced { p.flash { (lang.pick("Seimbang: aset = kewajiban + modal", "Balanced: assets = liabilities + equity")) " (" (Rupiah(bs.assets.total)) ")" } }
        @else { p.warn { (lang.pick("Tidak seimbang: periksa jurnal.", "Does not balance: check the journal.")) } }
    };
    respond(&s, Page { title, before, after: html! {}, base: &format!("/i/{id}/books/balance-sheet"), query: &q }, &r)
}

pub async fn income(State(st): State<AppState>, s: Session, Path(id): Path<i64>, Query(q): Q) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (df, dt) = default_period();
    let (from, to) = (query_date(&q, "from", &df), query_date(&q, "to", &dt));
    let is = svc::income_statement(&st.db, &s.ctx, id, &from, &to).await.map_err(|e| WebError::from_app(e, lang))?;
    let (mut rows, mut links) = (Vec::new(), Vec::new());
    section_rows(lang, &is.income, &mut rows, &mut links, id, &from, &to);
    section_rows(lang, &is.expenses, &mut rows, &mut links, id, &from, &to);
    rows.push(vec![lang.pick("Laba (rugi) bersih", "Net profit (loss)").into(), String::new(), is.net.to_string()]);
    links.push(None);
    let title = lang.pick("Laba rugi", "Income statement");
    let r = Report {
        table: Table { title: title.into(), headers: three_columns(lang), rows, numeric: vec![2] },
        links,
        widths: vec![1.0, 3.5, 1.6],
        meta: vec![
            inst_name(&st, &s, id).await?,
            format!("{} {} – {}", lang.pick("Periode", "Period"), layout::date(lang, &from), layout::date(lang, &to)),
            printed(&s),
        ],
        file: format!("laba-rugi-{to}"),
    };
    let before =
        html! { (back(lang, id)) h1 { (title) } (period_form(lang, &format!("/i/{id}/books/income"), Some(&from), &to)) };
    respond(&s, Page { title, before, after: html! {}, base: &format!("/i/{id}/books/income"), query: &q }, &r)
}

pub async fn cash_flow(State(st): State<AppState>, s: Session, Path(id): Path<i64>, Query(q): Q) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (df, dt) = default_period();
    let (from, to) = (query_date(&q, "from", &df), query_date(&q, "to", &dt));
    let cf = svc::cash_flow(&st.db, &s.ctx, id, &from, &to).await.map_err(|e| WebError::from_app(e, lang))?;
    let (mut rows, mut links) = (
        vec![vec![
            String::new(),
            lang.pick("Kas dan bank awal periode", "Cash and bank at the start").to_string(),
            cf.opening.to_string(),
        ]],
        vec![None],
    );
    for (label, sec) in [
        (lang.pick("Arus kas kegiatan operasi", "Operating cash flow"), &cf.operating),
        (lang.pick("Arus kas pinjaman KSM dan aset", "Lending and assets cash flow"), &cf.lending),
        (lang.pick("Arus kas pendanaan (modal)", "Financing cash flow (capital)"), &cf.financing),
    ] {
        for (code, name, v) in &sec.lines {
            rows.push(vec![code.clone(), name.clone(), v.to_string()]);
            links.push(ledger_link(id, code, &from, &to));
        }
        rows.push(vec![String::new(), label.to_string(), sec.total.to_string()]);
        links.push(None);
    }
    rows.push(vec![
        String::new(),
        lang.pick("Kas dan bank akhir periode", "Cash and bank at the end").into(),
        cf.closing.to_string(),
    ]);
    links.push(None);
    let title = lang.pick("Arus kas", "Cash flow");
    let r = Report {
        table: Table { title: title.into(), headers: three_columns(lang), rows, numeric: vec![2] },
        links,
        widths: vec![1.0, 3.5, 1.6],
        meta: vec![
            inst_name(&st, &s, id).await?,
            format!("{} {} – {}", lang.pick("Periode", "Period"), layout::date(lang, &from), layout::date(lang, &to)),
            printed(&s),
        ],
        file: format!("arus-kas-{to}"),
    };
    let before = html! {
        (back(lang, id)) h1 { (title) }
        (period_form(lang, &format!("/i/{id}/books/cash-flow"), Some(&from), &to))
        @if !cf.agrees { p.warn { (lang.pick("Saldo awal + arus kas tidak sama dengan saldo akhir: periksa akun kas.", "Opening + flows differs from closing: check the cash accounts.")) } }
    };
    respond(&s, Page { title, before, after: html! {}, base: &format!("/i/{id}/books/cash-flow"), query: &q }, &r)
}

pub async fn ledger(
    State(st): State<AppState>,
    s: Session,
    Path((id, code)): Path<(i64, String)>,
    Query(q): Q,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (df, dt) = default_period();
    let (from, to) = (query_date(&q, "from", &df), query_date(&q, "to", &dt));
    let gl = svc::general_ledger(&st.db, &s.ctx, id, &code, &from, &to).await.map_err(|e| WebError::from_app(e, lang))?;
    let mut rows = vec![vec![
        String::new(),
        layout::date(lang, &from),
        lang.pick("Saldo awal", "Opening balance").to_string(),
        String::new(),
        String::new(),
        gl.opening.to_string(),
    ]];
    let mut links = vec![None];
    for r in &gl.rows {
        rows.push(vec![
            format!("#{}", r.entry_id),
            layout::date(lang, &r.posted_on),
            r.memo.clone(),
            r.debit.to_string(),
            r.credit.to_string(),
            r.balance.to_string(),
        ]);
        links.push(Some(format!("/i/{id}/books/journal/{}", r.entry_id)));
    }
    let title = format!("{} {} {}", lang.pick("Buku besar", "Ledger"), gl.account.code, gl.account.name);
    let r = Report {
        table: Table {
            title: title.clone(),
            headers: [
                lang.pick("Jurnal", "Entry"),
                lang.pick("Tanggal", "Date"),
                lang.pick("Keterangan", "Memo"),
                "Debit",
                lang.pick("Kredit", "Credit"),
                lang.pick("Saldo", "Balance"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            numeric: vec![3, 4, 5],
        },
        links,
        widths: vec![0.7, 1.2, 3.0, 1.2, 1.2, 1.3],
        meta: vec![
            inst_name(&st, &s, id).await?,
            format!("{} {} – {}", lang.pick("Periode", "Period"), layout::date(lang, &from), layout::date(lang, &to)),
            printed(&s),
        ],
        file: format!("buku-besar-{code}-{to}"),
    };
    let base = format!("/i/{id}/books/ledger/{code}");
    let before = html! { (back(lang, id)) h1 { (title) } (period_form(lang, &base, Some(&from), &to)) };
    respond(&s, Page { title: &title, before, after: html! {}, base: &base, query: &q }, &r)
}
