//! The reads the API gained so that each page's data is in /api/v1 (`api_parity.rs`): each
//! answer is checked against the rows it comes from or a figure it must equal.

use crate::common::*;
use serde_json::Value;

async fn get(base: &str, token: &str, path: &str) -> Value {
    let r = client().get(format!("{base}{path}")).bearer_auth(token).send().await.expect("get");
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.expect("json")
}

/// A whole list: one page of up to 200 rows, which must hold all of them.
async fn list(base: &str, token: &str, path: &str) -> Value {
    let sep = if path.contains('?') { '&' } else { '?' };
    let page = get(base, token, &format!("{path}{sep}per_page=200")).await;
    let items = page["items"].as_array().expect("a page of items").clone();
    assert_eq!(page["total"].as_u64(), Some(items.len() as u64), "{path}: one page holds the whole list");
    Value::Array(items)
}

fn sum(v: &Value, f: impl Fn(&Value) -> i64) -> i64 {
    v.as_array().expect("a list").iter().map(f).sum()
}

fn n(v: &Value) -> i64 {
    v.as_i64().expect("a number")
}

#[tokio::test]
async fn books_reads_agree_with_each_other_and_the_rows() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let upk = swadaya_core::app::auth::create_token(&db, "upk", "test").await.expect("token");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let api = format!("/api/v1/institutions/{lkm}");
        let period = "from=2020-01-01";

        let cf = get(&base, &upk, &format!("{api}/cash-flow?{period}")).await;
        assert_eq!(cf["agrees"], true, "opening + flows = closing: {cf}");
        assert!(n(&cf["closing"]) > 0, "the LKM holds cash: {cf}");
        let accounts = list(&base, &upk, &format!("{api}/accounts")).await;
        let mut cash_closing = 0;
        for a in accounts.as_array().expect("accounts").iter().filter(|a| a["cash"] == true) {
            let code = a["code"].as_str().expect("code");
            let gl = get(&base, &upk, &format!("{api}/ledger/{code}?{period}")).await;
            if let Some(last) = gl["rows"].as_array().expect("rows").last() {
                assert_eq!(last["balance"], gl["closing"], "{code}: the last running balance is the closing");
            }
            cash_closing += n(&gl["closing"]);
        }
        assert_eq!(cash_closing, n(&cf["closing"]), "the cash ledgers sum to the cash flow's closing");

        let kas = get(&base, &upk, &format!("{api}/ledger/11010?{period}")).await;
        let row = &kas["rows"][0];
        let entry = get(&base, &upk, &format!("{api}/journal/{}", row["entry_id"])).await;
        assert_eq!(entry["entry"]["id"], row["entry_id"]);
        let lines = &entry["lines"];
        assert_eq!(sum(lines, |l| n(&l["debit"])), sum(lines, |l| n(&l["credit"])), "balanced: {entry}");
        let kas_line = lines.as_array().expect("lines").iter().find(|l| l["account"] == "11010").expect("a Kas line");
        assert_eq!((&kas_line["debit"], &kas_line["credit"]), (&row["debit"], &row["credit"]));
        let r = client().get(format!("{base}{api}/journal/999999")).bearer_auth(&upk).send().await.expect("get");
        assert_eq!(r.status(), 404, "an entry that does not exist");

        let closed = list(&base, &upk, &format!("{api}/closed-months")).await;
        let rows = count(&db, &format!("SELECT COUNT(*) FROM closed_months WHERE institution_id = {lkm}")).await;
        assert!(rows > 0, "the demo closes a month");
        assert_eq!(closed.as_array().expect("list").len() as i64, rows);
        let plan = list(&base, &upk, &format!("{api}/collection-plan?from=2000-01-01")).await;
        let actions = count(&db, &format!("SELECT COUNT(*) FROM collection_actions WHERE institution_id = {lkm}")).await;
        assert_eq!(plan.as_array().expect("list").len() as i64, actions);
    })
    .await;
}

#[tokio::test]
async fn register_and_group_reads_show_what_the_pages_show() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let admin = swadaya_core::app::auth::create_token(&db, "lkm.admin", "test").await.expect("token");
        let upk = swadaya_core::app::auth::create_token(&db, "upk", "test").await.expect("token");
        let system = swadaya_core::app::auth::create_token(&db, "admin", "test").await.expect("token");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let api = format!("/api/v1/institutions/{lkm}");

        let users = list(&base, &admin, &format!("{api}/users")).await;
        let grants = count(&db, &format!("SELECT COUNT(*) FROM user_roles WHERE institution_id = {lkm}")).await;
        assert_eq!(users.as_array().expect("list").len() as i64, grants);
        assert!(users.as_array().expect("list").iter().any(|u| u["username"] == "upk" && u["role"] == "upk_officer"), "{users}");
        let r = client().get(format!("{base}{api}/users")).bearer_auth(&upk).send().await.expect("get");
        assert_eq!(r.status(), 403, "only those who manage users see them");

        let settings = list(&base, &upk, &format!("{api}/settings")).await;
        let tumbuh =
            settings.as_array().expect("list").iter().find(|s| s["key"] == "stage.tumbuh_min").expect("stage.tumbuh_min");
        assert_eq!(n(&tumbuh["default"]), swadaya_domain::stage::DEFAULT_TUMBUH_MIN);
        assert!(n(&tumbuh["min"]) <= n(&tumbuh["value"]) && n(&tumbuh["value"]) <= n(&tumbuh["max"]));

        let k = count(&db, &format!("SELECT MIN(id) FROM ksm WHERE institution_id = {lkm} AND name = 'KSM Berkah Jaya'")).await;
        let stages = list(&base, &upk, &format!("{api}/ksm/{k}/stages")).await;
        let decided = count(&db, &format!("SELECT COUNT(*) FROM ksm_stages WHERE institution_id = {lkm} AND ksm_id = {k}")).await;
        assert_eq!(stages.as_array().expect("list").len() as i64, decided);
        let factors = list(&base, &upk, &format!("{api}/ksm/{k}/independence")).await;
        assert_eq!(factors.as_array().expect("list").len(), swadaya_domain::independence::ITEMS.len());
        assert!(factors
            .as_array()
            .expect("list")
            .iter()
            .all(|f| !f["evidence"].as_str().unwrap_or("").is_empty() || f["met"].is_null()));

        let facilitator = swadaya_core::app::auth::create_token(&db, "fasilitator", "test").await.expect("token");
        let overview = list(&base, &facilitator, "/api/v1/ksm").await;
        let groups = overview.as_array().expect("list");
        assert!(!groups.is_empty(), "the facilitator's region has groups");
        for g in groups {
            let (inst, ksm) = (n(&g["institution_id"]), n(&g["ksm_id"]));
            let current = count(
                &db,
                &format!("SELECT COUNT(*) FROM ksm_members WHERE institution_id = {inst} AND ksm_id = {ksm} AND left_on IS NULL"),
            )
            .await;
            assert_eq!(n(&g["members"]), current, "{g}");
        }
        let treasurer = swadaya_core::app::auth::create_token(&db, "ksm", "test").await.expect("token");
        let own = list(&base, &treasurer, "/api/v1/ksm").await;
        assert_eq!(own.as_array().expect("list").len(), 1, "a KSM treasurer reaches their own group only: {own}");

        let holidays = list(&base, &system, "/api/v1/holidays").await;
        assert_eq!(holidays.as_array().expect("list").len() as i64, count(&db, "SELECT COUNT(*) FROM holidays").await);
        let r = client().get(format!("{base}/api/v1/holidays")).bearer_auth(&upk).send().await.expect("get");
        assert_eq!(r.status(), 403, "the calendar is the system administrator's");
    })
    .await;
}

#[tokio::test]
async fn activity_figures_add_up_to_the_money_by_source() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let token = swadaya_core::app::auth::create_token(&db, "bendahara", "test").await.expect("token");
        let kkm = institution_id(&db, "KKM Tirta Ganra").await;
        let api = format!("/api/v1/institutions/{kkm}");
        let period = "from=2000-01-01";

        let figures = list(&base, &token, &format!("{api}/activity-figures?{period}")).await;
        let by_source = list(&base, &token, &format!("{api}/money-by-source?{period}")).await;
        let spent = sum(&figures, |a| sum(&a["sources"], |s| n(&s["spent"])));
        assert!(spent > 0, "the demo's water system has payments: {figures}");
        assert_eq!(spent, sum(&by_source, |s| n(&s["spent"])), "every rupiah spent is counted once per source");
        assert_eq!(
            sum(&figures, |a| sum(&a["sources"], |s| n(&s["received"]))),
            sum(&by_source, |s| n(&s["received"])),
            "received per activity and per source agree"
        );
        assert_eq!(
            figures.as_array().expect("list").len() as i64,
            count(&db, &format!("SELECT COUNT(*) FROM activities WHERE institution_id = {kkm}")).await
        );

        let year = count(&db, &format!("SELECT COALESCE(MAX(rkm_year), 0) FROM activities WHERE institution_id = {kkm}")).await;
        assert!(year > 0, "a demo activity belongs to a year's work plan");
        let rkm = list(&base, &token, &format!("{api}/rkm?year={year}")).await;
        let planned =
            count(&db, &format!("SELECT COUNT(*) FROM activities WHERE institution_id = {kkm} AND rkm_year = {year}")).await;
        assert_eq!(rkm.as_array().expect("list").len() as i64, planned);
        assert!(rkm.as_array().expect("list").iter().all(|r| n(&r["given_cash"]) >= 0 && n(&r["promised_cash"]) >= 0));
    })
    .await;
}
