//! What goes on paper: a customer's bill (A4) with its tariff lines, and the receipt for a
//! payment, on A4 or on an 80 mm receipt printer's strip (`?size=narrow`).

use super::month;
use crate::activities::proposals::app_err;
use crate::error::WebError;
use crate::layout;
use crate::session::Session;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use std::collections::HashMap;
use swadaya_core::app::water::{bills, payments};
use swadaya_core::reports::pdf::{self, Layout};
use swadaya_core::reports::Table;
use swadaya_domain::{Lang, Rupiah};

async fn institution_name(st: &AppState, s: &Session, id: i64) -> Result<String, WebError> {
    let lang = s.ctx.lang;
    Ok(swadaya_core::app::registers::institutions::get(&st.db, &s.ctx, id).await.map_err(app_err(lang))?.name)
}

fn file_name(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

pub async fn bill(State(st): State<AppState>, s: Session, Path((id, b)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let (bill, c) = bills::bill(&st.db, &s.ctx, id, b).await.map_err(app_err(lang))?;
    let inst = institution_name(&st, &s, id).await?;
    let charge = bill.charge();
    let mut rows = vec![vec![
        if charge.weeks > 0 {
            match lang {
                Lang::Id => format!("Iuran {} minggu", charge.weeks),
                Lang::En => format!("Fee, {} weeks", charge.weeks),
            }
        } else if charge.blocks.is_empty() {
            lang.pick("Iuran bulanan", "Monthly fee").to_string()
        } else {
            lang.pick("Beban tetap", "Fixed charge").to_string()
        },
        String::new(),
        Rupiah(bill.fixed).to_string(),
    ]];
    for u in &charge.blocks {
        rows.push(vec![
            format!("{}–{} m³: {} m³ × {}", u.from, u.to, u.m3, Rupiah(u.price)),
            u.m3.to_string(),
            Rupiah(u.amount).to_string(),
        ]);
    }
    rows.push(vec![lang.pick("Jumlah tagihan", "Bill total").into(), bill.m3.to_string(), Rupiah(bill.total).to_string()]);
    rows.push(vec![lang.pick("Sudah dibayar", "Paid").into(), String::new(), Rupiah(bill.paid).to_string()]);
    rows.push(vec![lang.pick("Sisa yang harus dibayar", "Left to pay").into(), String::new(), Rupiah(bill.owed()).to_string()]);
    let t = Table {
        title: format!("{} {}", lang.pick("Tagihan iuran", "Fee bill"), month(&bill.month, lang)),
        headers: vec![lang.pick("Uraian", "Item").into(), "m³".into(), lang.pick("Jumlah", "Amount").into()],
        rows,
        numeric: vec![1, 2],
    };
    let meta = vec![
        inst,
        format!("{} {} · {} · {}", lang.pick("Pelanggan", "Customer"), c.number, c.name, c.address),
        format!("{}: {}", lang.pick("Jatuh tempo", "Due"), layout::date(lang, &bill.due_on)),
        match &c.meter {
            Some(m) => {
                format!("{} {} · {} m³ {}", lang.pick("Meteran", "Meter"), m.serial, bill.m3, lang.pick("ditagih", "billed"))
            }
            None => String::new(),
        },
    ];
    let meta: Vec<String> = meta.into_iter().filter(|m| !m.is_empty()).collect();
    let bytes = pdf::table(
        &t,
        &Layout {
            meta: &meta,
            widths: &[3.0, 0.6, 1.2],
            right: &[1, 2],
            page_word: lang.pick("Halaman", "Page"),
            ..Default::default()
        },
    )
    .map_err(WebError::internal)?;
    Ok(crate::download::file(bytes, "application/pdf", &format!("tagihan-{}-{}.pdf", file_name(&c.number), bill.month)))
}

pub async fn receipt(
    State(st): State<AppState>,
    s: Session,
    Path((id, p)): Path<(i64, i64)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let lang = s.ctx.lang;
    let customer = payments::customer_of(&st.db, &s.ctx, id, p).await.map_err(app_err(lang))?;
    let statement =
        payments::statement(&st.db, &s.ctx, id, customer, chrono::Local::now().date_naive()).await.map_err(app_err(lang))?;
    let pay =
        statement.payments.iter().find(|x| x.id == p).ok_or_else(|| app_err(lang)(swadaya_core::app::AppError::NotFound))?;
    let inst = institution_name(&st, &s, id).await?;
    let c = &statement.customer;
    let mut rows: Vec<Vec<String>> = pay
        .parts
        .iter()
        .map(|x| vec![format!("{} {}", lang.pick("Tagihan", "Bill"), month(&x.month, lang)), Rupiah(x.amount).to_string()])
        .collect();
    if !pay.reversed && pay.amount > pay.spent {
        rows.push(vec![
            lang.pick("Uang muka (untuk tagihan berikutnya)", "Advance (for the next bills)").into(),
            Rupiah(pay.amount - pay.spent).to_string(),
        ]);
    }
    rows.push(vec![lang.pick("Jumlah diterima", "Received").into(), Rupiah(pay.amount).to_string()]);
    let narrow = q.get("size").map(String::as_str) == Some("narrow");
    let t = Table {
        title: lang.pick("Kuitansi iuran", "Fee receipt").into(),
        headers: vec![lang.pick("Untuk", "For").into(), lang.pick("Jumlah", "Amount").into()],
        rows,
        numeric: vec![1],
    };
    let mut meta = vec![
        inst,
        format!("{} {} · {}", lang.pick("No.", "No."), pay.receipt_no, layout::date(lang, &pay.paid_on)),
        format!("{} {} · {}", c.number, c.name, c.address),
        format!("{}: {}", lang.pick("Diterima oleh", "Received by"), pay.created_by),
        format!("{}: {}", lang.pick("Sisa tunggakan", "Still owed"), Rupiah(statement.owed)),
    ];
    if pay.reversed {
        meta.insert(
            0,
            lang.pick(
                "DIBATALKAN: pembayaran ini sudah dibatalkan dan tidak berlaku.",
                "REVERSED: this payment was reversed and is void.",
            )
            .into(),
        );
    }
    let bytes = pdf::table(
        &t,
        &Layout {
            meta: &meta,
            widths: &[2.0, 1.0],
            right: &[1],
            page_word: lang.pick("Halaman", "Page"),
            narrow,
            ..Default::default()
        },
    )
    .map_err(WebError::internal)?;
    Ok(crate::download::file(bytes, "application/pdf", &format!("kuitansi-{}.pdf", file_name(&pay.receipt_no))))
}
