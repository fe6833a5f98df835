//! Phone photos on every form that takes files. The forms are found by reading every page of
//! the access table as the system admin (imports of spreadsheets aside). On each, a file too large
//! to keep brings the form back with everything typed and the reason at the file field, nothing
//! written; a 6 MB phone photo is saved, shrunk to a JPEG of at most 2048 pixels.

use crate::access::{fixture, session};
use crate::common::*;
use crate::page_forms::{admin_pages, forms, PageForm};
use crate::repeat_forms::filled;
use std::collections::BTreeMap;
use swadaya_core::store::Db;

/// A photo as a phone camera takes it: 4000x3000 pixels of a scene with fine detail, about 6 MB.
pub fn phone_photo() -> Vec<u8> {
    let mut seed = 11u32;
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let grain = (seed >> 24) as u8 / 8;
        image::Rgb([(x / 16) as u8 ^ grain, (y / 12) as u8 ^ grain, ((x + y) / 28) as u8 ^ grain])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).expect("jpeg");
    out
}

async fn send(
    http: &reqwest::Client,
    url: &str,
    cookie: &str,
    form: &PageForm,
    fields: &[(String, String)],
    file: (&str, Vec<u8>),
) -> (u16, String) {
    let mut mp = reqwest::multipart::Form::new();
    for (k, v) in fields {
        mp = mp.text(k.clone(), v.clone());
    }
    for f in &form.files {
        mp = mp.part(f.clone(), reqwest::multipart::Part::bytes(file.1.clone()).file_name(file.0.to_string()));
    }
    let r = http.post(url).header("cookie", cookie).multipart(mp).send().await.expect("post");
    (r.status().as_u16(), r.text().await.unwrap_or_default())
}

fn escaped(v: &str) -> String {
    v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A proposal as seed 001 tells it: the Bibrik road.
pub fn proposal_field(name: &str) -> Option<&'static str> {
    Some(match name {
        "proposal_title" => "Pembangunan jalan paving RT 09 dan RT 10",
        "proposer" => "Paseduluran Jalan Poros RT.09 dan RT.10",
        "location" => "RT 09 dan RT 10, Desa Bibrik",
        "rab-0-item" => "Paving block",
        "rab-0-unit" => "m2",
        "rab-0-quantity" => "120",
        "rab-0-unit_price" => "95.000",
        _ => return None,
    })
}

async fn run(db: Db) {
    let base = spawn_app(db.clone()).await;
    let f = fixture(&db, &base).await;
    let (cookie, csrf) = session(&db, "admin").await;
    let http = client();
    let photo = phone_photo();
    assert!((3 << 20..8 << 20).contains(&photo.len()), "a phone's photo: {} bytes", photo.len());

    let mut with_files: BTreeMap<String, (String, PageForm)> = BTreeMap::new();
    let mut all = BTreeMap::new();
    for (path, html) in admin_pages(&f, &base, &cookie).await {
        for form in forms(&path, &html) {
            all.entry(form.action.clone()).or_insert(form.clone());
            // Spreadsheets are imported whole (their own 5 MB limit, tested in registers).
            if form.multipart && !form.files.is_empty() && !form.files.iter().any(|n| n == "file") {
                // One institution's form stands for the others' (shrinking a photo takes a second).
                let template: String = form.action.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
                with_files.entry(template).or_insert((path.clone(), form));
            }
        }
    }
    assert!(with_files.len() >= 6, "forms with photos: {:?}", with_files.keys().collect::<Vec<_>>());

    let audit = || count(&db, "SELECT COUNT(*) FROM audit_log");
    let mut failures = vec![];
    for (page, form) in with_files.values() {
        let action = &form.action;
        let url = format!("{base}{action}");
        let mut fields = filled(form, &csrf);
        for (k, v) in fields.iter_mut() {
            if let Some(t) = proposal_field(k).filter(|_| v.is_empty()) {
                *v = t.to_string();
            }
        }
        // A video sent by mistake: too large to keep, read to its end so the fields after it arrive.
        let before = audit().await;
        let (status, body) = send(&http, &url, &cookie, form, &fields, ("VID_20261203.mp4", vec![0u8; 21 << 20])).await;
        let lost: Vec<&str> = fields
            .iter()
            .filter(|(k, v)| !v.is_empty() && k != "_csrf" && k != "idem_key" && !body.contains(&escaped(v)))
            .map(|(k, _)| k.as_str())
            .collect();
        let file_at = body.find("type=\"file\"");
        let reason_at = body.rfind("VID_20261203.mp4\u{201d} terlalu besar (21,0 MB)");
        if status != 422 || audit().await != before || !lost.is_empty() || reason_at.is_none() || reason_at < file_at {
            failures.push(format!(
                "{action} (from {page}): a 21 MB file answered {status}, wrote {}, lost {lost:?}, reason {reason_at:?} after the file field at {file_at:?}",
                audit().await - before
            ));
            continue;
        }
        // A payment needs money promised and received first.
        for step in ["commit", "receive"] {
            let Some(before) = action.strip_suffix("/spend").and_then(|a| all.get(&format!("{a}/{step}"))) else { continue };
            let r = http.post(format!("{base}{}", before.action)).header("cookie", &cookie).form(&filled(before, &csrf));
            assert_eq!(r.send().await.expect(step).status(), 303, "{step} before {action}");
        }
        // The phone's photo: saved, kept as a JPEG of at most 2048 pixels. A payment is tried from
        // each funding source in turn, as the treasurer would, until one holds the money.
        let sources: Vec<String> = form.options.iter().find(|(n, _)| n == "source").map(|(_, o)| o.clone()).unwrap_or_default();
        let before = audit().await;
        let (mut status, mut body) = (0, String::new());
        for source in std::iter::once(None).chain(sources.iter().filter(|o| !o.is_empty()).map(Some)) {
            if let Some(src) = source {
                fields.retain(|(k, _)| k != "source");
                fields.push(("source".into(), src.clone()));
            }
            (status, body) = send(&http, &url, &cookie, form, &fields, ("IMG_20261203_081512.jpg", photo.clone())).await;
            if status != 422 {
                break;
            }
        }
        // A public complaint is answered at once with its tracking code, not sent on.
        let saved = status == 303 || status == 200 && action.starts_with("/p/");
        if !saved || audit().await == before {
            let errors: Vec<&str> = body.split("field-error\">").skip(1).filter_map(|e| e.split('<').next()).collect();
            failures.push(format!("{action}: a 6 MB photo answered {status} {errors:?}"));
            continue;
        }
        let (name, mime, data): (String, String, Vec<u8>) =
            sqlx::query_as("SELECT filename, mime, data FROM attachments ORDER BY id DESC LIMIT 1")
                .fetch_one(&db.pool)
                .await
                .expect("the kept photo");
        let kept = image::load_from_memory(&data).expect("a picture");
        if name != "IMG_20261203_081512.jpg" || mime != "image/jpeg" || kept.width() != 2048 || data.len() > photo.len() / 3 {
            failures.push(format!("{action}: kept {name} {mime} {}x{} {} bytes", kept.width(), kept.height(), data.len()));
        }
    }
    assert!(failures.is_empty(), "{} of {} forms:\n{}", failures.len(), with_files.len(), failures.join("\n"));
}

#[tokio::test]
async fn every_form_with_files_takes_a_phone_photo_and_keeps_what_was_typed_when_a_file_is_refused() {
    each_backend(run).await;
}
