//! One shape for every list the API answers: `{items, page, per_page, total}`, asked for with
//! `?page=&per_page=` (1-200 rows, 50 unless asked). Lists the database pages itself (people,
//! institutions, regions, the journal, the audit log, complaints) pass their own total; the others are read
//! whole by their `app` view (a chart of accounts, a loan's schedule) and cut here.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// Page number, from 1; a page past the last is empty
    pub page: Option<String>,
    /// Rows per page, 1-200 (default 50; more than 200 gives 200)
    pub per_page: Option<String>,
}

impl Paging {
    /// (page, rows per page, rows before the page). Unreadable values never get here: the
    /// `query_values` layer answers them with 400 naming the parameter.
    pub fn limit_offset(&self) -> (i64, i64, i64) {
        let page = self.page.as_deref().and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
        let per = self.per_page.as_deref().and_then(|p| p.parse::<i64>().ok()).unwrap_or(50).clamp(1, 200);
        (page, per, (page - 1).saturating_mul(per))
    }
}

/// Text to look for, on the lists that search (regions, institutions, people).
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct Search {
    /// Search text
    pub q: Option<String>,
}

impl Search {
    pub fn text(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    /// Rows in the whole list
    pub total: i64,
}

impl<T: ToSchema> Page<T> {
    /// A list read whole, cut to the page asked for.
    pub fn cut(all: Vec<T>, p: &Paging) -> Page<T> {
        let (page, per_page, offset) = p.limit_offset();
        let total = all.len() as i64;
        let items = all.into_iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(per_page as usize).collect();
        Page { items, page, per_page, total }
    }
}
