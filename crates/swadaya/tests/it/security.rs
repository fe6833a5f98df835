//! Web security that a page or a header proves: the Content-Security-Policy allows no inline
//! script and no framing, every page's script is a file of our own, cookies carry Secure,
//! HttpOnly and SameSite, a login always starts a new session and a logout ends it. Both databases.

use crate::common::*;

fn session_of(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("swadaya_session=") && !c.starts_with("swadaya_session=;"))
        .map(str::to_string)
}

#[tokio::test]
async fn headers_cookies_and_sessions_are_what_the_security_page_says() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        // Served as in production: Secure cookies.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = swadaya_web::router(swadaya_web::AppState::new(db.clone(), true));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
        });
        let base = format!("http://{addr}");
        let c = client();
        for path in ["/", "/p", "/login", "/pengaduan", "/field", "/static/field.js"] {
            let r = c.get(format!("{base}{path}")).send().await.expect("get");
            let h = r.headers();
            let csp = h["content-security-policy"].to_str().expect("csp");
            assert!(
                csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
                "{path}: {csp}"
            );
            assert!(
                csp.contains("frame-ancestors 'none'") && csp.contains("base-uri 'none'") && csp.contains("form-action 'self'"),
                "{csp}"
            );
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["x-frame-options"], "DENY", "{path}");
            assert_eq!(h["referrer-policy"], "same-origin", "{path}");
            let ct = h.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            let body = r.text().await.expect("body");
            if ct.starts_with("text/html") {
                // Scripts only as files: an empty <script src=…></script>, never inline code.
                for part in body.split("<script").skip(1) {
                    let (tag, rest) = part.split_once('>').expect("tag");
                    assert!(tag.contains("src=\"/static/"), "{path}: a script that is not our file: <script{tag}>");
                    assert!(rest.starts_with("</script>"), "{path}: inline script");
                }
            }
        }

        let log_in = || async {
            client()
                .post(format!("{base}/login"))
                .form(&[("username", "auditor"), ("password", swadaya::demo::DEMO_PASSWORD)])
                .send()
                .await
                .expect("login")
        };
        let first = session_of(&log_in().await).expect("a session cookie");
        assert!(first.contains("HttpOnly") && first.contains("SameSite=Lax") && first.contains("Secure"), "{first}");
        let second = session_of(&log_in().await).expect("a session cookie");
        let token = |c: &str| c.split(';').next().unwrap_or_default().to_string();
        assert_ne!(token(&first), token(&second), "every login starts a new session");

        // A logout ends that session on the server, not only in the browser.
        let jar = client();
        let r = jar
            .post(format!("{base}/login"))
            .form(&[("username", "auditor"), ("password", swadaya::demo::DEMO_PASSWORD), ("next", "/institutions")])
            .send()
            .await
            .expect("login");
        let cookie = token(&session_of(&r).expect("cookie"));
        let page = jar.get(format!("{base}/p")).header("cookie", &cookie).send().await.expect("page").text().await.expect("body");
        let csrf = csrf_in(&page);
        let r = jar
            .post(format!("{base}/logout"))
            .header("cookie", &cookie)
            .form(&[("_csrf", csrf.as_str())])
            .send()
            .await
            .expect("logout");
        assert_eq!(r.status(), 303);
        let after = client().get(format!("{base}/institutions")).header("cookie", &cookie).send().await.expect("get");
        assert_eq!(after.status(), 303, "the old cookie no longer opens a private page");
    })
    .await;
}

#[tokio::test]
async fn a_handler_that_panics_gets_the_server_error_page_not_a_dropped_connection() {
    use axum::routing::get;
    let t = TestDb::sqlite().await;
    let state = swadaya_web::AppState::new(t.db.clone(), false);
    let boom = || async {
        let v: Vec<i64> = vec![];
        v[3].to_string()
    };
    let app = swadaya_web::with_layers(axum::Router::new().route("/boom", get(boom)).route("/api/v1/boom", get(boom)), state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    let c = client();
    let page = c.get(format!("{base}/boom")).send().await.expect("an answer, not a closed connection");
    assert_eq!(page.status(), 500);
    assert!(page.headers().contains_key("content-security-policy"), "the error page carries the security headers");
    let body = page.text().await.expect("body");
    assert!(body.contains("Terjadi kesalahan di server") && !body.contains("index out of bounds"), "{body}");
    let api = c.get(format!("{base}/api/v1/boom")).send().await.expect("answer");
    assert_eq!(api.status(), 500);
    assert!(api.headers()["content-type"].to_str().unwrap_or("").starts_with("application/problem+json"));
    t.cleanup().await;
}

/// Every form with files checks who posts before it reads the upload: a read-only user's broken
/// upload is refused as not theirs to send (403), never answered as an unreadable file (400).
#[tokio::test]
async fn uploads_are_refused_before_they_are_read() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let spending = count(&db, &format!("SELECT MIN(id) FROM spendings WHERE institution_id = {lkm}")).await;
        let activity = count(&db, &format!("SELECT activity_id FROM spendings WHERE id = {spending}")).await;
        let base = spawn_app(db.clone()).await;
        let (c, _) = login(&base, "auditor").await;
        let uploads = [
            format!("/i/{lkm}/people/import"),
            format!("/i/{lkm}/books/opening"),
            format!("/i/{lkm}/proposals"),
            format!("/i/{lkm}/activities/{activity}/attach/spending/{spending}"),
            format!("/i/{lkm}/apbdes/import"),
            format!("/i/{lkm}/complaints"),
            "/regions/import".to_string(),
        ];
        for url in uploads {
            let r = c
                .post(format!("{base}{url}"))
                .header("content-type", "multipart/form-data; boundary=xyz")
                .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\n\u{1}")
                .send()
                .await
                .expect("post");
            assert_eq!(r.status(), 403, "POST {url}");
        }
    })
    .await;
}
