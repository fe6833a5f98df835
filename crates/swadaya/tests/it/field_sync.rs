//! The field script's calls over the browser session: each outbox item is recorded exactly once
//! whatever happens to the connection (a resend, two tabs at once, a half-sent batch, a server
//! killed with SIGKILL after committing), and every refusal comes back as a reason with what to
//! do. Both databases.

use crate::common::*;
use serde_json::{json, Value};

struct Phone {
    c: reqwest::Client,
    base: String,
    csrf: String,
}

impl Phone {
    async fn log_in(base: &str, user: &str) -> Phone {
        let (c, _) = login(base, user).await;
        let who: Value = c.get(format!("{base}/field/session")).send().await.expect("session").json().await.expect("json");
        Phone { c, base: base.to_string(), csrf: who["csrf"].as_str().expect("csrf").to_string() }
    }

    fn post(&self, item: &Value) -> reqwest::RequestBuilder {
        self.c.post(format!("{}/field/sync", self.base)).header("x-csrf-token", &self.csrf).json(item)
    }

    async fn send(&self, item: &Value) -> Value {
        let r = self.post(item).send().await.expect("send");
        assert_eq!(r.status(), 200, "a decided item is a 200 answer");
        r.json().await.expect("json")
    }
}

async fn berkah(db: &swadaya_core::store::Db) -> (i64, i64, Vec<i64>) {
    let lkm = institution_id(db, "LKM Makmur Sentosa").await;
    let g = swadaya_core::store::ksm::list_ksm(db, lkm)
        .await
        .expect("groups")
        .into_iter()
        .find(|k| k.data.name == "KSM Berkah Jaya")
        .expect("group");
    let members =
        swadaya_core::store::ksm::list_members(db, lkm, g.id).await.expect("members").into_iter().map(|m| m.id).collect();
    (lkm, g.id, members)
}

fn sheet(lkm: i64, ksm: i64, members: &[i64], day: &str, key: &str) -> Value {
    json!({
        "kind": "sheet", "institution_id": lkm, "ksm_id": ksm,
        "sheet": {
            "held_on": day, "idem_key": key, "agenda_planned": "2", "agenda_done": "2",
            "lines": members.iter().map(|m| json!({"member_id": m, "attendance": "hadir", "wajib": "5.000", "sukarela": "1.000"})).collect::<Vec<_>>(),
        }
    })
}

async fn meetings_on(db: &swadaya_core::store::Db, ksm: i64, day: &str) -> i64 {
    count(db, &format!("SELECT COUNT(*) FROM meetings WHERE ksm_id = {ksm} AND held_on = '{day}' AND amends_id IS NULL")).await
}

#[tokio::test]
async fn field_sync_records_each_item_once_and_explains_every_refusal() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let (lkm, ksm, members) = berkah(&db).await;
        let base = spawn_app(db.clone()).await;

        // No session: the phone is told to log in, not sent to a login page.
        let anon = client();
        let r = anon.get(format!("{base}/field/session")).send().await.expect("session");
        assert_eq!(r.status(), 401);
        let r = anon
            .post(format!("{base}/field/sync"))
            .json(&sheet(lkm, ksm, &members, "2026-11-02", "x"))
            .send()
            .await
            .expect("sync");
        assert_eq!(r.status(), 401);
        assert!(r.text().await.expect("body").contains("Masuk ke Swadaya"));

        let phone = Phone::log_in(&base, "ksm").await;
        let pack: Value = phone.c.get(format!("{base}/field/pack")).send().await.expect("pack").json().await.expect("json");
        let g = pack["groups"].as_array().expect("groups").iter().find(|g| g["id"] == ksm).expect("Berkah Jaya in the pack");
        assert_eq!(g["members"].as_array().expect("members").len(), members.len());
        assert_eq!(g["routine_amount"], 5000);
        assert!(pack["fetched_at"].as_str().is_some_and(|t| t.len() >= 20));
        assert_eq!(pack["labels"]["attendance"][2][1], "Tidak hadir");
        let warga = Phone::log_in(&base, "pengaduan").await;
        let none: Value = warga.c.get(format!("{base}/field/pack")).send().await.expect("pack").json().await.expect("json");
        assert_eq!(none["groups"].as_array().map(Vec::len), Some(0), "no KSM for a user who does not record meetings");

        // A forged or missing CSRF token records nothing.
        let r = phone
            .c
            .post(format!("{base}/field/sync"))
            .header("x-csrf-token", "forged")
            .json(&sheet(lkm, ksm, &members, "2026-11-02", "a"))
            .send()
            .await
            .expect("sync");
        assert_eq!(r.status(), 403);
        assert_eq!(meetings_on(&db, ksm, "2026-11-02").await, 0);

        // Sent, then sent again because the answer was lost: one meeting.
        let first = phone.send(&sheet(lkm, ksm, &members, "2026-11-02", "phone-a")).await;
        assert_eq!(first["status"], "sent", "{first}");
        let again = phone.send(&sheet(lkm, ksm, &members, "2026-11-02", "phone-a")).await;
        assert_eq!(again["status"], "sent");
        assert_eq!(again["link"], first["link"], "the same meeting");
        assert_eq!(meetings_on(&db, ksm, "2026-11-02").await, 1);

        // The same outbox sent from three tabs at once, a few times over.
        for day in ["2026-11-09", "2026-09-07", "2026-09-14", "2026-09-21"] {
            let item = sheet(lkm, ksm, &members, day, &format!("tabs-{day}"));
            let (x, y, z) = tokio::join!(phone.send(&item), phone.send(&item), phone.send(&item));
            for r in [&x, &y, &z] {
                assert_eq!(r["status"], "sent", "{day}: {x} {y} {z}");
                assert_eq!(r["link"], x["link"]);
            }
            assert_eq!(meetings_on(&db, ksm, day).await, 1, "{day}");
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM sheet_proposals").await, 0, "no tab's send became a proposal");

        // A half-sent batch sent again whole.
        let batch: Vec<Value> = ["2026-10-19", "2026-10-26", "2026-11-16"]
            .iter()
            .enumerate()
            .map(|(i, d)| sheet(lkm, ksm, &members, d, &format!("batch-{i}")))
            .collect();
        phone.send(&batch[0]).await;
        for item in &batch {
            assert_eq!(phone.send(item).await["status"], "sent");
        }
        for d in ["2026-10-19", "2026-10-26", "2026-11-16"] {
            assert_eq!(meetings_on(&db, ksm, d).await, 1, "{d}");
        }

        // Another phone recorded the same meeting: a proposed correction, no money moved.
        let saved = count(&db, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements").await;
        let other = phone.send(&sheet(lkm, ksm, &members, "2026-11-02", "phone-c")).await;
        assert_eq!(other["status"], "proposed", "{other}");
        assert_eq!(other["link"], first["link"], "it points at the original");
        assert!(other["message"].as_str().unwrap_or_default().contains("usulan koreksi"));
        assert_eq!(count(&db, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements").await, saved);

        // A phone whose clock runs ahead: refused, with the date named and what to do.
        let ahead = (chrono::Local::now().date_naive() + chrono::Duration::days(3)).to_string();
        let r = phone.send(&sheet(lkm, ksm, &members, &ahead, "phone-clock")).await;
        assert_eq!(r["status"], "refused");
        assert_eq!(r["errors"][0]["field"], "held_on");
        assert!(r["advice"].as_str().unwrap_or_default().contains("jam di ponsel"), "{r}");
        assert!(r["received_at"].as_str().is_some(), "the server's own receipt time");

        // Stale members: a row for someone who is not in the group.
        let mut stale = sheet(lkm, ksm, &members, "2026-10-12", "phone-stale");
        stale["sheet"]["lines"].as_array_mut().expect("lines").push(json!({"member_id": 999_999, "attendance": "hadir"}));
        let r = phone.send(&stale).await;
        assert_eq!(r["status"], "refused");
        assert!(r["advice"].as_str().unwrap_or_default().contains("Siapkan ulang"), "{r}");
        assert_eq!(meetings_on(&db, ksm, "2026-10-12").await, 0);

        // An institution the user does not record for.
        let desa = institution_id(&db, "Pemerintah Desa Ganra").await;
        let r = phone.send(&sheet(desa, ksm, &members, "2026-10-05", "phone-elsewhere")).await;
        assert_eq!(r["status"], "refused");
        assert!(r["advice"].as_str().unwrap_or_default().contains("Unduh"), "{r}");

        // A complaint written offline: recorded once, the tracking code in the answer.
        let complaint = json!({"kind": "complaint", "institution_id": lkm, "complaint": {
            "kind": "problem", "category": "construction", "content": "Saluran drainase di RT 03 tersumbat sejak hujan pertama.",
            "received_on": "2026-11-20", "idem_key": "phone-complaint"}});
        let a = phone.send(&complaint).await;
        let b = phone.send(&complaint).await;
        assert_eq!(a["status"], "sent");
        assert!(a["message"].as_str().unwrap_or_default().contains("ADU-"), "{a}");
        assert_eq!(a["message"], b["message"], "the same tracking code");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM complaints WHERE content LIKE 'Saluran drainase di RT 03%' AND channel = 'in_person' AND received_on = '2026-11-20'").await,
            1,
            "heard in person on the day the cadre wrote down"
        );
        assert!(a["link"].is_null(), "the tracking code never travels in a link: {a}");

        // Something that is not an item at all.
        let r = phone.post(&json!({"kind": "nonsense"})).send().await.expect("send");
        assert_eq!(r.status(), 400);
        assert!(r.text().await.expect("body").contains("Unduh item itu"));

        assert!(swadaya_core::store::audit::verify(&db).await.expect("verify").is_ok(), "the audit chain holds");
    })
    .await;
}

#[tokio::test]
async fn a_sheet_committed_before_a_sigkill_is_recorded_once_after_the_phone_resends() {
    let mut dbs = vec![TestDb::sqlite().await];
    dbs.extend(TestDb::postgres().await);
    for t in dbs {
        swadaya::demo::load_base(&t.db, 0).await.expect("demo");
        let (lkm, ksm, members) = berkah(&t.db).await;
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let (mut server, stderr) = start(&t.url, port, true);
        wait_up(&base).await;
        let phone = Phone::log_in(&base, "ksm").await;
        let item = sheet(lkm, ksm, &members, "2026-11-02", "phone-killed");

        let send = tokio::spawn(phone.post(&item).timeout(std::time::Duration::from_secs(60)).send());
        let said = tokio::task::spawn_blocking(move || {
            while let Ok(line) = stderr.recv_timeout(std::time::Duration::from_secs(30)) {
                if line.contains("fault: committed") {
                    return true;
                }
            }
            false
        })
        .await
        .expect("stderr reader");
        assert!(said, "the server reached the fault point");
        server.0.kill().expect("SIGKILL");
        server.0.wait().expect("reaped");
        assert!(send.await.expect("task").is_err(), "the phone never heard the answer");
        assert_eq!(meetings_on(&t.db, ksm, "2026-11-02").await, 1, "committed before the kill");
        let saved = count(&t.db, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements").await;

        // Restarted; the phone still holds the item as waiting and sends it again.
        let (_server, _) = start(&t.url, port, false);
        wait_up(&base).await;
        let r = phone.send(&item).await;
        assert_eq!(r["status"], "sent", "{r}");
        assert_eq!(meetings_on(&t.db, ksm, "2026-11-02").await, 1, "still once");
        assert_eq!(count(&t.db, "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM savings_movements").await, saved);
        assert_eq!(unbalanced_entries(&t.db, None).await, 0);
        assert!(swadaya_core::store::audit::verify(&t.db).await.expect("verify").is_ok());
        drop(_server);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_sheet_for_a_month_whose_books_are_closed_is_refused_with_the_treasurer_as_the_way() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let base = spawn_app(db.clone()).await;
        // The UPK officer, who goes to every group's meeting; a KSM treasurer sees only their own.
        let phone = Phone::log_in(&base, "upk").await;
        let pack: Value = phone.c.get(format!("{base}/field/pack")).send().await.expect("pack").json().await.expect("json");
        // A group with a borrower, on a day of the last closed month without a meeting.
        let closed =
            swadaya_core::store::books::last_closed(&db.pool, lkm).await.expect("closed").expect("the demo closes months");
        let owing = |d: &Value| d[2].as_i64().is_some_and(|unpaid| unpaid > 0);
        let group = pack["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .find(|g| g["dues"].as_array().is_some_and(|d| d.iter().any(owing)))
            .expect("a group with a borrower who owes");
        let ksm = group["id"].as_i64().expect("id");
        let borrower =
            group["dues"].as_array().expect("dues").iter().find(|d| owing(d)).expect("due")[0].as_i64().expect("member");
        let mut day = String::new();
        for d in (1..=28).rev().map(|d| format!("{closed}-{d:02}")) {
            if meetings_on(&db, ksm, &d).await == 0 {
                day = d;
                break;
            }
        }
        assert!(!day.is_empty(), "a day without a meeting in {closed}");
        let members: Vec<i64> = group["members"]
            .as_array()
            .expect("members")
            .iter()
            .filter(|m| {
                m["joined_on"].as_str().is_some_and(|j| j <= day.as_str())
                    && m["left_on"].as_str().is_none_or(|l| l >= day.as_str())
            })
            .map(|m| m["id"].as_i64().expect("id"))
            .collect();
        let mut item = sheet(lkm, ksm, &members, &day, "phone-closed");
        for line in item["sheet"]["lines"].as_array_mut().expect("lines") {
            if line["member_id"] == borrower {
                line["instalment"] = json!("10.000");
            }
        }
        let r = phone.send(&item).await;
        assert_eq!(r["status"], "refused", "{r}");
        let advice = r["advice"].as_str().unwrap_or_default();
        assert!(advice.contains("bendahara UPK") && advice.contains("jangan ubah tanggal"), "{r}");
        assert_eq!(meetings_on(&db, ksm, &day).await, 0);

        // A date before the group was formed is a slip to correct, not a closed month.
        let formed = chrono::NaiveDate::parse_from_str(group["formed_on"].as_str().expect("formed"), "%Y-%m-%d").expect("date");
        let before = (formed - chrono::Duration::days(1)).to_string();
        let r = phone.send(&sheet(lkm, ksm, &members, &before, "phone-before")).await;
        assert_eq!(r["status"], "refused", "{r}");
        assert!(r["errors"].to_string().contains("sebelum KSM terbentuk"), "{r}");
        assert!(!r["advice"].as_str().unwrap_or_default().contains("ditutup"), "{r}");
    })
    .await;
}

/// A refused item's downloaded file, as the phone's "Unduh berkas" writes it.
fn downloaded(item: &Value, key: &str, names: Value) -> Vec<u8> {
    let mut body = item["sheet"].clone();
    body.as_object_mut().expect("sheet").remove("idem_key");
    let file = json!({
        "key": key, "user": "ksm", "kind": item["kind"], "institution_id": item["institution_id"], "ksm_id": item["ksm_id"],
        "body": body, "title": "KSM Berkah Jaya · 2 Nov 2026", "status": "refused", "rev": 1, "tries": 1,
        "reply": {"status": "refused", "message": "Ditolak", "advice": "Serahkan berkas ini kepada bendahara UPK."},
        "names": names,
    });
    serde_json::to_vec_pretty(&file).expect("json")
}

#[tokio::test]
async fn a_refused_items_file_is_imported_once_as_a_sheet_or_a_proposed_correction() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let (lkm, ksm, members) = berkah(&db).await;
        let lele = swadaya_core::store::ksm::list_ksm(&db, lkm)
            .await
            .expect("groups")
            .into_iter()
            .find(|k| k.data.name == "KSM Lele Makmur")
            .expect("Lele")
            .id;
        let base = spawn_app(db.clone()).await;
        let (upk, csrf) = login(&base, "upk").await;
        let import = |k: i64, bytes: Vec<u8>| {
            let form = reqwest::multipart::Form::new()
                .text("_csrf", csrf.clone())
                .part("file", reqwest::multipart::Part::bytes(bytes).file_name("swadaya-sheet-1a2b3c4d.json"));
            upk.post(format!("{base}/i/{lkm}/ksm/{k}/field-file")).multipart(form).send()
        };
        let page = upk.get(format!("{base}/i/{lkm}/ksm/{ksm}")).send().await.expect("get").text().await.expect("body");
        assert!(page.contains(&format!("/i/{lkm}/ksm/{ksm}/field-file")), "the group's page links to the import");

        // Not yet recorded: the file records the sheet, once however often it is imported.
        let file = downloaded(&sheet(lkm, ksm, &members, "2026-11-02", "unused"), "phone-item-7f3a", json!({}));
        for _ in 0..2 {
            let r = import(ksm, file.clone()).await.expect("import");
            assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
            assert!(r.headers()["location"].to_str().expect("location").contains(&format!("/i/{lkm}/ksm/{ksm}/meetings/")));
        }
        assert_eq!(meetings_on(&db, ksm, "2026-11-02").await, 1, "recorded once");
        // The phone sending the same item later finds it recorded, not a second sheet.
        let phone = Phone::log_in(&base, "upk").await;
        let mut same = sheet(lkm, ksm, &members, "2026-11-02", "phone-item-7f3a");
        same["sheet"]["idem_key"] = json!("phone-item-7f3a");
        assert_eq!(phone.send(&same).await["status"], "sent");
        assert_eq!(meetings_on(&db, ksm, "2026-11-02").await, 1);

        // Another phone's sheet of the same meeting becomes a proposed correction beside it.
        let mut other = sheet(lkm, ksm, &members, "2026-11-02", "unused");
        other["sheet"]["lines"][0]["sukarela"] = json!("3.000");
        let r = import(ksm, downloaded(&other, "phone-item-91cc", json!({}))).await.expect("import");
        assert_eq!(r.status(), 303);
        let proposals = "SELECT COUNT(*) FROM sheet_proposals WHERE status = 'pending'";
        assert_eq!(count(&db, proposals).await, 1);
        let original =
            upk.get(format!("{base}{}", r.headers()["location"].to_str().expect("location"))).send().await.expect("get");
        assert!(
            original.text().await.expect("body").contains("usulan koreksi"),
            "the original's page says what came of the file"
        );
        import(ksm, downloaded(&other, "phone-item-91cc", json!({}))).await.expect("again");
        assert_eq!(count(&db, proposals).await, 1, "still one proposal");

        // Refusals in words at the file field, nothing saved: another group's file, a complaint,
        // something else, and a sheet naming someone who is no member.
        let before = count(&db, "SELECT COUNT(*) FROM meetings").await;
        let complaint = json!({"key": "c1", "kind": "complaint", "institution_id": lkm, "body": {"content": "Pipa bocor"}});
        let stranger = swadaya_core::store::ksm::list_members(&db, lkm, lele).await.expect("members")[0].clone();
        let mut with_stranger = sheet(lkm, ksm, &members, "2026-11-09", "unused");
        with_stranger["sheet"]["lines"][0]["member_id"] = json!(stranger.id);
        for (k, bytes, words) in [
            (lele, file.clone(), "Berkas ini lembar KSM Berkah Jaya, bukan KSM ini".to_string()),
            (ksm, serde_json::to_vec(&complaint).expect("json"), "berisi pengaduan".into()),
            (ksm, b"PK\x03\x04 not json".to_vec(), "bukan berkas lapangan Swadaya".into()),
            (ksm, Vec::new(), "Pilih berkas dari ponsel dulu".into()),
            (
                ksm,
                downloaded(&with_stranger, "phone-item-5d21", json!({ stranger.id.to_string(): stranger.name })),
                format!("{}: Bukan anggota KSM ini", stranger.name),
            ),
            (
                ksm,
                downloaded(&sheet(lkm, ksm, &members, "2020-01-06", "unused"), "phone-item-0b9e", json!({})),
                "sebelum KSM terbentuk".into(),
            ),
        ] {
            let r = import(k, bytes).await.expect("import");
            assert_eq!(r.status(), 422, "{words}");
            let html = r.text().await.expect("body");
            assert!(html.contains(&words) && html.contains("href=\"#file\""), "{words}:\n{html}");
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM meetings").await, before, "nothing recorded by a refused file");
    })
    .await;
}
