//! The village budget on the web: the public page per year with charts and the balance check,
//! its open data (CSV, JSON, xlsx) and the printable poster; behind login, importing a file or
//! entering the figures as a new version.

pub mod manage;
pub mod public;

use super::layout;
use crate::charts;
use crate::routes::Routes;
use crate::upload::import_limit;
use axum::routing::{get, post};
use maud::{html, Markup};
use swadaya_core::app::apbdes::{kind_label, YearView};
use swadaya_core::reports::{poster, Table};
use swadaya_domain::apbdes::{bidang_name, realisation_bp, Pair, Section, ALL_SECTIONS};
use swadaya_domain::fund::indicators::percent;
use swadaya_domain::{Lang, Rupiah};

pub fn routes() -> Routes {
    Routes::new()
        .route("/p/{id}/apbdes", get(public::latest))
        .route("/p/{id}/apbdes/{year}", get(public::year))
        .route("/p/{id}/apbdes/{year}/{file}", get(public::download))
        .route("/apbdes/template/{file}", get(manage::template))
        .route("/i/{id}/apbdes", get(manage::page))
        .route("/i/{id}/apbdes/import", post(manage::import).layer(import_limit()))
        .route("/i/{id}/apbdes/entry", get(manage::entry_form).post(manage::entry))
}

/// Whose budget it is in a title: a village government's is the village's ("Desa Ganra").
pub fn owner(inst: &swadaya_core::app::registers::institutions::Institution) -> String {
    if inst.kind == "PEMDES" {
        swadaya_domain::region::qualified_name(&inst.region_code, &inst.region_name)
    } else {
        inst.name.clone()
    }
}

fn pct(p: Pair, lang: Lang) -> String {
    realisation_bp(p).map(|bp| percent(bp, lang)).unwrap_or_else(|| "–".into())
}

/// The name a line shows: for a spending field written only as its number, the field's name.
fn line_name(v: &YearView, i: usize, lang: Lang) -> String {
    let l = &v.lines[i];
    if l.section == Section::Spending && !l.code.contains('.') && l.name.trim().is_empty() {
        return bidang_name(&l.code, lang).unwrap_or("").to_string();
    }
    l.name.clone()
}

/// The three totals, the balance check and the budget-against-realisation table.
pub fn year_body(v: &YearView, lang: Lang) -> Markup {
    let s = &v.summary;
    let bal = s.balance();
    let totals = [
        (lang.pick("Pendapatan", "Revenue"), s.get(Section::Revenue)),
        (lang.pick("Belanja", "Spending"), s.get(Section::Spending)),
        (lang.pick("Pembiayaan (neto)", "Financing (net)"), s.net_financing()),
    ];
    let has_original = v.original.is_some();
    html! {
        p.muted { (kind_label(&v.version.kind, lang)) " · " (v.version.title) " · " (lang.pick("keadaan ", "as of ")) (layout::date(lang, &v.version.as_of)) }
        div.totals { @for (label, p) in totals {
            div.card.total {
                strong { (label) }
                dl.facts {
                    dt { (lang.pick("Anggaran", "Budget")) } dd.num { (Rupiah(p.budget)) }
                    dt { (lang.pick("Realisasi", "Realisation")) } dd.num { (Rupiah(p.realised)) }
                    dt { "%" } dd.num { (pct(p, lang)) }
                }
            }
        } }
        @if bal.budget == 0 {
            p.ok { "✓ " (lang.pick("Anggaran seimbang: pendapatan − belanja + pembiayaan neto = 0.", "The budget balances: revenue − spending + net financing = 0.")) }
        } @else {
            p.warn role="alert" { strong { (lang.pick("Anggaran tidak seimbang: ", "The budget does not balance: ")) }
                (lang.pick("pendapatan − belanja + pembiayaan neto = ", "revenue − spending + net financing = ")) (Rupiah(bal.budget))
                (lang.pick(". Periksa kembali angka anggaran sebelum diumumkan.", ". Check the budget figures before publishing them.")) }
        }
        p.muted { (lang.pick("Sisa realisasi berjalan (pendapatan − belanja + pembiayaan neto): ", "Realised balance so far (revenue − spending + net financing): ")) (Rupiah(bal.realised)) }
        div.side-by-side {
            (charts::budget_bars(lang.pick("Pendapatan menurut sumber", "Revenue by source"), &chart_rows(v, Section::Revenue, lang), (lang.pick("Anggaran", "Budget"), lang.pick("Realisasi", "Realised"))))
            (charts::budget_bars(lang.pick("Belanja menurut bidang", "Spending by field"), &chart_rows(v, Section::Spending, lang), (lang.pick("Anggaran", "Budget"), lang.pick("Realisasi", "Realised"))))
        }
        @for section in ALL_SECTIONS {
            @let rows: Vec<_> = v.rows.iter().filter(|r| v.lines[r.index].section == section).collect();
            @if !rows.is_empty() {
                h2 { (section.label(lang)) }
                div.table-wrap { table.budget.cards {
                    thead { tr {
                        th { (lang.pick("Kode", "Code")) } th { (lang.pick("Uraian", "Line")) }
                        @if has_original { th.num { (lang.pick("Anggaran awal", "Original budget")) } }
                        th.num { (lang.pick("Anggaran", "Budget")) } th.num { (lang.pick("Realisasi", "Realisation")) } th.num { "%" }
                    } }
                    tbody { @for r in rows {
                        @let l = &v.lines[r.index];
                        tr class=[r.has_children.then_some("heading")] {
                            td data-label=(lang.pick("Kode", "Code")) { (l.code) }
                            td data-label=(lang.pick("Uraian", "Line")) class={"depth-" (r.depth.min(3))} { (line_name(v, r.index, lang)) }
                            @if let Some((_, o)) = &v.original {
                                td.num data-label=(lang.pick("Anggaran awal", "Original budget")) { (o.get(&(l.section, l.code.clone())).map(|b| Rupiah(*b).to_string()).unwrap_or_else(|| "–".into())) }
                            }
                            td.num data-label=(lang.pick("Anggaran", "Budget")) { (Rupiah(r.budget)) }
                            td.num data-label=(lang.pick("Realisasi", "Realisation")) { (Rupiah(r.realised)) }
                            td.num data-label="%" { (pct(Pair { budget: r.budget, realised: r.realised }, lang)) }
                        }
                    } }
                } }
            }
        }
    }
}

/// Top-level lines of a section for the charts (the five fields, the revenue sources).
fn chart_rows(v: &YearView, section: Section, lang: Lang) -> Vec<charts::Pair> {
    v.rows
        .iter()
        .filter(|r| r.depth == 0 && v.lines[r.index].section == section)
        .map(|r| charts::Pair { label: short(&line_name(v, r.index, lang)), budget: r.budget, realised: r.realised })
        .collect()
}

/// Chart labels drop the "Bidang" prefix the table already shows.
fn short(name: &str) -> String {
    let n = name.trim();
    let n = n.strip_prefix("Bidang ").unwrap_or(n);
    if n.chars().count() > 48 {
        format!("{}…", n.chars().take(47).collect::<String>())
    } else {
        n.to_string()
    }
}

/// The year's lines as an open-data table (whole rupiah, codes as text).
pub fn table(v: &YearView, lang: Lang, institution: &str) -> Table {
    Table {
        title: format!("APBDes {} {}", institution, v.version.year),
        headers: ["bagian", "kode", "uraian", "anggaran", "realisasi", "anggaran_awal", "tingkat"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows: v
            .rows
            .iter()
            .map(|r| {
                let l = &v.lines[r.index];
                let original = v
                    .original
                    .as_ref()
                    .and_then(|(_, o)| o.get(&(l.section, l.code.clone())))
                    .map(|b| b.to_string())
                    .unwrap_or_default();
                vec![
                    l.section.code().to_string(),
                    l.code.clone(),
                    line_name(v, r.index, lang),
                    r.budget.to_string(),
                    r.realised.to_string(),
                    original,
                    r.depth.to_string(),
                ]
            })
            .collect(),
        numeric: vec![3, 4, 5, 6],
    }
}

pub fn poster_of(v: &YearView, lang: Lang, institution: &str, place: &str) -> poster::Poster {
    let s = &v.summary;
    let row = |label: &str, p: Pair| poster::PosterRow { label: label.to_string(), budget: p.budget, realised: p.realised };
    let section_rows = |section: Section| -> Vec<poster::PosterRow> {
        v.rows
            .iter()
            .filter(|r| r.depth == 0 && v.lines[r.index].section == section)
            .map(|r| poster::PosterRow { label: line_name(v, r.index, lang), budget: r.budget, realised: r.realised })
            .collect()
    };
    let bal = s.balance();
    poster::Poster {
        title: format!("APBDes {} {}", institution, v.version.year),
        subtitle: vec![
            place.to_string(),
            format!(
                "{} · {} · {} {}",
                kind_label(&v.version.kind, lang),
                v.version.title,
                lang.pick("keadaan", "as of"),
                layout::date(lang, &v.version.as_of)
            ),
        ],
        totals: vec![
            row(lang.pick("Pendapatan", "Revenue"), s.get(Section::Revenue)),
            row(lang.pick("Belanja", "Spending"), s.get(Section::Spending)),
            row(lang.pick("Pembiayaan neto", "Net financing"), s.net_financing()),
        ],
        sections: ALL_SECTIONS
            .iter()
            .map(|sec| (sec.label(lang).to_string(), section_rows(*sec)))
            .filter(|(_, r)| !r.is_empty())
            .collect(),
        balance: if bal.budget == 0 {
            lang.pick(
                "Anggaran seimbang: pendapatan − belanja + pembiayaan neto = 0",
                "The budget balances: revenue − spending + net financing = 0",
            )
            .into()
        } else {
            format!(
                "{} {}",
                lang.pick("Anggaran TIDAK seimbang, selisih", "The budget does NOT balance, off by"),
                Rupiah(bal.budget)
            )
        },
        footer: format!("{} · Swadaya", lang.pick("Sumber: papan informasi publik", "Source: public notice board")),
        words: (lang.pick("Anggaran", "Budget").into(), lang.pick("Realisasi", "Realisation").into()),
    }
}
