//! The home page after login: the work waiting for this user, per institution, each line a
//! link to where it is done (`app::home`). The system admin's work is the list of institutions.

use super::error::WebError;
use super::layout;
use super::session::{Session, Viewer};
use super::AppState;
use crate::routes::Routes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{html, Markup};
use swadaya_core::app::books::month_label;
use swadaya_core::app::home::{self, Task, What};
use swadaya_core::app::registers::institutions::Institution;
use swadaya_domain::dates::format_date;
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

pub fn routes() -> Routes {
    Routes::new().route("/", get(root)).route("/home", get(page))
}

/// A visitor reads the notice boards; a signed-in user starts at their work.
async fn root(viewer: Viewer) -> Response {
    match viewer.session {
        Some(_) => Redirect::to("/home").into_response(),
        None => Redirect::to("/p").into_response(),
    }
}

async fn page(State(st): State<AppState>, s: Session) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    if s.ctx.actor.is_system {
        return Ok(Redirect::to("/institutions").into_response());
    }
    let today = chrono::Local::now().date_naive();
    let desks = home::desks(&st.db, &s.ctx, today).await.map_err(|e| WebError::from_app(e, lang))?;
    let waiting = desks.iter().map(|d| d.tasks.len()).sum::<usize>();
    let works = desks.iter().any(|d| d.works_here);
    let body = html! {
        h1 { (lang.pick("Beranda", "Home")) }
        p.muted { (s.ctx.actor.display_name) " · " (format_date(today, lang)) }
        @if waiting == 0 && works {
            p.card role="status" { (lang.pick("Tidak ada pekerjaan yang menunggu. Semua catatan yang jatuh tempo sudah masuk.", "Nothing is waiting. Every record due is in.")) }
        }
        @if desks.is_empty() {
            p.card { (lang.pick("Anda belum diberi peran di lembaga mana pun. Minta admin lembaga menambahkan Anda.", "You have no role in any institution yet. Ask the institution's admin to add you.")) }
        }
        @for d in &desks {
            section.card.desk {
                h2 { a href={"/i/" (d.institution.id)} { (d.institution.name) } }
                @if !d.works_here {
                    p.muted { (lang.pick("Peran Anda di sini membaca catatan; pekerjaan yang menunggu tampil bagi pengurus dan petugasnya.", "Your role here reads the records; the work waiting shows for its board and officers.")) }
                }
                @if !d.tasks.is_empty() {
                    ul.tasks { @for t in &d.tasks {
                        li.late[t.late] { a href=(t.href) { (describe(t, today, lang)) } @if t.late { " " span.badge.late { (lang.pick("terlambat", "late")) } } }
                    } }
                }
                (shortcuts(&s, &d.institution, lang))
            }
        }
    };
    Ok(layout::page(lang, Some(&s), lang.pick("Beranda", "Home"), body).into_response())
}

/// The institution's pages this user opens most, by what their roles allow.
fn shortcuts(s: &Session, inst: &Institution, lang: Lang) -> Markup {
    let (a, id) = (&s.ctx.actor, inst.id);
    // Groups and the revolving fund are a BKM/LKM's; activities belong to the bodies that build.
    let fund = ["BKM", "LKM"].contains(&inst.kind.as_str());
    let builds = fund || ["KKM", "KPMD", "PEMDES"].contains(&inst.kind.as_str());
    let links: Vec<(String, &str)> = [
        (fund, format!("/i/{id}/ksm"), lang.pick("KSM", "KSM")),
        (a.can(id, Action::ReadBooks), format!("/i/{id}/books"), lang.pick("Buku kas & jurnal", "Books")),
        (fund && a.can(id, Action::ReadBooks), format!("/i/{id}/loans"), lang.pick("Pinjaman", "Loans")),
        (a.can(id, Action::ReadComplaints), format!("/i/{id}/complaints"), lang.pick("Pengaduan", "Complaints")),
        (builds && !a.only_some_ksm(id), format!("/i/{id}/activities"), lang.pick("Kegiatan", "Activities")),
    ]
    .into_iter()
    .filter(|(allowed, ..)| *allowed)
    .map(|(_, href, label)| (href, label))
    .collect();
    html! { p.shortcuts { @for (i, (href, label)) in links.iter().enumerate() { @if i > 0 { " · " } a href=(href) { (label) } } } }
}

/// "1 complaint", "3 complaints": English counts its nouns; Indonesian does not.
fn en(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The task in one line of the user's language (the home page and `GET /api/v1/home`).
pub(crate) fn describe(t: &Task, today: chrono::NaiveDate, lang: Lang) -> String {
    let date = |d| format_date(d, lang);
    match &t.what {
        What::SheetDue { ksm, on } if *on == today => match lang {
            Lang::Id => format!("{ksm}: pertemuan hari ini ({}), isi lembar pertemuannya", date(*on)),
            Lang::En => format!("{ksm}: today's meeting ({}): fill in its sheet", date(*on)),
        },
        What::SheetDue { ksm, on } => match lang {
            Lang::Id => format!("{ksm}: lembar pertemuan {} belum dicatat", date(*on)),
            Lang::En => format!("{ksm}: the sheet of the meeting on {} is not recorded yet", date(*on)),
        },
        What::SheetsDue { groups } => match lang {
            Lang::Id => format!("{groups} KSM belum mencatat lembar pertemuan terakhirnya"),
            Lang::En => format!("{} not recorded their last meeting's sheet", en(*groups, "group has", "groups have")),
        },
        What::NextMeeting { ksm, on } => match lang {
            Lang::Id => format!("{ksm}: semua lembar sudah dicatat; pertemuan berikutnya {}", date(*on)),
            Lang::En => format!("{ksm}: every sheet is recorded; the next meeting is on {}", date(*on)),
        },
        What::SheetCorrections { ksm, count } => match lang {
            Lang::Id => format!("{ksm}: {count} koreksi lembar dari ponsel menunggu diterima atau ditolak"),
            Lang::En => format!(
                "{ksm}: {} from a phone to accept or refuse",
                en(*count as usize, "sheet correction", "sheet corrections")
            ),
        },
        What::Arrears { shares, amount } => match lang {
            Lang::Id => format!("Tunggakan: {shares} pinjaman anggota menunggak {amount}"),
            Lang::En => format!("Arrears: {} behind by {amount}", en(*shares, "member loan", "member loans")),
        },
        What::MonthToClose { month } => match lang {
            Lang::Id => format!("Tutup buku bulan {}", month_label(month, lang)),
            Lang::En => format!("Close the books of {}", month_label(month, lang)),
        },
        What::LoansToDecide { count } => match lang {
            Lang::Id => format!("{count} permohonan pinjaman menunggu keputusan"),
            Lang::En => format!("{} waiting for a decision", en(*count, "loan application", "loan applications")),
        },
        What::LoansToDisburse { count } => match lang {
            Lang::Id => format!("{count} pinjaman sudah disetujui, belum dicairkan"),
            Lang::En => format!("{} approved, not paid out yet", en(*count, "loan", "loans")),
        },
        What::ComplaintsOverdue { count } => match lang {
            Lang::Id => format!("{count} pengaduan lewat batas waktu layanan"),
            Lang::En => format!("{} past the service level", en(*count, "complaint", "complaints")),
        },
        What::ComplaintsToVerify { count, escalated: 0 } => match lang {
            Lang::Id => format!("{count} pengaduan menunggu verifikasi"),
            Lang::En => format!("{} waiting to be verified", en(*count, "complaint", "complaints")),
        },
        What::ComplaintsToVerify { count, escalated } => match lang {
            Lang::Id => format!("{count} pengaduan menunggu verifikasi ({escalated} diteruskan dari jenjang bawah)"),
            Lang::En => format!(
                "{} waiting to be verified ({escalated} escalated from the level below)",
                en(*count, "complaint", "complaints")
            ),
        },
        What::ProposalsToScore { count } => match lang {
            Lang::Id => format!("{count} usulan belum dinilai"),
            Lang::En => format!("{} not scored yet", en(*count, "proposal", "proposals")),
        },
        What::ProposalsToDecide { count } => match lang {
            Lang::Id => format!("{count} usulan sudah dinilai, menunggu keputusan rapat"),
            Lang::En => format!("{} waiting for the meeting's decision", en(*count, "scored proposal", "scored proposals")),
        },
        What::FundsAwaited { activities, amount } => match lang {
            Lang::Id => format!("Dana yang dijanjikan belum diterima: {amount} untuk {activities} kegiatan"),
            Lang::En => {
                format!("Money promised and not yet received: {amount} for {}", en(*activities, "activity", "activities"))
            }
        },
        What::PaymentsWithoutProof { count } => match lang {
            Lang::Id => format!("{count} pembayaran belum dilampiri foto atau pindaian buktinya"),
            Lang::En => format!("{} without a photo or scan of the proof yet", en(*count, "payment", "payments")),
        },
    }
}
