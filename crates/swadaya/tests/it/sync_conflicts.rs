//! Two sheets for one meeting (a phone syncing late, two people at the meeting): the server
//! keeps the second as a proposed correction beside the original, never overwriting; posted
//! money moves only when the treasurer accepts it. Both databases.

use crate::common::*;

#[tokio::test]
async fn a_second_sheet_for_a_meeting_becomes_a_proposed_correction() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let g = swadaya_core::store::ksm::list_ksm(&db, lkm)
            .await
            .expect("groups")
            .into_iter()
            .find(|k| k.data.name == "KSM Berkah Jaya")
            .expect("group");
        let members: Vec<_> = swadaya_core::store::ksm::list_members(&db, lkm, g.id)
            .await
            .expect("members")
            .into_iter()
            .filter(|m| m.active_on("2026-11-02"))
            .collect();
        let base = spawn_app(db.clone()).await;
        let token = swadaya_core::app::auth::create_token(&db, "ksm", "test").await.expect("token");
        let c = client();
        let sheet = |first_wajib: &str| {
            serde_json::json!({
                "held_on": "2026-11-02",
                "lines": members.iter().enumerate().map(|(i, m)| serde_json::json!({
                    "member_id": m.id, "attendance": "hadir", "wajib": if i == 0 { first_wajib } else { "5.000" },
                })).collect::<Vec<_>>(),
            })
        };
        let url = format!("{base}/api/v1/institutions/{lkm}/ksm/{}/meetings?on_conflict=propose", g.id);
        let send = |body: serde_json::Value, key: &'static str| {
            c.post(&url).bearer_auth(&token).header("idempotency-key", key).json(&body).send()
        };
        let r = send(sheet("5.000"), "phone-a-1").await.expect("post");
        assert_eq!(r.status(), 201);
        let original = r.json::<serde_json::Value>().await.expect("json")["id"].as_i64().expect("id");
        let saved = count(&db, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements").await;

        // The second phone's sheet for the same meeting: kept, not refused, not posted.
        let r = send(sheet("10.000"), "phone-b-1").await.expect("post");
        assert_eq!(r.status(), 202);
        let body: serde_json::Value = r.json().await.expect("json");
        let proposal = body["proposed_correction_id"].as_i64().expect("proposal");
        assert_eq!(body["original_id"].as_i64(), Some(original));
        let again = send(sheet("10.000"), "phone-b-1").await.expect("resend");
        assert_eq!(
            again.json::<serde_json::Value>().await.expect("json")["proposed_correction_id"].as_i64(),
            Some(proposal),
            "a resend finds it"
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM sheet_proposals").await, 1);
        assert_eq!(
            count(&db, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements").await,
            saved,
            "nothing posted by a sync"
        );
        let plain = c
            .post(format!("{base}/api/v1/institutions/{lkm}/ksm/{}/meetings", g.id))
            .bearer_auth(&token)
            .json(&sheet("7.000"))
            .send()
            .await
            .expect("post");
        assert_eq!(plain.status(), 409, "without on_conflict the old answer stands");

        // Beside the original on the meeting's page, with what differs marked.
        let (u, csrf) = login(&base, "ksm").await;
        let page = u
            .get(format!("{base}/i/{lkm}/ksm/{}/meetings/{original}", g.id))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        assert!(page.contains("Usulan koreksi") && page.contains("Terima sebagai koreksi"), "shown beside the original");
        assert!(page.contains("class=\"num over\""), "the changed saving is marked: {page}");
        let group_page = u.get(format!("{base}/i/{lkm}/ksm/{}", g.id)).send().await.expect("page").text().await.expect("body");
        assert!(group_page.contains("usulan koreksi menunggu"));
        let action = |what: &str| format!("{base}/i/{lkm}/ksm/{}/meetings/{original}/corrections/{proposal}/{what}", g.id);
        let r = u.post(action("reject")).form(&[("_csrf", csrf.as_str()), ("reason", "")]).send().await.expect("reject");
        assert_eq!(r.status(), 422, "a reason is required");
        let r = u.post(action("accept")).form(&[("_csrf", csrf.as_str())]).send().await.expect("accept");
        assert_eq!(r.status(), 303);
        assert_eq!(
            count(&db, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements").await,
            saved + 5_000,
            "the difference is posted as an amendment"
        );
        assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM meetings WHERE amends_id = {original}")).await, 1);
        let p = swadaya_core::store::sheet_corrections::get(&db, lkm, proposal).await.expect("get").expect("exists");
        assert_eq!(p.status, "accepted");
        assert!(p.amendment_id.is_some());
        let r = u.post(action("accept")).form(&[("_csrf", csrf.as_str())]).send().await.expect("accept again");
        assert_eq!(r.status(), 409, "decided once");

        // Another one, rejected with a reason; the record of it stays.
        let r = send(sheet("0"), "phone-c-1").await.expect("post");
        let other = r.json::<serde_json::Value>().await.expect("json")["proposed_correction_id"].as_i64().expect("proposal");
        let url2 = format!("{base}/i/{lkm}/ksm/{}/meetings/{original}/corrections/{other}/reject", g.id);
        let r = u
            .post(&url2)
            .form(&[("_csrf", csrf.as_str()), ("reason", "Salah ketik di ponsel; lembar asli benar.")])
            .send()
            .await
            .expect("reject");
        assert_eq!(r.status(), 303);
        let p = swadaya_core::store::sheet_corrections::get(&db, lkm, other).await.expect("get").expect("exists");
        assert_eq!(
            (p.status.as_str(), p.decision_reason.as_deref()),
            ("rejected", Some("Salah ketik di ponsel; lembar asli benar."))
        );
        // A claim left by a server that died mid-accept: taken over once stale, not while fresh.
        let r = send(sheet("6.000"), "phone-d-1").await.expect("post");
        let stuck = r.json::<serde_json::Value>().await.expect("json")["proposed_correction_id"].as_i64().expect("proposal");
        let now = swadaya_core::store::now_utc();
        sqlx::query(&format!("UPDATE sheet_proposals SET status = 'accepting', decided_at = '{now}' WHERE id = {stuck}"))
            .execute(&db.pool)
            .await
            .expect("claim");
        let url3 = format!("{base}/i/{lkm}/ksm/{}/meetings/{original}/corrections/{stuck}/accept", g.id);
        assert_eq!(
            u.post(&url3).form(&[("_csrf", csrf.as_str())]).send().await.expect("accept").status(),
            409,
            "a claim in progress"
        );
        sqlx::query(&format!("UPDATE sheet_proposals SET decided_at = '2000-01-01T00:00:00Z' WHERE id = {stuck}"))
            .execute(&db.pool)
            .await
            .expect("age");
        assert_eq!(
            u.post(&url3).form(&[("_csrf", csrf.as_str())]).send().await.expect("accept").status(),
            303,
            "a stale claim is taken over"
        );
        assert_eq!(
            swadaya_core::store::sheet_corrections::get(&db, lkm, stuck).await.expect("get").expect("exists").status,
            "accepted"
        );
        assert!(sqlx::query("DELETE FROM sheet_proposals").execute(&db.pool).await.is_err());
        assert!(sqlx::query("UPDATE sheet_proposals SET payload = '{}'").execute(&db.pool).await.is_err());
        swadaya_core::store::audit::verify(&db).await.expect("verify").expect("chain intact");
    })
    .await;
}
