//! Attachments checked by their content, not their name: a photo must start like a JPEG, PNG
//! or WebP, a scan like a PDF, whatever the file is called. Size is limited so a phone can
//! upload over a weak signal and a laptop's database stays small.

use crate::app::{AppError, AppResult, Ctx, FieldError};
use crate::store::{self, attachments::NewAttachment, WriteTx};
use sha2::Digest;
use swadaya_domain::Lang;

/// A phone photo after the phone's own "medium" size is well under this.
pub const MAX_SIZE: usize = 4 * 1024 * 1024;

/// The types we keep, by what the bytes are.
const ALLOWED: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

/// A file as it arrived from a form or the API.
#[derive(Debug, Clone)]
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// The file's real type, or an error on `field` saying what is wrong and what to do.
pub fn check(field: &str, u: &Upload, lang: Lang) -> Result<&'static str, FieldError> {
    let err = |message: String| FieldError { field: field.into(), message };
    if u.bytes.len() > MAX_SIZE {
        return Err(err(match lang {
            Lang::Id => format!(
                "Berkas {} terlalu besar ({} MB); paling besar 4 MB. Kecilkan ukuran foto di ponsel lalu unggah lagi.",
                name_of(u),
                mb(u.bytes.len())
            ),
            Lang::En => format!(
                "The file {} is too large ({} MB); at most 4 MB. Reduce the photo size on the phone and upload again.",
                name_of(u),
                mb(u.bytes.len())
            ),
        }));
    }
    let kind = infer::get(&u.bytes).map(|k| k.mime_type());
    match kind.and_then(|m| ALLOWED.iter().find(|a| **a == m)) {
        Some(m) => Ok(m),
        None => Err(err(match lang {
            Lang::Id => {
                format!("Berkas {} bukan foto (JPG, PNG, WebP) atau PDF. Isi berkas diperiksa, bukan hanya namanya.", name_of(u))
            }
            Lang::En => {
                format!(
                    "The file {} is not a photo (JPG, PNG, WebP) or a PDF. The content is checked, not only the name.",
                    name_of(u)
                )
            }
        })),
    }
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
pub fn check_all(field: &str, uploads: &[Upload], lang: Lang) -> AppResult<Vec<&'static str>> {
    let mut types = Vec::new();
    let mut errs = Vec::new();
    for u in uploads {
        match check(field, u, lang) {
            Ok(t) => types.push(t),
            Err(e) => errs.push(e),
        }
    }
    if errs.is_empty() {
        Ok(types)
    } else {
        Err(AppError::Invalid(errs))
    }
}

/// Stores checked uploads for a record, in the caller's transaction, audited.
pub async fn store_all(
    tx: &mut WriteTx,
    ctx: &Ctx,
    institution_id: i64,
    owner_kind: &str,
    owner_id: i64,
    uploads: &[Upload],
    types: &[&'static str],
) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for (u, mime) in uploads.iter().zip(types) {
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
            "owner_kind": owner_kind, "owner_id": owner_id, "filename": filename, "mime": mime, "size": u.bytes.len(), "sha256": sha,
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
        Upload { filename: name.into(), bytes: bytes.to_vec() }
    }

    #[test]
    fn content_decides_not_the_name() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
        assert_eq!(check("f", &up("kwitansi.txt", &jpeg), Lang::Id), Ok("image/jpeg"));
        assert_eq!(check("f", &up("x.pdf", b"%PDF-1.7\n..."), Lang::Id), Ok("application/pdf"));
        let fake = check("f", &up("foto.jpg", b"<script>alert(1)</script>"), Lang::Id).unwrap_err();
        assert!(fake.message.contains("bukan foto"), "{}", fake.message);
        let exe = check("f", &up("foto.png", b"MZ\x90\x00\x03\x00\x00\x00"), Lang::En).unwrap_err();
        assert!(exe.message.contains("not a photo"));
    }

    #[test]
    fn size_is_limited() {
        let mut big = vec![0u8; MAX_SIZE + 1];
        big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        let e = check("f", &up("besar.jpg", &big), Lang::Id).unwrap_err();
        assert!(e.message.contains("terlalu besar") && e.message.contains("4,0 MB"), "{}", e.message);
    }
}
