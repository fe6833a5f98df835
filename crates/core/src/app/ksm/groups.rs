//! Registering a KSM, its written rules and its members.

use crate::app::{to_json, AppError, AppResult, Ctx, Errors};
use crate::store::{self, Db};
use swadaya_domain::dates::parse_date;
use swadaya_domain::ksm::{KINDS, PANCA_SUTRA, RHYTHMS, ROLES};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, Default, serde::Serialize, PartialEq, utoipa::ToSchema)]
pub struct KsmData {
    pub name: String,
    /// ekonomi, lingkungan or sosial (tridaya)
    pub kind: String,
    pub address: Option<String>,
    pub formed_on: String,
    /// mingguan, dua_mingguan or bulanan
    pub rhythm: String,
    pub meeting_day: Option<String>,
    pub meeting_place: Option<String>,
    /// Days after a meeting within which its sheet must be entered
    pub bookkeeping_days: i64,
    /// Agreed routine (mandatory) savings per member per meeting, in rupiah
    pub routine_amount: i64,
    /// The five Panca Sutra rules as the group wrote them (meetings, savings, bookkeeping, loans, instalments)
    pub rules: [Option<String>; 5],
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Ksm {
    pub id: i64,
    pub institution_id: i64,
    #[serde(flatten)]
    pub data: KsmData,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Member {
    pub id: i64,
    pub ksm_id: i64,
    pub person_id: i64,
    pub name: String,
    /// L or P
    pub sex: String,
    /// ketua, sekretaris, bendahara or anggota
    pub role: String,
    pub joined_on: String,
    pub left_on: Option<String>,
}

impl Member {
    /// A member of the group on `day`.
    pub fn active_on(&self, day: &str) -> bool {
        self.joined_on.as_str() <= day && self.left_on.as_deref().is_none_or(|l| l >= day)
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct KsmInput {
    pub name: String,
    /// ekonomi, lingkungan or sosial
    pub kind: String,
    #[serde(default)]
    pub address: String,
    pub formed_on: String,
    /// mingguan, dua_mingguan or bulanan
    pub rhythm: String,
    #[serde(default)]
    pub meeting_day: String,
    #[serde(default)]
    pub meeting_place: String,
    /// Days allowed to enter a sheet after the meeting (default 2)
    #[serde(default)]
    pub bookkeeping_days: String,
    /// Routine savings per member per meeting, e.g. "5.000"
    #[serde(default)]
    pub routine_amount: String,
    /// The five Panca Sutra rules as written by the group
    #[serde(default)]
    pub rules: [String; 5],
}

pub fn validate(lang: Lang, i: &KsmInput) -> AppResult<KsmData> {
    let mut e = Errors::default();
    let name = e.take("name", text::required_line(&i.name, 120), |x| x.msg(lang));
    if !KINDS.contains(&i.kind.as_str()) {
        e.add(
            "kind",
            lang.pick(
                "Pilih jenis kegiatan: ekonomi, lingkungan atau sosial.",
                "Choose the kind: economic, environment or social.",
            ),
        );
    }
    if !RHYTHMS.contains(&i.rhythm.as_str()) {
        e.add("rhythm", lang.pick("Pilih jadwal pertemuan dari daftar.", "Choose the meeting rhythm from the list."));
    }
    let formed = parse_date(&i.formed_on);
    match formed {
        None => e.add(
            "formed_on",
            lang.pick("Tanggal terbentuk wajib diisi, misalnya 12/01/2026.", "The formation date is required, e.g. 12/01/2026."),
        ),
        Some(d) if d > chrono::Local::now().date_naive() => e.add(
            "formed_on",
            lang.pick("Tanggal terbentuk tidak boleh di masa depan.", "The formation date cannot be in the future."),
        ),
        Some(_) => {}
    }
    let days = if i.bookkeeping_days.trim().is_empty() {
        Some(2)
    } else {
        i.bookkeeping_days.trim().parse::<i64>().ok().filter(|d| (0..=31).contains(d))
    };
    if days.is_none() {
        e.add("bookkeeping_days", lang.pick("Tulis jumlah hari 0 sampai 31.", "Write a number of days from 0 to 31."));
    }
    let routine = e.take("routine_amount", swadaya_domain::savings::entry(&i.routine_amount), |x| x.msg(lang));
    let line = |e: &mut Errors, f: &str, v: &str, max: usize| e.take(f, text::optional_line(v, max), |x| x.msg(lang)).flatten();
    let address = line(&mut e, "address", &i.address, 300);
    let meeting_day = line(&mut e, "meeting_day", &i.meeting_day, 40);
    let meeting_place = line(&mut e, "meeting_place", &i.meeting_place, 200);
    let mut rules: [Option<String>; 5] = Default::default();
    for (n, (key, _, _)) in PANCA_SUTRA.iter().enumerate() {
        rules[n] = e.take(key, text::optional_text(&i.rules[n], 2000), |x| x.msg(lang)).flatten();
    }
    e.finish()?;
    Ok(KsmData {
        name: name.unwrap_or_default(),
        kind: i.kind.clone(),
        address,
        formed_on: formed.map(|d| d.to_string()).unwrap_or_default(),
        rhythm: i.rhythm.clone(),
        meeting_day,
        meeting_place,
        bookkeeping_days: days.unwrap_or(2),
        routine_amount: routine.map(|r| r.0).unwrap_or(0),
        rules,
    })
}

fn duplicate(lang: Lang) -> AppError {
    AppError::field(
        "name",
        lang.pick("KSM dengan nama ini sudah ada di lembaga ini.", "A KSM with this name already exists here."),
    )
}

pub async fn create(db: &Db, ctx: &Ctx, institution_id: i64, input: &KsmInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WriteGroups)?;
    let data = validate(ctx.lang, input)?;
    let mut tx = db.begin().await?;
    let id = match store::ksm::insert_ksm(&mut tx, institution_id, &data).await {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) => return Err(duplicate(ctx.lang)),
        Err(e) => return Err(e.into()),
    };
    let mut ev = ctx.audit("create", "ksm", id, Some(institution_id));
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, ctx: &Ctx, institution_id: i64, id: i64, input: &KsmInput) -> AppResult<()> {
    ctx.require_ksm(institution_id, id, Action::WriteGroups)?;
    let before = store::ksm::get_ksm(db, institution_id, id).await?.ok_or(AppError::NotFound)?;
    let data = validate(ctx.lang, input)?;
    // Records already kept must not fall before the group existed.
    let earliest_meeting = store::ksm::list_meetings(db, institution_id, id).await?.into_iter().map(|m| m.held_on).min();
    let earliest_member = store::ksm::list_members(db, institution_id, id).await?.into_iter().map(|m| m.joined_on).min();
    if let Some(first) = [earliest_meeting, earliest_member].into_iter().flatten().min() {
        if data.formed_on > first {
            return Err(AppError::field(
                "formed_on",
                match ctx.lang {
                    Lang::Id => format!("KSM sudah punya catatan sejak {}; tanggal terbentuk tidak boleh sesudahnya.", first),
                    Lang::En => format!("The KSM has records from {}; the formation date cannot be later.", first),
                },
            ));
        }
    }
    let mut tx = db.begin().await?;
    match store::ksm::update_ksm(&mut tx, institution_id, id, &data).await {
        Ok(()) => {}
        Err(e) if store::is_unique_violation(&e) => return Err(duplicate(ctx.lang)),
        Err(e) => return Err(e.into()),
    }
    let mut ev = ctx.audit("update", "ksm", id, Some(institution_id));
    ev.before = to_json(&before.data);
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

/// A person joining a KSM, as the members form and the API send it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct MemberInput {
    #[serde(default, deserialize_with = "crate::app::input::id")]
    pub person_id: i64,
    /// ketua, sekretaris, bendahara or anggota
    pub role: String,
    pub joined_on: String,
}

pub async fn add_member(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    ksm_id: i64,
    person_id: i64,
    role: &str,
    joined_on: &str,
) -> AppResult<i64> {
    ctx.require_ksm(institution_id, ksm_id, Action::WriteGroups)?;
    let lang = ctx.lang;
    let group = store::ksm::get_ksm(db, institution_id, ksm_id).await?.ok_or(AppError::NotFound)?;
    let mut e = Errors::default();
    let person = store::registers::get_person(db, institution_id, person_id).await?;
    if person.is_none() {
        e.add(
            "person_id",
            lang.pick("Pilih warga dari daftar warga lembaga ini.", "Pick a person from this institution's register."),
        );
    }
    if !ROLES.contains(&role) {
        e.add(
            "role",
            lang.pick(
                "Pilih peran: ketua, sekretaris, bendahara atau anggota.",
                "Choose a role: chair, secretary, treasurer or member.",
            ),
        );
    }
    let joined = parse_date(joined_on);
    match joined {
        None => e.add(
            "joined_on",
            lang.pick("Tanggal bergabung wajib diisi, misalnya 12/01/2026.", "The joining date is required, e.g. 12/01/2026."),
        ),
        Some(d) if d > chrono::Local::now().date_naive() => e.add(
            "joined_on",
            lang.pick("Tanggal bergabung tidak boleh di masa depan.", "The joining date cannot be in the future."),
        ),
        Some(d) if d.to_string() < group.data.formed_on => e.add(
            "joined_on",
            lang.pick("Tanggal bergabung sebelum KSM terbentuk.", "The joining date is before the KSM was formed."),
        ),
        Some(_) => {}
    }
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    if members.iter().any(|m| m.person_id == person_id && m.left_on.is_none()) {
        e.add("person_id", lang.pick("Orang ini sudah menjadi anggota KSM ini.", "This person is already a member of this KSM."));
    }
    e.finish()?;
    let joined = joined.map(|d| d.to_string()).unwrap_or_default();
    let mut tx = db.begin().await?;
    let id = store::ksm::insert_member(&mut tx, institution_id, ksm_id, person_id, role, &joined).await?;
    let mut ev = ctx.audit("create", "ksm_member", id, Some(institution_id));
    ev.after = to_json(&serde_json::json!({"ksm_id": ksm_id, "person_id": person_id, "role": role, "joined_on": joined}));
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn end_member(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, member_id: i64, left_on: &str) -> AppResult<()> {
    ctx.require_ksm(institution_id, ksm_id, Action::WriteGroups)?;
    let members = store::ksm::list_members(db, institution_id, ksm_id).await?;
    let m = members.into_iter().find(|m| m.id == member_id).ok_or(AppError::NotFound)?;
    let Some(left) = parse_date(left_on) else {
        return Err(AppError::field(
            "left_on",
            ctx.t("Tanggal keluar tidak terbaca, misalnya 30/11/2026.", "Cannot read the leaving date, e.g. 30/11/2026."),
        ));
    };
    if m.left_on.is_some() {
        return Err(AppError::field("left_on", ctx.t("Anggota ini sudah keluar.", "This member has already left.")));
    }
    if left > chrono::Local::now().date_naive() {
        return Err(AppError::field(
            "left_on",
            ctx.t(
                "Tanggal keluar tidak boleh di masa depan; catat keluarnya pada harinya.",
                "The leaving date cannot be in the future; record it on the day.",
            ),
        ));
    }
    let balances = super::savings::balances(db, institution_id, ksm_id).await?;
    let held: i64 = swadaya_domain::ksm::SAVINGS_KINDS.iter().map(|k| balances.of(member_id, *k).0).sum();
    if held > 0 {
        return Err(AppError::field(
            "left_on",
            match ctx.lang {
                Lang::Id => format!(
                    "{} masih punya tabungan {}. Catat penarikannya dulu, lalu catat keluar.",
                    m.name,
                    swadaya_domain::Rupiah(held)
                ),
                Lang::En => format!(
                    "{} still has {} in savings. Record the withdrawal first, then mark them as left.",
                    m.name,
                    swadaya_domain::Rupiah(held)
                ),
            },
        ));
    }
    if left.to_string() < m.joined_on {
        return Err(AppError::field(
            "left_on",
            ctx.t("Tanggal keluar sebelum tanggal bergabung.", "The leaving date is before the joining date."),
        ));
    }
    let mut tx = db.begin().await?;
    store::ksm::end_member(&mut tx, institution_id, member_id, &left.to_string()).await?;
    let mut ev = ctx.audit("leave", "ksm_member", member_id, Some(institution_id));
    ev.before = to_json(&m);
    ev.after = format!("{{\"left_on\":\"{left}\"}}");
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}
