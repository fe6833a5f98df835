//! The home page after login: each role lands on the work waiting for it, read from the records,
//! and the page changes when the work is done.

use crate::common::*;
use swadaya_core::app::ksm::sheets;
use swadaya_domain::dates::{format_date, parse_iso};
use swadaya_domain::ksm::schedule::{due, Due};
use swadaya_domain::{Lang, Rupiah};

/// Logs in without a page to return to, as someone opening the app does, and reads where it lands.
async fn home_of(base: &str, username: &str) -> String {
    let c = client();
    let r = c
        .post(format!("{base}/login"))
        .form(&[("username", username), ("password", swadaya::demo::DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "{username} logs in");
    assert_eq!(r.headers()["location"], "/home", "{username} lands on the home page");
    let r = c.get(format!("{base}/home")).send().await.expect("home");
    if username == "admin" {
        assert_eq!(r.headers()["location"], "/institutions", "the system admin's work is the list of institutions");
        return String::new();
    }
    assert_eq!(r.status(), 200, "{username}'s home");
    r.text().await.expect("body")
}

#[tokio::test]
async fn each_role_lands_on_the_work_waiting_for_it() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let today = chrono::Local::now().date_naive();
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let groups = swadaya_core::store::ksm::list_ksm(&db, lkm).await.expect("groups");
        let berkah = groups.iter().find(|g| g.data.name == "KSM Berkah Jaya").expect("Berkah Jaya");

        // The treasurer of KSM Berkah Jaya: that group's meeting, and no other group.
        let held_now = || async {
            swadaya_core::store::ksm::list_meetings(&db, lkm, berkah.id)
                .await
                .expect("meetings")
                .iter()
                .filter_map(|m| parse_iso(&m.held_on))
                .collect::<Vec<chrono::NaiveDate>>()
        };
        let held = held_now().await;
        let home = home_of(&base, "ksm").await;
        assert!(!home.contains("KSM Lele Makmur"), "another group's work is not the treasurer's:\n{home}");
        let schedule = |held: &[chrono::NaiveDate]| {
            due(today, parse_iso(&berkah.data.formed_on), berkah.data.meeting_day.as_deref(), &berkah.data.rhythm, held)
        };
        if let Some(Due::Sheet(on)) = schedule(&held) {
            assert!(home.contains(&format!("/i/{lkm}/ksm/{}/sheet?date={on}", berkah.id)), "the sheet due:\n{home}");
            assert!(home.contains(&format_date(on, Lang::Id)), "named by its date:\n{home}");
            // Once it is written, the home names the next meeting instead.
            let ksm = ctx_of(&db, "ksm").await;
            let members = swadaya_core::store::ksm::list_members(&db, lkm, berkah.id).await.expect("members");
            let sheet = sheets::SheetInput {
                held_on: on.to_string(),
                lines: members
                    .iter()
                    .filter(|m| m.active_on(&on.to_string()))
                    .map(|m| sheets::LineInput { member_id: m.id, attendance: "hadir".into(), ..Default::default() })
                    .collect(),
                ..Default::default()
            };
            sheets::record(&db, &ksm, lkm, berkah.id, &sheet).await.expect("the sheet due");
        }
        let held = held_now().await;
        let Some(Due::Next(next)) = schedule(&held) else { panic!("every sheet due is written") };
        let home = home_of(&base, "ksm").await;
        assert!(
            home.contains("pertemuan berikutnya") && home.contains(&format_date(next, Lang::Id)),
            "the next meeting:\n{home}"
        );
        assert!(!home.contains("belum dicatat"), "{home}");

        // The UPK officer: the arrears the month-end report would list, and no month left open
        // (the demo closes every month that has ended).
        let (report, _) = swadaya_core::app::fund::portfolio::at(&db, &ctx_of(&db, "upk").await, lkm, &today.to_string())
            .await
            .expect("arrears");
        assert!(!report.lines.is_empty(), "the demo has loans behind");
        let home = home_of(&base, "upk").await;
        let arrears = format!("Tunggakan: {} pinjaman anggota menunggak {}", report.lines.len(), Rupiah(report.overdue_amount));
        assert!(home.contains(&arrears) && home.contains(&format!("/i/{lkm}/arrears")), "{arrears}:\n{home}");
        assert!(!home.contains("Tutup buku bulan"), "{home}");

        // The board: the proposal scored and waiting for the meeting's decision.
        let home = home_of(&base, "lkm.board").await;
        assert!(home.contains("menunggu keputusan rapat") && home.contains(&format!("/i/{lkm}/proposals/decisions")), "{home}");

        // The kecamatan's complaints unit: what the KKM escalated to it.
        let home = home_of(&base, "pengaduan.kec").await;
        assert!(home.contains("diteruskan dari jenjang bawah"), "{home}");
        // The KKM's own unit: a complaint past its service level comes first and is marked.
        let home = home_of(&base, "pengaduan").await;
        let overdue = home.find("lewat batas waktu layanan").expect("the overdue complaint");
        assert!(home[overdue..].contains("terlambat"), "{home}");

        // The KKM's treasurer: money promised to an activity and not received yet.
        let home = home_of(&base, "bendahara").await;
        assert!(home.contains("Dana yang dijanjikan belum diterima"), "{home}");

        // Read-only roles are told why nothing waits for them, not that all is done.
        for reader in ["auditor", "fasilitator"] {
            let home = home_of(&base, reader).await;
            assert!(
                home.contains("Peran Anda di sini membaca catatan") && !home.contains("Tidak ada pekerjaan"),
                "{reader}:\n{home}"
            );
        }
        home_of(&base, "admin").await;
    })
    .await;
}

#[tokio::test]
async fn the_api_lists_the_same_work_as_the_home_page() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let token = swadaya_core::app::auth::create_token(&db, "upk", "test").await.expect("token");
        let r = client().get(format!("{base}/api/v1/home")).bearer_auth(&token).send().await.expect("get");
        assert_eq!(r.status(), 200);
        let desks: serde_json::Value = r.json().await.expect("json");
        let desk = desks["items"].as_array().expect("desks").iter().find(|d| d["institution_id"] == lkm).expect("the UPK's desk");
        let tasks = desk["tasks"].as_array().expect("tasks");
        assert!(!tasks.is_empty(), "the demo UPK has work waiting: {desk}");
        let page = home_of(&base, "upk").await;
        for t in tasks {
            let href = t["href"].as_str().expect("href");
            assert!(href.starts_with(&format!("/i/{lkm}/")), "{href}");
            assert!(page.contains(&href.replace('&', "&amp;")), "the home page links the same work: {href}");
            assert!(!t["kind"].as_str().expect("kind").is_empty() && !t["text"].as_str().expect("text").is_empty());
        }
        let anonymous = client().get(format!("{base}/api/v1/home")).send().await.expect("get");
        assert_eq!(anonymous.status(), 401);
    })
    .await;
}
