//! Field mode in a real headless Chromium at 360x740, offline through the DevTools protocol:
//! prepare, lose the signal, fill two sheets, a complaint and a sheet the server will refuse,
//! reload offline, close the browser and start it again on the same profile, then sync. The
//! server holds each item exactly once and the refused one stays on the phone with its reason.

use crate::browser::{browser_in, log_in, screenshots_dir};
use crate::common::*;
use fantoccini::{Client, Locator};
use std::time::Duration;

/// A DevTools command sent through chromedriver.
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(serde_json::json!({"cmd": self.0, "params": self.1}).to_string()))
    }
}

async fn set_offline(c: &Client, offline: bool) {
    c.issue_cmd(Cdp("Network.enable", serde_json::json!({}))).await.expect("network domain");
    c.issue_cmd(Cdp(
        "Network.emulateNetworkConditions",
        serde_json::json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    ))
    .await
    .expect("emulate network");
}

/// Opens the field page and waits until it has drawn itself from the phone's storage.
async fn field_page(c: &Client, base: &str) {
    c.goto(&format!("{base}/field")).await.expect("field page");
    c.wait().for_element(Locator::Css("#field[data-ready]")).await.expect("field page ready");
}

async fn text_of(c: &Client, css: &str) -> String {
    c.wait().for_element(Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css}")).text().await.expect("text")
}

/// Waits until the element's text contains `want`.
async fn wait_text(c: &Client, css: &str, want: &str) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            last = e.text().await.unwrap_or_default();
            if last.contains(want) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{css} never said {want:?}; last: {last:?}");
}

async fn shoot(c: &Client, name: &str) {
    std::fs::write(screenshots_dir().join(name), c.screenshot().await.expect("shot")).expect("write");
}

async fn fill_sheet(c: &Client, lkm: i64, ksm: i64, changes: &[(String, &str)], shot: Option<&str>) {
    c.find(Locator::Css(&format!("a[href='#sheet/{lkm}/{ksm}']"))).await.expect("group link").click().await.expect("open");
    c.wait().for_element(Locator::Css("#sheet-form")).await.expect("sheet form");
    for (name, value) in changes {
        let input = c.find(Locator::Css(&format!("input[name='{name}']"))).await.expect("input");
        input.clear().await.expect("clear");
        input.send_keys(value).await.expect("type");
    }
    if let Some(name) = shot {
        shoot(c, name).await;
    }
    c.find(Locator::Css("#save-sheet")).await.expect("save").click().await.expect("click");
    wait_text(c, "#note", "Tersimpan di ponsel").await;
}

async fn group(db: &swadaya_core::store::Db, lkm: i64, name: &str) -> (i64, Vec<swadaya_core::store::ksm::Member>) {
    let g =
        swadaya_core::store::ksm::list_ksm(db, lkm).await.expect("groups").into_iter().find(|k| k.data.name == name).expect(name);
    let today = chrono::Local::now().date_naive().to_string();
    let members = swadaya_core::store::ksm::list_members(db, lkm, g.id)
        .await
        .expect("members")
        .into_iter()
        .filter(|m| m.active_on(&today))
        .collect();
    (g.id, members)
}

#[tokio::test]
async fn browser_field_mode_offline_outbox_survives_a_restart_and_syncs_once() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let (berkah, berkah_members) = group(&t.db, lkm, "KSM Berkah Jaya").await;
    let (guyub, _) = group(&t.db, lkm, "KSM Lele Makmur").await;
    let (mawar, mawar_members) = group(&t.db, lkm, "KSM Sumber Rejeki").await;
    let base = spawn_app(t.db.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();

    // The UPK officer takes every group's sheet to the field; a KSM treasurer has only their own.
    log_in(&c, &base, "upk").await;
    field_page(&c, &base).await;
    c.find(Locator::Css("#prepare")).await.expect("prepare button").click().await.expect("prepare");
    wait_text(&c, "#note", "Siap: 3 KSM").await;

    // Since the phone was prepared, a member of KSM Sumber Rejeki left the group on the server.
    let leaver = &mawar_members[1];
    let yesterday = (chrono::Local::now().date_naive() - chrono::Duration::days(1)).to_string();
    let ctx = system_ctx();
    let b = swadaya_core::app::ksm::savings::balances(&t.db, lkm, mawar).await.expect("balances");
    for kind in [
        swadaya_domain::ksm::SavingsKind::Routine,
        swadaya_domain::ksm::SavingsKind::Voluntary,
        swadaya_domain::ksm::SavingsKind::JointLiability,
    ] {
        let held = b.of(leaver.id, kind).0;
        if held > 0 {
            let w = swadaya_core::app::ksm::savings::WithdrawalInput {
                member_id: leaver.id,
                kind: swadaya_core::app::ksm::sheets::column_of(kind).into(),
                amount: held.to_string(),
                on_date: yesterday.clone(),
                note: "keluar".into(),
                idem_key: None,
            };
            swadaya_core::app::ksm::savings::withdraw(&t.db, &ctx, lkm, mawar, &w).await.expect("withdraw");
        }
    }
    swadaya_core::app::ksm::groups::end_member(&t.db, &ctx, lkm, mawar, leaver.id, &yesterday).await.expect("leave");

    set_offline(&c, true).await;
    field_page(&c, &base).await;
    wait_text(&c, "#net", "Tanpa sinyal").await;
    assert!(text_of(&c, "#fetched").await.contains("Data lapangan diambil"), "the fetch time is on the offline page");

    let first = berkah_members[0].id;
    // Written the English way: the phone takes it as the server does (2.000 rupiah).
    fill_sheet(&c, lkm, berkah, &[(format!("m{first}_sukarela"), "2,000")], Some("field-sheet-offline-360x740.png")).await;
    fill_sheet(&c, lkm, guyub, &[], None).await;
    // Two taps on Save in quick succession save one sheet.
    c.find(Locator::Css(&format!("a[href='#sheet/{lkm}/{mawar}']"))).await.expect("group link").click().await.expect("open");
    c.wait().for_element(Locator::Css("#sheet-form")).await.expect("sheet form");
    c.execute("const b = document.getElementById('save-sheet'); b.click(); b.click();", vec![]).await.expect("double tap");
    wait_text(&c, "#note", "Tersimpan di ponsel").await;
    c.find(Locator::Css("#write-complaint")).await.expect("complaint link").click().await.expect("open");
    c.wait().for_element(Locator::Css("#complaint-form")).await.expect("complaint form");
    let complaint = "Pembangunan MCK di RT 02 berhenti sejak bulan lalu, papan proyek tidak ada.";
    c.find(Locator::Css("#content")).await.expect("content").send_keys(complaint).await.expect("type");
    c.find(Locator::Css("#save-complaint")).await.expect("save").click().await.expect("click");
    wait_text(&c, "#note", "Tersimpan di ponsel").await;
    wait_text(&c, "#waiting-count", "4 menunggu").await;
    shoot(&c, "field-outbox-offline-360x740.png").await;

    c.refresh().await.expect("reload offline");
    wait_text(&c, "#waiting-count", "4 menunggu").await;
    let before = count(&t.db, "SELECT COUNT(*) FROM meetings").await;

    // Close the browser and start it again on the same profile, still without signal.
    c.close().await.expect("close browser");
    drop(b);
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    c.goto(&format!("{base}/static/app.css")).await.expect("warm-up");
    set_offline(&c, true).await;
    field_page(&c, &base).await;
    wait_text(&c, "#waiting-count", "4 menunggu").await;
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM meetings").await, before, "nothing sent while offline");

    set_offline(&c, false).await;
    if let Ok(button) = c.find(Locator::Css("#sync")).await {
        let _ = button.click().await;
    }
    wait_text(&c, "#waiting-count", "0 menunggu").await;
    let outbox = text_of(&c, "#outbox").await;
    assert_eq!(c.find_all(Locator::Css("li.outbox-item.sent")).await.expect("sent").len(), 3, "{outbox}");
    assert_eq!(c.find_all(Locator::Css("li.outbox-item.refused")).await.expect("refused").len(), 1, "{outbox}");
    let first_shown = c.find(Locator::Css("#outbox li.outbox-item")).await.expect("an item");
    let class = first_shown.attr("class").await.expect("attr").unwrap_or_default();
    assert!(class.contains("refused"), "what needs the user comes before what was sent: {class}");
    assert!(
        outbox.contains(&format!("{} bukan anggota KSM pada tanggal ini", leaver.name)),
        "the reason names the member: {outbox}"
    );
    assert!(outbox.contains("Siapkan ulang data lapangan"), "and says what to do: {outbox}");
    assert!(outbox.contains("Kode lacak: ADU-"), "the complaint's tracking code is shown: {outbox}");
    let refused = c.find(Locator::Css("li.outbox-item.refused")).await.expect("refused item");
    c.execute("arguments[0].scrollIntoView()", vec![serde_json::to_value(&refused).expect("element")]).await.expect("scroll");
    shoot(&c, "field-refused-360x740.png").await;

    // Exactly once each on the server, the amounts as typed, and the books balanced.
    let today = chrono::Local::now().date_naive().to_string();
    let meetings = |k: i64| format!("SELECT COUNT(*) FROM meetings WHERE ksm_id = {k} AND held_on = '{today}'");
    assert_eq!(count(&t.db, &meetings(berkah)).await, 1);
    assert_eq!(count(&t.db, &meetings(guyub)).await, 1);
    assert_eq!(count(&t.db, &meetings(mawar)).await, 0, "the refused sheet is not recorded");
    assert_eq!(
        count(&t.db, &format!("SELECT CAST(SUM(amount) AS BIGINT) FROM savings_movements WHERE member_id = {first} AND kind = 'sukarela' AND on_date = '{today}'")).await,
        2000
    );
    assert_eq!(count(&t.db, &format!("SELECT COUNT(*) FROM complaints WHERE content = '{complaint}'")).await, 1);
    assert_eq!(unbalanced_entries(&t.db, None).await, 0);

    // The group's page says where the sheet came from.
    c.goto(&format!("{base}/i/{lkm}/ksm/{berkah}")).await.expect("group page");
    assert!(text_of(&c, "main").await.contains("dari ponsel (mode lapangan)"));
    field_page(&c, &base).await;

    // The refused sheet stays after a reload, until the user changes or removes it.
    c.refresh().await.expect("reload");
    wait_text(&c, "#outbox", "Ditolak").await;
    assert!(c.find(Locator::Css("li.outbox-item.refused a[href^='#edit/']")).await.is_ok(), "it can be changed");
    c.set_window_size(1280, 800).await.expect("size");
    shoot(&c, "field-outbox-1280x800.png").await;
    c.set_window_size(360, 740).await.expect("size");

    // Resolved as the advice says: prepare again, change the sheet (the row of the member who
    // left is gone, and the page says so), send again.
    c.find(Locator::Css("#prepare")).await.expect("prepare").click().await.expect("prepare again");
    wait_text(&c, "#note", "Siap").await;
    c.find(Locator::Css("li.outbox-item.refused a[href^='#edit/']")).await.expect("change").click().await.expect("open");
    let changes = text_of(&c, "#member-changes").await;
    assert!(changes.contains(&format!("{} tidak lagi anggota", leaver.name)), "{changes}");
    c.find(Locator::Css("#save-sheet")).await.expect("save").click().await.expect("click");
    wait_text(&c, "#waiting-count", "0 menunggu").await;
    wait_text(&c, "#outbox", "Terkirim").await;
    assert!(c.find(Locator::Css("li.outbox-item.refused")).await.is_err(), "nothing refused is left");
    assert_eq!(count(&t.db, &meetings(mawar)).await, 1, "recorded once, without the member who left");

    // A sent item cannot be changed on the phone, even by its old address.
    let key =
        c.find(Locator::Css("li.outbox-item.sent")).await.expect("sent").attr("data-key").await.expect("attr").expect("key");
    c.goto(&format!("{base}/field#edit/{key}")).await.expect("edit address");
    wait_text(&c, "#not-editable", "tidak dapat diubah").await;

    // Logging out from the field page's own header leaves no one's data on the phone but loses
    // nothing unsent; the page (a copy kept on the phone) gets the session's token from the server.
    field_page(&c, &base).await;
    for _ in 0..50 {
        if token_filled(&c).await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(token_filled(&c).await, "the logout form has the session's token");
    assert!(c.find(Locator::Css("header form[action='/lang'] button")).await.is_ok(), "and the language button is there");
    c.find(Locator::Css("header form[action='/logout'] button")).await.expect("logout").click().await.expect("log out");
    c.wait().for_element(Locator::Css("#username")).await.expect("login page");
    field_page(&c, &base).await;
    wait_text(&c, "#fetched", "Belum ada data lapangan").await;
    assert!(c.find(Locator::Css("li.outbox-item")).await.is_err(), "the sent items are gone with the pack");
    c.close().await.expect("close");
    t.cleanup().await;
}

/// The phone reads every amount of the shared table (crates/domain/cases/amounts.txt) as the
/// server's own parser does; the domain's unit test reads the same table.
#[tokio::test]
async fn the_phone_reads_every_amount_as_the_server_does() {
    let t = TestDb::sqlite().await;
    let base = spawn_app(t.db.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    c.goto(&format!("{base}/login")).await.expect("a page with field.js");
    let mut cases = 0;
    for line in include_str!("../../../domain/cases/amounts.txt").lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let (input, want) = line.split_once('\t').expect("input, a tab, then the rupiah or refused");
        let got = c
            .execute(
                "const v = window.swadayaParseRupiah(arguments[0]); return v === null ? 'refused' : String(v);",
                vec![input.into()],
            )
            .await
            .expect("parse in the browser");
        assert_eq!(got.as_str(), Some(want), "the phone reads {input:?}");
        let server = swadaya_domain::Rupiah::parse(input).ok().map(|r| r.0.to_string()).unwrap_or_else(|| "refused".into());
        assert_eq!(server, want, "the server reads {input:?}");
        cases += 1;
    }
    assert!(cases > 20);
    c.close().await.expect("close");
    t.cleanup().await;
}

async fn token_filled(c: &Client) -> bool {
    let v = c
        .execute("return document.querySelector(\"header form[action='/logout'] input[name=_csrf]\").value", vec![])
        .await
        .expect("token");
    v.as_str().is_some_and(|t| !t.is_empty())
}
