//! File downloads: a report's bytes with the type and name the browser saves them under.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A file download response.
pub fn file(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    ([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}
