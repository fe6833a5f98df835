//! What unsure people do, in a real browser at 360x740: save, press Back and save again. Each
//! test here reproduces a slip a user test found and checks what the user sees afterwards;
//! screenshots go to target/screenshots/.

use crate::browser::{browser_in, log_in, screenshots_dir};
use crate::common::*;
use fantoccini::Locator;

/// Clicks what `css` finds and waits until the page it was on has been replaced by the answer.
/// Waiting for an element the old page also has (a heading, the sheet) would return at once,
/// before the answer arrived, on a busy machine.
async fn click_for_answer(c: &fantoccini::Client, css: &str) {
    let old = c.find(Locator::Css("html")).await.expect("the page");
    c.find(Locator::Css(css)).await.expect(css).click().await.expect("click");
    for _ in 0..600 {
        if old.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no answer replaced the page after clicking {css}");
}

/// An officer takes Rp 2.000 at the office, sees the page come back and, unsure, presses Back
/// and saves again. The first save says what was recorded; the second asks before recording
/// the same payment twice, and only an explicit "save again" records another.
#[tokio::test]
async fn back_and_save_again_asks_before_a_repayment_is_recorded_twice() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let loan = count(&t.db, &format!("SELECT MAX(id) FROM loans WHERE institution_id = {lkm}")).await;
    let base = spawn_app(t.db.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "upk").await;
    let payments = || count(&t.db, "SELECT COUNT(*) FROM loan_payments");
    let before = payments().await;

    c.goto(&format!("{base}/i/{lkm}/loans/{loan}")).await.expect("loan page");
    let form = "form[action$='/pay']";
    let select = c.find(Locator::Css(&format!("{form} select[name=member_id]"))).await.expect("member");
    let options = select.find_all(Locator::Css("option")).await.expect("options");
    let member = options.last().expect("a member").attr("value").await.expect("value").expect("value");
    select.select_by_value(&member).await.expect("choose member");
    c.find(Locator::Css(&format!("{form} input[name=amount]"))).await.expect("amount").send_keys("2.000").await.expect("type");
    click_for_answer(&c, &format!("{form} button[type=submit]")).await;
    c.wait().for_element(Locator::Css("h1")).await.expect("saved");
    let saved = match c.find(Locator::Css(".flash")).await {
        Ok(e) => e.text().await.expect("text"),
        Err(_) => String::new(),
    };
    assert_eq!(payments().await, before + 1);
    std::fs::write(screenshots_dir().join("repayment-saved-360x740.png"), c.screenshot().await.expect("shot")).expect("write");

    c.back().await.expect("back");
    c.wait().for_element(Locator::Css(&format!("{form} button[type=submit]"))).await.expect("form again");
    // Whatever the browser restored, the officer makes sure the form says what it said before.
    c.find(Locator::Css(&format!("{form} select[name=member_id]")))
        .await
        .expect("member")
        .select_by_value(&member)
        .await
        .expect("m");
    let amount = c.find(Locator::Css(&format!("{form} input[name=amount]"))).await.expect("amount");
    if amount.prop("value").await.expect("value").unwrap_or_default().is_empty() {
        amount.send_keys("2.000").await.expect("type");
    }
    c.find(Locator::Css(&format!("{form} button[type=submit]"))).await.expect("save").click().await.expect("click");
    // The answer is either the question or, without the guard, the loan page saying it saved.
    c.wait().for_element(Locator::Css("form.again, p.flash")).await.expect("answer");
    let h1 = c.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
    assert_eq!(payments().await, before + 1, "the same payment sent again is not recorded silently (page: {h1})");
    assert!(h1.contains("Simpan lagi"), "the page asks before recording it again: {h1}");
    assert!(saved.contains("Rp 2.000"), "the first save said what was saved: {saved:?}");
    let dir = screenshots_dir();
    std::fs::write(dir.join("repeat-payment-360x740.png"), c.screenshot().await.expect("shot")).expect("write");

    c.find(Locator::Css("form.again button[type=submit]")).await.expect("save again").click().await.expect("click");
    c.wait().for_element(Locator::Css(".flash")).await.expect("saved again");
    assert_eq!(payments().await, before + 2, "asked and confirmed: a second payment");
}

/// Marking a member Tidak hadir on the online sheet empties the saving the sheet proposed; an
/// amount typed for someone excused stays.
#[tokio::test]
async fn marking_a_member_absent_clears_the_proposed_saving() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let k = swadaya_core::store::ksm::list_ksm(&t.db, lkm)
        .await
        .expect("list")
        .into_iter()
        .find(|g| g.data.name == "KSM Berkah Jaya")
        .expect("ksm")
        .id;
    let members: Vec<(i64, String)> = swadaya_core::store::ksm::list_members(&t.db, lkm, k)
        .await
        .expect("members")
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let base = spawn_app(t.db.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "ksm").await;
    c.goto(&format!("{base}/i/{lkm}/ksm/{k}/sheet")).await.expect("sheet");
    c.wait().for_element(Locator::Css("form.sheet")).await.expect("sheet");
    let (absent, excused) = (members[0].0, members[1].0);
    c.find(Locator::Css(&format!("input[name=m{absent}_att][value=absen]"))).await.expect("absen").click().await.expect("click");
    let wajib = c.find(Locator::Css(&format!("input[name=m{absent}_wajib]"))).await.expect("wajib");
    assert_eq!(wajib.prop("value").await.expect("value").as_deref(), Some(""), "absent: the proposed saving is emptied");
    c.find(Locator::Css(&format!("input[name=m{excused}_att][value=izin]"))).await.expect("izin").click().await.expect("click");
    let typed = c.find(Locator::Css(&format!("input[name=m{excused}_wajib]"))).await.expect("wajib");
    typed.send_keys("5.000").await.expect("type");
    std::fs::write(screenshots_dir().join("sheet-absent-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    c.find(Locator::Css("form.sheet button.save")).await.expect("save").click().await.expect("click");
    c.wait().for_element(Locator::Css(".flash")).await.expect("saved");
    let page = c.source().await.expect("source");
    assert!(page.contains(&members[0].1), "the saved sheet lists the absent member");
    let paid = "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements WHERE member_id = ";
    assert_eq!(count(&t.db, &format!("{paid}{absent}")).await, 0, "absent: nothing saved");
    assert_eq!(count(&t.db, &format!("{paid}{excused}")).await, 5000, "excused, typed by hand: kept");
    t.cleanup().await;
}

/// A field officer reports progress from a phone: first a video picked by mistake (too large to
/// keep), then the camera's 6 MB photo. The refused file brings the form back with the notes
/// typed and the reason at the photo field; the photo is saved, shrunk.
#[tokio::test]
async fn a_phone_photo_is_taken_and_a_refused_file_keeps_what_was_typed() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let running = count(&t.db, &format!("SELECT MAX(id) FROM activities WHERE institution_id = {lkm}")).await;
    let base = spawn_app(t.db.clone()).await;
    let files = tempfile::tempdir().expect("files");
    let (video, photo) = (files.path().join("VID_20261203.mp4"), files.path().join("IMG_20261203_081512.jpg"));
    std::fs::write(&video, vec![0u8; 21 << 20]).expect("video");
    std::fs::write(&photo, crate::photo_forms::phone_photo()).expect("photo");
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "lkm.admin").await;
    let kept = || count(&t.db, "SELECT COUNT(*) FROM attachments WHERE owner_kind = 'progress'");
    let before = kept().await;

    c.goto(&format!("{base}/i/{lkm}/activities/{running}/progress")).await.expect("progress form");
    let note = "Pemasangan paving RT 09 selesai separuh; warga kerja bakti Jumat.";
    c.find(Locator::Css("input[name=percent]")).await.expect("percent").send_keys("50").await.expect("type");
    c.find(Locator::Css("textarea[name=note]")).await.expect("note").send_keys(note).await.expect("type");
    let pick = |path: std::path::PathBuf| {
        let c = c.clone();
        async move {
            let input = c.find(Locator::Css("input[type=file]")).await.expect("file field");
            input.send_keys(path.to_str().expect("path")).await.expect("attach");
            click_for_answer(&c, "main form button[type=submit]").await;
            c.wait().for_element(Locator::Css("h1")).await.expect("answer");
        }
    };
    pick(video).await;
    // The form page has an h1 too: wait for the answer's reason, not just any heading (a
    // 21 MB body takes a moment to send on a loaded machine).
    let reason =
        c.wait().for_element(Locator::Css("input[type=file] ~ .field-error")).await.expect("the reason at the file field");
    assert!(reason.text().await.expect("text").contains("terlalu besar (21,0 MB)"));
    let kept_note = c.find(Locator::Css("textarea[name=note]")).await.expect("note").prop("value").await.expect("value");
    assert_eq!(kept_note.as_deref(), Some(note), "what was typed is still there");
    std::fs::write(screenshots_dir().join("photo-refused-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    assert_eq!(kept().await, before);

    pick(photo).await;
    c.wait().for_element(Locator::Css(".flash")).await.expect("saved");
    assert_eq!(kept().await, before + 1, "the phone's photo is kept");
    let (mime, data): (String, Vec<u8>) =
        sqlx::query_as("SELECT mime, data FROM attachments ORDER BY id DESC LIMIT 1").fetch_one(&t.db.pool).await.expect("photo");
    let img = image::load_from_memory(&data).expect("a picture");
    assert_eq!((mime.as_str(), img.width(), img.height()), ("image/jpeg", 2048, 1536));
    t.cleanup().await;
}

/// The treasurer fills the sheet, then notices the date is wrong and changes it: the members of
/// that date are loaded and what was typed stays.
#[tokio::test]
async fn changing_the_sheet_date_keeps_what_was_typed() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load_base(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let groups = swadaya_core::store::ksm::list_ksm(&t.db, lkm).await.expect("list");
    let k = groups.iter().find(|g| g.data.name == "KSM Berkah Jaya").expect("ksm").id;
    let member = swadaya_core::store::ksm::list_members(&t.db, lkm, k).await.expect("members")[0].id;
    let base = spawn_app(t.db.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "ksm").await;
    c.goto(&format!("{base}/i/{lkm}/ksm/{k}/sheet")).await.expect("sheet");
    c.find(Locator::Css(&format!("input[name=m{member}_sukarela]")))
        .await
        .expect("sukarela")
        .send_keys("12.000")
        .await
        .expect("type");
    c.find(Locator::Css("textarea[name=notes]")).await.expect("notes").send_keys("Arisan ditunda.").await.expect("type");
    let date = c.find(Locator::Css("input[name=held_on]")).await.expect("date");
    let shown = date.prop("value").await.expect("value").unwrap_or_default();
    let earlier = chrono::NaiveDate::parse_from_str(&shown, "%Y-%m-%d").expect("iso") - chrono::Duration::days(7);
    // A date input takes what a person types in the browser's own order; set it as a script would.
    c.execute("document.querySelector('input[name=held_on]').value = arguments[0]", vec![earlier.to_string().into()])
        .await
        .expect("set date");
    click_for_answer(&c, "button[name=_redate]").await;
    c.wait().for_element(Locator::Css("form.sheet")).await.expect("sheet again");
    let value = |css: String| {
        let c = c.clone();
        async move { c.find(Locator::Css(&css)).await.expect("field").prop("value").await.expect("value").unwrap_or_default() }
    };
    assert_eq!(value("input[name=held_on]".into()).await, earlier.to_string());
    assert_eq!(value(format!("input[name=m{member}_sukarela]")).await, "12.000", "typed saving kept");
    assert_eq!(value("textarea[name=notes]".into()).await, "Arisan ditunda.", "notes kept");
    std::fs::write(screenshots_dir().join("sheet-new-date-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    assert_eq!(count(&t.db, &format!("SELECT COUNT(*) FROM meetings WHERE ksm_id = {k}")).await, 0, "nothing saved");
    t.cleanup().await;
}

/// A reversal sent without its reason: the page comes back with that box open, and the error
/// summary's link lands on the reason field, shown.
#[tokio::test]
async fn an_error_link_lands_on_a_field_that_is_shown() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load(&t.db, 0).await.expect("demo");
    let lkm = institution_id(&t.db, "LKM Makmur Sentosa").await;
    let loan = count(&t.db, &format!("SELECT MIN(loan_id) FROM loan_payments WHERE institution_id = {lkm}")).await;
    let base = spawn_app(t.db.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "upk").await;
    c.goto(&format!("{base}/i/{lkm}/loans/{loan}")).await.expect("loan page");
    let reversal = c.find(Locator::Css("form[action$='/reverse']")).await.expect("a reversal box");
    c.execute("arguments[0].closest('details').open = true", vec![serde_json::to_value(&reversal).expect("element")])
        .await
        .expect("open the box");
    reversal.find(Locator::Css("button[type=submit]")).await.expect("button").click().await.expect("click");
    c.wait()
        .for_element(Locator::Css("[role=alert] a[href='#reason']"))
        .await
        .expect("the summary")
        .click()
        .await
        .expect("follow");
    let reason = c.find(Locator::Css("#reason")).await.expect("the reason field");
    assert!(reason.is_displayed().await.expect("shown"), "the link lands on a field that is shown");
    std::fs::write(screenshots_dir().join("reversal-error-360x740.png"), c.screenshot().await.expect("shot")).expect("write");
    t.cleanup().await;
}
