//! A group's members on the web: joining and leaving, withdrawals, each member's savings
//! statement (page and PDF), and the group register with every member's savings (xlsx, CSV).

use super::groups::{after, app_err};
use crate::error::WebError;
use crate::form::{Checked, CheckedForm};
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use std::collections::HashMap;
use swadaya_core::app::ksm::groups::{self as svc};
use swadaya_core::app::ksm::records;
use swadaya_core::app::ksm::savings as savings_svc;
use swadaya_core::app::AppError;
use swadaya_domain::ksm::SAVINGS_KINDS;
use swadaya_domain::Rupiah;

pub async fn add_member(
    State(st): State<AppState>,
    Path((id, k)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<svc::MemberInput>,
) -> Result<Response, WebError> {
    let r = svc::add_member(&st.db, &s.ctx, id, k, input.person_id, &input.role, &input.joined_on).await.map(|_| ());
    after(&st, &s, id, k, &form, r).await
}

pub async fn leave(
    State(st): State<AppState>,
    Path((id, k, m)): Path<(i64, i64, i64)>,
    CheckedForm { s, form }: CheckedForm,
) -> Result<Response, WebError> {
    let r = svc::end_member(&st.db, &s.ctx, id, k, m, &form.get("left_on")).await.map_err(|e| match e {
        AppError::Invalid(v) => AppError::Invalid(
            v.into_iter().map(|x| swadaya_core::app::FieldError { field: "member".into(), message: x.message }).collect(),
        ),
        other => other,
    });
    after(&st, &s, id, k, &form, r).await
}

pub async fn withdraw(
    State(st): State<AppState>,
    Path((id, k)): Path<(i64, i64)>,
    Checked { s, input: w, form }: Checked<savings_svc::WithdrawalInput>,
) -> Result<Response, WebError> {
    match savings_svc::withdraw(&st.db, &s.ctx, id, k, &w).await {
        Ok(_) => Ok(crate::flash::saved(
            &format!("/i/{id}/ksm/{k}"),
            s.ctx.lang.pick("Penarikan tercatat.", "The withdrawal is recorded."),
        )),
        Err(e) => after(&st, &s, id, k, &form, Err(e)).await,
    }
}

pub async fn statement(
    State(st): State<AppState>,
    s: Session,
    Path((id, k, m)): Path<(i64, i64, i64)>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let (member, lines) = records::statement(&st.db, &s.ctx, id, k, m).await.map_err(app_err(lang))?;
    let mut running: HashMap<&str, i64> = HashMap::new();
    let body = html! {
        p.muted { a href={"/i/" (id) "/ksm/" (k)} { (g.data.name) } }
        h1 { (lang.pick("Rekening tabungan ", "Savings statement ")) (member.name) }
        p { a.button.secondary href={"/i/" (id) "/ksm/" (k) "/members/" (m) "/statement.pdf"} { (lang.pick("Unduh PDF", "Download PDF")) } }
        div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Jenis", "Kind")) } th.num { (lang.pick("Setor/tarik", "In/out")) } th.num { (lang.pick("Saldo jenis ini", "Balance of this kind")) } th { (lang.pick("Keterangan", "Note")) } } }
            tbody { @for l in &lines {
                @let bal = { let b = running.entry(l.kind.as_str()).or_insert(0); *b += l.amount; *b };
                tr {
                    td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &l.on_date)) }
                    td data-label=(lang.pick("Jenis", "Kind")) { (swadaya_domain::ksm::SavingsKind::parse(&l.kind).map(|x| x.short(lang)).unwrap_or("")) }
                    td.num data-label=(lang.pick("Setor/tarik", "In/out")) { (Rupiah(l.amount)) }
                    td.num data-label=(lang.pick("Saldo", "Balance")) { (Rupiah(bal)) }
                    td data-label=(lang.pick("Keterangan", "Note")) {
                        @if let Some(mid) = l.meeting_id { a href={"/i/" (id) "/ksm/" (k) "/meetings/" (mid)} { (lang.pick("pertemuan", "meeting")) } " " }
                        (l.note.as_deref().unwrap_or(""))
                    }
                }
            } }
        } }
    };
    Ok(layout::page(lang, Some(&s), &member.name, body).into_response())
}

/// The group register with each member's savings (xlsx or CSV).
async fn register_table(st: &AppState, s: &Session, id: i64, k: i64) -> Result<swadaya_core::reports::Table, WebError> {
    let lang = s.ctx.lang;
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let members = records::members(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let b = savings_svc::balances(&st.db, id, k).await.map_err(app_err(lang))?;
    use swadaya_domain::ksm::SavingsKind::*;
    Ok(swadaya_core::reports::Table {
        numeric: Vec::new(),
        title: g.data.name.clone(),
        headers: [
            "nama",
            "jenis_kelamin",
            "peran",
            "bergabung",
            "keluar",
            "tabungan_wajib",
            "tabungan_sukarela",
            "tabungan_tanggung_renteng",
            "jumlah",
        ]
        .map(String::from)
        .to_vec(),
        rows: members
            .iter()
            .map(|m| {
                let (w, v, j) = (b.of(m.id, Routine).0, b.of(m.id, Voluntary).0, b.of(m.id, JointLiability).0);
                vec![
                    m.name.clone(),
                    m.sex.clone(),
                    m.role.clone(),
                    m.joined_on.clone(),
                    m.left_on.clone().unwrap_or_default(),
                    w.to_string(),
                    v.to_string(),
                    j.to_string(),
                    (w + v + j).to_string(),
                ]
            })
            .collect(),
    })
}

pub async fn export_xlsx(State(st): State<AppState>, s: Session, Path((id, k)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let t = register_table(&st, &s, id, k).await?;
    Ok(crate::download::file(
        swadaya_core::reports::xlsx(&t).map_err(WebError::internal)?,
        swadaya_core::reports::XLSX_TYPE,
        "ksm-anggota-tabungan.xlsx",
    ))
}

pub async fn export_csv(State(st): State<AppState>, s: Session, Path((id, k)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let t = register_table(&st, &s, id, k).await?;
    Ok(crate::download::file(
        swadaya_core::reports::csv(&t).map_err(WebError::internal)?,
        "text/csv; charset=utf-8",
        "ksm-anggota-tabungan.csv",
    ))
}

/// A member's savings statement as a printable PDF.
pub async fn statement_pdf(
    State(st): State<AppState>,
    s: Session,
    Path((id, k, m)): Path<(i64, i64, i64)>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let g = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(app_err(lang))?;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?;
    let (member, lines) = records::statement(&st.db, &s.ctx, id, k, m).await.map_err(app_err(lang))?;
    let mut running: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let b = running.entry(l.kind.clone()).or_insert(0);
            *b += l.amount;
            vec![
                layout::date(lang, &l.on_date),
                swadaya_domain::ksm::SavingsKind::parse(&l.kind).map(|x| x.short(lang)).unwrap_or("").to_string(),
                Rupiah(l.amount).to_string(),
                Rupiah(*b).to_string(),
                l.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let totals: Vec<String> = SAVINGS_KINDS
        .iter()
        .map(|kd| format!("{}: {}", kd.short(lang), Rupiah(running.get(kd.code()).copied().unwrap_or(0))))
        .collect();
    let t = swadaya_core::reports::Table {
        numeric: Vec::new(),
        title: format!("{} {}", lang.pick("Rekening tabungan", "Savings statement"), member.name),
        headers: [
            lang.pick("Tanggal", "Date"),
            lang.pick("Jenis", "Kind"),
            lang.pick("Setor/tarik", "In/out"),
            lang.pick("Saldo jenis ini", "Balance of this kind"),
            lang.pick("Keterangan", "Note"),
        ]
        .map(String::from)
        .to_vec(),
        rows,
    };
    let meta = [
        format!("{} · {}", g.data.name, inst.name),
        format!("{} {}", lang.pick("Saldo: ", "Balances: "), totals.join(" · ")),
        format!(
            "{} {} · {}",
            lang.pick("Dicetak", "Printed"),
            swadaya_domain::dates::format_date(chrono::Local::now().date_naive(), lang),
            s.ctx.actor.display_name
        ),
    ];
    let pdf = swadaya_core::reports::pdf::table(
        &t,
        &swadaya_core::reports::pdf::Layout {
            meta: &meta,
            widths: &[1.3, 1.1, 1.2, 1.3, 2.0],
            right: &[2, 3],
            page_word: lang.pick("Halaman", "Page"),
            ..Default::default()
        },
    )
    .map_err(WebError::internal)?;
    Ok(crate::download::file(pdf, "application/pdf", "rekening-tabungan.pdf"))
}
