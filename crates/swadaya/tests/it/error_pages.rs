//! Errors where the eye is: a period the wrong way round is refused on every report (page and
//! API) with both dates and the period swapped one click away; a signed-in user who meets an
//! error keeps their own header.

use crate::common::*;

#[tokio::test]
async fn a_period_that_ends_before_it_starts_is_refused_on_every_report() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let base = spawn_app(db.clone()).await;
        let (c, _) = login(&base, "upk").await;
        let swapped = "from=2026-12-31&to=2026-01-01";
        for report in
            ["books/income", "books/trial-balance", "books/cash-flow", "books/ledger/11010", "books/journal", "cash-book"]
        {
            let r = c.get(format!("{base}/i/{lkm}/{report}?{swapped}")).send().await.expect("get");
            assert_eq!(r.status(), 422, "{report}");
            let page = r.text().await.expect("body");
            assert!(page.contains("1 Januari 2026") && page.contains("31 Desember 2026"), "{report}: names both dates");
            assert!(page.contains("from=2026-01-01&amp;to=2026-12-31"), "{report}: offers the period swapped");
            assert!(page.contains("Keluar") && !page.contains(">Masuk<"), "{report}: the user's own header");
        }
        let r = c.get(format!("{base}/i/{lkm}/books/income?from=2026-01-01&to=2026-12-31")).send().await.expect("get");
        assert_eq!(r.status(), 200, "the right way round");
        let token = swadaya_core::app::auth::create_token(&db, "upk", "test").await.expect("token");
        let r = client()
            .get(format!("{base}/api/v1/institutions/{lkm}/income-statement?{swapped}"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 422);
        let problem: serde_json::Value = r.json().await.expect("problem+json");
        assert_eq!(problem["errors"][0]["field"], "to", "{problem}");
    })
    .await;
}

#[tokio::test]
async fn a_signed_in_user_keeps_their_header_on_an_error_page() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let base = spawn_app(db.clone()).await;
        let (c, _) = login(&base, "ksm").await;
        for (path, status) in
            [(format!("/i/{lkm}/books"), 403), ("/i/999999".to_string(), 404), ("/no-such-page".to_string(), 404)]
        {
            let r = c.get(format!("{base}{path}")).send().await.expect("get");
            assert_eq!(r.status(), status, "{path}");
            let page = r.text().await.expect("body");
            assert!(
                page.contains("action=\"/logout\"") && !page.contains("href=\"/login\""),
                "{path}: the user's header, not a visitor's"
            );
        }
        let r = client().get(format!("{base}/no-such-page")).send().await.expect("get");
        assert!(r.text().await.expect("body").contains("href=\"/login\""), "a visitor is offered the login");
    })
    .await;
}
