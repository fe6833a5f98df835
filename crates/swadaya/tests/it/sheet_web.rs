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
        let group = swadaya::store::ksm::list_ksm(&db, lkm)
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
