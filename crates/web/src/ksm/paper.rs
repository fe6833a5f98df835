//! The paper collection sheet (A4 landscape) for a group with no phone at the meeting: every
//! member active on the day, the routine saving and each member's instalment due printed, and
//! empty boxes to write in. Entered later, it is the same one-form sheet as online.

use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use std::collections::HashMap;
use swadaya_core::app::AppError;
use swadaya_core::reports::{pdf, Table};
use swadaya_domain::ksm::SavingsKind;
use swadaya_domain::Rupiah;

pub async fn sheet_pdf(
    State(st): State<AppState>,
    s: Session,
    Path((id, k)): Path<(i64, i64)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let err = |e: AppError| WebError::from_app(e, lang);
    let group = swadaya_core::app::ksm::get(&st.db, &s.ctx, id, k).await.map_err(err)?;
    let inst = swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(err)?;
    let super::sheets::SheetStart { day, members, due, .. } = super::sheets::sheet_start(&st, &s.ctx, &group, &q).await?;
    let blank = String::new();
    let rows: Vec<Vec<String>> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                (i + 1).to_string(),
                m.name.clone(),
                "☐ H   ☐ I   ☐ A".into(),
                blank.clone(),
                blank.clone(),
                blank.clone(),
                due.get(&m.id).filter(|d| **d > 0).map(|d| Rupiah(*d).to_string()).unwrap_or_else(|| "–".into()),
                blank.clone(),
                blank.clone(),
            ]
        })
        .collect();
    let days = group.data.bookkeeping_days;
    let meta = vec![
        format!("{} · {}", group.data.name, inst.name),
        format!(
            "{} {}      {} {}",
            lang.pick("Tanggal pertemuan:", "Meeting date:"),
            layout::date(lang, &day),
            lang.pick("Tabungan wajib per anggota:", "Routine saving per member:"),
            Rupiah(group.data.routine_amount)
        ),
        lang.pick(
            "Kehadiran: H = hadir, I = izin, A = absen. Tulis jumlah yang disetor; kosong berarti tidak menyetor.",
            "Attendance: H = present, I = excused, A = absent. Write the amounts paid in; empty means nothing paid.",
        )
        .to_string(),
        lang.pick(
            "Catat di Swadaya paling lambat {} hari setelah pertemuan (pencatatan, Panca Sutra).",
            "Enter it in Swadaya within {} days of the meeting (bookkeeping, Panca Sutra).",
        )
        .replace("{}", &days.to_string()),
        format!("{} ______________________________________________", lang.pick("Agenda:", "Agenda:")),
        format!(
            "{} ________________    {} ________________",
            lang.pick("Tanda tangan ketua:", "Chair's signature:"),
            lang.pick("Bendahara:", "Treasurer:")
        ),
    ];
    let t = Table {
        title: lang.pick("Lembar pertemuan KSM (isi tangan)", "KSM meeting sheet (to fill by hand)").into(),
        headers: vec![
            lang.pick("No", "No").into(),
            lang.pick("Anggota", "Member").into(),
            lang.pick("Kehadiran", "Attendance").into(),
            SavingsKind::Routine.short(lang).into(),
            SavingsKind::Voluntary.short(lang).into(),
            SavingsKind::JointLiability.short(lang).into(),
            lang.pick("Angsuran jatuh tempo", "Instalment due").into(),
            lang.pick("Angsuran dibayar", "Instalment paid").into(),
            lang.pick("Paraf", "Initials").into(),
        ],
        rows,
        numeric: vec![],
    };
    let bytes = pdf::table(
        &t,
        &pdf::Layout {
            meta: &meta,
            widths: &[0.4, 2.4, 1.6, 1.1, 1.1, 1.1, 1.3, 1.3, 0.8],
            right: &[6],
            page_word: lang.pick("Halaman", "Page"),
            ruled: true,
            ..Default::default()
        },
    )
    .map_err(WebError::internal)?;
    Ok(crate::download::file(bytes, "application/pdf", &format!("lembar-ksm-{k}-{day}.pdf")))
}
