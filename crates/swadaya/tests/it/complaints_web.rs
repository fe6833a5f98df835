//! Complaint pages over HTTP: the public form's defences (honeypot, size, throttle), hostile
//! text shown escaped, tracking codes that reveal nothing, who may open the register, and
//! that no complainant's name or contact reaches a public page.

use crate::common::*;
use reqwest::multipart::Form;

fn complaint_form(content: &str) -> Form {
    Form::new().text("complaint_kind", "problem").text("category", "construction").text("content", content.to_string())
}

async fn filed_code(html: &str) -> String {
    let i = html.find("id=\"tracking-code\">").expect("code on the page") + "id=\"tracking-code\">".len();
    html[i..].split('<').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_public_form_defends_itself_and_the_register_is_private() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let kkm = institution_id(&db, "KKM Tirta Ganra").await;
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        swadaya::demo_complaints::load(&db, &system_ctx(), kkm).await.expect("demo complaints");
        let base = spawn_app(db.clone()).await;
        let c = client();
        let url = format!("{base}/p/{kkm}/pengaduan");
        let before = count(&db, "SELECT COUNT(*) FROM complaints").await;

        // Software that fills the hidden field is turned away; nothing saved.
        let r = c
            .post(&url)
            .multipart(complaint_form("Pipa bocor di RT 03 sejak Senin pagi.").text("website", "http://spam"))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 422);
        let html = r.text().await.expect("body");
        assert!(
            html.contains("Pipa bocor di RT 03") && !html.contains("http://spam"),
            "a person gets the text back, the hidden field emptied"
        );
        // Empty and oversized complaints: the reasons, with what was typed kept.
        let photo = reqwest::multipart::Part::bytes(swadaya::demo_activities::DEMO_PNG.to_vec()).file_name("pipa.png");
        let r =
            c.post(&url).multipart(complaint_form("").text("name", "Bu Sari").part("files", photo)).send().await.expect("post");
        assert_eq!(r.status(), 422);
        let html = r.text().await.expect("body");
        assert!(html.contains("pilih lagi fotonya"), "the citizen is told to choose the photo again");
        assert!(html.contains("Isi pengaduan") && html.contains("value=\"Bu Sari\""), "{html}");
        // A long complaint is never cut: the form has no maxlength for the browser to cut at, and
        // a text over the limit comes back whole, its line breaks counted once, with the count.
        let form = c.get(&url).send().await.expect("form").text().await.expect("body");
        assert!(form.contains("data-max=\"4000\"") && !form.contains("maxlength"), "the limit is counted, not cut at");
        let long = format!("{}\r\n{}", "Air tidak mengalir. ".repeat(150), "Mohon segera diperbaiki. ".repeat(80));
        let r = c.post(&url).multipart(complaint_form(&long)).send().await.expect("post");
        assert_eq!(r.status(), 422);
        let html = r.text().await.expect("body");
        let kept = long.replace("\r\n", "\n").trim().to_string();
        assert!(html.contains(&format!("Terlalu panjang: {} karakter, paling banyak 4000", kept.chars().count())), "the count");
        assert!(html.contains(kept.lines().last().expect("line").trim()), "the whole text comes back");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM complaints").await, before, "nothing saved");
        let r = c
            .post(format!("{base}/p/999999/pengaduan"))
            .multipart(complaint_form("Pipa bocor di RT 03 sejak Senin."))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 404);

        // Script in the text is kept as written and shown escaped, to the unit and the citizen.
        let words = "<script>alert('x')</script><img src=x onerror=alert(1)> Meteran air rumah saya rusak.";
        let r = c.post(&url).multipart(complaint_form(words).text("contact", "0813-9999-0000")).send().await.expect("post");
        assert_eq!(r.status(), 200);
        let code = filed_code(&r.text().await.expect("body")).await;
        let stored = swadaya_core::store::complaints::by_code(&db, &code).await.expect("query").expect("stored");
        assert_eq!(stored.content, words);
        assert_eq!(stored.channel, "web");
        let page = c
            .post(format!("{base}/lacak"))
            .form(&[("code", code.as_str())])
            .send()
            .await
            .expect("track")
            .text()
            .await
            .expect("body");
        assert!(page.contains("&lt;script&gt;") && !page.contains("<script>alert") && !page.contains("<img src=x"));
        assert!(!page.contains("0813-9999-0000"), "the contact is never shown to whoever holds the code");

        // A wrong code: the same answer whether malformed or merely unknown.
        let wrong = |code: &'static str| {
            let c = c.clone();
            let base = base.clone();
            async move {
                let r = c.post(format!("{base}/lacak")).form(&[("code", code)]).send().await.expect("track");
                (r.status().as_u16(), r.text().await.expect("body"))
            }
        };
        let (s1, p1) = wrong("ADU-00000-00000").await;
        let (s2, p2) = wrong("<script>").await;
        assert_eq!((s1, s2), (404, 404));
        let msg = |p: &str| p.split("role=\"alert\">").nth(1).and_then(|x| x.split('<').next()).unwrap_or_default().to_string();
        assert_eq!(msg(&p1), msg(&p2));
        assert!(msg(&p1).contains("tidak cocok"));

        // Five filings an hour from one address; the sixth waits.
        for i in 0..4 {
            let r = c
                .post(&url)
                .multipart(complaint_form(&format!("Keluhan nomor {i}: antrean air di kran umum panjang.")))
                .send()
                .await
                .expect("post");
            assert_eq!(r.status(), 200, "filing {i}");
        }
        let r = c.post(&url).multipart(complaint_form("Keluhan keenam dari alamat yang sama.")).send().await.expect("post");
        assert_eq!(r.status(), 429);
        assert!(r.text().await.expect("body").contains("satu jam"));

        // Who opens the register.
        for (user, inst, status) in [
            ("pengaduan", kkm, 200),
            ("bendahara", kkm, 403),
            ("lkm.admin", kkm, 404),
            ("auditor", kkm, 404),
            ("fasilitator", kkm, 404),
            ("pengaduan", lkm, 404),
            ("lkm.board", lkm, 200),
        ] {
            let (u, _) = login(&base, user).await;
            let r = u.get(format!("{base}/i/{inst}/complaints")).send().await.expect("get");
            assert_eq!(r.status().as_u16(), status, "{user} on the register of {inst}");
        }
        let (officer, csrf) = login(&base, "pengaduan").await;
        let list = officer.get(format!("{base}/i/{kkm}/complaints")).send().await.expect("get").text().await.expect("body");
        assert!(list.contains("Lewat batas waktu layanan"), "the overdue demo complaint is flagged");
        // A step's form keeps a long complaint one line away, so the answer box is in view; a
        // short one is shown open.
        let id = stored.id;
        let verify =
            officer.get(format!("{base}/i/{kkm}/complaints/{id}/verify")).send().await.expect("get").text().await.expect("body");
        assert!(verify.contains("<details class=\"card complaint-text\" open>"), "a short complaint shown whole");
        let long = format!("Pipa di depan rumah bocor. {}", "Air terbuang setiap hari dan jalan menjadi licin. ".repeat(20));
        let input = swadaya_core::app::complaints::ComplaintInput {
            kind: "problem".into(),
            category: "construction".into(),
            content: long,
            channel: "letter".into(),
            received_on: chrono::Local::now().date_naive().to_string(),
            ..Default::default()
        };
        let (long_id, _) = swadaya_core::app::complaints::file_in_person(&db, &ctx_of(&db, "pengaduan").await, kkm, &input)
            .await
            .expect("filed by the unit");
        let verify = officer
            .get(format!("{base}/i/{kkm}/complaints/{long_id}/verify"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body");
        let collapsed = verify.find("<details class=\"card complaint-text\">").expect("a long complaint collapsed");
        assert!(verify[collapsed..].contains("Pipa di depan rumah bocor. Air terbuang"), "opened by its first words");
        assert!(verify[collapsed..].contains("data-max=\"4000\""), "the answer box below, its limit counted");
        // Hostile step forms: 4xx, never 500, nothing moved.
        let steps_before = count(&db, "SELECT COUNT(*) FROM complaint_steps").await;
        for (step, body, on) in [
            ("verify", "", "2026-11-25"),
            ("verify", "ok", "bukan tanggal"),
            ("answer", "belum diverifikasi", "2026-11-25"),
            ("fly", "x", "2026-11-25"),
        ] {
            let r = officer
                .post(format!("{base}/i/{kkm}/complaints/{id}/{step}"))
                .form(&[("_csrf", csrf.as_str()), ("body", body), ("step_on", on)])
                .send()
                .await
                .expect("post");
            assert!(r.status().is_client_error(), "{step} {body} {on}: {}", r.status());
        }
        let r = officer
            .post(format!("{base}/i/{kkm}/complaints/{id}/verify"))
            .form(&[("body", "tanpa token")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 403, "CSRF");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM complaint_steps").await, steps_before);

        // Public pages name no complainant and show no contact.
        for path in [format!("/p/{kkm}"), "/pengaduan".to_string(), format!("/p/{kkm}/pengaduan"), "/lacak".into()] {
            let page = c.get(format!("{base}{path}")).send().await.expect("get").text().await.expect("body");
            for secret in ["Hasnah", "0812-4455-6677", "0813-9999-0000", "Forum Warga RT 02"] {
                assert!(!page.contains(secret), "{path} shows {secret}");
            }
        }
        let board = c.get(format!("{base}/p/{kkm}")).send().await.expect("get").text().await.expect("body");
        assert!(
            board.contains("Median hari sampai dijawab") && board.contains("Pengadaan barang/jasa"),
            "statistics by category"
        );
    })
    .await;
}

#[tokio::test]
async fn complaints_and_the_budget_through_the_api() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let kkm = institution_id(&db, "KKM Tirta Ganra").await;
        let desa = institution_id(&db, "Pemerintah Desa Ganra").await;
        let base = spawn_app(db.clone()).await;
        let c = client();
        // A citizen's app, no token: a resend with the same key files once.
        let body = serde_json::json!({"kind": "problem", "category": "construction", "content": "Kran umum RT 02 mati sejak kemarin sore."});
        let send = || c.post(format!("{base}/api/v1/public/institutions/{kkm}/complaints")).header("idempotency-key", "hp-outbox-1").json(&body).send();
        let first = send().await.expect("post");
        assert_eq!(first.status(), 201);
        let code = first.json::<serde_json::Value>().await.expect("json")["tracking_code"].as_str().expect("code").to_string();
        let again = send().await.expect("post");
        assert_eq!(again.json::<serde_json::Value>().await.expect("json")["tracking_code"].as_str(), Some(code.as_str()));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM complaints").await, 1);
        let bad = c.post(format!("{base}/api/v1/public/institutions/{kkm}/complaints")).json(&serde_json::json!({"kind": "x", "category": "", "content": ""})).send().await.expect("post");
        assert_eq!(bad.status(), 422);
        let fields: Vec<String> = bad.json::<serde_json::Value>().await.expect("json")["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().unwrap_or("").to_string()).collect();
        assert!(fields.contains(&"content".into()) && fields.contains(&"category".into()));

        // The unit with a token: list, read, step.
        let token = swadaya_core::app::auth::create_token(&db, "pengaduan", "test").await.expect("token");
        let list: serde_json::Value = c.get(format!("{base}/api/v1/institutions/{kkm}/complaints?status=open")).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
        let id = list["items"][0]["complaint"]["id"].as_i64().expect("id");
        let today = chrono::Local::now().date_naive().to_string();
        let step = |kind: &str, text: &str| {
            c.post(format!("{base}/api/v1/institutions/{kkm}/complaints/{id}/steps"))
                .bearer_auth(&token)
                .json(&serde_json::json!({"step": kind, "body": text, "step_on": today}))
                .send()
        };
        assert_eq!(step("answer", "x").await.expect("post").status(), 422, "not verified yet");
        assert_eq!(step("verify", "Kran dicek Satlak: katup rusak.").await.expect("post").status(), 201);
        assert_eq!(step("answer", "Katup sudah diganti.").await.expect("post").status(), 201);
        let detail: serde_json::Value = c.get(format!("{base}/api/v1/institutions/{kkm}/complaints/{id}")).bearer_auth(&token).send().await.expect("get").json().await.expect("json");
        assert_eq!(detail["complaint"]["status"], "answered");
        assert_eq!(detail["steps"].as_array().map(Vec::len), Some(2));
        let tracked: serde_json::Value = c.post(format!("{base}/api/v1/public/complaints/track")).json(&serde_json::json!({"code": code})).send().await.expect("post").json().await.expect("json");
        assert_eq!(tracked["status"], "answered");
        assert_eq!(tracked["steps"].as_array().map(Vec::len), Some(1), "the answer, not the verification notes");
        let wrong = c.post(format!("{base}/api/v1/public/complaints/track")).json(&serde_json::json!({"code": "ADU-00000-00000"})).send().await.expect("post");
        assert_eq!(wrong.status(), 404);
        let other = c.get(format!("{base}/api/v1/institutions/{desa}/complaints")).bearer_auth(&token).send().await.expect("get");
        assert_eq!(other.status(), 404, "another institution's register");

        // A budget version through the API.
        let kaur = swadaya_core::app::auth::create_token(&db, "desa", "test").await.expect("token");
        let version = serde_json::json!({
            "year": "2024", "kind": "original", "title": "Perdes No. 1 Tahun 2024", "as_of": "2024-01-02",
            "lines": [
                {"code": "4.2.1", "name": "Dana Desa", "budget": "800.000.000"},
                {"section": "belanja", "code": "4", "name": "Bidang Pemberdayaan Masyarakat Desa", "budget": "800000000"},
            ]
        });
        let r = c.post(format!("{base}/api/v1/institutions/{desa}/apbdes")).bearer_auth(&kaur).json(&version).send().await.expect("post");
        assert_eq!(r.status(), 201);
        let v = swadaya_core::app::apbdes::year_view(&db, desa, 2024).await.expect("view").expect("2024");
        assert_eq!(v.summary.balance().budget, 0);
        let r = c.post(format!("{base}/api/v1/institutions/{desa}/apbdes")).bearer_auth(&token).json(&version).send().await.expect("post");
        assert_eq!(r.status(), 404, "the KKM's officer cannot write the village's budget");
    })
    .await;
}
