//! What a loan prints: the agreement to sign with the group schedule, and the loan statement
//! (per KSM or per member) as PDF, xlsx or CSV.

use super::loans::{app_err, schedule_table};
use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::fund::loans as svc;
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::fund::schedule::{sum_by_number, Instalment};
use swadaya_domain::Rupiah;

/// The agreement's particulars and the group schedule, to print and sign.
pub async fn agreement_pdf(
    State(st): State<AppState>,
    s: Session,
    Path((id, l)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let v = svc::view(&st.db, &s.ctx, id, l).await.map_err(app_err(lang))?;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let loan = &v.loan;
    let terms = loan.terms;
    let rows: Vec<Instalment> = if v.dues.is_empty() {
        // Not yet disbursed: the schedule as it would run from today.
        let start = chrono::Local::now().date_naive();
        sum_by_number(
            &v.shares
                .iter()
                .flat_map(|sh| swadaya_domain::fund::schedule::schedule(sh.amount, &terms, start))
                .collect::<Vec<_>>(),
        )
    } else {
        sum_by_number(&v.dues.iter().map(|d| d.due.instalment()).collect::<Vec<_>>())
    };
    let t = swadaya_core::reports::Table {
        title: format!("{} {}", lang.pick("Perjanjian pinjaman", "Loan agreement"), loan.agreement_no),
        headers: [
            lang.pick("Ke", "No."),
            lang.pick("Jatuh tempo", "Due"),
            lang.pick("Pokok", "Principal"),
            lang.pick("Jasa", "Interest"),
            lang.pick("Jumlah", "Total"),
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|i| {
                vec![
                    i.n.to_string(),
                    swadaya_domain::dates::format_date(i.due_on, lang),
                    Rupiah(i.principal).to_string(),
                    Rupiah(i.interest).to_string(),
                    Rupiah(i.total()).to_string(),
                ]
            })
            .collect(),
        numeric: vec![2, 3, 4],
    };
    let shares: Vec<String> = v.shares.iter().map(|sh| format!("{} {}", sh.name, Rupiah(sh.amount))).collect();
    let meta = vec![
        format!("{} · KSM {}", inst.name, loan.ksm_name),
        format!(
            "{} {} · {} {} · {} × {}",
            lang.pick("Pokok", "Principal"),
            Rupiah(loan.principal),
            lang.pick("jasa", "interest"),
            percent(terms.rate_bp, lang),
            terms.term,
            terms.frequency.label(lang).to_lowercase()
        ),
        format!("{}: {}", lang.pick("Anggota (tanggung renteng)", "Members (jointly liable)"), shares.join("; ")),
        format!(
            "{}: {}",
            lang.pick("Surat kuasa mencairkan tabungan tanggung renteng", "Power of attorney over joint-liability savings"),
            if loan.power_of_attorney { lang.pick("ya", "yes") } else { lang.pick("tidak", "no") }
        ),
        lang.pick(
            "Tanda tangan: Ketua KSM ______   Bendahara KSM ______   Petugas UPK ______",
            "Signatures: KSM chair ______   KSM treasurer ______   UPK officer ______",
        )
        .to_string(),
    ];
    let pdf = swadaya_core::reports::pdf::table(
        &t,
        &swadaya_core::reports::pdf::Layout {
            meta: &meta,
            widths: &[0.5, 1.6, 1.3, 1.3, 1.3],
            right: &[2, 3, 4],
            page_word: lang.pick("Halaman", "Page"),
            ..Default::default()
        },
    )
    .map_err(WebError::internal)?;
    Ok(crate::download::file(pdf, "application/pdf", &format!("perjanjian-{}.pdf", loan.agreement_no.replace(['/', ' '], "-"))))
}

/// The loan statement (per KSM, or per member with `?member=`): disbursement and every payment
/// with its interest and principal and the principal still owed after it; PDF, xlsx or CSV.
pub async fn statement(
    State(st): State<AppState>,
    s: Session,
    Path((id, l)): Path<(i64, i64)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    use crate::books::view::{respond, Page, Report};
    let lang = s.ctx.lang;
    let v = svc::view(&st.db, &s.ctx, id, l).await.map_err(app_err(lang))?;
    let member: Option<i64> = q.get("member").and_then(|m| m.parse().ok()).filter(|m| v.shares.iter().any(|s| s.member_id == *m));
    let name_of = |m: i64| v.shares.iter().find(|s| s.member_id == m).map(|s| s.name.clone()).unwrap_or_default();
    let mut left: i64 = v.shares.iter().filter(|sh| member.is_none_or(|m| m == sh.member_id)).map(|sh| sh.amount).sum();
    let mut rows = Vec::new();
    if let Some(d) = &v.loan.disbursed_on {
        rows.push(vec![
            layout::date(lang, d),
            lang.pick("Pencairan", "Disbursement").into(),
            member.map(name_of).unwrap_or_else(|| v.loan.ksm_name.clone()),
            left.to_string(),
            String::new(),
            String::new(),
            left.to_string(),
        ]);
    }
    for p in v.payments.iter().filter(|p| member.is_none_or(|m| m == p.member_id)) {
        left -= p.principal;
        let what = match p.source.as_str() {
            "reversal" => lang.pick("Pembatalan", "Reversal"),
            "writeoff" => lang.pick("Hapus buku", "Write-off"),
            "drawdown" => lang.pick("Dari tabungan tanggung renteng", "From joint-liability savings"),
            _ => lang.pick("Angsuran", "Instalment"),
        };
        rows.push(vec![
            layout::date(lang, &p.paid_on),
            what.into(),
            name_of(p.member_id),
            p.amount.to_string(),
            p.interest.to_string(),
            p.principal.to_string(),
            left.to_string(),
        ]);
    }
    let title = format!("{} {}", lang.pick("Rekening pinjaman", "Loan statement"), v.loan.agreement_no);
    let report = Report {
        table: swadaya_core::reports::Table {
            title: title.clone(),
            headers: [
                lang.pick("Tanggal", "Date"),
                lang.pick("Transaksi", "Transaction"),
                lang.pick("Anggota", "Member"),
                lang.pick("Jumlah", "Amount"),
                lang.pick("Jasa", "Interest"),
                lang.pick("Pokok", "Principal"),
                lang.pick("Sisa pokok", "Principal left"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            numeric: vec![3, 4, 5, 6],
        },
        links: vec![],
        widths: vec![1.2, 1.5, 1.5, 1.1, 1.0, 1.0, 1.1],
        meta: vec![format!(
            "KSM {} · {}",
            v.loan.ksm_name,
            member.map(name_of).unwrap_or_else(|| lang.pick("semua anggota", "all members").into())
        )],
        file: format!("rekening-pinjaman-{}", v.loan.agreement_no.replace(['/', ' '], "-")),
    };
    let base = format!("/i/{id}/loans/{l}/statement");
    let options: Vec<(String, String)> = std::iter::once((String::new(), lang.pick("Semua anggota", "All members").to_string()))
        .chain(v.shares.iter().map(|s| (s.member_id.to_string(), s.name.clone())))
        .collect();
    let cur = member.map(|m| m.to_string()).unwrap_or_default();
    let before = html! {
        p.muted.no-print { a href={"/i/" (id) "/loans/" (l)} { "← " (v.loan.agreement_no) } }
        h1 { (title) }
        form.search.no-print method="get" action=(base) {
            select name="member" aria-label=(lang.pick("Anggota", "Member")) { @for (val, label) in &options { option value=(val) selected[*val == cur] { (label) } } }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    };
    let after = match member {
        Some(m) => {
            let dues: Vec<_> = v.dues.iter().filter(|d| d.member_id == m).map(|d| d.due).collect();
            let rows: Vec<Instalment> = dues.iter().map(|d| d.instalment()).collect();
            let paid: HashMap<u32, i64> = dues.iter().map(|d| (d.n, d.principal_paid + d.interest_paid)).collect();
            html! { @if !rows.is_empty() { h2 { (lang.pick("Jadwal angsuran ", "Repayment schedule of ")) (name_of(m)) } (schedule_table(lang, &rows, Some(&paid))) } }
        }
        None => html! {},
    };
    respond(&s, Page { title: &title, before, after, base: &base, query: &q }, &report)
}
