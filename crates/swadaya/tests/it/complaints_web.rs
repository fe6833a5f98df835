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
        assert_eq!(r.status(), 400);
        // Empty and oversized complaints: the reasons, with what was typed kept.
        let r = c.post(&url).multipart(complaint_form("").text("name", "Bu Sari")).send().await.expect("post");
        assert_eq!(r.status(), 422);
        let html = r.text().await.expect("body");
        assert!(html.contains("Isi pengaduan") && html.contains("value=\"Bu Sari\""), "{html}");
        let r = c.post(&url).multipart(complaint_form(&"x".repeat(4001))).send().await.expect("post");
        assert_eq!(r.status(), 422);
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
        let stored = swadaya::store::complaints::by_code(&db, &code).await.expect("query").expect("stored");
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
        // Hostile step forms: 4xx, never 500, nothing moved.
        let id = stored.id;
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
