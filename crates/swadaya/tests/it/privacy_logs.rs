//! Privacy in the logs: `swadaya serve` with the full demo and every log level on, driven
//! through public pages, logins, registers with NIKs, a refused form carrying a NIK, the API and a
//! complaint with a phone number; then its whole output is searched for every demo person's NIK
//! and phone, and for the complainant's contact. None may appear. Both databases.

use crate::common::*;
use std::process::{Command, Stdio};

async fn drive(base: &str, lkm: i64, token: &str, nik: &str) {
    let anon = client();
    for path in ["/", "/p", &format!("/p/{lkm}"), &format!("/p/{lkm}/data.json"), "/pengaduan", "/lacak", "/api/v1/openapi.json"]
    {
        let _ = anon.get(format!("{base}{path}")).send().await.expect("get");
    }
    let r = anon
        .post(format!("{base}/api/v1/public/institutions/{lkm}/complaints"))
        .json(&serde_json::json!({"kind": "problem", "category": "other", "content": "Pompa air di dusun kami rusak sejak Jumat.", "name": "Warga Uji", "contact": "081299887766"}))
        .send()
        .await
        .expect("complaint");
    assert_eq!(r.status(), 201);
    for user in ["upk", "lkm.admin", "auditor"] {
        let (c, csrf) = login(base, user).await;
        for path in [
            format!("/i/{lkm}/people"),
            format!("/i/{lkm}/people/export.csv"),
            format!("/i/{lkm}/complaints"),
            "/institutions".into(),
        ] {
            let _ = c.get(format!("{base}{path}")).send().await.expect("get");
        }
        // A refused form that carries a NIK (already registered): the page says so, the log must not.
        let _ = c
            .post(format!("{base}/i/{lkm}/people"))
            .form(&[("_csrf", csrf.as_str()), ("name", "Orang Uji"), ("sex", "P"), ("nik", nik)])
            .send()
            .await
            .expect("post");
    }
    let api = client();
    let _ = api.get(format!("{base}/api/v1/institutions/{lkm}/people")).bearer_auth(token).send().await.expect("api");
    let _ = api.get(format!("{base}/api/v1/institutions/{lkm}/people?q={nik}")).bearer_auth(token).send().await.expect("api");
}

#[tokio::test]
async fn no_nik_or_phone_reaches_the_logs() {
    let mut dbs = vec![TestDb::sqlite().await];
    dbs.extend(TestDb::postgres().await);
    for t in dbs {
        let dir = tempfile::tempdir().expect("dir");
        let log_path = dir.path().join("serve.log");
        let log = std::fs::File::create(&log_path).expect("log");
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_swadaya"))
            .env("DATABASE_URL", &t.url)
            .env("RUST_LOG", "trace")
            .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}"), "--insecure-cookies"])
            .stdout(Stdio::from(log.try_clone().expect("log")))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("serve");
        let base = format!("http://127.0.0.1:{port}");
        wait_up(&base).await;
        let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
        let token = swadaya_core::app::auth::create_token(&t.db, "lkm.admin", "privacy").await.expect("token");
        let people: Vec<(String, String)> =
            sqlx::query_as::<_, (Option<String>, Option<String>)>("SELECT nik, phone FROM people")
                .fetch_all(&t.db.pool)
                .await
                .expect("people")
                .into_iter()
                .map(|(n, p)| (n.unwrap_or_default(), p.unwrap_or_default()))
                .collect();
        let nik = people.iter().map(|(n, _)| n.clone()).find(|n| n.len() == 16).expect("a demo NIK");
        drive(&base, lkm, &token, &nik).await;
        let _ = child.kill();
        let _ = child.wait();
        let text = std::fs::read_to_string(&log_path).expect("read log");
        assert!(text.len() > 1000, "the server logged at trace level ({} bytes)", text.len());
        let mut secrets: Vec<&str> = people.iter().flat_map(|(n, p)| [n.as_str(), p.as_str()]).filter(|s| s.len() >= 8).collect();
        secrets.push("081299887766");
        for s in &secrets {
            assert!(!text.contains(s), "{s} appears in the server's log");
        }
        println!(
            "privacy on {:?}: {} NIKs and phones searched for in {} bytes of trace log: none found",
            t.db.backend,
            secrets.len(),
            text.len()
        );
        t.cleanup().await;
    }
}
