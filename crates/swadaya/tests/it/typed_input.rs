//! One input struct per command, read from a page's form and from the API's JSON with the same
//! field names (`web::form::Checked`, `FormData::parse`): a field the command refuses is named
//! as the caller sent it, a value that cannot be read is 400 naming the field, and what the API
//! answers about users is a view made for readers, not the user row.

use crate::common::*;
use serde_json::{json, Value};

async fn first_activity(base: &str, token: &str, lkm: i64) -> i64 {
    let r = client().get(format!("{base}/api/v1/institutions/{lkm}/activities")).bearer_auth(token).send().await.expect("get");
    let page: Value = r.json().await.expect("json");
    page["items"][0]["activity"]["id"].as_i64().expect("the demo LKM has an activity")
}

#[tokio::test]
async fn the_form_and_the_api_name_the_same_fields() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let token = swadaya_core::app::auth::create_token(&db, "lkm.admin", "test").await.expect("token");
        let a = first_activity(&base, &token, lkm).await;
        let in_kind = format!("{base}/api/v1/institutions/{lkm}/activities/{a}/in-kind");
        let rows = count(&db, "SELECT COUNT(*) FROM in_kind").await;

        // The API's errors name the field as the form and the OpenAPI document call it.
        let bad = json!({"kind_on": "2025-02-30", "contributor": "Warga RT 09", "kind_description": "Kerja bakti", "kind_value": "0"});
        let r = client().post(&in_kind).bearer_auth(&token).json(&bad).send().await.expect("post");
        assert_eq!(r.status(), 422);
        let problem: Value = r.json().await.expect("problem");
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert!(fields.contains(&"kind_on") && fields.contains(&"kind_value"), "{problem}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM in_kind").await, rows, "nothing recorded");

        // The short names the API first documented are still read.
        let old = json!({"on_date": "2025-03-14", "contributor": "Warga RT 09 dan RT 10",
            "description": "Rabat jalan di kanan kiri jalan paving", "value": "1.500.000"});
        let r = client().post(&in_kind).bearer_auth(&token).header("Idempotency-Key", "typed-1").json(&old).send().await.expect("post");
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
        let v: i64 = count(&db, "SELECT MAX(value) FROM in_kind WHERE contributor = 'Warga RT 09 dan RT 10' AND on_date = '2025-03-14' AND value = 1500000").await;
        assert_eq!(v, 1_500_000, "the short names were read into the same record");

        // A page's form with a value that cannot be read: 400 naming the field, nothing saved.
        let (c, csrf) = login(&base, "upk").await;
        let loans = count(&db, "SELECT COUNT(*) FROM loans").await;
        let r = c
            .post(format!("{base}/i/{lkm}/loans"))
            .form(&[("_csrf", csrf.as_str()), ("ksm_id", "1"), ("product_id", "pinjaman"), ("applied_on", "2026-11-02")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 400);
        let page = r.text().await.expect("body");
        assert!(page.contains("Isian &quot;Produk&quot; (product_id) tidak terbaca"), "{page}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM loans").await, loans, "nothing recorded");
    })
    .await;
}

#[tokio::test]
async fn the_users_list_is_a_view_without_secrets() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let token = swadaya_core::app::auth::create_token(&db, "lkm.admin", "test").await.expect("token");
        let r = client().get(format!("{base}/api/v1/institutions/{lkm}/users")).bearer_auth(&token).send().await.expect("get");
        assert_eq!(r.status(), 200);
        let page: Value = r.json().await.expect("json");
        let items = page["items"].as_array().expect("items");
        let with_role = count(&db, &format!("SELECT COUNT(*) FROM user_roles WHERE institution_id = {lkm}")).await;
        assert_eq!(page["total"].as_i64(), Some(with_role), "one line per role held here");
        for u in items {
            let mut keys: Vec<&str> = u.as_object().expect("object").keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["disabled", "display_name", "is_system", "ksm", "role", "user_id", "username"], "{u}");
        }
        assert!(!page.to_string().contains("argon2"), "no password hash leaves the core");
    })
    .await;
}
