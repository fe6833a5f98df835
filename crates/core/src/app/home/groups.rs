//! A group's treasurer's next work: the sheet of the meeting due, or when every sheet is
//! written, the day of the next meeting; and corrections from a phone waiting to be accepted.

use super::{Task, What};
use crate::app::{AppResult, Ctx};
use crate::store::{self, Db};
use chrono::NaiveDate;
use swadaya_domain::dates::parse_iso;
use swadaya_domain::ksm::schedule::{due, Due};

/// Groups whose sheets are listed one by one; above this they are counted in one line.
const LISTED: usize = 5;

pub(super) async fn meetings(db: &Db, ctx: &Ctx, id: i64, today: NaiveDate) -> AppResult<Vec<Task>> {
    let mut sheets = vec![];
    let mut next = vec![];
    let mut corrections = vec![];
    let reached = crate::app::ksm::list(db, ctx, id).await?;
    let few = reached.len() <= 2;
    for g in reached {
        let held: Vec<NaiveDate> =
            store::ksm::list_meetings(db, id, g.id).await?.iter().filter_map(|m| parse_iso(&m.held_on)).collect();
        let formed = parse_iso(&g.data.formed_on);
        let ksm = g.data.name.clone();
        match due(today, formed, g.data.meeting_day.as_deref(), &g.data.rhythm, &held) {
            Some(Due::Sheet(on)) => sheets.push(Task {
                institution_id: id,
                href: format!("/i/{id}/ksm/{}/sheet?date={on}", g.id),
                late: on < today,
                what: What::SheetDue { ksm, on },
            }),
            Some(Due::Next(on)) => next.push(Task {
                institution_id: id,
                href: format!("/i/{id}/ksm/{}", g.id),
                late: false,
                what: What::NextMeeting { ksm: g.data.name.clone(), on },
            }),
            None => {}
        }
        for (original, count) in store::sheet_corrections::pending_in(db, id, g.id).await? {
            corrections.push(Task {
                institution_id: id,
                href: format!("/i/{id}/ksm/{}/meetings/{original}", g.id),
                late: false,
                what: What::SheetCorrections { ksm: g.data.name.clone(), count },
            });
        }
    }
    if sheets.len() > LISTED {
        let late = sheets.iter().any(|t| t.late);
        sheets =
            vec![Task { institution_id: id, href: format!("/i/{id}/ksm"), late, what: What::SheetsDue { groups: sheets.len() } }];
    }
    // The next meeting is worth a line only to whoever keeps a group or two.
    if !few {
        next.clear();
    }
    Ok(sheets.into_iter().chain(corrections).chain(next).collect())
}
