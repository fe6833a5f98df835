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
}
