//! A sheet brought back from a phone as a file. A refused item of the field outbox can be
//! downloaded (JSON, "Unduh berkas") and handed to the UPK; an officer who records meetings
//! imports it here. It takes the same road as the phone's own send: recorded when its meeting is
//! not yet written, kept as a proposed correction beside the original when it is, refused with
//! the reasons otherwise. Keyed by the phone's own item key, so importing the same file twice,
//! or the phone sending it later, records it once.

use crate::app::ksm::corrections::{self, Outcome};
use crate::app::ksm::sheets::SheetInput;
use crate::app::{AppError, AppResult, Ctx};
use crate::store::Db;
use serde::Deserialize;
use swadaya_domain::Lang;

/// The part of a downloaded outbox item the import reads; the rest (its title, the server's
/// reply) is the phone's own.
#[derive(Deserialize)]
struct Downloaded {
    key: String,
    kind: String,
    institution_id: i64,
    #[serde(default)]
    ksm_id: Option<i64>,
    body: serde_json::Value,
}

/// Reads and imports the file for the group of the page it was sent to.
pub async fn import(db: &Db, ctx: &Ctx, institution_id: i64, ksm_id: i64, bytes: &[u8]) -> AppResult<Outcome> {
    ctx.require_ksm(institution_id, ksm_id, swadaya_domain::roles::Action::RecordMeetings)?;
    let not_ours = || {
        AppError::field(
            "file",
            ctx.t(
                "Berkas ini bukan berkas lapangan Swadaya. Pilih berkas .json dari tombol \"Unduh berkas\" di kotak keluar ponsel.",
                "This is not a Swadaya field file. Choose the .json file from the \"Download file\" button of the phone's outbox.",
            ),
        )
    };
    let file: Downloaded = serde_json::from_slice(bytes).map_err(|_| not_ours())?;
    if file.kind == "complaint" {
        return Err(AppError::field(
            "file",
            ctx.t(
                "Berkas ini berisi pengaduan, bukan lembar pertemuan. Catat pengaduannya di halaman Pengaduan lembaga tujuannya.",
                "This file holds a complaint, not a meeting sheet. Record it on the complaints page of the institution it is for.",
            ),
        ));
    }
    let (Some(file_ksm), "sheet") = (file.ksm_id, file.kind.as_str()) else { return Err(not_ours()) };
    let mut sheet: SheetInput = serde_json::from_value(file.body).map_err(|_| not_ours())?;
    if (file.institution_id, file_ksm) != (institution_id, ksm_id) {
        let name = match crate::app::ksm::get(db, ctx, file.institution_id, file_ksm).await {
            Ok(g) => g.data.name,
            Err(_) => ctx.t("KSM lain", "another KSM").to_string(),
        };
        return Err(AppError::field(
            "file",
            match ctx.lang {
                Lang::Id => format!("Berkas ini lembar {name}, bukan KSM ini. Impor dari halaman KSM itu."),
                Lang::En => format!("This file is a sheet of {name}, not of this KSM. Import it from that KSM's page."),
            },
        ));
    }
    if file.key.trim().is_empty() {
        return Err(not_ours());
    }
    sheet.idem_key = Some(file.key);
    corrections::record_or_propose(db, ctx, institution_id, ksm_id, &sheet).await
}
