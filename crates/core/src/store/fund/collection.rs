//! Collection actions on loans in arrears: plans, visits, hand-overs to the village, promises.

pub use crate::app::fund::collection::CollectionAction;
use crate::store::{get_i64, get_str, opt_str, Tx};

pub struct NewAction<'a> {
    pub loan_id: i64,
    pub member_id: Option<i64>,
    pub kind: &'a str,
    pub on_date: &'a str,
    pub officer: Option<&'a str>,
    pub village_official: Option<&'a str>,
    pub promise_on: Option<&'a str>,
    pub promise_amount: Option<i64>,
    pub note: Option<&'a str>,
    pub created_by: &'a str,
}

pub async fn insert_action(tx: &mut Tx, institution_id: i64, a: &NewAction<'_>) -> sqlx::Result<i64> {
    let r = sqlx::query(
        "INSERT INTO collection_actions (institution_id, loan_id, member_id, kind, on_date, officer, village_official, promise_on, promise_amount, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(institution_id)
    .bind(a.loan_id)
    .bind(a.member_id)
    .bind(a.kind)
    .bind(a.on_date)
    .bind(a.officer)
    .bind(a.village_official)
    .bind(a.promise_on)
    .bind(a.promise_amount)
    .bind(a.note)
    .bind(a.created_by)
    .bind(crate::store::now_utc())
    .fetch_one(&mut **tx)
    .await?;
    get_i64(&r, "id")
}

/// Collection actions of one loan (`loan_id` > 0) or of the institution from a date on.
pub async fn actions(
    db: &crate::store::Db,
    institution_id: i64,
    loan_id: i64,
    from: &str,
) -> sqlx::Result<Vec<CollectionAction>> {
    let rows = sqlx::query(
        "SELECT a.*, k.name AS ksm_name, l.agreement_no FROM collection_actions a
         JOIN loans l ON l.institution_id = a.institution_id AND l.id = a.loan_id
         JOIN ksm k ON k.institution_id = l.institution_id AND k.id = l.ksm_id
         WHERE a.institution_id = $1 AND ($2 = 0 OR a.loan_id = $2) AND a.on_date >= $3
         ORDER BY a.on_date, a.id",
    )
    .bind(institution_id)
    .bind(loan_id)
    .bind(from)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CollectionAction {
                id: get_i64(r, "id")?,
                loan_id: get_i64(r, "loan_id")?,
                member_id: crate::store::opt_i64(r, "member_id")?,
                kind: get_str(r, "kind")?,
                on_date: get_str(r, "on_date")?,
                officer: opt_str(r, "officer")?,
                village_official: opt_str(r, "village_official")?,
                promise_on: opt_str(r, "promise_on")?,
                promise_amount: crate::store::opt_i64(r, "promise_amount")?,
                note: opt_str(r, "note")?,
                created_by: get_str(r, "created_by")?,
                ksm_name: get_str(r, "ksm_name")?,
                agreement_no: get_str(r, "agreement_no")?,
            })
        })
        .collect::<sqlx::Result<_>>()
}
