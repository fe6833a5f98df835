//! Regions, institutions, units, people and positions.

use super::{get_i64, get_str, like_pattern, opt_i64, opt_str, Db, Tx};
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: i64,
    pub parent_code: Option<String>,
}

fn region(r: &AnyRow) -> sqlx::Result<Region> {
    Ok(Region {
        code: get_str(r, "code")?,
        name: get_str(r, "name")?,
        level: get_i64(r, "level")?,
        parent_code: opt_str(r, "parent_code")?,
    })
}

pub async fn upsert_region(tx: &mut Tx, r: &Region) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO regions (code, name, level, parent_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name",
    )
    .bind(&r.code)
    .bind(&r.name)
    .bind(r.level)
    .bind(&r.parent_code)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get_region(db: &Db, code: &str) -> sqlx::Result<Option<Region>> {
    sqlx::query("SELECT * FROM regions WHERE code = $1")
        .bind(code)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| region(&r))
        .transpose()
}

/// The region and its ancestors, outermost first (Jawa Timur, Kabupaten Madiun, Jiwan, Bibrik).
pub async fn region_path(db: &Db, code: &str) -> sqlx::Result<Vec<Region>> {
    let mut out = Vec::new();
    let mut next = Some(code.to_string());
    while let Some(c) = next {
        match get_region(db, &c).await? {
            Some(r) => {
                next = r.parent_code.clone();
                out.push(r);
            }
            None => break,
        }
    }
    out.reverse();
    Ok(out)
}

pub async fn list_regions(
    db: &Db,
    parent: Option<&str>,
    q: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Region>, i64)> {
    let (cond, arg) = match (parent, q) {
        (_, Some(q)) => ("(LOWER(name) LIKE $1 ESCAPE '\\' OR code LIKE $1 ESCAPE '\\')", like_pattern(q)),
        (Some(p), None) => ("parent_code = $1", p.to_string()),
        (None, None) => ("parent_code IS NULL AND code <> $1", String::new()),
    };
    let total = get_i64(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM regions WHERE {cond}")).bind(&arg).fetch_one(&db.pool).await?,
        "n",
    )?;
    let rows = sqlx::query(&format!("SELECT * FROM regions WHERE {cond} ORDER BY code LIMIT {limit} OFFSET {offset}"))
        .bind(&arg)
        .fetch_all(&db.pool)
        .await?;
    Ok((rows.iter().map(region).collect::<sqlx::Result<_>>()?, total))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

fn institution(r: &AnyRow) -> sqlx::Result<Institution> {
    Ok(Institution {
        id: get_i64(r, "id")?,
        kind: get_str(r, "kind")?,
        name: get_str(r, "name")?,
        region_code: get_str(r, "region_code")?,
        region_name: get_str(r, "region_name")?,
        legal_basis: opt_str(r, "legal_basis")?,
        address: opt_str(r, "address")?,
        phone: opt_str(r, "phone")?,
        email: opt_str(r, "email")?,
    })
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct InstitutionData {
    pub kind: String,
    pub name: String,
    pub region_code: String,
    pub legal_basis: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

pub async fn insert_institution(tx: &mut Tx, d: &InstitutionData) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO institutions (kind, name, region_code, legal_basis, address, phone, email, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&d.kind)
    .bind(&d.name)
    .bind(&d.region_code)
    .bind(&d.legal_basis)
    .bind(&d.address)
    .bind(&d.phone)
    .bind(&d.email)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_institution(tx: &mut Tx, id: i64, d: &InstitutionData) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE institutions SET kind = $1, name = $2, region_code = $3, legal_basis = $4, address = $5, phone = $6, email = $7 WHERE id = $8",
    )
    .bind(&d.kind)
    .bind(&d.name)
    .bind(&d.region_code)
    .bind(&d.legal_basis)
    .bind(&d.address)
    .bind(&d.phone)
    .bind(&d.email)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const INSTITUTION_SELECT: &str =
    "SELECT i.*, COALESCE(r.name, '') AS region_name FROM institutions i LEFT JOIN regions r ON r.code = i.region_code";

pub async fn get_institution(db: &Db, id: i64) -> sqlx::Result<Option<Institution>> {
    sqlx::query(&format!("{INSTITUTION_SELECT} WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| institution(&r))
        .transpose()
}

/// Institutions whose region lies within one of `regions` (a facilitator's scope).
pub async fn institution_ids_in_regions(db: &Db, regions: &[String]) -> sqlx::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for code in regions {
        let rows = sqlx::query("SELECT id FROM institutions WHERE region_code = $1 OR region_code LIKE $2")
            .bind(code)
            .bind(format!("{code}.%"))
            .fetch_all(&db.pool)
            .await?;
        ids.extend(rows.iter().map(|r| get_i64(r, "id")).collect::<sqlx::Result<Vec<_>>>()?);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

pub fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".into();
    }
    ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

/// `scope` None means every institution (system administrator).
pub async fn list_institutions(
    db: &Db,
    scope: Option<&[i64]>,
    q: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<Institution>, i64)> {
    let mut cond = String::from("1=1");
    if let Some(ids) = scope {
        cond.push_str(&format!(" AND i.id IN ({})", id_list(ids)));
    }
    let pat = q.map(like_pattern).unwrap_or_else(|| "%".into());
    cond.push_str(" AND (LOWER(i.name) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(r.name, '')) LIKE $1 ESCAPE '\\')");
    let total = get_i64(
        &sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM institutions i LEFT JOIN regions r ON r.code = i.region_code WHERE {cond}"
        ))
        .bind(&pat)
        .fetch_one(&db.pool)
        .await?,
        "n",
    )?;
    let rows = sqlx::query(&format!("{INSTITUTION_SELECT} WHERE {cond} ORDER BY i.name, i.id LIMIT {limit} OFFSET {offset}"))
        .bind(&pat)
        .fetch_all(&db.pool)
        .await?;
    Ok((rows.iter().map(institution).collect::<sqlx::Result<_>>()?, total))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Unit {
    pub id: i64,
    pub institution_id: i64,
    pub name: String,
    pub duties: Option<String>,
}

fn unit(r: &AnyRow) -> sqlx::Result<Unit> {
    Ok(Unit {
        id: get_i64(r, "id")?,
        institution_id: get_i64(r, "institution_id")?,
        name: get_str(r, "name")?,
        duties: opt_str(r, "duties")?,
    })
}

pub async fn insert_unit(tx: &mut Tx, institution_id: i64, name: &str, duties: Option<&str>) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO units (institution_id, name, duties, sort)
         VALUES ($1, $2, $3, (SELECT COUNT(*) FROM units WHERE institution_id = $1)) RETURNING id",
    )
    .bind(institution_id)
    .bind(name)
    .bind(duties)
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_unit(tx: &mut Tx, institution_id: i64, id: i64, name: &str, duties: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE units SET name = $1, duties = $2 WHERE institution_id = $3 AND id = $4")
        .bind(name)
        .bind(duties)
        .bind(institution_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn list_units(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Unit>> {
    let rows = sqlx::query("SELECT * FROM units WHERE institution_id = $1 ORDER BY sort, id")
        .bind(institution_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(unit).collect::<sqlx::Result<_>>()
}

pub async fn get_unit(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Unit>> {
    sqlx::query("SELECT * FROM units WHERE institution_id = $1 AND id = $2")
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| unit(&r))
        .transpose()
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, utoipa::ToSchema)]
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

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub institution_id: i64,
    #[serde(flatten)]
    pub data: PersonData,
}

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
    let now = super::now_utc();
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
    .bind(super::now_utc())
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

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

fn position(r: &AnyRow) -> sqlx::Result<Position> {
    Ok(Position {
        id: get_i64(r, "id")?,
        institution_id: get_i64(r, "institution_id")?,
        person_id: get_i64(r, "person_id")?,
        person_name: get_str(r, "person_name")?,
        education: opt_str(r, "education")?,
        unit_id: opt_i64(r, "unit_id")?,
        unit_name: opt_str(r, "unit_name")?,
        title: get_str(r, "title")?,
        decree_no: opt_str(r, "decree_no")?,
        start_date: get_str(r, "start_date")?,
        end_date: opt_str(r, "end_date")?,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionData {
    pub person_id: i64,
    pub unit_id: Option<i64>,
    pub title: String,
    pub decree_no: Option<String>,
    pub start_date: String,
    pub end_date: Option<String>,
}

pub async fn insert_position(tx: &mut Tx, institution_id: i64, d: &PositionData) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO positions (institution_id, person_id, unit_id, title, decree_no, start_date, end_date, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(institution_id)
    .bind(d.person_id)
    .bind(d.unit_id)
    .bind(&d.title)
    .bind(&d.decree_no)
    .bind(&d.start_date)
    .bind(&d.end_date)
    .bind(super::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&row, "id")
}

pub async fn update_position(tx: &mut Tx, institution_id: i64, id: i64, d: &PositionData) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE positions SET person_id = $1, unit_id = $2, title = $3, decree_no = $4, start_date = $5, end_date = $6
         WHERE institution_id = $7 AND id = $8",
    )
    .bind(d.person_id)
    .bind(d.unit_id)
    .bind(&d.title)
    .bind(&d.decree_no)
    .bind(&d.start_date)
    .bind(&d.end_date)
    .bind(institution_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn end_position(tx: &mut Tx, institution_id: i64, id: i64, end_date: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE positions SET end_date = $1 WHERE institution_id = $2 AND id = $3")
        .bind(end_date)
        .bind(institution_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const POSITION_SELECT: &str = "SELECT ps.*, p.name AS person_name, p.education AS education, u.name AS unit_name
     FROM positions ps
     JOIN people p ON p.institution_id = ps.institution_id AND p.id = ps.person_id
     LEFT JOIN units u ON u.institution_id = ps.institution_id AND u.id = ps.unit_id";

/// Every position of the institution, current and past (the history).
pub async fn list_positions(db: &Db, institution_id: i64) -> sqlx::Result<Vec<Position>> {
    let rows = sqlx::query(&format!(
        "{POSITION_SELECT} WHERE ps.institution_id = $1 ORDER BY CASE WHEN ps.end_date IS NULL THEN 0 ELSE 1 END, ps.start_date DESC, ps.id"
    ))
    .bind(institution_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(position).collect::<sqlx::Result<_>>()
}

pub async fn get_position(db: &Db, institution_id: i64, id: i64) -> sqlx::Result<Option<Position>> {
    sqlx::query(&format!("{POSITION_SELECT} WHERE ps.institution_id = $1 AND ps.id = $2"))
        .bind(institution_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| position(&r))
        .transpose()
}

/// Officers holding office on `today`, in the order the register is read (Ketua first).
pub async fn current_positions(db: &Db, institution_id: i64, today: &str) -> sqlx::Result<Vec<Position>> {
    let rows = sqlx::query(&format!(
        "{POSITION_SELECT} WHERE ps.institution_id = $1 AND ps.start_date <= $2 AND (ps.end_date IS NULL OR ps.end_date >= $2)
         ORDER BY COALESCE(u.sort, -1), CASE WHEN LOWER(ps.title) = 'ketua' THEN 0 ELSE 1 END, ps.id"
    ))
    .bind(institution_id)
    .bind(today)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(position).collect::<sqlx::Result<_>>()
}
