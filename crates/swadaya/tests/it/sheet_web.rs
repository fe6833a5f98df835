//! The online collection sheet as a browser without JavaScript sends it: the server decides what
//! an absent member paid.

use crate::common::*;
use crate::page_forms::form_to;

/// Marked Izin or Tidak hadir and otherwise left as the sheet proposed it, a member pays nothing;
/// an amount someone changed is kept whatever the attendance.
#[tokio::test]
async fn an_absent_member_is_not_credited_with_the_proposed_saving() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let base = spawn_app(db.clone()).await;
        let group = swadaya_core::store::ksm::list_ksm(&db, lkm)
            .await
            .expect("list")
            .into_iter()
            .find(|g| g.data.name == "KSM Berkah Jaya")
            .expect("ksm");
        let k = group.id;
        let (c, _) = login(&base, "ksm").await;
        let path = format!("/i/{lkm}/ksm/{k}/sheet");
        let html = c.get(format!("{base}{path}")).send().await.expect("get").text().await.expect("body");
        let mut form = form_to(&path, &html, "/sheet");
        let members: Vec<i64> = form
            .fields
            .iter()
            .filter_map(|(k, v)| {
                (v == "hadir").then(|| k.trim_start_matches('m').trim_end_matches("_att").parse().ok()).flatten()
            })
            .collect();
        assert!(members.len() >= 3, "three members on the sheet: {members:?}");
        let routine = form.get(&format!("m{}_wajib", members[0])).expect("routine prefilled").to_string();
        assert!(!routine.is_empty(), "the routine saving is proposed");
        form.set(&format!("m{}_att", members[0]), "absen");
        form.set(&format!("m{}_att", members[1]), "izin");
        form.set(&format!("m{}_att", members[2]), "absen");
        form.set(&format!("m{}_wajib", members[2]), "7.500");
        form.set("agenda_planned", "1");
        form.set("agenda_done", "1");
        let r = c.post(format!("{base}{path}")).form(&form.fields).send().await.expect("post");
        assert_eq!(r.status(), 303, "saved");
        let paid = |m: i64| {
            let db = db.clone();
            async move {
                count(
                    &db,
                    &format!("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements WHERE member_id = {m}"),
                )
                .await
            }
        };
        assert_eq!(paid(members[0]).await, 0, "absent, amount as proposed: nothing paid");
        assert_eq!(paid(members[1]).await, 0, "excused, amount as proposed: nothing paid");
        assert_eq!(paid(members[2]).await, 7500, "absent, amount typed: kept");
        let routine: i64 = routine.replace('.', "").parse().expect("amount");
        for m in &members[3..] {
            assert_eq!(paid(*m).await, routine, "present: paid as usual");
        }
    })
    .await;
}

/// The sheet opens on the group's last meeting day due (KSM Berkah Jaya meets on Fridays), not
/// on today. Changing the date reloads that date's members and keeps everything typed, without
/// saving; a date already recorded is said before anything is saved; an unreadable date keeps
/// the sheet with the reason at the date.
#[tokio::test]
async fn the_sheet_opens_on_the_meeting_day_and_a_new_date_keeps_what_was_typed() {
    use chrono::Datelike;
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let base = spawn_app(db.clone()).await;
        let groups = swadaya_core::store::ksm::list_ksm(&db, lkm).await.expect("list");
        let k = groups.iter().find(|g| g.data.name == "KSM Berkah Jaya").expect("ksm").id;
        let (c, _) = login(&base, "ksm").await;
        let path = format!("/i/{lkm}/ksm/{k}/sheet");
        let html = c.get(format!("{base}{path}")).send().await.expect("get").text().await.expect("body");
        let mut form = form_to(&path, &html, "/sheet");
        let today = chrono::Local::now().date_naive();
        let friday =
            (0..7).map(|b| today - chrono::Duration::days(b)).find(|d| d.weekday() == chrono::Weekday::Fri).expect("a Friday");
        assert_eq!(form.get("held_on"), Some(friday.to_string().as_str()), "opens on the last Friday");

        let members: Vec<String> =
            form.fields.iter().filter(|(k, _)| k.ends_with("_att")).map(|(k, _)| k.replace("_att", "")).collect();
        form.set(&format!("{}_att", members[0]), "absen");
        form.set(&format!("{}_sukarela", members[1]), "12.000");
        form.set("notes", "Arisan ditunda ke pertemuan berikut.");
        form.set("agenda", "Setoran tabungan\nRencana kerja KSM");
        let earlier = friday - chrono::Duration::days(7);
        form.set("held_on", &earlier.to_string());
        let audit = || count(&db, "SELECT COUNT(*) FROM audit_log");
        let before = audit().await;
        let mut fields = form.fields.clone();
        fields.push(("_redate".into(), "1".into()));
        let r = c.post(format!("{base}{path}")).form(&fields).send().await.expect("redate");
        assert_eq!(r.status(), 200);
        let html = r.text().await.expect("body");
        assert_eq!(audit().await, before, "nothing saved");
        let again = form_to(&path, &html, "/sheet");
        assert_eq!(again.get("held_on"), Some(earlier.to_string().as_str()));
        assert_eq!(again.get(&format!("{}_att", members[0])), Some("absen"), "attendance kept");
        assert_eq!(again.get(&format!("{}_sukarela", members[1])), Some("12.000"), "voluntary saving kept");
        assert_eq!(again.get("notes"), Some("Arisan ditunda ke pertemuan berikut."));
        assert_eq!(again.get("agenda"), Some("Setoran tabungan\nRencana kerja KSM"));
        assert_eq!(again.get("idem_key"), form.get("idem_key"), "the same sheet, still unsaved");

        // Saved for that date; then the date is chosen again: the page says so before saving.
        let mut ready = again.clone();
        ready.set("agenda_planned", "2");
        ready.set("agenda_done", "2");
        let r = c.post(format!("{base}{path}")).form(&ready.fields).send().await.expect("save");
        assert_eq!(r.status(), 303);
        let html = c.get(format!("{base}{path}?date={earlier}")).send().await.expect("get").text().await.expect("body");
        assert!(html.contains("sudah tercatat"), "a date already recorded is said before filling");
        let mut fields = form_to(&path, &html, "/sheet").fields;
        fields.retain(|(k, _)| k != "held_on");
        fields.push(("held_on".into(), "31-02-2026".into()));
        fields.push(("_redate".into(), "1".into()));
        let r = c.post(format!("{base}{path}")).form(&fields).send().await.expect("bad date");
        assert_eq!(r.status(), 200);
        let html = r.text().await.expect("body");
        assert!(html.contains("Tanggal tidak terbaca") && html.contains("value=\"31-02-2026\""), "the reason at the date");
        assert!(form_to(&path, &html, "/sheet").fields.iter().any(|(k, _)| k.ends_with("_att")), "members still listed");
    })
    .await;
}
