//! The paper collection sheet for a meeting without a phone, and the late sheets named on the
//! group's page, on both databases.

use crate::common::*;
use swadaya_core::app::ksm::sheets::{self, LineInput, SheetInput};

#[tokio::test]
async fn a_paper_sheet_prints_and_late_sheets_are_named() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let groups = swadaya_core::store::ksm::list_ksm(&db, lkm).await.expect("groups");
        let g = groups.iter().find(|k| k.data.name == "KSM Berkah Jaya").expect("Berkah Jaya");
        let members = swadaya_core::store::ksm::list_members(&db, lkm, g.id).await.expect("members");
        let base = spawn_app(db.clone()).await;
        let (c, _) = login(&base, "ksm").await;
        let r = c.get(format!("{base}/i/{lkm}/ksm/{}/sheet.pdf?date=2026-11-20", g.id)).send().await.expect("pdf");
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        let pdf = r.bytes().await.expect("body");
        assert!(pdf.starts_with(b"%PDF-"));
        if let Some(text) = crate::http::pdf_text(&pdf) {
            assert!(
                text.contains("KSM Berkah Jaya") && text.contains("Angsuran jatuh tempo") && text.contains("20 November 2026"),
                "{text}"
            );
            for m in members.iter().filter(|m| m.active_on("2026-11-20")) {
                assert!(text.contains(&m.name), "{} is on the sheet", m.name);
            }
        }
        let (other, _) = login(&base, "pengaduan").await;
        assert_eq!(other.get(format!("{base}/i/{lkm}/ksm/{}/sheet.pdf", g.id)).send().await.expect("pdf").status(), 404);

        // A sheet typed in ten days after the meeting is named late on the group's page.
        let ctx = ctx_of(&db, "ksm").await;
        let held = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).expect("date");
        let input = SheetInput {
            held_on: held.to_string(),
            lines: members
                .iter()
                .filter(|m| m.active_on("2026-11-02"))
                .map(|m| LineInput { member_id: m.id, attendance: "hadir".into(), wajib: "5.000".into(), ..Default::default() })
                .collect(),
            ..Default::default()
        };
        sheets::record_entered(&db, &ctx, lkm, g.id, &input, held + chrono::Days::new(10)).await.expect("recorded late");
        let page = c.get(format!("{base}/i/{lkm}/ksm/{}", g.id)).send().await.expect("page").text().await.expect("body");
        let allowed = g.data.bookkeeping_days;
        assert!(page.contains(&format!("terlambat {} hari", 10 - allowed)), "late by {} days", 10 - allowed);
    })
    .await;
}
