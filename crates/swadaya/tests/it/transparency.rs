//! The public notice board and its open data, with the full demo on both databases: every
//! section a citizen should see is there, the page stays light, and no NIK, phone number,
//! complainant or borrower's name reaches any public page or export.

use crate::common::*;

/// Private values of the demo: NIKs, complainants' contacts and names, KSM members who borrow.
const SECRETS: &[&str] = &[
    "3519095203850001",
    "3519094507780002",
    "3519091011700003",
    "0812-4455-6677",
    "Hasnah",
    "Forum Warga RT 02",
    "Suparmi",
    "Tukiyem",
    "Sumarni",
    "Paijo",
    "Wartini",
    "Sri Rahayu",
];

#[tokio::test]
async fn the_notice_board_shows_what_citizens_may_see_and_nothing_private() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let kkm = institution_id(&db, "KKM Tirta Ganra").await;
        let desa = institution_id(&db, "Pemerintah Desa Ganra").await;
        let base = spawn_app(db.clone()).await;
        let c = client();
        let get = |path: String| {
            let c = c.clone();
            let base = base.clone();
            async move {
                let r = c.get(format!("{base}{path}")).send().await.expect("get");
                assert_eq!(r.status(), 200, "{path}");
                let cache = r.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                (cache, r.bytes().await.expect("body").to_vec())
            }
        };
        let (cache, board) = get(format!("/p/{lkm}")).await;
        assert!(cache.starts_with("public"), "{cache}");
        assert!(board.len() < 50 * 1024, "the board is {} bytes", board.len());
        let text = String::from_utf8_lossy(&board).to_string();
        for part in [
            "Struktur pengurus",
            "05/LKM-MS/I/2024",
            "Kegiatan",
            "Pembayaran terakhir",
            "CV Paving Jaya Madiun",
            "Kinerja dana bergulir",
            "PAR",
            "Pengaduan masyarakat",
            "Data terbuka",
        ] {
            assert!(text.contains(part), "the board shows {part}");
        }
        let (_, again) = get(format!("/p/{lkm}")).await;
        assert_eq!(board, again, "a minute's cache serves the same page");
        let (_, kkm_board) = get(format!("/p/{kkm}")).await;
        assert!(String::from_utf8_lossy(&kkm_board).contains("Median hari sampai dijawab"));

        let (_, json) = get(format!("/p/{lkm}/data.json")).await;
        let json: serde_json::Value = serde_json::from_slice(&json).expect("json");
        assert!(json["loan_fund"]["outstanding"].as_i64().unwrap_or(0) > 0);
        assert_eq!(json["loan_fund"]["indicators"].as_array().map(Vec::len), Some(5));
        assert!(json["activities"].as_array().is_some_and(|a| !a.is_empty()));
        let (_, feed) = get(format!("/p/{lkm}/feed.atom")).await;
        let feed = String::from_utf8_lossy(&feed).to_string();
        assert!(feed.starts_with("<?xml") && feed.contains("<entry>") && feed.contains("Pembayaran"), "{feed}");

        // Progress photos are public; receipt scans are not.
        let progress =
            count(&db, &format!("SELECT MIN(id) FROM attachments WHERE institution_id = {lkm} AND owner_kind = 'progress'"))
                .await;
        let receipt =
            count(&db, &format!("SELECT MIN(id) FROM attachments WHERE institution_id = {lkm} AND owner_kind = 'spending'"))
                .await;
        let r = c.get(format!("{base}/p/{lkm}/photos/{progress}")).send().await.expect("photo");
        assert_eq!(r.headers()["content-type"], "image/png");
        assert_eq!(c.get(format!("{base}/p/{lkm}/photos/{receipt}")).send().await.expect("receipt").status(), 404);
        assert_eq!(c.get(format!("{base}/p/{kkm}/photos/{progress}")).send().await.expect("other").status(), 404);

        // Every public page and export, searched for every private value.
        let mut pages = vec![
            "/p".to_string(),
            "/pengaduan".into(),
            "/lacak".into(),
            "/apbdes/template/templat-apbdes.csv".into(),
            format!("/p/{desa}/apbdes/2022"),
            format!("/p/{desa}/apbdes/2022/data.json"),
            format!("/p/{desa}/apbdes/2022/data.csv"),
        ];
        for id in [lkm, kkm, desa] {
            for p in ["", "/data.json", "/activities.csv", "/payments.csv", "/feed.atom", "/pengaduan"] {
                pages.push(format!("/p/{id}{p}"));
            }
            pages.push(format!("/api/v1/public/institutions/{id}/register"));
        }
        for p in &pages {
            let (_, body) = get(p.clone()).await;
            let body = String::from_utf8_lossy(&body);
            for s in SECRETS {
                assert!(!body.contains(s), "{p} shows {s}");
            }
        }
        // What a crowd opens is kept a minute for visitors, downloads with their file names.
        for p in [
            "/p".to_string(),
            format!("/p/{lkm}/data.json"),
            format!("/p/{lkm}/activities.csv"),
            format!("/p/{lkm}/payments.csv"),
            format!("/p/{lkm}/feed.atom"),
            format!("/api/v1/public/institutions/{lkm}/register"),
        ] {
            let (cache, first) = get(p.clone()).await;
            assert_eq!(cache, "public, max-age=60", "{p}");
            let (_, again) = get(p.clone()).await;
            assert_eq!(first, again, "{p} is served from the minute's copy");
        }
        let r = c.get(format!("{base}/p/{lkm}/payments.csv")).send().await.expect("csv");
        assert_eq!(r.headers()["content-disposition"], format!("attachment; filename=\"pembayaran-{lkm}.csv\""));
        // A logged-in user gets a fresh page, never a shared copy.
        let (u, _) = login(&base, "lkm.admin").await;
        let r = u.get(format!("{base}/p/{lkm}")).send().await.expect("get");
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        assert!(r.text().await.expect("body").contains("Keluar"), "the page knows who is signed in");
    })
    .await;
}
