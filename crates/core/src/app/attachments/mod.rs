//! Attachments checked by their content, not their name: a photo must start like a JPEG, PNG
//! or WebP, a scan like a PDF, whatever the file is called. Photos are shrunk first (`shrink`),
//! so a phone's 3-8 MB picture is kept at a few hundred KB; what is kept is limited so a laptop's
//! database stays small.

pub mod shrink;

/// Photos decoded at once, server-wide.
static SHRINKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

use crate::app::{AppError, AppResult, Ctx, FieldError};
use crate::store::{self, attachments::NewAttachment, WriteTx};
use sha2::Digest;
use swadaya_domain::Lang;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Meta {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub filename: String,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: String,
}

/// Largest file kept, after a photo is shrunk: a scanned PDF, in practice.
pub const MAX_SIZE: usize = 4 * 1024 * 1024;
/// Largest file read from a form: a 50-megapixel phone photo, before it is shrunk.
pub const MAX_RECEIVED: usize = 20 * 1024 * 1024;

/// The types we keep, by what the bytes are.
const ALLOWED: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

/// A file as it arrived from a form or the API.
#[derive(Debug, Clone)]
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
    /// Bytes sent, when the file was over `MAX_RECEIVED` and dropped as it was read.
    pub dropped: Option<usize>,
}

impl Upload {
    pub fn new(filename: impl Into<String>, bytes: Vec<u8>) -> Upload {
        Upload { filename: filename.into(), bytes, dropped: None }
    }

    /// A file read to its end and not kept, so its form can still be answered with the reason.
    pub fn dropped(filename: impl Into<String>, size: usize) -> Upload {
        Upload { filename: filename.into(), bytes: Vec::new(), dropped: Some(size) }
    }
}

/// A file that passed the checks, ready to store: a photo shrunk, its type read from the bytes.
#[derive(Debug, Clone)]
pub struct Checked {
    pub filename: String,
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    /// What the sender sent, when the photo was shrunk (kept in the audit log).
    pub received: usize,
}

/// The file shrunk if it is a large photo, and its real type; or an error on `field` saying what
/// is wrong and what to do.
pub async fn check(field: &str, u: &Upload, lang: Lang) -> Result<Checked, FieldError> {
    let err = |message: String| FieldError { field: field.into(), message };
    if let Some(size) = u.dropped {
        return Err(err(match lang {
            Lang::Id => format!(
                "Berkas {} terlalu besar ({} MB); paling besar 20 MB. Foto ponsel biasa (3-8 MB) diterima dan diperkecil otomatis; untuk berkas lain, kecilkan dulu lalu unggah lagi.",
                name_of(u),
                mb(size)
            ),
            Lang::En => format!(
                "The file {} is too large ({} MB); at most 20 MB. An ordinary phone photo (3-8 MB) is accepted and made smaller here; make other files smaller and upload again.",
                name_of(u),
                mb(size)
            ),
        }));
    }
    let kind = infer::get(&u.bytes).map(|k| k.mime_type());
    let Some(mime) = kind.and_then(|m| ALLOWED.iter().find(|a| **a == m)).copied() else {
        return Err(err(match lang {
            Lang::Id => {
                format!("Berkas {} bukan foto (JPG, PNG, WebP) atau PDF. Isi berkas diperiksa, bukan hanya namanya.", name_of(u))
            }
            Lang::En => {
                format!(
                    "The file {} is not a photo (JPG, PNG, WebP) or a PDF. The content is checked, not only the name.",
                    name_of(u)
                )
            }
        }));
    };
    let mut checked = Checked { filename: u.filename.clone(), bytes: u.bytes.clone(), mime, received: u.bytes.len() };
    if mime.starts_with("image/") && u.bytes.len() > shrink::KEEP_UNDER {
        let bytes = u.bytes.clone();
        // Decoding twelve million pixels is CPU work and up to 200 MB: off the threads that
        // answer requests, and a few at a time, so a flood of large pictures (the public
        // complaint form needs no login) waits its turn instead of exhausting memory.
        let _turn = SHRINKING.acquire().await;
        if let Ok(Some(small)) = tokio::task::spawn_blocking(move || shrink::photo(&bytes)).await {
            checked =
                Checked { filename: shrink::jpeg_name(&u.filename), bytes: small, mime: "image/jpeg", received: u.bytes.len() };
        }
    }
    if checked.bytes.len() > MAX_SIZE {
        return Err(err(match lang {
            Lang::Id => format!(
                "Berkas {} terlalu besar ({} MB); paling besar 4 MB untuk PDF atau foto yang tidak dapat diperkecil. Pindai dengan resolusi lebih rendah lalu unggah lagi.",
                name_of(u),
                mb(checked.bytes.len())
            ),
            Lang::En => format!(
                "The file {} is too large ({} MB); at most 4 MB for a PDF or a photo that cannot be made smaller. Scan at a lower resolution and upload again.",
                name_of(u),
                mb(checked.bytes.len())
            ),
        }));
    }
    Ok(checked)
}

fn name_of(u: &Upload) -> String {
    let n: String = u.filename.chars().filter(|c| !c.is_control()).take(80).collect();
    if n.is_empty() {
        "itu".into()
    } else {
        format!("\u{201c}{n}\u{201d}")
    }
}

fn mb(n: usize) -> String {
    format!("{:.1}", n as f64 / (1024.0 * 1024.0)).replace('.', ",")
}

/// Checks every upload; all errors at once, nothing stored.
pub async fn check_all(field: &str, uploads: &[Upload], lang: Lang) -> AppResult<Vec<Checked>> {
    let mut errs = Vec::new();
    let checked = check_beside(field, uploads, lang, &mut errs).await;
    if errs.is_empty() {
        Ok(checked)
    } else {
        Err(AppError::Invalid(errs))
    }
}

/// Checks every upload, adding what is wrong to the form's other errors so that all are shown
/// together.
pub async fn check_beside(field: &str, uploads: &[Upload], lang: Lang, errs: &mut Vec<FieldError>) -> Vec<Checked> {
    let mut checked = Vec::new();
    for u in uploads {
        match check(field, u, lang).await {
            Ok(c) => checked.push(c),
            Err(e) => errs.push(e),
        }
    }
    checked
}

/// Stores checked uploads for a record, in the caller's transaction, audited.
pub async fn store_all(
    tx: &mut WriteTx,
    ctx: &Ctx,
    institution_id: i64,
    owner_kind: &str,
    owner_id: i64,
    files: &[Checked],
) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for u in files {
        let mime = u.mime;
        let sha = hex::encode(sha2::Sha256::digest(&u.bytes));
        let filename: String = u.filename.chars().filter(|c| !c.is_control() && !"/\\\"".contains(*c)).take(120).collect();
        let filename = if filename.is_empty() { "lampiran".to_string() } else { filename };
        let a = NewAttachment {
            owner_kind,
            owner_id,
            filename: &filename,
            mime,
            data: &u.bytes,
            sha256: &sha,
            created_by: &ctx.actor.username,
        };
        let id = store::attachments::insert(tx, institution_id, &a).await?;
        let mut ev = ctx.audit("attach", "attachment", id, Some(institution_id));
        ev.after = crate::app::to_json(&serde_json::json!({
            "owner_kind": owner_kind, "owner_id": owner_id, "filename": filename, "mime": mime, "size": u.bytes.len(), "received": u.received, "sha256": sha,
        }));
        store::audit::append(tx, ev).await?;
        ids.push(id);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(name: &str, bytes: &[u8]) -> Upload {
        Upload::new(name, bytes.to_vec())
    }

    async fn mime(u: Upload) -> Result<&'static str, FieldError> {
        check("f", &u, Lang::Id).await.map(|c| c.mime)
    }

    #[tokio::test]
    async fn content_decides_not_the_name() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
        assert_eq!(mime(up("kwitansi.txt", &jpeg)).await, Ok("image/jpeg"));
        assert_eq!(mime(up("x.pdf", b"%PDF-1.7\n...")).await, Ok("application/pdf"));
        let fake = mime(up("foto.jpg", b"<script>alert(1)</script>")).await.unwrap_err();
        assert!(fake.message.contains("bukan foto"), "{}", fake.message);
        let exe = check("f", &up("foto.png", b"MZ\x90\x00\x03\x00\x00\x00"), Lang::En).await.unwrap_err();
        assert!(exe.message.contains("not a photo"));
    }

    #[tokio::test]
    async fn size_is_limited_after_shrinking() {
        // JPEG's first bytes, then nothing a decoder can read: it cannot be made smaller.
        let mut big = vec![0u8; MAX_SIZE + 1];
        big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        let e = mime(up("besar.jpg", &big)).await.unwrap_err();
        assert!(e.message.contains("terlalu besar") && e.message.contains("4,0 MB"), "{}", e.message);
        let e = mime(Upload::dropped("video.mp4", 31 * 1024 * 1024)).await.unwrap_err();
        assert!(e.message.contains("31,0 MB") && e.message.contains("20 MB") && e.message.contains("video.mp4"), "{}", e.message);
    }
}
