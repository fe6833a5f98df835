//! Positions (jabatan): a person's office in an institution or unit, with its decree (No. SK).
//! Ending a position keeps it as history; nothing is deleted.

use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::dates::parse_date;
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, serde::Serialize)]
pub struct PositionData {
    pub person_id: i64,
    pub unit_id: Option<i64>,
    pub title: String,
    pub decree_no: Option<String>,
    pub start_date: String,
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Position {
    pub id: i64,
    pub institution_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub education: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub title: String,
    pub decree_no: Option<String>,
    pub start_date: String,
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct PositionInput {
    #[serde(deserialize_with = "crate::app::input::id")]
    pub person_id: i64,
    #[serde(default, deserialize_with = "crate::app::input::opt_id")]
    pub unit_id: Option<i64>,
    /// Ketua, Sekretaris, Bendahara, Anggota, ...
    pub title: String,
    /// e.g. 34/KPTS/DGR/VII/2020
    #[serde(default)]
    pub decree_no: String,
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
}

fn date_msg(lang: Lang) -> String {
    lang.pick("Tanggal tidak terbaca. Tulis seperti 30/07/2020.", "Cannot read the date. Write it like 30/07/2020.").into()
}

fn date_in_range(lang: Lang, e: &mut Errors, field: &str, d: chrono::NaiveDate) {
    let latest = chrono::Local::now().date_naive() + chrono::Duration::days(366);
    if chrono::Datelike::year(&d) < 1945 || d > latest {
        e.add(
            field,
            lang.pick(
                "Tanggal tidak masuk akal (sebelum 1945 atau lebih dari setahun ke depan).",
                "The date is implausible (before 1945 or more than a year ahead).",
            ),
        );
    }
}

async fn validate(db: &Db, lang: Lang, institution_id: i64, p: &PositionInput) -> AppResult<PositionData> {
    let mut e = Errors::default();
    let title = e.take("title", text::required_line(&p.title, 80), |x| x.msg(lang));
    let decree = e.take("decree_no", text::optional_line(&p.decree_no, 80), |x| x.msg(lang)).flatten();
    let start = parse_date(&p.start_date);
    match start {
        None if p.start_date.trim().is_empty() => e.add("start_date", text::TextError::Required.msg(lang)),
        None => e.add("start_date", date_msg(lang)),
        Some(d) => date_in_range(lang, &mut e, "start_date", d),
    }
    let end = if p.end_date.trim().is_empty() { None } else { parse_date(&p.end_date) };
    if !p.end_date.trim().is_empty() && end.is_none() {
        e.add("end_date", date_msg(lang));
    }
    if let Some(d) = end {
        date_in_range(lang, &mut e, "end_date", d);
    }
    if let (Some(s), Some(en)) = (start, end) {
        if en < s {
            e.add(
                "end_date",
                lang.pick(
                    "Tanggal selesai sebelum tanggal mulai. Periksa kedua tanggal.",
                    "The end date is before the start date. Check both dates.",
                ),
            );
        }
    }
    if store::registers::get_person(db, institution_id, p.person_id).await?.is_none() {
        e.add(
            "person_id",
            lang.pick("Pilih orang dari daftar warga lembaga ini.", "Pick a person from this institution's register."),
        );
    }
    if let Some(u) = p.unit_id {
        if store::registers::get_unit(db, institution_id, u).await?.is_none() {
            e.add("unit_id", lang.pick("Pilih unit dari daftar unit lembaga ini.", "Pick a unit of this institution."));
        }
    }
    e.finish()?;
    Ok(PositionData {
        person_id: p.person_id,
        unit_id: p.unit_id,
        title: title.unwrap_or_default(),
        decree_no: decree,
        start_date: start.map(|d| d.to_string()).unwrap_or_default(),
        end_date: end.map(|d| d.to_string()),
    })
}

pub async fn create(db: &Db, ctx: &Ctx, institution_id: i64, p: &PositionInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteOrganisation)?;
    let data = validate(db, ctx.lang, institution_id, p).await?;
    let existing = store::registers::list_positions(db, institution_id).await?;
    // A double tap must not give one person the same office twice.
    if existing.iter().any(|x| {
        x.person_id == data.person_id
            && x.title.eq_ignore_ascii_case(&data.title)
            && x.unit_id == data.unit_id
            && x.start_date == data.start_date
    }) {
        return Err(AppError::field(
            "title",
            ctx.t(
                "Jabatan ini sudah tercatat untuk orang ini dengan tanggal mulai yang sama.",
                "This position is already recorded for this person with the same start date.",
            ),
        ));
    }
    let mut tx = db.begin().await?;
    let id = store::registers::insert_position(&mut tx, institution_id, &data).await?;
    let mut ev = ctx.audit("create", "position", id, Some(institution_id));
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// Corrects a recorded position (a mistyped title, decree number or date); the audit log keeps
/// what it said before.
pub async fn update(db: &Db, ctx: &Ctx, institution_id: i64, id: i64, p: &PositionInput) -> AppResult<()> {
    ctx.require(institution_id, Action::WriteOrganisation)?;
    let before = store::registers::get_position(db, institution_id, id).await?.ok_or(AppError::NotFound)?;
    let data = validate(db, ctx.lang, institution_id, p).await?;
    let mut tx = db.begin().await?;
    store::registers::update_position(&mut tx, institution_id, id, &data).await?;
    let mut ev = ctx.audit("update", "position", id, Some(institution_id));
    ev.before = to_json(&before);
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a position on a date (kept as history).
pub async fn end(db: &Db, ctx: &Ctx, institution_id: i64, id: i64, end_date: &str) -> AppResult<()> {
    ctx.require(institution_id, Action::WriteOrganisation)?;
    let before = store::registers::get_position(db, institution_id, id).await?.ok_or(AppError::NotFound)?;
    let Some(end) = parse_date(end_date) else {
        return Err(AppError::field("end_date", date_msg(ctx.lang)));
    };
    if end.to_string() < before.start_date {
        return Err(AppError::field(
            "end_date",
            ctx.t("Tanggal selesai sebelum tanggal mulai jabatan.", "The end date is before the position started."),
        ));
    }
    if before.end_date.is_some() {
        return Err(AppError::Conflict {
            message: ctx.t("Jabatan ini sudah berakhir.", "This position has already ended.").into(),
            link: None,
        });
    }
    let mut tx = db.begin().await?;
    store::registers::end_position(&mut tx, institution_id, id, &end.to_string()).await?;
    let mut ev = ctx.audit("end", "position", id, Some(institution_id));
    ev.before = to_json(&before);
    ev.after = format!("{{\"end_date\":\"{end}\"}}");
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// Every position of the institution, held or ended.
pub async fn list(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<store::registers::Position>> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::registers::list_positions(db, institution_id).await?)
}

pub async fn get(db: &Db, ctx: &Ctx, institution_id: i64, id: i64) -> AppResult<store::registers::Position> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    store::registers::get_position(db, institution_id, id).await?.ok_or(AppError::NotFound)
}
