//! The people register of an institution.

pub use crate::app::registers::people::{Person, PersonData};
use crate::store::{get_i64, get_str, like_pattern, opt_str, Db, Tx};
use sqlx::any::AnyRow;

fn person(r: &AnyRow) -> sqlx::Result<Person> {
    Ok(Person {
        id: get_i64(r, "id")?,
        institution_id: get_i64(r, "institution_id")?,
        data: PersonData {
            name: get_str(r, "name")?,
            nik: opt_str(r, "nik")?,
            sex: get_str(r, "sex")?,
            birth_date: opt_str(r, "birth_date")?,
            address: opt_str(r, "address")?,
            dusun: opt_str(r, "dusun")?,
            rw: opt_str(r, "rw")?,
            rt: opt_str(r, "rt")?,
            phone: opt_str(r, "phone")?,
            education: opt_str(r, "education")?,
            poor: get_i64(r, "poor")? != 0,
        },
    })
}

pub async fn insert_person(tx: &mut Tx, institution_id: i64, d: &PersonData) -> sqlx::Result<i64> {
    let now = crate::store::now_utc();
    let row = sqlx::query(
        "INSERT INTO people (institution_id, name, nik, sex, birth_date, address, dusun, rw, rt, phone, education, poor, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(institution_id)
    .bind(&d.name)
    .bind(&d.nik)
    .bind(&d.sex)
    .bind(&d.birth_date)
    .bind(&d.address)
    .bind(&d.dusun)
    .bind(&d.rw)
    .bind(&d.rt)
    .bind(&d.phone)
    .bind(&d.education)
    .bind(d.poor as i64)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_person(tx: &mut Tx, institution_id: i64, id: i64, d: &PersonData) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE people SET name = $1, nik = $2, sex = $3, birth_date = $4, address = $5, dusun = $6, rw = $7, rt = $8,
         phone = $9, education = $10, poor = $11, updated_at = $12 WHERE institution_id = $13 AND id = $14",
    )
    .bind(&d.name)
    .bind(&d.nik)
    .bind(&d.sex)
    .bind(&d.birth_date)
    .bind(&d.address)
    .bind(&d.dusun)
    .bind(&d.rw)
    .bind(&d.rt)
    .bind(&d.phone)
    .bind(&d.education)
    .bind(d.poor as i64)
    .bind(crate::store::now_utc())
    .bind(institution_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_person(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Person>> {
    sqlx::query("SELECT * FROM people WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| person(&r))
        .transpose()
}

pub async fn find_person_by_nik(tx: &mut Tx, institution_id: i64, nik: &str) -> sqlx::Result<Option<Person>> {
    sqlx::query("SELECT * FROM people WHERE institution_id = $1 AND nik = $2")
        .bind(institution_id)
        .bind(nik)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| person(&r))
        .transpose()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeopleSort {
    #[default]
    Name,
    NameDesc,
    Newest,
}

impl PeopleSort {
    pub fn parse(s: &str) -> PeopleSort {
        match s {
            "-name" => PeopleSort::NameDesc,
            "newest" => PeopleSort::Newest,
            _ => PeopleSort::Name,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            PeopleSort::Name => "name",
            PeopleSort::NameDesc => "-name",
            PeopleSort::Newest => "newest",
        }
    }
    fn sql(self) -> &'static str {
        match self {
            PeopleSort::Name => "LOWER(name), id",
            PeopleSort::NameDesc => "LOWER(name) DESC, id DESC",
            PeopleSort::Newest => "id DESC",
        }
    }
}

pub async fn list_people(
    db: &Db,
    institution_id: i64,
    q: Option<&str>,
    sort: PeopleSort,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Person>, i64)> {
    let pat = q.map(like_pattern).unwrap_or_else(|| "%".into());
    let cond = "institution_id = $1 AND (LOWER(name) LIKE $2 ESCAPE '\\' OR COALESCE(nik, '') LIKE $2 ESCAPE '\\')";
    let total = get_i64(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM people WHERE {cond}"))
            .bind(institution_id)
            .bind(&pat)
            .fetch_one(&db.pool)
            .await?,
        "n",
    )?;
    let rows = sqlx::query(&format!("SELECT * FROM people WHERE {cond} ORDER BY {} LIMIT {limit} OFFSET {offset}", sort.sql()))
        .bind(institution_id)
        .bind(&pat)
        .fetch_all(&db.pool)
        .await?;
    Ok((rows.iter().map(person).collect::<sqlx::Result<_>>()?, total))
}
