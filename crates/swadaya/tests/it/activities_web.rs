//! Funded activities through HTTP with the full demo (the Bibrik paving of seed 001 and the
//! KKM's Pamsimas work): who reaches which page, the reports in every format, uploads checked by
//! content, hostile forms refused without a 500, and the API with an idempotent payment.

use crate::common::*;
use swadaya::demo_activities::DEMO_PNG;
use swadaya_core::store::Db;

async fn full_demo(db: &Db) -> (String, i64, i64) {
    swadaya::demo::load(db, 0).await.expect("demo");
    (spawn_app(db.clone()).await, institution_id(db, "LKM Makmur Sentosa").await, institution_id(db, "KKM Tirta Ganra").await)
}

/// (user, read pages, cash book, money form, progress form, proposal form)
const MATRIX: &[(&str, u16, u16, u16, u16, u16)] = &[
    ("admin", 200, 200, 200, 200, 200),
    ("lkm.admin", 200, 200, 200, 200, 200),
    ("lkm.board", 200, 200, 403, 200, 200),
    ("upk", 200, 200, 403, 403, 200),
    ("ksm", 200, 403, 403, 403, 200),
    ("auditor", 200, 200, 403, 403, 403),
    ("fasilitator", 200, 200, 403, 403, 403),
    ("bendahara", 404, 404, 404, 404, 404),
];

#[tokio::test]
async fn activity_pages_reach_who_they_should_and_every_report_opens() {
    each_backend(|db| async move {
        let (base, lkm, kkm) = full_demo(&db).await;
        let paving = count(&db, &format!("SELECT MIN(id) FROM activities WHERE institution_id = {lkm}")).await;
        let photo = count(&db, &format!("SELECT MIN(id) FROM attachments WHERE institution_id = {lkm}")).await;
        let read = [
            "/activities".to_string(),
            format!("/activities/{paving}"),
            "/proposals".into(),
            "/proposals/1".into(),
            "/proposals/ranking".into(),
            "/activities/report".into(),
            "/activities/quarterly?year=2025&quarter=3".into(),
            "/rkm".into(),
            format!("/attachments/{photo}"),
        ];
        for (user, r, cash, money, progress, propose) in MATRIX {
            let (c, _) = login(&base, user).await;
            let get = |p: String| {
                let c = c.clone();
                let base = base.clone();
                async move { c.get(format!("{base}/i/{lkm}{p}")).send().await.expect("get").status().as_u16() }
            };
            for p in &read {
                assert_eq!(get(p.clone()).await, *r, "{user} GET {p}");
            }
            assert_eq!(get("/cash-book".into()).await, *cash, "{user} cash book");
            assert_eq!(get("/activities/annual?year=2025".into()).await, *cash, "{user} annual report");
            assert_eq!(get("/auditor-export.xlsx".into()).await, *cash, "{user} auditor export");
            assert_eq!(get(format!("/activities/{paving}/spend")).await, *money, "{user} payment form");
            assert_eq!(get(format!("/activities/{paving}/receive")).await, *money, "{user} receipt form");
            assert_eq!(get(format!("/activities/{paving}/progress")).await, *progress, "{user} progress form");
            assert_eq!(get("/proposals/new".into()).await, *propose, "{user} proposal form");
        }
        // The KKM's treasurer sees the KKM's activity and not the LKM's photos.
        let (c, _) = login(&base, "bendahara").await;
        let kkm_page = c.get(format!("{base}/i/{kkm}/activities")).send().await.expect("get").text().await.expect("body");
        assert!(kkm_page.contains("Pamsimas"), "{kkm_page}");
        assert_eq!(c.get(format!("{base}/i/{kkm}/attachments/{photo}")).send().await.expect("get").status(), 404);

        let (c, _) = login(&base, "auditor").await;
        let img = c.get(format!("{base}/i/{lkm}/attachments/{photo}")).send().await.expect("get");
        assert_eq!(img.headers()["content-type"], "image/png");
        assert_eq!(img.headers()["x-content-type-options"], "nosniff");
        let page = c.get(format!("{base}/i/{lkm}/activities/{paving}")).send().await.expect("get").text().await.expect("body");
        for needle in ["KW-001", "SP2D tahap I", "Paseduluran Jalan Poros RT.09 dan RT.10", "Rp 100.000.000", "170 m"] {
            assert!(page.contains(needle), "activity page shows {needle}");
        }
        // The monthly report and the cash book in every format.
        let months = count(&db, &format!("SELECT COUNT(*) FROM spendings WHERE institution_id = {lkm}")).await;
        assert!(months >= 7);
        let first =
            swadaya_core::store::activities::spendings(&db.pool, lkm, paving).await.expect("payments")[0].spent_on.clone();
        let month = &first[..7];
        let report = format!("{base}/i/{lkm}/activities/report?month={month}");
        let csv = c.get(format!("{report}&format=csv")).send().await.expect("csv").text().await.expect("body");
        assert!(csv.contains("APBD") && csv.contains("Pembangunan jalan paving"), "{csv}");
        let xlsx = c.get(format!("{report}&format=xlsx")).send().await.expect("xlsx").bytes().await.expect("body");
        assert!(xlsx.starts_with(b"PK"));
        let pdf = c.get(format!("{report}&format=pdf")).send().await.expect("pdf").bytes().await.expect("body");
        if let Some(text) = crate::http::pdf_text(&pdf) {
            assert!(text.contains("APBD"), "{text}");
        }
        let book = format!("{base}/i/{lkm}/cash-book?account=11023&from=2000-01-01&to=2100-12-31");
        let csv = c.get(format!("{book}&format=csv")).send().await.expect("csv").text().await.expect("body");
        assert!(csv.contains("KW-001") && csv.contains("SP2D tahap II"), "{csv}");
        let pdf = c.get(format!("{book}&format=pdf")).send().await.expect("pdf").bytes().await.expect("body");
        assert!(pdf.starts_with(b"%PDF"));
        let year = &first[..4];
        let annual = c
            .get(format!("{base}/i/{lkm}/activities/annual?year={year}&format=pdf"))
            .send()
            .await
            .expect("pdf")
            .bytes()
            .await
            .expect("body");
        if let Some(text) = crate::http::pdf_text(&annual) {
            assert!(text.contains("Pembangunan") && text.contains("diserahterimakan") && text.contains("APBD"), "{text}");
        }
        let xlsx = c.get(format!("{base}/i/{lkm}/auditor-export.xlsx?from=2000-01-01&to=2100-12-31")).send().await.expect("xlsx");
        assert_eq!(xlsx.headers()["content-type"], swadaya_core::reports::XLSX_TYPE);
        assert!(xlsx.bytes().await.expect("body").starts_with(b"PK"));
    })
    .await;
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_bad_forms_never_crash() {
    each_backend(|db| async move {
        let (base, lkm, _) = full_demo(&db).await;
        let running = count(&db, &format!("SELECT MAX(id) FROM activities WHERE institution_id = {lkm}")).await;
        let line = count(&db, &format!("SELECT MIN(id) FROM rab_lines WHERE activity_id = {running}")).await;
        let (c, csrf) = login(&base, "lkm.admin").await;
        let payments = count(&db, "SELECT COUNT(*) FROM spendings").await;
        let files = count(&db, "SELECT COUNT(*) FROM attachments").await;
        let today = chrono::Local::now().date_naive().to_string();
        let form = |file: reqwest::multipart::Part| {
            reqwest::multipart::Form::new()
                .text("_csrf", csrf.clone())
                .text("rab_line_id", line.to_string())
                .text("source", "dana_desa")
                .text("receipt_no", "KW-DD-99")
                .text("spent_on", today.clone())
                .text("payee", "Toko Bangunan")
                .text("item", "Semen")
                .text("amount", "100.000")
                .text("account", "11023")
                .part("files", file)
        };
        let url = format!("{base}/i/{lkm}/activities/{running}/spend");
        // A script named like a photo.
        let fake = reqwest::multipart::Part::bytes(b"<script>alert(1)</script>".to_vec()).file_name("kwitansi.jpg");
        let r = c.post(&url).multipart(form(fake)).send().await.expect("post");
        assert_eq!(r.status(), 422);
        let html = r.text().await.expect("body");
        assert!(html.contains("bukan foto") && html.contains("value=\"KW-DD-99\""), "{html}");
        // Too large (4 MB + 1, under the 5 MB request limit).
        let mut big = vec![0u8; 4 * 1024 * 1024 + 1];
        big[..8].copy_from_slice(&DEMO_PNG[..8]);
        let r =
            c.post(&url).multipart(form(reqwest::multipart::Part::bytes(big).file_name("besar.png"))).send().await.expect("post");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("terlalu besar"));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM spendings").await, payments, "nothing saved");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM attachments").await, files, "nothing saved");
        // A real photo: saved with the payment.
        let ok = c
            .post(&url)
            .multipart(form(reqwest::multipart::Part::bytes(DEMO_PNG.to_vec()).file_name("kw.png")))
            .send()
            .await
            .expect("post");
        assert_eq!(ok.status(), 303);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM spendings").await, payments + 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM attachments").await, files + 1);
        // A second photo of that receipt, added later; a script is refused there too.
        let paid = count(&db, "SELECT MAX(id) FROM spendings").await;
        let attach = format!("{base}/i/{lkm}/activities/{running}/attach/spending/{paid}");
        assert_eq!(c.get(&attach).send().await.expect("get").status(), 200);
        let photo = |bytes: Vec<u8>| {
            reqwest::multipart::Form::new()
                .text("_csrf", csrf.clone())
                .part("files", reqwest::multipart::Part::bytes(bytes).file_name("kw2.jpg"))
        };
        assert_eq!(c.post(&attach).multipart(photo(b"MZ\x90\x00".to_vec())).send().await.expect("post").status(), 422);
        assert_eq!(c.post(&attach).multipart(photo(DEMO_PNG.to_vec())).send().await.expect("post").status(), 303);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM attachments").await, files + 2);
        let elsewhere = format!("{base}/i/{lkm}/activities/{running}/attach/spending/1");
        assert_eq!(
            c.post(&elsewhere).multipart(photo(DEMO_PNG.to_vec())).send().await.expect("post").status(),
            404,
            "a payment of another activity"
        );
        // Hostile values on every step form: 4xx with a message, never a 500.
        let junk = ["", "-1", "0", "120", "1e9", "9999999999999999999999", "<script>", "\u{0}", "2025-02-30"];
        for step in ["commit", "receive", "in-kind", "handover"] {
            for v in junk {
                let body: Vec<(&str, &str)> = [
                    "source",
                    "amount",
                    "document",
                    "received_on",
                    "account",
                    "kind_on",
                    "contributor",
                    "kind_description",
                    "kind_value",
                    "handover_on",
                    "handed_to",
                    "record",
                ]
                .iter()
                .map(|k| (*k, v))
                .chain(std::iter::once(("_csrf", csrf.as_str())))
                .collect();
                let r = c.post(format!("{base}/i/{lkm}/activities/{running}/{step}")).form(&body).send().await.expect("post");
                assert!(r.status().is_client_error(), "{step} with {v:?}: {}", r.status());
            }
        }
        // A multipart step sent as a plain form, an unknown step, a wrong CSRF token.
        let r = c
            .post(format!("{base}/i/{lkm}/activities/{running}/progress"))
            .form(&[("_csrf", csrf.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 400);
        let r = c
            .post(format!("{base}/i/{lkm}/activities/{running}/launch"))
            .form(&[("_csrf", csrf.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 404);
        let r = c
            .post(format!("{base}/i/{lkm}/activities/{running}/commit"))
            .form(&[("_csrf", "x"), ("amount", "1")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 403);
        // Progress over 100 % and going back without a reason keep what was typed.
        let progress = |pct: &str, reason: &str| {
            reqwest::multipart::Form::new()
                .text("_csrf", csrf.clone())
                .text("reported_on", today.clone())
                .text("percent", pct.to_string())
                .text("reason", reason.to_string())
        };
        let url = format!("{base}/i/{lkm}/activities/{running}/progress");
        let html = c.post(&url).multipart(progress("120", "")).send().await.expect("post").text().await.expect("body");
        assert!(html.contains("paling tinggi 100 %") && html.contains("value=\"120\""), "{html}");
        let html = c.post(&url).multipart(progress("10", "")).send().await.expect("post").text().await.expect("body");
        assert!(html.contains("Laporan terakhir 45,0 %"), "{html}");
    })
    .await;
}

#[tokio::test]
async fn the_activity_api_records_a_retried_payment_once() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let token = swadaya_core::app::auth::create_token(&db, "lkm.admin", "test").await.expect("token");
        let base = spawn_app(db.clone()).await;
        let c = client();
        let post = |path: String, body: serde_json::Value, key: Option<&'static str>| {
            let mut r = c.post(format!("{base}/api/v1/institutions/{lkm}{path}")).bearer_auth(&token).json(&body);
            if let Some(k) = key {
                r = r.header("idempotency-key", k);
            }
            r.send()
        };
        let activity = serde_json::json!({
            "name": "Drainase RT 04", "kind": "drainage", "location": "RT 04, Desa Bibrik", "target_volume": "60", "unit": "m",
            "planned_start": "2025-02-01", "planned_end": "2025-03-31", "team": "KSM Lele Makmur",
            "rab": [{"item": "U-ditch 40 cm", "unit": "m", "quantity": "60", "unit_price": "650.000"}]
        });
        let r = post("/activities".into(), activity, None).await.expect("post");
        assert_eq!(r.status(), 201);
        let a = r.json::<serde_json::Value>().await.expect("json")["id"].as_i64().expect("id");
        let r = post(format!("/activities/{a}/commitments"), serde_json::json!({"source": "dana_desa", "amount": "39.000.000", "document": "APBDes Bibrik"}), None).await.expect("post");
        assert_eq!(r.status(), 201);
        let r = post(format!("/activities/{a}/receipts"), serde_json::json!({"source": "dana_desa", "received_on": "2025-02-03", "amount": "20.000.000", "account": "11023", "document": "RKD tahap I"}), None).await.expect("post");
        assert_eq!(r.status(), 201);
        let detail: serde_json::Value =
            c.get(format!("{base}/api/v1/institutions/{lkm}/activities/{a}")).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
        let line = detail["rab"][0]["id"].as_i64().expect("line");
        let pay = serde_json::json!({"rab_line_id": line, "source": "dana_desa", "receipt_no": "KW-API-1", "spent_on": "2025-02-10",
            "payee": "UD Beton", "item": "U-ditch 20 m", "amount": "13.000.000", "account": "11023"});
        let first = post(format!("/activities/{a}/payments"), pay.clone(), Some("pay-KW-API-1")).await.expect("post");
        assert_eq!(first.status(), 201);
        let id = first.json::<serde_json::Value>().await.expect("json")["id"].as_i64();
        let again = post(format!("/activities/{a}/payments"), pay.clone(), Some("pay-KW-API-1")).await.expect("post");
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<serde_json::Value>().await.expect("json")["id"].as_i64(), id);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM spendings WHERE receipt_no = 'KW-API-1'").await, 1);
        // A new key with the same receipt number: refused, naming the field.
        let dup = post(format!("/activities/{a}/payments"), pay, Some("pay-KW-API-1-b")).await.expect("post");
        assert_eq!(dup.status(), 422);
        let p: serde_json::Value = dup.json().await.expect("json");
        assert_eq!(p["errors"][0]["field"], "receipt_no");
        // The receipt's photo, sent later as the raw body; its content decides.
        let attach = |bytes: Vec<u8>| {
            c.post(format!("{base}/api/v1/institutions/{lkm}/attachments?owner=spending&owner_id={}&filename=kw.jpg", id.expect("id")))
                .bearer_auth(&token)
                .body(bytes)
                .send()
        };
        assert_eq!(attach(b"not a photo".to_vec()).await.expect("post").status(), 422);
        assert_eq!(attach(DEMO_PNG.to_vec()).await.expect("post").status(), 201);
        let book: serde_json::Value = c
            .get(format!("{base}/api/v1/institutions/{lkm}/cash-book?account=11023&from=2025-01-01&to=2025-12-31"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert_eq!(book["closing"], 7_000_000);
        let detail: serde_json::Value =
            c.get(format!("{base}/api/v1/institutions/{lkm}/activities/{a}")).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
        assert_eq!(detail["sources"][0]["available"], 7_000_000);
        assert_eq!(detail["attachments"].as_array().map(Vec::len), Some(1));
        // Someone else's institution is not there.
        let kkm = institution_id(&db, "KKM Tirta Ganra").await;
        let other = c.get(format!("{base}/api/v1/institutions/{kkm}/activities")).bearer_auth(&token).send().await.expect("get");
        assert_eq!(other.status(), 404);
    })
    .await;
}
