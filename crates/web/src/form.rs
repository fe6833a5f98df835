//! Form bodies read by hand, so that a wrong content type or a malformed body becomes a clear
//! message instead of a bare framework rejection, and so every form's CSRF token is checked.

use super::error::WebError;
use super::session::visitor_lang;
use super::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use std::collections::HashMap;

pub struct FormData(pub HashMap<String, String>);

impl FromRequest<AppState> for FormData {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = visitor_lang(req.headers());
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        if !ct.starts_with("application/x-www-form-urlencoded") {
            return Err(WebError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                lang,
                lang.pick("Jenis isi tidak didukung", "Unsupported content type"),
                lang.pick(
                    "Formulir harus dikirim sebagai application/x-www-form-urlencoded.",
                    "Forms must be sent as application/x-www-form-urlencoded.",
                ),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| {
            WebError::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                lang,
                lang.pick("Isian terlalu besar", "Too large"),
                lang.pick("Isi formulir terlalu besar.", "The form is too large."),
            )
        })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| WebError::bad_request(lang, lang.pick("Isi formulir tidak terbaca.", "Cannot read the form.")))?;
        Ok(FormData(pairs.into_iter().collect()))
    }
}

impl FormData {
    pub fn get(&self, k: &str) -> String {
        self.0.get(k).cloned().unwrap_or_default()
    }

    /// Constant-time comparison of the submitted CSRF token with the session's.
    pub fn check_csrf(&self, expected: &str, lang: swadaya_domain::Lang) -> Result<(), WebError> {
        if same_secret(&self.get("_csrf"), expected) {
            Ok(())
        } else {
            Err(WebError::csrf(lang))
        }
    }

    /// The form read into the input struct the API deserializes too: each field of the struct
    /// takes the form's text, or its default when the form does not send it (an unticked box);
    /// the struct's field readers (`app::input`) turn `on` and `""` into what JSON would say.
    pub fn parse<T: serde::de::DeserializeOwned + serde::Serialize + Default>(
        &self,
        lang: swadaya_domain::Lang,
    ) -> Result<T, WebError> {
        let mut value = serde_json::to_value(T::default()).map_err(WebError::internal)?;
        if let Some(fields) = value.as_object_mut() {
            for (name, v) in fields.iter_mut() {
                if let Some(text) = self.0.get(name) {
                    *v = serde_json::Value::String(text.clone());
                }
            }
        }
        serde_path_to_error::deserialize(value).map_err(|e| {
            let field = e.path().to_string();
            let label = super::layout::field_label(lang, &field);
            let why = e.inner();
            WebError::bad_request(
                lang,
                match lang {
                    swadaya_domain::Lang::Id => {
                        format!("Isian \"{label}\" ({field}) tidak terbaca: {why}. Periksa lalu kirim lagi.")
                    }
                    swadaya_domain::Lang::En => {
                        format!("The field \"{label}\" ({field}) cannot be read: {why}. Check it and send again.")
                    }
                },
            )
        })
    }

    /// The numbered rows of a repeated part of the form (`rab-0-item`, `rab-1-item`, ...), each
    /// read as `parse` reads the whole form, up to the first row without its `first` field.
    pub fn rows<T: serde::de::DeserializeOwned + serde::Serialize + Default>(
        &self,
        lang: swadaya_domain::Lang,
        prefix: &str,
        first: &str,
    ) -> Result<Vec<T>, WebError> {
        let mut out = vec![];
        for i in 0.. {
            let head = format!("{prefix}-{i}-");
            if !self.0.contains_key(&format!("{head}{first}")) {
                break;
            }
            let row = self.0.iter().filter_map(|(k, v)| Some((k.strip_prefix(&head)?.to_string(), v.clone())));
            out.push(FormData(row.collect()).parse(lang)?);
        }
        Ok(out)
    }
}

/// Compares a token the client sent with the session's, in time that does not depend on where
/// they differ. An empty expected token never matches.
pub fn same_secret(got: &str, expected: &str) -> bool {
    !expected.is_empty()
        && got.len() == expected.len()
        && got.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// A signed-in user's form: the session, then the body, then its CSRF token checked against the
/// session's, in one extractor (the last argument of a handler that records something). Signed
/// out: the sign-in page (the session's own answer); a wrong token: 403, nothing recorded.
pub struct CheckedForm {
    pub s: super::session::Session,
    pub form: FormData,
}

impl FromRequest<AppState> for CheckedForm {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        use axum::extract::FromRequestParts;
        let (mut parts, body) = req.into_parts();
        let s = super::session::Session::from_request_parts(&mut parts, state).await?;
        let form = FormData::from_request(Request::from_parts(parts, body), state).await?;
        form.check_csrf(&s.csrf, s.ctx.lang)?;
        Ok(CheckedForm { s, form })
    }
}

/// A signed-in user's form read into the input struct the API deserializes too (`FormData::parse`),
/// after `CheckedForm` has checked its CSRF token. The raw form stays beside it, so a page that
/// refuses the input can show the user what they typed.
pub struct Checked<T> {
    pub s: super::session::Session,
    pub input: T,
    pub form: FormData,
}

impl<T: serde::de::DeserializeOwned + serde::Serialize + Default> FromRequest<AppState> for Checked<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let CheckedForm { s, form } = CheckedForm::from_request(req, state).await?;
        let input = form.parse(s.ctx.lang)?;
        Ok(Checked { s, input, form })
    }
}
