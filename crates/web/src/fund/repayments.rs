//! A loan's repayments on the web: a payment by member (split into interest and principal by
//! the app), its recorded cause when late, and a reversal with its reason.

use super::loans::{after, app_err};
use crate::error::WebError;
use crate::form::Checked;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use swadaya_core::app::fund::{loans as svc, portfolio, repayments};
use swadaya_domain::{Lang, Rupiah};

pub async fn pay(
    State(st): State<AppState>,
    Path((id, l)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<repayments::PaymentInput>,
) -> Result<Response, WebError> {
    match repayments::pay(&st.db, &s.ctx, id, l, &input).await {
        Ok(p) => {
            let p = svc::payment(&st.db, &s.ctx, id, l, p).await.map_err(app_err(s.ctx.lang))?;
            let lang = s.ctx.lang;
            let on = chrono::NaiveDate::parse_from_str(&p.paid_on, "%Y-%m-%d")
                .map(|d| swadaya_domain::dates::format_date(d, lang))
                .unwrap_or(p.paid_on.clone());
            let message = match lang {
                Lang::Id => format!(
                    "Angsuran no. {} tersimpan: {} tanggal {on} (jasa {}, pokok {}).",
                    p.id,
                    Rupiah(p.amount),
                    Rupiah(p.interest),
                    Rupiah(p.principal)
                ),
                Lang::En => format!(
                    "Repayment no. {} saved: {} on {on} (interest {}, principal {}).",
                    p.id,
                    Rupiah(p.amount),
                    Rupiah(p.interest),
                    Rupiah(p.principal)
                ),
            };
            Ok(crate::flash::saved(&format!("/i/{id}/loans/{l}"), &message))
        }
        Err(e) => after(&st, &s, id, l, &form, Err(e)).await,
    }
}

pub async fn cause(
    State(st): State<AppState>,
    Path((id, l)): Path<(i64, i64)>,
    Checked { s, input, form }: Checked<portfolio::CauseInput>,
) -> Result<Response, WebError> {
    let r = portfolio::record_cause(&st.db, &s.ctx, id, l, &input).await.map(|_| ());
    after(&st, &s, id, l, &form, r).await
}

pub async fn reverse(
    State(st): State<AppState>,
    Path((id, l, p)): Path<(i64, i64, i64)>,
    Checked { s, input, form }: Checked<repayments::PaymentReversalInput>,
) -> Result<Response, WebError> {
    svc::payment(&st.db, &s.ctx, id, l, p).await.map_err(app_err(s.ctx.lang))?;
    let r = repayments::reverse(&st.db, &s.ctx, id, p, &input).await.map(|_| ());
    after(&st, &s, id, l, &form, r).await
}
