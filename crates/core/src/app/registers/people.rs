//! People (warga): the register every other feature points at. NIK is optional but, when
//! given, must be a real NIK that agrees with the sex and birth date entered.

use crate::app::{to_json, AppError, AppResult, Ctx, Errors, FieldError};
pub use crate::store::registers::PeopleSort;
use crate::store::{self, Db};
use swadaya_domain::dates::parse_date;
use swadaya_domain::nik::Nik;
use swadaya_domain::people::{parse_education, Sex};
use swadaya_domain::roles::Action;
use swadaya_domain::{text, Lang};

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, PartialEq, utoipa::ToSchema)]
pub struct PersonData {
    pub name: String,
    pub nik: Option<String>,
    /// `L` (laki-laki) or `P` (perempuan)
    pub sex: String,
    /// ISO date, e.g. 1985-03-12
    pub birth_date: Option<String>,
    pub address: Option<String>,
    pub dusun: Option<String>,
    pub rw: Option<String>,
    pub rt: Option<String>,
    pub phone: Option<String>,
    pub education: Option<String>,
    /// On the poverty list (daftar warga miskin, PS-2)
    pub poor: bool,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub institution_id: i64,
    #[serde(flatten)]
    pub data: PersonData,
}

/// What a form, an API call or an import row supplies: all text, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct PersonInput {
    pub name: String,
    #[serde(default)]
    pub nik: String,
    /// L or P
    pub sex: String,
    /// 1985-03-12 or 12/03/1985
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub dusun: String,
    #[serde(default)]
    pub rw: String,
    #[serde(default)]
    pub rt: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub education: String,
    #[serde(default, deserialize_with = "crate::app::input::flag")]
    pub poor: bool,
}

/// RT and RW are written with three digits (`009`); 1-3 digits are accepted and padded.
fn rt_rw(e: &mut Errors, lang: Lang, field: &str, v: &str) -> Option<String> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    if t.len() > 3 || !t.bytes().all(|b| b.is_ascii_digit()) {
        e.add(field, lang.pick("Tulis 1 sampai 3 angka, misalnya 009.", "Write 1 to 3 digits, e.g. 009."));
        return None;
    }
    Some(format!("{:0>3}", t))
}

/// Checks one person; returns every problem at once.
pub fn validate(lang: Lang, p: &PersonInput) -> Result<PersonData, Vec<FieldError>> {
    let mut e = Errors::default();
    let name = e.take("name", text::required_line(&p.name, 120), |x| x.msg(lang));
    let sex = Sex::parse(&p.sex);
    if sex.is_none() {
        e.add(
            "sex",
            lang.pick("Pilih jenis kelamin: L (laki-laki) atau P (perempuan).", "Choose the sex: L (male) or P (female)."),
        );
    }
    let birth = if p.birth_date.trim().is_empty() {
        None
    } else {
        match parse_date(&p.birth_date) {
            Some(d) if d <= chrono::Local::now().date_naive() && chrono::Datelike::year(&d) >= 1900 => Some(d),
            Some(_) => {
                e.add(
                    "birth_date",
                    lang.pick(
                        "Tanggal lahir tidak mungkin (di masa depan atau sebelum 1900).",
                        "The birth date is impossible (in the future or before 1900).",
                    ),
                );
                None
            }
            None => {
                e.add(
                    "birth_date",
                    lang.pick(
                        "Tanggal lahir tidak terbaca. Tulis seperti 30/07/1985.",
                        "Cannot read the birth date. Write it like 30/07/1985.",
                    ),
                );
                None
            }
        }
    };
    let nik = if p.nik.trim().is_empty() {
        None
    } else {
        match Nik::parse(&p.nik) {
            Ok(n) => {
                if let Err(err) = n.check_against(sex, birth) {
                    e.add("nik", err.msg(lang));
                }
                Some(n.as_str().to_string())
            }
            Err(err) => {
                e.add("nik", err.msg(lang));
                None
            }
        }
    };
    let line = |e: &mut Errors, f: &str, v: &str, max: usize| e.take(f, text::optional_line(v, max), |x| x.msg(lang)).flatten();
    let address = line(&mut e, "address", &p.address, 300);
    let dusun = line(&mut e, "dusun", &p.dusun, 80);
    let rw = rt_rw(&mut e, lang, "rw", &p.rw);
    let rt = rt_rw(&mut e, lang, "rt", &p.rt);
    let phone = e.take("phone", text::phone(&p.phone), |x| x.msg(lang)).flatten();
    let education = if p.education.trim().is_empty() {
        None
    } else {
        let ed = parse_education(&p.education);
        if ed.is_none() {
            e.add(
                "education",
                lang.pick(
                    "Pilih pendidikan dari daftar (SD, SLTP, SLTA, D1-D4, S1-S3).",
                    "Pick the education from the list (SD, SLTP, SLTA, D1-D4, S1-S3).",
                ),
            );
        }
        ed.map(str::to_string)
    };
    if !e.0.is_empty() {
        return Err(e.0);
    }
    Ok(PersonData {
        name: name.unwrap_or_default(),
        nik,
        sex: sex.map(|s| s.code().to_string()).unwrap_or_default(),
        birth_date: birth.map(|d| d.to_string()),
        address,
        dusun,
        rw,
        rt,
        phone,
        education,
        poor: p.poor,
    })
}

pub fn duplicate_nik(lang: Lang, institution_id: i64, existing: &store::registers::Person) -> AppError {
    AppError::Conflict {
        message: match lang {
            Lang::Id => format!(
                "NIK ini sudah terdaftar atas nama {} di lembaga ini. Buka data orang itu alih-alih mendaftarkan lagi.",
                existing.data.name
            ),
            Lang::En => format!(
                "This NIK is already registered to {} in this institution. Open that person instead of registering again.",
                existing.data.name
            ),
        },
        link: Some(format!("/i/{institution_id}/people/{}", existing.id)),
    }
}

pub async fn create(db: &Db, ctx: &Ctx, institution_id: i64, input: &PersonInput) -> AppResult<i64> {
    ctx.require(institution_id, Action::WritePeople)?;
    let data = validate(ctx.lang, input).map_err(AppError::Invalid)?;
    let mut tx = db.begin().await?;
    if let Some(nik) = &data.nik {
        if let Some(existing) = store::registers::find_person_by_nik(&mut tx, institution_id, nik).await? {
            return Err(duplicate_nik(ctx.lang, institution_id, &existing));
        }
    }
    let id = store::registers::insert_person(&mut tx, institution_id, &data).await?;
    let mut ev = ctx.audit("create", "person", id, Some(institution_id));
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, ctx: &Ctx, institution_id: i64, id: i64, input: &PersonInput) -> AppResult<()> {
    ctx.require(institution_id, Action::WritePeople)?;
    let before = store::registers::get_person(db, institution_id, id).await?.ok_or(AppError::NotFound)?;
    let data = validate(ctx.lang, input).map_err(AppError::Invalid)?;
    let mut tx = db.begin().await?;
    if let Some(nik) = &data.nik {
        if let Some(existing) = store::registers::find_person_by_nik(&mut tx, institution_id, nik).await? {
            if existing.id != id {
                return Err(duplicate_nik(ctx.lang, institution_id, &existing));
            }
        }
    }
    store::registers::update_person(&mut tx, institution_id, id, &data).await?;
    let mut ev = ctx.audit("update", "person", id, Some(institution_id));
    ev.before = to_json(&before.data);
    ev.after = to_json(&data);
    store::audit::append(&mut tx, ev).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn get(db: &Db, ctx: &Ctx, institution_id: i64, id: i64) -> AppResult<store::registers::Person> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    store::registers::get_person(db, institution_id, id).await?.ok_or(AppError::NotFound)
}

/// The institution's people, searched by name or NIK, one page at a time, with how many match.
pub async fn list(
    db: &Db,
    ctx: &Ctx,
    institution_id: i64,
    search: Option<&str>,
    sort: PeopleSort,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<store::registers::Person>, i64)> {
    ctx.require(institution_id, Action::ReadRegisters)?;
    Ok(store::registers::list_people(db, institution_id, search, sort, limit, offset).await?)
}
