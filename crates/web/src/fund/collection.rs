//! Collecting a loan in arrears on its page: the plan, visits and hand-overs, the drawdown of
//! joint-liability savings, and the write-off by the board's decision.

use super::loans::after;
use crate::error::WebError;
use crate::form::Checked;
use crate::layout::{self, csrf_field, FormState};
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use swadaya_core::app::fund::collection;
use swadaya_core::app::fund::collection::CollectionAction;
use swadaya_domain::Rupiah;

#[allow(clippy::too_many_arguments)]
pub(super) fn collection_section(
    s: &Session,
    id: i64,
    l: i64,
    f: &FormState,
    actions: &[CollectionAction],
    members: &[(String, String)],
    power_of_attorney: bool,
    can_write: bool,
    can_decide: bool,
) -> Markup {
    let lang = s.ctx.lang;
    let mut who = vec![(String::new(), lang.pick("— seluruh KSM —", "— the whole KSM —").to_string())];
    who.extend(members.iter().cloned());
    let kinds: Vec<(String, String)> =
        collection::KINDS.iter().map(|(k, i, e)| (k.to_string(), lang.pick(i, e).to_string())).collect();
    let name_of = |m: Option<i64>| {
        m.and_then(|m| members.iter().find(|(v, _)| *v == m.to_string()).map(|(_, n)| n.clone())).unwrap_or_else(|| "KSM".into())
    };
    html! {
        h2 { (lang.pick("Penagihan", "Collection work")) }
        @if !actions.is_empty() {
            div.table-wrap { table.cards {
                thead { tr { th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Kegiatan", "Action")) } th { (lang.pick("Anggota", "Member")) } th { (lang.pick("Petugas / aparat desa", "Officer / village official")) } th { (lang.pick("Janji bayar", "Promise to pay")) } th { (lang.pick("Catatan", "Note")) } } }
                tbody { @for a in actions {
                    tr {
                        td data-label=(lang.pick("Tanggal", "Date")) { (layout::date(lang, &a.on_date)) }
                        td data-label=(lang.pick("Kegiatan", "Action")) { (collection::KINDS.iter().find(|(k, _, _)| *k == a.kind).map(|(_, i, e)| lang.pick(i, e)).unwrap_or(&a.kind)) }
                        td data-label=(lang.pick("Anggota", "Member")) { (name_of(a.member_id)) }
                        td data-label=(lang.pick("Petugas / aparat desa", "Officer / village official")) { (a.officer.clone().unwrap_or_default()) @if let Some(v) = &a.village_official { " · " (v) } }
                        td data-label=(lang.pick("Janji bayar", "Promise to pay")) {
                            @if let Some(p) = &a.promise_on { (layout::date(lang, p)) } @if let Some(x) = a.promise_amount { " " (Rupiah(x)) }
                        }
                        td data-label=(lang.pick("Catatan", "Note")) { (a.note.clone().unwrap_or_default()) }
                    }
                } }
            } }
        }
        @if can_write {
            details.card open[f.errors.keys().any(|k| ["action_kind", "on_date", "officer", "promise_on", "promise_amount", "action_member_id"].contains(&k.as_str()))] {
                summary { (lang.pick("Catat rencana, kunjungan atau penyerahan ke tim khusus", "Record a plan, a visit or a hand-over")) }
                form.stack method="post" action={"/i/" (id) "/loans/" (l) "/collection"} novalidate {
                    (csrf_field(&s.csrf))
                    (f.select("action_kind", lang.pick("Kegiatan", "Action"), &kinds))
                    (f.select("action_member_id", lang.pick("Anggota", "Member"), &who))
                    (f.input("on_date", lang.pick("Tanggal", "Date"), "date", Some(lang.pick("rencana boleh di masa depan", "a plan may be in the future"))))
                    (f.input("officer", lang.pick("Petugas", "Officer"), "text", None))
                    (f.input("village_official", lang.pick("Aparat desa yang ikut", "Village official along"), "text", None))
                    (f.input("promise_on", lang.pick("Janji bayar: tanggal", "Promise to pay: date"), "date", None))
                    (f.input("promise_amount", lang.pick("Janji bayar: jumlah", "Promise to pay: amount"), "text", None))
                    (f.input("note", lang.pick("Catatan", "Note"), "text", None))
                    button type="submit" { (lang.pick("Simpan", "Save")) }
                }
            }
            @if power_of_attorney {
                details.card open[f.errors.keys().any(|k| k.starts_with("drawdown"))] {
                    summary { (lang.pick("Cairkan tabungan tanggung renteng untuk tunggakan", "Draw down joint-liability savings for arrears")) }
                    form.stack method="post" action={"/i/" (id) "/loans/" (l) "/drawdown"} novalidate {
                        (csrf_field(&s.csrf))
                        input type="hidden" name="idem_key" value=(f.value("idem_key"));
                        (f.select("drawdown_member_id", lang.pick("Anggota yang menunggak", "Member in arrears"), members))
                        (f.input("drawdown_amount", lang.pick("Jumlah", "Amount"), "text", Some(lang.pick("paling banyak tunggakannya dan saldo tanggung renteng KSM", "at most the arrears and the KSM's joint-liability savings"))))
                        (f.input("drawdown_on", lang.pick("Tanggal", "Date"), "date", None))
                        button type="submit" { (lang.pick("Cairkan dan bayarkan", "Draw down and pay")) }
                    }
                }
            } @else {
                p.muted { (lang.pick("Perjanjian tanpa surat kuasa: tabungan tanggung renteng tidak bisa dicairkan untuk tunggakan.", "No power of attorney in the agreement: joint-liability savings cannot be drawn down for arrears.")) }
            }
        }
        @if can_decide {
            details.card open[f.errors.keys().any(|k| k.starts_with("writeoff") || k == "decision")] {
                summary { (lang.pick("Hapus buku (keputusan pengurus)", "Write off (board decision)")) }
                form.stack method="post" action={"/i/" (id) "/loans/" (l) "/write-off"} novalidate {
                    (csrf_field(&s.csrf))
                    (f.select("writeoff_member_id", lang.pick("Anggota", "Member"), members))
                    (f.input("writeoff_on", lang.pick("Tanggal keputusan", "Decision date"), "date", None))
                    (f.input("decision", lang.pick("Keputusan pengurus (rapat, no. berita acara/SK)", "Board decision (meeting, minutes or decree no.)"), "text", None))
                    button type="submit" { (lang.pick("Hapus buku sisa pinjaman", "Write off what is owed")) }
                }
            }
        }
    }
}

pub async fn add_action(
    State(st): State<AppState>,
    Path((id, l)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<collection::ActionInput>,
) -> Result<Response, WebError> {
    let r = collection::add_action(&st.db, &s.ctx, id, l, &input).await.map(|_| ());
    after(&st, &s, id, l, &form, r).await
}

pub async fn drawdown(
    State(st): State<AppState>,
    Path((id, l)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<collection::DrawdownInput>,
) -> Result<Response, WebError> {
    let r = collection::drawdown(&st.db, &s.ctx, id, l, &input).await.map(|_| ());
    after(&st, &s, id, l, &form, r).await
}

pub async fn write_off(
    State(st): State<AppState>,
    Path((id, l)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<collection::WriteOffInput>,
) -> Result<Response, WebError> {
    let r = collection::write_off(&st.db, &s.ctx, id, l, &input).await.map(|_| ());
    after(&st, &s, id, l, &form, r).await
}
