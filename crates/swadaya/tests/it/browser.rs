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

pub(crate) fn screenshots_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&d).expect("screenshot dir");
    d
}

/// A headless Chromium driven by chromedriver, or None (skip) outside CI without chromedriver.
pub(crate) struct Browser {
    pub client: fantoccini::Client,
    _driver: Driver,
    _profile: Option<tempfile::TempDir>,
}

async fn browser() -> Option<Browser> {
    let profile = tempfile::tempdir().expect("profile");
    let path = profile.path().to_path_buf();
    let mut b = browser_in(&path).await?;
    b._profile = Some(profile);
    Some(b)
}

/// A browser on a given profile directory, so a test can close it and start it again with the
/// same storage (cookies, IndexedDB, service worker).
pub(crate) async fn browser_in(profile: &std::path::Path) -> Option<Browser> {
    let driver_bin =
        ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].into_iter().find(|p| std::path::Path::new(p).exists());
    let Some(driver_bin) = driver_bin else {
        if std::env::var("CI").is_ok() {
            panic!("chromedriver is required in CI (.ci/run installs chromium-driver)");
        }
        eprintln!("SKIPPING browser test: chromedriver not installed (apt-get install chromium chromium-driver)");
        return None;
    };
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let driver = Driver(
        Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=id", "--window-size=360,740",
                     format!("--user-data-dir={}", profile.display())]
        }
    }))
    .expect("caps");
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => {
                client.set_window_size(360, 740).await.expect("size");
                return Some(Browser { client, _driver: driver, _profile: None });
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    }
    panic!("chromedriver did not answer");
}

pub(crate) async fn log_in(c: &fantoccini::Client, base: &str, user: &str) {
    c.goto(&format!("{base}/login")).await.expect("login page");
    c.find(Locator::Css("#username")).await.expect("username").send_keys(user).await.expect("type");
    c.find(Locator::Css("#password")).await.expect("password").send_keys(swadaya::demo::DEMO_PASSWORD).await.expect("type");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("button").click().await.expect("click");
    c.wait().for_element(Locator::Css("h1")).await.expect("logged in");
}

#[tokio::test]
async fn browser_login_wrong_nik_fix_and_save() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let base = spawn_app(t.db.clone()).await;
    let Some(b) = browser().await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "upk").await;

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
    assert!(flash.contains("Data warga tersimpan"), "{flash}");
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

#[tokio::test]
async fn browser_collection_sheet_on_a_phone() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let base = spawn_app(t.db.clone()).await;
    let Some(b) = browser().await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "ksm").await;
    c.goto(&format!("{base}/i/{lkm}/ksm")).await.expect("ksm list");
    c.find(Locator::LinkText("KSM Berkah Jaya")).await.expect("link").click().await.expect("click");
    c.wait().for_element(Locator::Css("h1")).await.expect("ksm page");
    let dir = screenshots_dir();
    std::fs::write(dir.join("ksm-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.find(Locator::LinkText("+ Lembar pertemuan")).await.expect("sheet link").click().await.expect("click");
    c.wait().for_element(Locator::Css("form.sheet")).await.expect("sheet");
    std::fs::write(dir.join("collection-sheet-top-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    // Everyone is prefilled "present, paid as usual"; the treasurer changes only the exceptions.
    let members = store_members(&t.db, lkm, "KSM Berkah Jaya").await;
    let sumarni = members.iter().find(|(_, n)| n == "Sumarni").expect("Sumarni").0;
    let tukiyem = members.iter().find(|(_, n)| n == "Tukiyem").expect("Tukiyem").0;
    c.find(Locator::Css(&format!("input[name=m{sumarni}_att][value=izin]"))).await.expect("izin").click().await.expect("click");
    c.find(Locator::Css(&format!("input[name=m{sumarni}_wajib]"))).await.expect("wajib").clear().await.expect("clear");
    c.find(Locator::Css(&format!("input[name=m{tukiyem}_sukarela]")))
        .await
        .expect("sukarela")
        .send_keys("10.000")
        .await
        .expect("type");
    c.find(Locator::Css("#agenda_planned")).await.expect("planned").send_keys("2").await.expect("type");
    c.find(Locator::Css("#agenda_done")).await.expect("done").send_keys("2").await.expect("type");
    std::fs::write(dir.join("collection-sheet-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.find(Locator::Css("form.sheet button.save")).await.expect("save").click().await.expect("click");
    let flash = c.wait().for_element(Locator::Css(".flash")).await.expect("saved").text().await.expect("text");
    assert!(flash.contains("tersimpan"), "{flash}");
    std::fs::write(dir.join("collection-sheet-saved-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    let page = c.source().await.expect("source");
    assert!(page.contains("Rp 10.000") && page.contains("2/3"), "totals shown: 2 of 3 present, Rp 10.000 voluntary");
    let lele = swadaya_core::store::ksm::list_ksm(&t.db, lkm)
        .await
        .expect("list")
        .into_iter()
        .find(|g| g.data.name == "KSM Lele Makmur")
        .expect("ksm")
        .id;
    // Berkah Jaya's treasurer keeps that group's books only; the UPK officer sees every group.
    c.goto(&format!("{base}/i/{lkm}/ksm/{lele}")).await.expect("another group");
    assert!(c.source().await.expect("source").contains("Tidak ditemukan"), "another KSM is out of the treasurer's reach");
    c.delete_all_cookies().await.expect("log out");
    log_in(&c, &base, "upk").await;
    c.goto(&format!("{base}/i/{lkm}/ksm/{lele}/assessment")).await.expect("assessment");
    c.wait().for_element(Locator::Css("h1")).await.expect("loaded");
    std::fs::write(dir.join("ksm-assessment-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    for page in ["stage", "independence"] {
        c.goto(&format!("{base}/i/{lkm}/ksm/{lele}/{page}")).await.expect("page");
        c.wait().for_element(Locator::Css("h1")).await.expect("loaded");
        std::fs::write(dir.join(format!("ksm-{page}-360x740.png")), c.screenshot().await.expect("shot")).expect("write");
    }
    c.set_window_size(1280, 800).await.expect("size");
    c.goto(&format!("{base}/i/{lkm}/ksm/{lele}")).await.expect("ksm page");
    c.wait().for_element(Locator::Css("figure.chart")).await.expect("charts");
    c.execute("document.querySelector('figure.chart').scrollIntoView()", vec![]).await.expect("scroll");
    std::fs::write(dir.join("ksm-charts-1280x800.png"), c.screenshot().await.expect("shot")).expect("write");
    c.close().await.expect("close");
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM savings_movements WHERE amount = 10000").await, 1);
    t.cleanup().await;
}

async fn store_members(db: &swadaya_core::store::Db, lkm: i64, name: &str) -> Vec<(i64, String)> {
    let k = swadaya_core::store::ksm::list_ksm(db, lkm)
        .await
        .expect("list")
        .into_iter()
        .find(|k| k.data.name == name)
        .expect("ksm")
        .id;
    swadaya_core::store::ksm::list_members(db, lkm, k).await.expect("members").into_iter().map(|m| (m.id, m.name)).collect()
}

#[tokio::test]
async fn browser_payment_with_a_receipt_photo_on_a_phone() {
    use swadaya_core::app::activities::{money, plan, RabInput};
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let admin = ctx_of(&t.db, "lkm.admin").await;
    let input = plan::ActivityInput {
        name: "Jalan paving RT 10".into(),
        kind: "road_paving".into(),
        location: "RT 10, Desa Bibrik".into(),
        target_volume: "90".into(),
        unit: "m".into(),
        planned_start: "2025-02-01".into(),
        planned_end: "2025-04-30".into(),
        team: "Panitia RT 10".into(),
        rab: vec![RabInput {
            item: "Paving K-300".into(),
            unit: "m²".into(),
            quantity: "270".into(),
            unit_price: "135.000".into(),
        }],
        ..Default::default()
    };
    let a = plan::create(&t.db, &admin, lkm, &input).await.expect("activity");
    let commit = plan::CommitmentInput {
        source: "dana_desa".into(),
        amount: "36.450.000".into(),
        document: "APBDes Bibrik".into(),
        note: String::new(),
        ..Default::default()
    };
    plan::commit(&t.db, &admin, lkm, a, &commit).await.expect("commit");
    let r = money::ReceiptInput {
        source: "dana_desa".into(),
        received_on: "2025-02-03".into(),
        amount: "25.000.000".into(),
        account: "11023".into(),
        document: "RKD tahap I".into(),
        idem_key: None,
    };
    money::receive(&t.db, &admin, lkm, a, &r).await.expect("receive");
    let line = plan::view(&t.db, &admin, lkm, a).await.expect("view").lines[0].line.id;
    let photo = tempfile::Builder::new().suffix(".png").tempfile().expect("photo");
    std::fs::write(photo.path(), swadaya::demo_activities::DEMO_PNG).expect("write photo");

    let base = spawn_app(t.db.clone()).await;
    let Some(b) = browser().await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "lkm.admin").await;
    c.goto(&format!("{base}/i/{lkm}/activities/{a}/spend")).await.expect("payment form");
    c.find(Locator::Css("#rab_line_id")).await.expect("line").select_by_value(&line.to_string()).await.expect("select");
    c.find(Locator::Css("#source")).await.expect("source").select_by_value("dana_desa").await.expect("select");
    c.find(Locator::Css("#spent_on")).await.expect("date").send_keys("10022025").await.expect("type");
    c.find(Locator::Css("#payee")).await.expect("payee").send_keys("CV Paving Jaya Madiun").await.expect("type");
    c.find(Locator::Css("#item")).await.expect("item").send_keys("Paving K-300, 150 m²").await.expect("type");
    c.find(Locator::Css("#amount")).await.expect("amount").send_keys("20.250.000").await.expect("type");
    c.find(Locator::Css("#files")).await.expect("file").send_keys(&photo.path().display().to_string()).await.expect("attach");
    // No receipt number: refused, and everything else typed is still there.
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("save").click().await.expect("click");
    let err = c.wait().for_element(Locator::Css(".field-error")).await.expect("error").text().await.expect("text");
    assert!(err.contains("kwitansi"), "{err}");
    let kept = c.find(Locator::Css("#amount")).await.expect("amount").prop("value").await.expect("value");
    assert_eq!(kept.as_deref(), Some("20.250.000"));
    let dir = screenshots_dir();
    std::fs::write(dir.join("payment-error-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.find(Locator::Css("#receipt_no")).await.expect("receipt").send_keys("KW-DD-01").await.expect("type");
    c.find(Locator::Css("#files"))
        .await
        .expect("file")
        .send_keys(&photo.path().display().to_string())
        .await
        .expect("attach again");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("save").click().await.expect("click");
    c.wait().for_element(Locator::Css("progress.bar")).await.expect("activity page");
    let page = c.source().await.expect("source");
    assert!(page.contains("KW-DD-01") && page.contains("Rp 20.250.000"), "the payment is listed");
    std::fs::write(dir.join("activity-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.set_window_size(1280, 800).await.expect("size");
    std::fs::write(dir.join("activity-1280x800.png"), c.screenshot().await.expect("shot")).expect("write");
    c.close().await.expect("close");
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM attachments WHERE owner_kind = 'spending' AND mime = 'image/png'").await, 1);
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM spendings WHERE receipt_no = 'KW-DD-01'").await, 1);
    t.cleanup().await;
}

#[tokio::test]
async fn browser_citizen_files_a_complaint_and_reads_the_answer() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let kkm = institution_id(&t.db, "KKM Tirta Ganra").await;
    let photo = tempfile::Builder::new().suffix(".png").tempfile().expect("photo");
    std::fs::write(photo.path(), swadaya::demo_activities::DEMO_PNG).expect("write photo");
    let base = spawn_app(t.db.clone()).await;
    let Some(b) = browser().await else { return };
    let c = b.client.clone();
    let dir = screenshots_dir();

    // A citizen, no account, on a phone: an empty form is refused with the reasons.
    c.goto(&format!("{base}/p/{kkm}/pengaduan")).await.expect("form");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("send").click().await.expect("click");
    let err = c.wait().for_element(Locator::Css(".warn")).await.expect("errors").text().await.expect("text");
    assert!(err.contains("Isi pengaduan") && err.contains("Kategori"), "{err}");
    c.find(Locator::Css("#complaint_kind")).await.expect("kind").select_by_value("problem").await.expect("select");
    c.find(Locator::Css("#category")).await.expect("category").select_by_value("construction").await.expect("select");
    let words = "<script>alert(1)</script> Pipa distribusi di RT 03 Dusun Ganra bocor sejak Senin, air terbuang ke jalan.";
    c.find(Locator::Css("#content")).await.expect("content").send_keys(words).await.expect("type");
    c.find(Locator::Css("#files")).await.expect("file").send_keys(&photo.path().display().to_string()).await.expect("attach");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("send").click().await.expect("click");
    let code = c.wait().for_element(Locator::Css("#tracking-code")).await.expect("code").text().await.expect("text");
    assert!(code.starts_with("ADU-") && code.len() == 15, "{code}");
    std::fs::write(dir.join("complaint-filed-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.find(Locator::Css("main form button")).await.expect("status").click().await.expect("click");
    c.wait().for_element(Locator::Css("ol.history")).await.expect("status page");
    let page = c.source().await.expect("source");
    assert!(page.contains("Diterima") && page.contains("&lt;script&gt;"), "the words come back escaped");

    // The officer verifies and answers.
    let id = swadaya_core::store::complaints::by_code(&t.db, &code).await.expect("query").expect("stored").id;
    log_in(&c, &base, "pengaduan").await;
    for (step, text) in [
        ("verify", "Satlak memeriksa: sambungan pipa PVC di depan rumah no. 12 retak."),
        ("answer", "Sambungan pipa sudah diganti Satlak pada hari Rabu. Terima kasih atas laporannya."),
    ] {
        c.goto(&format!("{base}/i/{kkm}/complaints/{id}/{step}")).await.expect("step form");
        c.find(Locator::Css("#body")).await.expect("body").send_keys(text).await.expect("type");
        c.find(Locator::Css("form.stack button[type=submit]")).await.expect("save").click().await.expect("click");
        c.wait().for_element(Locator::Css("ol.history")).await.expect("complaint page");
    }
    assert!(c.source().await.expect("source").contains("Dijawab"), "answered");

    // The citizen, logged out, reads the answer with the code typed by hand.
    c.delete_all_cookies().await.expect("log out");
    c.goto(&format!("{base}/lacak")).await.expect("track");
    c.find(Locator::Css("#code")).await.expect("code").send_keys(&code.to_lowercase()).await.expect("type");
    c.find(Locator::Css("form.stack button[type=submit]")).await.expect("see").click().await.expect("click");
    c.wait().for_element(Locator::Css("ol.history")).await.expect("status page");
    let page = c.source().await.expect("source");
    assert!(page.contains("Sambungan pipa sudah diganti"), "the answer is shown");
    assert!(!page.contains("sambungan pipa PVC di depan rumah"), "the unit's verification notes stay inside");
    std::fs::write(dir.join("complaint-answered-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.close().await.expect("close");
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM attachments WHERE owner_kind = 'complaint'").await, 1);
    t.cleanup().await;
}
