//! One institution's notice board: who runs it, what it does with public money, how the loan
//! fund performs (totals only), how complaints are answered, and the village budget.

use super::{cached, institution};
use crate::activities::pages::{bar, source_label};
use crate::error::WebError;
use crate::layout;
use crate::session::Viewer;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use swadaya_core::app::registers::institutions::kind_label;
use swadaya_core::app::transparency::{self, Board, BoardActivity};
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::{Lang, Rupiah};

pub async fn page(State(st): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    cached(&st, &v, format!("board:{id}"), || async {
        let html = render(&st, &v, id).await?;
        Ok(("text/html; charset=utf-8", html.into_string().into_bytes()))
    })
    .await
}

async fn render(st: &AppState, v: &Viewer, id: i64) -> Result<Markup, WebError> {
    let lang = v.lang;
    let inst = institution(st, id, lang).await?;
    let today = chrono::Local::now().date_naive();
    let day = today.to_string();
    let err = |e| WebError::from_app(e, lang);
    let officers = transparency::officers(&st.db, id, &day).await.map_err(err)?;
    let units = transparency::units(&st.db, id).await.map_err(err)?;
    let path = transparency::place(&st.db, &inst.region_code).await.map_err(err)?;
    let place: Vec<String> = path.iter().rev().map(|r| swadaya_domain::region::qualified_name(&r.code, &r.name)).collect();
    let b = transparency::board(&st.db, id, today, lang).await.map_err(|e| WebError::from_app(e, lang))?;
    let body = html! {
        h1 { (inst.name) }
        p.muted { (kind_label(&inst.kind, lang)) " · " (place.join(", ")) }
        @if let Some(l) = &inst.legal_basis { p { (lang.pick("Dasar hukum: ", "Legal basis: ")) (l) } }
        nav.jump {
            a href="#pengurus" { (lang.pick("Pengurus", "Officers")) }
            @if !b.activities.is_empty() { a href="#kegiatan" { (lang.pick("Kegiatan", "Activities")) } }
            @if b.payments_total > 0 { a href="#pembayaran" { (lang.pick("Pembayaran", "Payments")) } }
            @if !b.periods.is_empty() { a href="#keuangan" { (lang.pick("Keuangan", "Finances")) } }
            @if b.loan_fund.is_some() { a href="#dana-bergulir" { (lang.pick("Dana bergulir", "Loan fund")) } }
            a href="#pengaduan" { (lang.pick("Pengaduan", "Complaints")) }
            @if !b.apbdes_years.is_empty() { a href="#apbdes" { "APBDes" } }
            a href="#data" { (lang.pick("Data terbuka", "Open data")) }
        }
        h2 #pengurus { (lang.pick("Struktur pengurus dan kader", "Officers and cadres")) }
        @if officers.is_empty() { p.muted { (lang.pick("Belum ada pengurus tercatat.", "No officers recorded yet.")) } }
        @else { div.table-wrap { table.cards {
            thead { tr { th { (lang.pick("Nama lengkap", "Full name")) } th { (lang.pick("Jabatan", "Position")) } th { (lang.pick("Pendidikan", "Education")) } th { (lang.pick("No. SK", "Decree no.")) } } }
            tbody { @for o in &officers { tr {
                td data-label=(lang.pick("Nama lengkap", "Full name")) { (o.person_name) }
                td data-label=(lang.pick("Jabatan", "Position")) { div { (o.title) @if let Some(u) = &o.unit_name { br; span.muted { (u) } } } }
                td data-label=(lang.pick("Pendidikan", "Education")) { (o.education.as_deref().unwrap_or("–")) }
                td data-label=(lang.pick("No. SK", "Decree no.")) { (o.decree_no.as_deref().unwrap_or("–")) }
            } } }
        } } }
        (activities(id, &b, lang))
        (payments(id, &b, lang))
        (finances(&b, lang))
        (loan_fund(&b, lang))
        h2 #pengaduan { (lang.pick("Pengaduan masyarakat", "Complaints")) }
        (complaint_stats(lang, &b.complaints))
        p.actions {
            a.button href={"/p/" (id) "/pengaduan"} { (lang.pick("Sampaikan pengaduan", "File a complaint")) }
            a.button.secondary href="/lacak" { (lang.pick("Lacak pengaduan", "Track a complaint")) }
        }
        @if let Some(y) = b.apbdes_years.first() {
            h2 #apbdes { "APBDes" }
            p { a.button href={"/p/" (id) "/apbdes/" (y)} { (lang.pick("APBDes tahun ", "Village budget ")) (y) } }
        }
        @if !units.is_empty() {
            h2 { (lang.pick("Unit dan tugasnya", "Units and their duties")) }
            @for u in &units { details.card { summary { (u.name) } @if let Some(d) = &u.duties { p { (d) } } } }
        }
        h2 #data { (lang.pick("Data terbuka", "Open data")) }
        p { a href={"/p/" (id) "/data.json"} { "JSON" } " · "
            a href={"/p/" (id) "/activities.csv"} { (lang.pick("Kegiatan (CSV)", "Activities (CSV)")) } " · "
            a href={"/p/" (id) "/payments.csv"} { (lang.pick("Pembayaran (CSV)", "Payments (CSV)")) } " · "
            a href={"/p/" (id) "/feed.atom"} { (lang.pick("Kabar terbaru (Atom)", "News feed (Atom)")) } " · "
            a href={"/api/v1/public/institutions/" (id) "/register"} { (lang.pick("Pengurus (JSON)", "Officers (JSON)")) } }
        p.muted { (lang.pick("Keadaan per ", "As of ")) (layout::date(lang, &day)) " " (chrono::Local::now().format("%H:%M")) }
    };
    Ok(layout::page(lang, v.session.as_ref(), &inst.name, body))
}

fn status(a: &BoardActivity, today: &str, lang: Lang) -> String {
    match &a.handed_over_on {
        Some(d) => format!("{} {}", lang.pick("Selesai, diserahterimakan", "Done, handed over"), layout::date(lang, d)),
        None if a.planned_start.as_str() > today => lang.pick("Direncanakan", "Planned").into(),
        None => lang.pick("Sedang berjalan", "Under way").into(),
    }
}

fn activities(id: i64, b: &Board, lang: Lang) -> Markup {
    let today = b.today.to_string();
    html! {
        @if !b.activities.is_empty() {
            h2 #kegiatan { (lang.pick("Kegiatan", "Activities")) }
            @for a in &b.activities {
                div.card {
                    strong { (a.name) } br;
                    span.muted { (a.location) " · " (layout::date(lang, &a.planned_start)) " – " (layout::date(lang, &a.planned_end)) " · " (status(a, &today, lang)) }
                    dl.facts {
                        dt { (lang.pick("Fisik", "Physical")) } dd { (bar(a.physical_bp, lang)) }
                        dt { (lang.pick("Keuangan", "Financial")) } dd { (bar(a.financial_bp, lang)) " " span.muted { (Rupiah(a.cash_spent)) " / " (Rupiah(a.budget)) } }
                    }
                    @if !a.sources.is_empty() {
                        @let (source_h, committed_h, received_h, spent_h) = (lang.pick("Sumber dana", "Source"), lang.pick("Janji", "Committed"), lang.pick("Diterima", "Received"), lang.pick("Dipakai", "Spent"));
                        div.table-wrap { table.compact.cards {
                            thead { tr { th { (source_h) } th.num { (committed_h) } th.num { (received_h) } th.num { (spent_h) } } }
                            tbody { @for (s, c, r, x) in &a.sources { tr {
                                td data-label=(source_h) { (source_label(s, lang)) } td.num data-label=(committed_h) { (Rupiah(*c)) } td.num data-label=(received_h) { (Rupiah(*r)) } td.num data-label=(spent_h) { (Rupiah(*x)) }
                            } } }
                        } }
                    }
                    @if let Some(last) = a.photos.last() {
                        p { a href={"/p/" (id) "/photos/" (last)} {
                            img.thumb src={"/p/" (id) "/photos/" (last)} loading="lazy" width="160" height="120" alt=(lang.pick("Foto kemajuan terakhir", "Latest progress photo"));
                        } @if a.photos.len() > 1 { " " span.muted { (a.photos.len()) " " (lang.pick("foto", "photos")) ": " }
                            @for (i, p) in a.photos.iter().enumerate() { a href={"/p/" (id) "/photos/" (p)} { (i + 1) } " " } } }
                    }
                }
            }
        }
    }
}

fn payments(id: i64, b: &Board, lang: Lang) -> Markup {
    html! {
        @if b.payments_total > 0 {
            h2 #pembayaran { (lang.pick("Pembayaran terakhir", "Latest payments")) }
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Untuk", "For")) } th { (lang.pick("Dibayar kepada", "Paid to")) } th.num { (lang.pick("Jumlah", "Amount")) } } }
                tbody { @for p in &b.payments { tr {
                    td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &p.spent_on)) }
                    td data-label=(lang.pick("Untuk", "For")) { div { (p.item) br; span.muted { (p.activity) " · " (source_label(&p.source, lang)) } } }
                    td data-label=(lang.pick("Dibayar kepada", "Paid to")) { (p.payee) }
                    td.num data-label=(lang.pick("Jumlah", "Amount")) { (Rupiah(p.amount)) }
                } } }
            } }
            @if b.payments_total > b.payments.len() {
                p { a href={"/p/" (id) "/payments.csv"} { (lang.pick("Semua ", "All ")) (b.payments_total) (lang.pick(" pembayaran (CSV)", " payments (CSV)")) } }
            }
        }
    }
}

fn finances(b: &Board, lang: Lang) -> Markup {
    html! {
        @if !b.periods.is_empty() {
            h2 #keuangan { (lang.pick("Laporan keuangan kegiatan", "Activity finances")) }
            @for (label, _, _, rows) in &b.periods {
                h3 { (label) }
                div.table-wrap { table.cards {
                    thead { tr { th { (lang.pick("Sumber dana", "Source")) } th.num { (lang.pick("Saldo awal", "Opening")) } th.num { (lang.pick("Diterima", "Received")) } th.num { (lang.pick("Dipakai", "Spent")) } th.num { (lang.pick("Saldo akhir", "Closing")) } } }
                    tbody { @for r in rows { tr {
                        td data-label=(lang.pick("Sumber dana", "Source")) { (source_label(&r.source, lang)) }
                        td.num data-label=(lang.pick("Saldo awal", "Opening")) { (Rupiah(r.opening)) }
                        td.num data-label=(lang.pick("Diterima", "Received")) { (Rupiah(r.received)) }
                        td.num data-label=(lang.pick("Dipakai", "Spent")) { (Rupiah(r.spent)) }
                        td.num data-label=(lang.pick("Saldo akhir", "Closing")) { (Rupiah(r.closing)) }
                    } } }
                } }
            }
        }
    }
}

fn loan_fund(b: &Board, lang: Lang) -> Markup {
    html! {
        @if let Some(f) = &b.loan_fund {
            h2 #dana-bergulir { (lang.pick("Kinerja dana bergulir", "Loan fund performance")) }
            p.muted { (lang.pick("Angka gabungan seluruh KSM; utang perorangan tidak pernah diumumkan. Keadaan per ", "Totals over all groups; no one's debt is ever published. As of ")) (layout::date(lang, &f.on)) }
            div.card { dl.facts {
                dt { (lang.pick("Pinjaman beredar", "Outstanding")) } dd { (Rupiah(f.outstanding)) }
                dt { (lang.pick("Pinjaman menunggak (PAR)", "In arrears (PAR)")) } dd { (Rupiah(f.outstanding_at_risk)) }
                dt { (lang.pick("KSM meminjam", "Groups borrowing")) } dd { (f.ksm_active) }
                dt { (lang.pick("KSM menunggak", "Groups in arrears")) } dd { (f.ksm_at_risk) }
            } }
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Indikator", "Indicator")) } th.num { (lang.pick("Nilai", "Value")) } th { (lang.pick("Kategori", "Band")) } } }
                tbody { @for i in &f.indicators { tr {
                    td data-label=(lang.pick("Indikator", "Indicator")) { (i.name(lang)) }
                    td.num data-label=(lang.pick("Nilai", "Value")) { (i.value_bp.map(|x| percent(x, lang)).unwrap_or_else(|| "–".into())) }
                    td data-label=(lang.pick("Kategori", "Band")) { (i.band.map(|x| x.label(lang)).unwrap_or("–")) }
                } } }
            } }
        }
    }
}

/// Counts and speed only: who complained and what they wrote stay with the unit.
fn complaint_stats(lang: swadaya_domain::Lang, s: &swadaya_core::app::complaints::stats::Stats) -> maud::Markup {
    use crate::complaints::category_label;
    html! {
        @if s.received == 0 { p.muted { (lang.pick("Belum ada pengaduan tercatat.", "No complaints recorded yet.")) } }
        @else {
            div.card { dl.facts {
                dt { (lang.pick("Diterima", "Received")) } dd { (s.received) }
                dt { (lang.pick("Dijawab / selesai", "Answered / resolved")) } dd { (s.resolved) }
                dt { (lang.pick("Sedang ditangani", "Being handled")) } dd { (s.open) }
                dt { (lang.pick("Diteruskan ke jenjang atas", "Escalated")) } dd { (s.escalated) }
                dt { (lang.pick("Ditolak (bukan kewenangan)", "Rejected (not our authority)")) } dd { (s.rejected) }
                dt { (lang.pick("Median hari sampai dijawab", "Median days to answer")) }
                dd { @match s.median_days_to_answer { Some(d) => { (d) " " (lang.pick("hari", "days")) } None => { "–" } } }
            } }
            div.table-wrap { table {
                thead { tr { th { (lang.pick("Kategori", "Category")) } th.num { (lang.pick("Jumlah", "Count")) } } }
                tbody { @for (c, n) in &s.by_category { tr { td { (category_label(c, lang)) } td.num { (n) } } } }
            } }
        }
    }
}
