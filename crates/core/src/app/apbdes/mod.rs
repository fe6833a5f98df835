//! The village budget (APBDes): a budget, its amendments and its realisation reports, each
//! saved whole as a new version (imported from xlsx/CSV or entered on a form). Reading it is
//! public; the notice board and the poster show the latest version of a year.

pub mod import;

use crate::app::books::any_date;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors, FieldError};
use crate::store::{self, Db};
use std::collections::HashMap;
use swadaya_domain::apbdes::{tree, Line, Problem, Row, Section, Summary};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Version {
    pub id: i64,
    pub year: i64,
    /// original, amendment or realisation
    pub kind: String,
    /// The Perdes number or the report's name
    pub title: String,
    /// The day the figures stand at
    pub as_of: String,
    /// "form" or "import: <file name>"
    pub source: String,
    pub created_by: String,
    pub created_at: String,
}

/// What a saved set of lines is.
pub const KINDS: [&str; 3] = ["original", "amendment", "realisation"];

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "original" => lang.pick("APBDes (awal)", "Village budget (original)"),
        "amendment" => lang.pick("Perubahan APBDes", "Budget amendment"),
        _ => lang.pick("Laporan realisasi", "Realisation report"),
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct VersionInput {
    pub year: String,
    /// original, amendment or realisation
    pub kind: String,
    /// The Perdes number or the report's name, e.g. "Perdes No. 1 Tahun 2022"
    pub title: String,
    /// The day the figures stand at (for a realisation, the reporting date)
    pub as_of: String,
}

struct Header {
    year: i64,
    kind: &'static str,
    title: String,
    as_of: String,
}

fn check_header(e: &mut Errors, lang: Lang, v: &VersionInput) -> Option<Header> {
    let year = v.year.trim().parse::<i64>().ok().filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        e.add("year", lang.pick("Tulis tahun anggaran, misalnya 2022.", "Write the budget year, e.g. 2022."));
    }
    let kind = KINDS.into_iter().find(|k| *k == v.kind.trim());
    if kind.is_none() {
        e.add(
            "kind",
            lang.pick(
                "Pilih: APBDes awal, perubahan, atau laporan realisasi.",
                "Choose: original budget, amendment or realisation report.",
            ),
        );
    }
    let title = e.take("title", text::required_line(&v.title, 160), |x| x.msg(lang));
    let as_of = any_date(e, lang, "as_of", &v.as_of);
    Some(Header { year: year?, kind: kind?, title: title?, as_of: as_of?.to_string() })
}

/// The problems of a set of lines as messages naming the row (`rows[i]` is line i's row
/// number in the file or form) and the column.
pub fn problem_messages(lang: Lang, lines: &[Line], rows: &[usize], problems: &[Problem]) -> Vec<FieldError> {
    let row_of = |i: usize| rows.get(i).copied().unwrap_or(i + 1);
    problems
        .iter()
        .map(|p| {
            let message = match p {
                Problem::Duplicate(i, code) => {
                    let first = lines.iter().position(|l| l.code == *code && l.section == lines[*i].section).unwrap_or(*i);
                    lang.pick(
                        "Baris {r}, kolom kode: kode {c} sudah ada di baris {f}.",
                        "Row {r}, column code: code {c} is already on row {f}.",
                    )
                    .replace("{r}", &row_of(*i).to_string())
                    .replace("{c}", code)
                    .replace("{f}", &row_of(first).to_string())
                }
                Problem::Mismatch(i, col, written, sum) => {
                    let column = match col {
                        swadaya_domain::apbdes::Column::Budget => lang.pick("anggaran", "budget"),
                        swadaya_domain::apbdes::Column::Realised => lang.pick("realisasi", "realisation"),
                    };
                    lang.pick(
                        "Baris {r}, kolom {k}: {c} tertulis {w}, padahal jumlah rinciannya {s}. Perbaiki salah satunya.",
                        "Row {r}, column {k}: {c} says {w}, but its lines add up to {s}. Correct one of them.",
                    )
                    .replace("{r}", &row_of(*i).to_string())
                    .replace("{k}", column)
                    .replace("{c}", &lines[*i].code)
                    .replace("{w}", &swadaya_domain::Rupiah(*written).to_string())
                    .replace("{s}", &swadaya_domain::Rupiah(*sum).to_string())
                }
            };
            FieldError { field: "file".into(), message }
        })
        .collect()
}

/// Saves a whole set of lines as a new version, or refuses it whole.
pub async fn save(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    input: &VersionInput,
    lines: &[Line],
    rows: &[usize],
    source: &str,
) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteBudget)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let h = check_header(&mut e, lang, input);
    if lines.is_empty() {
        e.add("file", lang.pick("Tidak ada baris anggaran yang terbaca.", "No budget line was read."));
    }
    let (shown, problems) = tree(lines);
    e.0.extend(problem_messages(lang, lines, rows, &problems));
    e.finish()?;
    let h = h.expect("checked");
    let mut tx = db.begin().await?;
    let v = store::apbdes::NewVersion {
        year: h.year,
        kind: h.kind,
        title: &h.title,
        as_of: &h.as_of,
        source,
        created_by: &ctx.actor.username,
    };
    let id = store::apbdes::insert(&mut tx, institution_id, &v, lines).await?;
    let s = Summary::of(lines, &shown);
    let mut ev = ctx.audit("create", "apbdes_version", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "year": h.year, "kind": h.kind, "title": h.title, "as_of": h.as_of, "source": source, "lines": lines.len(),
        "revenue": [s.get(Section::Revenue).budget, s.get(Section::Revenue).realised],
        "spending": [s.get(Section::Spending).budget, s.get(Section::Spending).realised],
        "net_financing": [s.net_financing().budget, s.net_financing().realised],
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// Budget per (section, code).
pub type Budgets = HashMap<(Section, String), i64>;

/// A year's budget as published: the latest version, and the original budget's figures for
/// the "before amendment" column.
pub struct YearView {
    pub version: Version,
    pub lines: Vec<Line>,
    pub rows: Vec<Row>,
    pub summary: Summary,
    pub problems: Vec<Problem>,
    /// (section, code) -> budget in the original APBDes, when the latest is a later version
    pub original: Option<(Version, Budgets)>,
    pub versions: Vec<Version>,
}

/// The version the public sees for a year: the figures that stand latest (by their date, then
/// the last saved), so an original budget saved after the realisation report does not replace it.
pub fn latest<'a>(versions: impl Iterator<Item = &'a Version>) -> Option<&'a Version> {
    versions.max_by(|a, b| a.as_of.cmp(&b.as_of).then(a.id.cmp(&b.id)))
}

pub async fn years(db: &Db, institution_id: i64) -> AppResult<Vec<i64>> {
    let mut y: Vec<i64> = store::apbdes::versions(db, institution_id).await?.iter().map(|v| v.year).collect();
    y.dedup();
    Ok(y)
}

pub async fn year_view(db: &Db, institution_id: i64, year: i64) -> AppResult<Option<YearView>> {
    let versions: Vec<Version> =
        store::apbdes::versions(db, institution_id).await?.into_iter().filter(|v| v.year == year).collect();
    let Some(version) = latest(versions.iter()).cloned() else { return Ok(None) };
    let lines = store::apbdes::lines(db, institution_id, version.id).await?;
    let (rows, problems) = tree(&lines);
    let summary = Summary::of(&lines, &rows);
    let original = match versions.iter().find(|v| v.kind == "original") {
        Some(o) if o.id != version.id && versions.iter().any(|v| v.kind == "amendment") => {
            let ol = store::apbdes::lines(db, institution_id, o.id).await?;
            let (orows, _) = tree(&ol);
            let map = orows.iter().map(|r| ((ol[r.index].section, ol[r.index].code.clone()), r.budget)).collect();
            Some((o.clone(), map))
        }
        _ => None,
    };
    Ok(Some(YearView { version, lines, rows, summary, problems, original, versions }))
}

/// Every version of the institution's budgets, for those who keep them.
pub async fn versions(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Version>> {
    require_write(ctx, institution_id).await?;
    Ok(store::apbdes::versions(db, institution_id).await?)
}

pub async fn require_write(ctx: &Ctx, institution_id: i64) -> AppResult<()> {
    ctx.require(institution_id, Action::WriteBudget)
}

/// Lines typed on the form: `row-N-section`, `row-N-code`, `row-N-name`, `row-N-budget`,
/// `row-N-realised`; empty rows are left out. Errors name the form's row number.
pub fn lines_from_form(lang: Lang, form: &HashMap<String, String>) -> Result<(Vec<Line>, Vec<usize>), AppError> {
    let get = |n: usize, k: &str| form.get(&format!("row-{n}-{k}")).cloned().unwrap_or_default();
    lines_from_rows(
        lang,
        (0..import::MAX_ROWS).map(|n| import::RawRow {
            row: n + 1,
            section: Section::parse(get(n, "section").trim()),
            code: get(n, "code"),
            name: get(n, "name"),
            budget: get(n, "budget"),
            realised: get(n, "realised"),
        }),
    )
}

/// Lines typed on a form or sent to the API (row numbers from 1); empty rows are left out and
/// every problem is named under `row-N` (N from 0, the form's field prefix).
pub fn lines_from_rows(lang: Lang, raw: impl IntoIterator<Item = import::RawRow>) -> Result<(Vec<Line>, Vec<usize>), AppError> {
    let mut e = Errors::default();
    let mut out = Vec::new();
    let mut rows = Vec::new();
    for mut r in raw {
        for v in [&mut r.code, &mut r.name, &mut r.budget, &mut r.realised] {
            *v = v.trim().to_string();
        }
        if [&r.code, &r.name, &r.budget, &r.realised].iter().all(|s| s.is_empty()) {
            continue;
        }
        match import::line_of(lang, &r) {
            Ok(l) => {
                out.push(l);
                rows.push(r.row);
            }
            Err(msgs) => msgs.into_iter().for_each(|m| e.add(&format!("row-{}", r.row - 1), m)),
        }
    }
    e.finish()?;
    Ok((out, rows))
}

/// The years with a budget, newest first, and one year's budget as it stands (the latest year
/// when none is asked for), for whoever may read the institution.
pub async fn read(db: &Db, ctx: &Ctx, institution_id: i64, year: Option<i64>) -> AppResult<(Vec<i64>, Option<YearView>)> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    let all = years(db, institution_id).await?;
    let Some(year) = year.or_else(|| all.first().copied()) else { return Ok((all, None)) };
    Ok((all, year_view(db, institution_id, year).await?))
}
