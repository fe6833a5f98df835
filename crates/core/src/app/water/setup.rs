//! What a maintenance institution keeps (assets handed over to it), its fee schemes and their
//! tariff versions. A tariff change is a new version from the first of a month, decided by the
//! board and never edited; a bill uses the version in force for its month.

use super::month_field;
use crate::app::books::{any_date, MAX_AMOUNT};
use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use chrono::{NaiveDate, Weekday};
use swadaya_domain::roles::Action;
use swadaya_domain::water::tariff::{self, Block, Range, Version};
use swadaya_domain::{text, Lang, Rupiah};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Asset {
    pub id: i64,
    pub name: String,
    /// water, road, drainage, sanitation, waste, other
    pub kind: String,
    /// The desa, dusun or RT it stands in
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub location: Option<String>,
    pub handed_over_on: String,
    /// Who handed it over, and the record (berita acara serah terima)
    pub handed_over_by: String,
    pub value: i64,
    /// e.g. "1,5 liter/detik, reservoir 20 m³"
    pub capacity: Option<String>,
    /// Households it was built to serve
    pub households: i64,
}

pub const ASSET_KINDS: [&str; 6] = ["water", "road", "drainage", "sanitation", "waste", "other"];

pub fn asset_kind_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "water" => lang.pick("Sarana air minum", "Drinking-water system"),
        "road" => lang.pick("Jalan lingkungan", "Neighbourhood road"),
        "drainage" => lang.pick("Drainase", "Drainage"),
        "sanitation" => lang.pick("Sanitasi (MCK, IPAL)", "Sanitation (toilets, wastewater)"),
        "waste" => lang.pick("Pengelolaan sampah", "Solid waste"),
        _ => lang.pick("Lainnya", "Other"),
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct AssetInput {
    pub name: String,
    /// water, road, drainage, sanitation, waste or other
    pub kind: String,
    /// Kemendagri code of the desa, dusun or RT (optional)
    #[serde(default)]
    pub region_code: String,
    #[serde(default)]
    pub location: String,
    pub handed_over_on: String,
    /// Who handed it over and the record, e.g. "KKM Tirta Ganra, BA serah terima 12/2019"
    pub handed_over_by: String,
    /// Value at hand-over in rupiah
    pub value: String,
    #[serde(default)]
    pub capacity: String,
    /// Households it was built to serve
    pub households: String,
}

pub async fn assets(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Asset>> {
    ctx.require(institution_id, Action::ReadWater)?;
    Ok(store::water::assets(&db.pool, institution_id).await?)
}

pub async fn add_asset(db: &Db, ctx: &Ctx, institution_id: i64, input: &AssetInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::SetTariffs)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let name = e.take("name", text::required_line(&input.name, 150), |x| x.msg(lang));
    if !ASSET_KINDS.contains(&input.kind.trim()) {
        e.add("kind", lang.pick("Pilih jenis sarana dari daftar.", "Pick the kind of asset from the list."));
    }
    let region_code = match input.region_code.trim() {
        "" => None,
        code => match crate::app::registers::regions::require_known(db, lang, "region_code", code).await {
            Ok(r) if r.level >= 4 => Some(r.code),
            Ok(r) => {
                e.add(
                    "region_code",
                    match lang {
                        Lang::Id => format!("{} bukan desa, dusun atau RT. Pilih tempat sarana berada.", r.name),
                        Lang::En => format!("{} is not a village, hamlet or RT. Pick where the asset stands.", r.name),
                    },
                );
                None
            }
            Err(AppError::Invalid(mut v)) => {
                e.0.append(&mut v);
                None
            }
            Err(other) => return Err(other),
        },
    };
    let location = e.take("location", text::optional_line(&input.location, 200), |x| x.msg(lang)).flatten();
    let on = any_date(&mut e, lang, "handed_over_on", &input.handed_over_on);
    let by = e.take("handed_over_by", text::required_line(&input.handed_over_by, 200), |x| x.msg(lang));
    let value = amount_or_zero(&mut e, lang, "value", &input.value);
    let capacity = e.take("capacity", text::optional_line(&input.capacity, 200), |x| x.msg(lang)).flatten();
    let households = super::count_field(&mut e, lang, "households", &input.households, 1_000_000);
    e.finish()?;
    let (name, by, on) = (name.expect("checked"), by.expect("checked"), on.expect("checked").to_string());
    let mut tx = db.begin().await?;
    if store::water::assets(&mut **tx, institution_id).await?.iter().any(|a| a.name.eq_ignore_ascii_case(&name)) {
        return Err(AppError::field(
            "name",
            lang.pick("Sudah ada sarana dengan nama ini. Beri nama lain.", "An asset with this name exists. Give another name."),
        ));
    }
    let new = store::water::NewAsset {
        name: &name,
        kind: input.kind.trim(),
        region_code: region_code.as_deref(),
        location: location.as_deref(),
        handed_over_on: &on,
        handed_over_by: &by,
        value,
        capacity: capacity.as_deref(),
        households,
        created_by: &ctx.actor.username,
    };
    let id = store::water::insert_asset(&mut tx, institution_id, &new).await?;
    let mut ev = ctx.audit("create", "water_asset", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "name": name, "kind": input.kind.trim(), "region_code": region_code, "location": location, "handed_over_on": on,
        "handed_over_by": by, "value": value, "capacity": capacity, "households": households,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

/// A rupiah amount that may be 0 (a value, a fee): blank is refused, like any amount.
fn amount_or_zero(e: &mut Errors, lang: Lang, field: &str, v: &str) -> i64 {
    match Rupiah::parse(v) {
        Ok(r) if (0..=MAX_AMOUNT).contains(&r.0) => r.0,
        Ok(_) => {
            e.add(
                field,
                lang.pick(
                    "Jumlah harus 0 atau lebih, dan tidak terlalu besar.",
                    "The amount must be 0 or more, and not too large.",
                ),
            );
            0
        }
        Err(err) => {
            e.add(field, err.msg(lang));
            0
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Scheme {
    pub id: i64,
    pub asset_id: i64,
    pub asset_name: String,
    pub name: String,
    /// household, social, business, public_tap or other
    pub customer_group: String,
    /// flat (a monthly fee), weekly (jimpitan) or metered (fixed charge plus blocks of m³)
    pub kind: String,
    /// A month's bill is due on this day of the next month
    pub due_day: i64,
    pub customers: i64,
}

pub const GROUPS: [&str; 5] = ["household", "social", "business", "public_tap", "other"];
pub const SCHEME_KINDS: [&str; 3] = ["flat", "weekly", "metered"];

pub fn group_label(group: &str, lang: Lang) -> &'static str {
    match group {
        "household" => lang.pick("Rumah tangga", "Household"),
        "social" => lang.pick("Sosial (masjid, sekolah, posyandu)", "Social (mosque, school, health post)"),
        "business" => lang.pick("Niaga / usaha", "Business"),
        "public_tap" => lang.pick("Hidran umum / kran umum", "Public tap"),
        _ => lang.pick("Lainnya", "Other"),
    }
}

pub fn scheme_kind_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "flat" => lang.pick("Iuran tetap per bulan", "Flat monthly fee"),
        "weekly" => lang.pick("Jimpitan per minggu", "Weekly collection (jimpitan)"),
        "metered" => lang.pick("Meteran: beban tetap + blok m³", "Metered: fixed charge + m³ blocks"),
        _ => lang.pick("Lainnya", "Other"),
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct SchemeInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub asset_id: i64,
    pub name: String,
    /// household, social, business, public_tap or other
    pub customer_group: String,
    /// flat, weekly or metered
    pub kind: String,
    /// The day of the next month a bill is due (1-28; 20 when blank)
    #[serde(default)]
    pub due_day: String,
}

pub async fn schemes(db: &Db, ctx: &Ctx, institution_id: i64) -> AppResult<Vec<Scheme>> {
    ctx.require(institution_id, Action::ReadWater)?;
    Ok(store::water::schemes(&db.pool, institution_id).await?)
}

/// One scheme with its tariff versions, oldest first.
pub async fn scheme(db: &Db, ctx: &Ctx, institution_id: i64, scheme_id: i64) -> AppResult<(Scheme, Vec<Tariff>)> {
    ctx.require(institution_id, Action::ReadWater)?;
    let mut conn = db.pool.acquire().await?;
    let s = store::water::scheme(&mut *conn, institution_id, scheme_id).await?.ok_or(AppError::NotFound)?;
    let t = store::water::tariffs_of(&mut conn, institution_id, Some(scheme_id)).await?;
    Ok((s, t))
}

pub async fn add_scheme(db: &Db, ctx: &Ctx, institution_id: i64, input: &SchemeInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::SetTariffs)?;
    let lang = ctx.lang;
    let mut e = Errors::default();
    let assets = store::water::assets(&db.pool, institution_id).await?;
    if !assets.iter().any(|a| a.id == input.asset_id) {
        e.add("asset_id", lang.pick("Pilih sarana yang dilayani skema ini.", "Pick the asset this scheme serves."));
    }
    let name = e.take("name", text::required_line(&input.name, 120), |x| x.msg(lang));
    if !GROUPS.contains(&input.customer_group.trim()) {
        e.add("customer_group", lang.pick("Pilih golongan pelanggan.", "Pick the customer group."));
    }
    if !SCHEME_KINDS.contains(&input.kind.trim()) {
        e.add("kind", lang.pick("Pilih cara iuran dihitung.", "Pick how the fee is counted."));
    }
    let due_day =
        if input.due_day.trim().is_empty() { 20 } else { super::count_field(&mut e, lang, "due_day", &input.due_day, 28) };
    if due_day == 0 && !input.due_day.trim().is_empty() && !e.0.iter().any(|x| x.field == "due_day") {
        e.add("due_day", lang.pick("Isi tanggal 1 sampai 28.", "Enter a day from 1 to 28."));
    }
    e.finish()?;
    let name = name.expect("checked");
    let mut tx = db.begin().await?;
    if store::water::schemes(&mut **tx, institution_id).await?.iter().any(|s| s.name.eq_ignore_ascii_case(&name)) {
        return Err(AppError::field(
            "name",
            lang.pick("Sudah ada skema dengan nama ini. Beri nama lain.", "A scheme with this name exists. Give another name."),
        ));
    }
    let new = store::water::NewScheme {
        asset_id: input.asset_id,
        name: &name,
        customer_group: input.customer_group.trim(),
        kind: input.kind.trim(),
        due_day,
        created_by: &ctx.actor.username,
    };
    let id = store::water::insert_scheme(&mut tx, institution_id, &new).await?;
    let mut ev = ctx.audit("create", "water_scheme", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({
        "asset_id": input.asset_id, "name": name, "customer_group": new.customer_group, "kind": new.kind, "due_day": due_day,
    }));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TariffBlock {
    /// The block's last m³; none: and above (the last block)
    pub up_to: Option<i64>,
    /// Rupiah per m³
    pub price: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Tariff {
    pub id: i64,
    pub scheme_id: i64,
    /// The first day of the first month it prices
    pub valid_from: String,
    /// flat: the monthly fee; weekly: the fee per week; metered: the fixed monthly charge
    pub fixed: i64,
    /// weekly: the day it is collected, 1 (Monday) to 7 (Sunday)
    pub weekday: Option<i64>,
    /// metered: a month below this many m³ is billed as this many
    pub minimum_m3: i64,
    /// The decision that set it
    pub decision: String,
    pub blocks: Vec<TariffBlock>,
}

impl Tariff {
    /// The domain's scheme for this version, read with its scheme's kind.
    pub fn rules(&self, kind: &str) -> tariff::Scheme {
        match kind {
            "weekly" => tariff::Scheme::Weekly { per_week: self.fixed, weekday: weekday_of(self.weekday.unwrap_or(5)) },
            "metered" => tariff::Scheme::Metered {
                fixed: self.fixed,
                minimum_m3: self.minimum_m3 as u32,
                blocks: self.blocks.iter().map(|b| Block { up_to: b.up_to.map(|u| u as u32), price: b.price }).collect(),
            },
            _ => tariff::Scheme::Flat { monthly: self.fixed },
        }
    }

    pub fn version(&self, kind: &str) -> Version {
        Version { from: swadaya_domain::dates::parse_iso(&self.valid_from).unwrap_or_default(), scheme: self.rules(kind) }
    }

    /// Where each block starts (the m³ after the one before ends), for printing "11 s/d 20".
    pub fn block_starts(&self) -> Vec<i64> {
        let mut from = 1;
        self.blocks
            .iter()
            .map(|b| {
                let start = from;
                from = b.up_to.map_or(from, |u| u + 1);
                start
            })
            .collect()
    }
}

/// 1 (Monday) to 7 (Sunday), as stored.
pub fn weekday_of(n: i64) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => Weekday::Fri,
    }
}

pub fn weekday_label(n: i64, lang: Lang) -> &'static str {
    let days = [
        ("Senin", "Monday"),
        ("Selasa", "Tuesday"),
        ("Rabu", "Wednesday"),
        ("Kamis", "Thursday"),
        ("Jumat", "Friday"),
        ("Sabtu", "Saturday"),
        ("Minggu", "Sunday"),
    ];
    let (id, en) = days[(n.clamp(1, 7) - 1) as usize];
    lang.pick(id, en)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct BlockInput {
    /// First m³ of the block (1 for the first)
    #[serde(default)]
    pub from: String,
    /// Last m³; blank: and above (the last block only)
    #[serde(default)]
    pub to: String,
    /// Rupiah per m³
    #[serde(default)]
    pub price: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct TariffInput {
    /// The first month it prices: 2026-01 or 01/2026
    pub valid_from: String,
    /// flat: the monthly fee; weekly: the fee per week; metered: the fixed monthly charge (beban)
    pub fixed: String,
    /// weekly only: 1 (Monday) to 7 (Sunday)
    #[serde(default)]
    pub weekday: String,
    /// metered only: the least m³ a month is billed for (blank: none)
    #[serde(default)]
    pub minimum_m3: String,
    /// The decision that set it, e.g. "Musyawarah desa 14/12/2025, SK BP-SPAMS No. 3/2025"
    pub decision: String,
    /// metered only: the blocks in order
    #[serde(default)]
    pub blocks: Vec<BlockInput>,
}

/// The blocks typed in, rows left wholly blank passed over.
fn read_blocks(e: &mut Errors, lang: Lang, rows: &[BlockInput]) -> Vec<Range> {
    let mut ranges = Vec::new();
    for (i, b) in rows.iter().enumerate() {
        if b.from.trim().is_empty() && b.to.trim().is_empty() && b.price.trim().is_empty() {
            continue;
        }
        let field = |c: &str| format!("block-{i}-{c}");
        let from = super::count_field(e, lang, &field("from"), &b.from, 1_000_000);
        let to = if b.to.trim().is_empty() { None } else { Some(super::count_field(e, lang, &field("to"), &b.to, 1_000_000)) };
        if to.is_some_and(|t| t < from) {
            e.add(&field("to"), lang.pick("Batas atas blok lebih kecil dari awalnya.", "The block ends before it starts."));
        }
        let price = amount_or_zero(e, lang, &field("price"), &b.price);
        ranges.push((from as u32, to.map(|t| t as u32), price));
    }
    ranges
}

pub async fn add_tariff(db: &Db, ctx: &Ctx, institution_id: i64, scheme_id: i64, input: &TariffInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::SetTariffs)?;
    let lang = ctx.lang;
    let s = store::water::scheme(&db.pool, institution_id, scheme_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let month = month_field(&mut e, lang, "valid_from", &input.valid_from);
    let fixed = amount_or_zero(&mut e, lang, "fixed", &input.fixed);
    let weekday = if s.kind == "weekly" {
        let n = super::count_field(&mut e, lang, "weekday", &input.weekday, 7);
        if n == 0 {
            e.add("weekday", lang.pick("Pilih hari jimpitan dipungut.", "Pick the day the collection is made."));
        }
        Some(n)
    } else {
        None
    };
    let minimum_m3 =
        if s.kind == "metered" { super::count_field(&mut e, lang, "minimum_m3", &input.minimum_m3, 10_000) } else { 0 };
    let decision = e.take("decision", text::required_line(&input.decision, 300), |x| x.msg(lang));
    let mut blocks = Vec::new();
    if s.kind == "metered" {
        let ranges = read_blocks(&mut e, lang, &input.blocks);
        if e.0.is_empty() {
            match tariff::blocks_from_ranges(&ranges, lang) {
                Ok(b) => blocks = b,
                Err(m) => e.add("blocks", m),
            }
        }
    } else if fixed == 0 && !e.0.iter().any(|x| x.field == "fixed") {
        e.add("fixed", lang.pick("Isi besar iuran.", "Enter the fee."));
    }
    e.finish()?;
    let from = NaiveDate::parse_from_str(&format!("{}-01", month.expect("checked")), "%Y-%m-%d").expect("checked month");
    let mut tx = db.begin().await?;
    let versions: Vec<Version> =
        store::water::tariffs(&mut tx, institution_id, scheme_id).await?.iter().map(|t| t.version(&s.kind)).collect();
    tariff::check_new_version(&versions, from, lang).map_err(|m| AppError::field("valid_from", m))?;
    let stored: Vec<TariffBlock> = blocks.iter().map(|b| TariffBlock { up_to: b.up_to.map(i64::from), price: b.price }).collect();
    let candidate = Tariff {
        id: 0,
        scheme_id,
        valid_from: from.to_string(),
        fixed,
        weekday,
        minimum_m3,
        decision: decision.clone().unwrap_or_default(),
        blocks: stored.clone(),
    };
    candidate.rules(&s.kind).check(lang).map_err(|m| AppError::field("blocks", m))?;
    let new = store::water::NewTariff {
        scheme_id,
        valid_from: &candidate.valid_from,
        fixed,
        weekday,
        minimum_m3,
        decision: &candidate.decision,
        blocks: &stored,
        created_by: &ctx.actor.username,
    };
    let id = store::water::insert_tariff(&mut tx, institution_id, &new).await?;
    let mut ev = ctx.audit("create", "water_tariff", id, Some(institution_id));
    ev.after = to_json(&candidate);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}
