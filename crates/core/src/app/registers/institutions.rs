//! Institutions (lembaga) and their units.

use super::regions::require_known;
use super::templates;
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct InstitutionData {
    pub kind: String,
    pub name: String,
    pub region_code: String,
    pub legal_basis: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Institution {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    pub legal_basis: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Unit {
    pub id: i64,
    pub institution_id: i64,
    pub name: String,
    pub duties: Option<String>,
}

pub const KINDS: [&str; 9] = ["BKM", "LKM", "KKM", "BPSPAMS", "KPP", "KPMD", "PEMDES", "BUMDES", "LAINNYA"];

pub fn kind_label(kind: &str, lang: Lang) -> String {
    match kind {
        "BKM" => "BKM (Badan Keswadayaan Masyarakat)".into(),
        "LKM" => "LKM (Lembaga Keswadayaan Masyarakat)".into(),
        "KKM" => "KKM (Kelompok Keswadayaan Masyarakat, Pamsimas)".into(),
        "BPSPAMS" => lang.pick("BP-SPAMS (Badan Pengelola Sarana Air Minum)", "BP-SPAMS (village water system operator)").into(),
        "KPP" => lang.pick("KPP (Kelompok Pemanfaat dan Pemelihara)", "KPP (users' and maintenance group)").into(),
        "KPMD" => "KPMD (Kader Pemberdayaan Masyarakat Desa)".into(),
        "PEMDES" => lang.pick("Pemerintah Desa", "Village government").into(),
        "BUMDES" => "BUMDes".into(),
        "LAINNYA" => lang.pick("Lainnya", "Other").into(),
        other => other.into(),
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct InstitutionInput {
    /// One of BKM, LKM, KKM, BPSPAMS, KPP, KPMD, PEMDES, BUMDES, LAINNYA
    pub kind: String,
    pub name: String,
    /// Kemendagri code, e.g. 35.19.09.2014
    pub region_code: String,
    pub legal_basis: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Add the standard units of the kind (KKM: seed 000; BKM/LKM: UPK, UPL, UPS, Sekretariat)
    #[serde(default, deserialize_with = "crate::app::input::flag")]
    pub with_template_units: bool,
}

async fn validate(db: &Db, lang: Lang, i: &InstitutionInput) -> AppResult<InstitutionData> {
    let mut e = Errors::default();
    if !KINDS.contains(&i.kind.as_str()) {
        e.add("kind", lang.pick("Pilih jenis lembaga dari daftar.", "Pick the institution kind from the list."));
    }
    let name = e.take("name", text::required_line(&i.name, 150), |x| x.msg(lang));
    let opt = |e: &mut Errors, f: &str, v: &Option<String>, max: usize| {
        e.take(f, text::optional_line(v.as_deref().unwrap_or(""), max), |x| x.msg(lang)).flatten()
    };
    let legal_basis = opt(&mut e, "legal_basis", &i.legal_basis, 200);
    let address = opt(&mut e, "address", &i.address, 300);
    let phone = e.take("phone", text::phone(i.phone.as_deref().unwrap_or("")), |x| x.msg(lang)).flatten();
    let email = opt(&mut e, "email", &i.email, 120);
    if email.as_deref().is_some_and(|m| !m.contains('@')) {
        e.add("email", lang.pick("Alamat email tidak sah.", "The email address is not valid."));
    }
    let region_code = match require_known(db, lang, "region_code", &i.region_code).await {
        // Complaints go up to kabupaten and province bodies, so those may be registered too;
        // below the desa (dusun, RT) is a place, not the seat of an institution.
        Ok(r) if (1..=4).contains(&r.level) => r.code,
        Ok(r) => {
            e.add(
                "region_code",
                match lang {
                    Lang::Id => format!(
                        "{} ({}) adalah dusun/RW atau RT. Lembaga berkedudukan di desa/kelurahan, kecamatan, kabupaten/kota atau provinsi.",
                        r.name, r.code
                    ),
                    Lang::En => format!(
                        "{} ({}) is a hamlet or RT. An institution sits in a village, district, regency/city or province.",
                        r.name, r.code
                    ),
                },
            );
            String::new()
        }
        Err(AppError::Invalid(_)) if i.region_code.trim().is_empty() => {
            e.add("region_code", text::TextError::Required.msg(lang));
            String::new()
        }
        Err(AppError::Invalid(mut v)) => {
            e.0.append(&mut v);
            String::new()
        }
        Err(other) => return Err(other),
    };
    e.finish()?;
    Ok(InstitutionData { kind: i.kind.clone(), name: name.unwrap_or_default(), region_code, legal_basis, address, phone, email })
}

pub async fn create(db: &Db, ctx: &Ctx, input: &InstitutionInput) -> AppResult<i64> {
    ctx.require_system()?;
    let data = validate(db, ctx.lang, input).await?;
    let (same, _) = store::registers::list_institutions(db, None, Some(&data.name), 50, 0).await?;
    if let Some(twin) = same.iter().find(|x| x.name.eq_ignore_ascii_case(&data.name) && x.region_code == data.region_code) {
        return Err(AppError::Conflict {
            message: match ctx.lang {
                Lang::Id => {
                    format!("{} sudah terdaftar di wilayah ini. Buka lembaga itu alih-alih mendaftarkan lagi.", twin.name)
                }
                Lang::En => {
                    format!("{} is already registered in this region. Open it instead of registering it again.", twin.name)
                }
            },
            link: Some(format!("/i/{}", twin.id)),
        });
    }
    let mut tx = db.begin().await?;
    let id = store::registers::insert_institution(&mut tx, &data).await?;
    let mut ev = ctx.audit("create", "institution", id, Some(id));
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    if input.with_template_units {
        for u in templates::for_kind(&data.kind) {
            let uid = store::registers::insert_unit(&mut tx, id, u.name, Some(u.duties)).await?;
            let mut ev = ctx.audit("create", "unit", uid, Some(id));
            ev.after = to_json(&serde_json::json!({"name": u.name, "duties": u.duties}));
            store::audit::append(&mut tx, ev).await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, ctx: &Ctx, id: i64, input: &InstitutionInput) -> AppResult<()> {
    ctx.require(id, Action::WriteOrganisation)?;
    let before = store::registers::get_institution(db, id).await?.ok_or(AppError::NotFound)?;
    let data = validate(db, ctx.lang, input).await?;
    // The kind decides which programme rules apply; only a system administrator changes it.
    if data.kind != before.kind && !ctx.actor.is_system {
        return Err(AppError::field(
            "kind",
            ctx.t("Jenis lembaga hanya dapat diubah oleh admin sistem.", "Only a system administrator can change the kind."),
        ));
    }
    let mut tx = db.begin().await?;
    store::registers::update_institution(&mut tx, id, &data).await?;
    let mut ev = ctx.audit("update", "institution", id, Some(id));
    ev.before = to_json(&before);
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// The institutions the actor may read (every one for a system administrator), searched by
/// name or region, one page at a time, with how many there are in all.
pub async fn list(
    db: &Db,
    ctx: &Ctx,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<store::registers::Institution>, i64)> {
    Ok(store::registers::list_institutions(db, ctx.actor.scope(), search, limit, offset).await?)
}

pub async fn get(db: &Db, ctx: &Ctx, id: i64) -> AppResult<store::registers::Institution> {
    ctx.require(id, Action::ReadRegisters)?;
    store::registers::get_institution(db, id).await?.ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct UnitInput {
    pub name: String,
    pub duties: Option<String>,
}

fn validate_unit(lang: Lang, u: &UnitInput) -> AppResult<(String, Option<String>)> {
    let mut e = Errors::default();
    let name = e.take("name", text::required_line(&u.name, 120), |x| x.msg(lang));
    let duties = e.take("duties", text::optional_text(u.duties.as_deref().unwrap_or(""), 4000), |x| x.msg(lang));
    e.finish()?;
    Ok((name.unwrap_or_default(), duties.flatten()))
}

fn duplicate_unit(lang: Lang) -> AppError {
    AppError::field(
        "name",
        lang.pick("Unit dengan nama ini sudah ada di lembaga ini.", "A unit with this name already exists here."),
    )
}

pub async fn create_unit(db: &Db, ctx: &Ctx, institution_id: i64, u: &UnitInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteOrganisation)?;
    let (name, duties) = validate_unit(ctx.lang, u)?;
    let mut tx = db.begin().await?;
    let id = match store::registers::insert_unit(&mut tx, institution_id, &name, duties.as_deref()).await {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) => return Err(duplicate_unit(ctx.lang)),
        Err(e) => return Err(e.into()),
    };
    let mut ev = ctx.audit("create", "unit", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"name": name, "duties": duties}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_unit(db: &Db, ctx: &Ctx, institution_id: i64, id: i64, u: &UnitInput) -> AppResult<()> {
    ctx.require(institution_id, Action::WriteOrganisation)?;
    let before = store::registers::get_unit(db, institution_id, id).await?.ok_or(AppError::NotFound)?;
    let (name, duties) = validate_unit(ctx.lang, u)?;
    let mut tx = db.begin().await?;
    match store::registers::update_unit(&mut tx, institution_id, id, &name, duties.as_deref()).await {
        Ok(()) => {}
        Err(e) if store::is_unique_violation(&e) => return Err(duplicate_unit(ctx.lang)),
        Err(e) => return Err(e.into()),
    }
    let mut ev = ctx.audit("update", "unit", id, Some(institution_id));
    ev.before = to_json(&before);
    ev.after = to_json(&serde_json::json!({"name": name, "duties": duties}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// The institution's units, in the order they were made.
pub async fn units(db: &Db, ctx: &Ctx, id: i64) -> AppResult<Vec<store::registers::Unit>> {
    ctx.require(id, Action::ReadRegisters)?;
    Ok(store::registers::list_units(db, id).await?)
}

pub async fn unit(db: &Db, ctx: &Ctx, id: i64, unit_id: i64) -> AppResult<store::registers::Unit> {
    ctx.require(id, Action::ReadRegisters)?;
    store::registers::get_unit(db, id, unit_id).await?.ok_or(AppError::NotFound)
}

/// The positions held on a day (ISO date): the institution's officers then.
pub async fn officers(db: &Db, ctx: &Ctx, id: i64, on: &str) -> AppResult<Vec<store::registers::Position>> {
    ctx.require(id, Action::ReadRegisters)?;
    Ok(store::registers::current_positions(db, id, on).await?)
}
