//! One real browser (Debian's chromium + chromedriver, headless): log in, enter a person with a
//! wrong NIK, see the error, fix it, save; screenshots at 360x740 and 1280x800 under
//! target/screenshots/.

use crate::common::*;
use fantoccini::{ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

struct Driver(Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn screenshots_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&d).expect("screenshot dir");
    d
}

#[tokio::test]
async fn browser_login_wrong_nik_fix_and_save() {
    let driver_bin =
        ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].into_iter().find(|p| std::path::Path::new(p).exists());
    let Some(driver_bin) = driver_bin else {
        if std::env::var("CI").is_ok() {
            panic!("chromedriver is required in CI (.ci/run installs chromium-driver)");
        }
        eprintln!("SKIPPING browser test: chromedriver not installed (apt-get install chromium chromium-driver)");
        return;
    };
    let t = TestDb::sqlite().await;
    swadaya::demo::load(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let base = spawn_app(t.db.clone()).await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let _driver = Driver(
        Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let profile = tempfile::tempdir().expect("profile");
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=id", "--window-size=360,740",
                     format!("--user-data-dir={}", profile.path().display())]
        }
    }))
    .expect("caps");
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("chromedriver answers");
    c.set_window_size(360, 740).await.expect("size");
    c.goto(&format!("{base}/login")).await.expect("login page");
    c.find(Locator::Css("#username")).await.expect("username").send_keys("upk").await.expect("type");
    c.find(Locator::Css("#password")).await.expect("password").send_keys(swadaya::demo::DEMO_PASSWORD).await.expect("type");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("button").click().await.expect("click");
    c.wait().for_element(Locator::Css("h1")).await.expect("logged in");

    c.goto(&format!("{base}/i/{lkm}/people/new")).await.expect("form");
    c.find(Locator::Css("#name")).await.expect("name").send_keys("Sulastri").await.expect("type");
    c.find(Locator::Css("#sex")).await.expect("sex").select_by_value("L").await.expect("select");
    c.find(Locator::Css("#nik")).await.expect("nik").send_keys("3519095203850007").await.expect("type");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("save").click().await.expect("click");
    let err = c.wait().for_element(Locator::Css(".field-error")).await.expect("inline error").text().await.expect("text");
    assert!(err.contains("perempuan"), "the error names the part that disagrees: {err}");
    let kept = c.find(Locator::Css("#nik")).await.expect("nik").prop("value").await.expect("value");
    assert_eq!(kept.as_deref(), Some("3519095203850007"), "what was typed is kept");
    let dir = screenshots_dir();
    std::fs::write(dir.join("person-nik-error-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.set_window_size(1280, 800).await.expect("size");
    std::fs::write(dir.join("person-nik-error-1280x800.png"), c.screenshot().await.expect("shot")).expect("write");

    c.find(Locator::Css("#sex")).await.expect("sex").select_by_value("P").await.expect("select");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("save").click().await.expect("click");
    let flash = c.wait().for_element(Locator::Css(".flash")).await.expect("saved").text().await.expect("text");
    assert!(flash.contains("Tersimpan"), "{flash}");
    c.set_window_size(360, 740).await.expect("size");
    std::fs::write(dir.join("person-saved-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.set_window_size(1280, 800).await.expect("size");
    std::fs::write(dir.join("person-saved-1280x800.png"), c.screenshot().await.expect("shot")).expect("write");
    // The other register pages as a phone shows them, for a person to look at.
    c.set_window_size(360, 740).await.expect("size");
    for (path, name) in [
        (format!("/i/{lkm}"), "institution"),
        (format!("/i/{lkm}/positions"), "positions"),
        (format!("/i/{lkm}/people"), "people"),
    ] {
        c.goto(&format!("{base}{path}")).await.expect("page");
        c.wait().for_element(Locator::Css("h1")).await.expect("loaded");
        std::fs::write(dir.join(format!("{name}-360x740.png")), c.screenshot().await.expect("shot")).expect("write");
    }
    c.close().await.expect("close");
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM people WHERE name = 'Sulastri'").await, 1);
    t.cleanup().await;
}
