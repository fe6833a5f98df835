//! When a group meets. The group writes its meeting day as people say it ("Jumat sore", "Kamis
//! malam", "setiap Senin"); the sheet opens on the last meeting that fell due, so a treasurer
//! entering Friday's sheet on Saturday does not have to change the date first.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The weekday named in a meeting day as written, in Indonesian or English.
pub fn weekday_in(text: &str) -> Option<Weekday> {
    let lower = text.to_lowercase().replace(['\'', '’'], "");
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let names: [(&[&str], Weekday); 7] = [
        (&["senin", "monday"], Weekday::Mon),
        (&["selasa", "tuesday"], Weekday::Tue),
        (&["rabu", "wednesday"], Weekday::Wed),
        (&["kamis", "thursday"], Weekday::Thu),
        (&["jumat", "friday"], Weekday::Fri),
        (&["sabtu", "saturday"], Weekday::Sat),
        (&["minggu", "ahad", "sunday"], Weekday::Sun),
    ];
    // "Minggu" is also "week": "dua minggu sekali", "setiap minggu", "minggu ke-2".
    let means_week = |i: usize| {
        words.get(i + 1).is_some_and(|n| ["sekali", "ke", "lalu", "depan"].contains(n))
            || i > 0 && ["dua", "tiap", "setiap", "per"].contains(&words[i - 1])
    };
    words
        .iter()
        .enumerate()
        .filter(|(i, w)| **w != "minggu" || !means_week(*i))
        .find_map(|(_, w)| names.iter().find(|(n, _)| n.contains(w)).map(|(_, d)| *d))
}

/// The last meeting day due on or before `today`: the latest day of the group's weekday (every
/// two weeks: counted on from the last sheet recorded on that weekday). Today when the meeting
/// day names no weekday.
pub fn last_due(today: NaiveDate, meeting_day: Option<&str>, rhythm: &str, last_held: Option<NaiveDate>) -> NaiveDate {
    let Some(day) = meeting_day.and_then(weekday_in) else { return today };
    let back = (today.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    let latest = today - Duration::days(back.into());
    match (rhythm, last_held) {
        ("dua_mingguan", Some(last)) if last.weekday() == day && last <= latest => {
            let fortnights = (latest - last).num_days() / 14;
            last + Duration::days(fortnights * 14)
        }
        _ => latest,
    }
}

/// Days between meetings of a rhythm (a monthly group: about a month).
pub fn period_days(rhythm: &str) -> i64 {
    match rhythm {
        "dua_mingguan" => 14,
        "bulanan" => 30,
        _ => 7,
    }
}

/// What a group's treasurer has to do about its meetings on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The meeting of this day has no sheet yet (today's, or a late one).
    Sheet(NaiveDate),
    /// Every meeting due is written; the next one falls on this day.
    Next(NaiveDate),
}

/// The group's meetings seen from `today`. A sheet dated within the period before the day due
/// counts for it (a meeting moved a day for a holiday is not missing). Without a weekday to
/// count from, and for a monthly group, a sheet is due a period after the last one; a group
/// with neither a weekday nor any sheet has nothing to go by.
pub fn due(
    today: NaiveDate,
    formed_on: Option<NaiveDate>,
    meeting_day: Option<&str>,
    rhythm: &str,
    held: &[NaiveDate],
) -> Option<Due> {
    let period = Duration::days(period_days(rhythm));
    let last = held.iter().copied().filter(|d| *d <= today).max();
    let weekday = meeting_day.and_then(weekday_in);
    let due = match (weekday, rhythm, last) {
        (Some(_), "mingguan" | "dua_mingguan", _) => {
            let day = last_due(today, meeting_day, rhythm, last);
            let written = held.iter().any(|d| *d > day - period && *d <= today);
            return match formed_on {
                Some(f) if day < f => Some(Due::Next(day + period)),
                _ if written => Some(Due::Next(day + period)),
                _ => Some(Due::Sheet(day)),
            };
        }
        (_, _, Some(last)) => last + period,
        (Some(_), _, None) => last_due(today, meeting_day, rhythm, None),
        (None, _, None) => return None,
    };
    if formed_on.is_some_and(|f| due < f) || due > today {
        Some(Due::Next(due.max(formed_on.unwrap_or(due))))
    } else {
        Some(Due::Sheet(due))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_weekday_is_read_as_people_write_it() {
        for (text, day) in [
            ("Jumat sore", Some(Weekday::Fri)),
            ("Jum'at ba'da ashar", Some(Weekday::Fri)),
            ("setiap Kamis malam", Some(Weekday::Thu)),
            ("Minggu pagi", Some(Weekday::Sun)),
            ("Ahad", Some(Weekday::Sun)),
            ("dua minggu sekali, Selasa", Some(Weekday::Tue)),
            ("dua minggu sekali", None),
            ("setiap minggu", None),
            ("Saturday", Some(Weekday::Sat)),
            ("tanggal 5", None),
            ("", None),
        ] {
            assert_eq!(weekday_in(text), day, "{text}");
        }
    }

    #[test]
    fn the_sheet_opens_on_the_last_meeting_that_fell_due() {
        // 2026-12-03 is a Thursday.
        let today = d("2026-12-03");
        assert_eq!(last_due(today, Some("Jumat sore"), "mingguan", None), d("2026-11-27"));
        assert_eq!(last_due(today, Some("Kamis"), "mingguan", None), today);
        assert_eq!(last_due(today, Some("Rabu"), "bulanan", None), d("2026-12-02"));
        assert_eq!(last_due(today, None, "mingguan", None), today);
        assert_eq!(last_due(today, Some("sehabis pengajian"), "mingguan", None), today);
        // Every two weeks from the last Friday recorded (13 November): 27 November.
        assert_eq!(last_due(today, Some("Jumat"), "dua_mingguan", Some(d("2026-11-13"))), d("2026-11-27"));
        // ... from 20 November: that one (the next is 4 December).
        assert_eq!(last_due(today, Some("Jumat"), "dua_mingguan", Some(d("2026-11-20"))), d("2026-11-20"));
        // A last sheet on another weekday says nothing about the fortnight.
        assert_eq!(last_due(today, Some("Jumat"), "dua_mingguan", Some(d("2026-11-18"))), d("2026-11-27"));
    }

    #[test]
    fn a_meeting_due_without_a_sheet_is_named_and_otherwise_the_next_one() {
        // 2026-12-03 is a Thursday.
        let today = d("2026-12-03");
        let friday = Some("Jumat sore");
        assert_eq!(due(today, None, friday, "mingguan", &[d("2026-11-20")]), Some(Due::Sheet(d("2026-11-27"))));
        assert_eq!(due(today, None, friday, "mingguan", &[d("2026-11-27")]), Some(Due::Next(d("2026-12-04"))));
        // Moved to Wednesday for a holiday: that week's meeting is written.
        assert_eq!(due(today, None, friday, "mingguan", &[d("2026-11-25")]), Some(Due::Next(d("2026-12-04"))));
        // Today is the meeting day: today's sheet is the one to fill.
        assert_eq!(due(today, None, Some("Kamis"), "mingguan", &[d("2026-11-26")]), Some(Due::Sheet(today)));
        // A group formed after the last Friday has its first meeting ahead.
        assert_eq!(due(today, Some(d("2026-12-01")), friday, "mingguan", &[]), Some(Due::Next(d("2026-12-04"))));
        // Every two weeks from 13 November: 27 November is due, then 11 December.
        assert_eq!(due(today, None, friday, "dua_mingguan", &[d("2026-11-13")]), Some(Due::Sheet(d("2026-11-27"))));
        assert_eq!(due(today, None, friday, "dua_mingguan", &[d("2026-11-27")]), Some(Due::Next(d("2026-12-11"))));
        // Monthly, or no weekday written: a period after the last sheet.
        assert_eq!(due(today, None, Some("Rabu"), "bulanan", &[d("2026-11-02")]), Some(Due::Sheet(d("2026-12-02"))));
        assert_eq!(due(today, None, Some("Rabu"), "bulanan", &[d("2026-11-04")]), Some(Due::Next(d("2026-12-04"))));
        assert_eq!(due(today, None, None, "mingguan", &[d("2026-11-30")]), Some(Due::Next(d("2026-12-07"))));
        assert_eq!(due(today, None, None, "mingguan", &[]), None);
    }
}
