//! Pilot graduation of a KSM (seed 003, RULES.md): over the assessment window a group passes as a
//! model KSM when it has all five basic rules written, mean attendance **above** 80 %, routine
//! savings from **at least** 75 % of members, 100 % of its books on time and 100 % of its planned
//! agenda met. Every criterion reports its measured value, threshold and evidence.
//!
//! Readings where the seed is terse, written down so they can be argued with:
//! - attendance = members present / members expected, summed over the window's meetings;
//! - a member "saves routinely" when they paid routine savings at every meeting of the window;
//! - a sheet is on time when entered no later than the meeting date + the group's agreed days;
//! - the agenda is met when every meeting did at least the items it planned.

use chrono::NaiveDate;

/// Thresholds, stored per institution as data; these are the programme's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraduationRules {
    pub window_days: i64,
    /// Attendance must be strictly above this percentage.
    pub attendance_above_pct: i64,
    /// Routine savers must be at least this percentage of members.
    pub routine_min_pct: i64,
    pub bookkeeping_min_pct: i64,
    pub agenda_min_pct: i64,
}

impl Default for GraduationRules {
    fn default() -> Self {
        GraduationRules {
            window_days: 28,
            attendance_above_pct: 80,
            routine_min_pct: 75,
            bookkeeping_min_pct: 100,
            agenda_min_pct: 100,
        }
    }
}

#[derive(Debug, Clone)]
pub struct MeetingFacts {
    pub id: i64,
    pub held_on: NaiveDate,
    pub entered_on: NaiveDate,
    /// Members of the group on the meeting date.
    pub expected: Vec<i64>,
    pub present: Vec<i64>,
    pub routine_payers: Vec<i64>,
    pub agenda_planned: i64,
    pub agenda_done: i64,
}

#[derive(Debug, Clone)]
pub struct GroupFacts {
    pub rules_written: usize,
    pub bookkeeping_days: i64,
    /// Members active throughout the window.
    pub members: Vec<i64>,
    pub meetings: Vec<MeetingFacts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Rules,
    Attendance,
    RoutineSavings,
    Bookkeeping,
    Agenda,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub key: Key,
    pub numerator: i64,
    pub denominator: i64,
    pub threshold_pct: i64,
    /// `true`: the value must be strictly above the threshold; `false`: at least the threshold.
    pub strict: bool,
    pub passes: bool,
    /// Meetings the value came from (for the agenda and bookkeeping: the ones that failed).
    pub meetings: Vec<i64>,
}

impl Criterion {
    fn new(key: Key, numerator: i64, denominator: i64, threshold_pct: i64, strict: bool, meetings: Vec<i64>) -> Criterion {
        // Integer comparison: num/den > t/100  <=>  100*num > t*den (den > 0).
        let passes = denominator > 0 && {
            let (l, r) = (100 * numerator, threshold_pct * denominator);
            if strict {
                l > r
            } else {
                l >= r
            }
        };
        Criterion { key, numerator, denominator, threshold_pct, strict, passes, meetings }
    }

    /// The measured value as a percentage with one decimal: "83,3 %" (Indonesian), "83.3 %".
    pub fn percent(&self, lang: crate::Lang) -> String {
        if self.denominator == 0 {
            return "–".into();
        }
        let tenths = (1000 * self.numerator + self.denominator / 2) / self.denominator;
        format!("{}{}{} %", tenths / 10, lang.pick(",", "."), tenths % 10)
    }
}

#[derive(Debug, Clone)]
pub struct Assessment {
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub criteria: Vec<Criterion>,
}

impl Assessment {
    pub fn passes(&self) -> bool {
        self.criteria.iter().all(|c| c.passes)
    }
}

/// Assesses the meetings held in `(to - window_days, to]`.
pub fn assess(rules: &GraduationRules, to: NaiveDate, g: &GroupFacts) -> Assessment {
    let from = to - chrono::Duration::days(rules.window_days);
    let meetings: Vec<&MeetingFacts> = g.meetings.iter().filter(|m| m.held_on > from && m.held_on <= to).collect();
    let ids = |f: &dyn Fn(&MeetingFacts) -> bool| meetings.iter().filter(|m| f(m)).map(|m| m.id).collect::<Vec<_>>();
    let all = ids(&|_| true);

    let rules_c = Criterion::new(Key::Rules, g.rules_written as i64, 5, 100, false, vec![]);

    let (present, expected) =
        meetings.iter().fold((0i64, 0i64), |(p, e), m| (p + m.present.len() as i64, e + m.expected.len() as i64));
    let attendance = Criterion::new(Key::Attendance, present, expected, rules.attendance_above_pct, true, all.clone());

    let routine_savers =
        g.members.iter().filter(|id| !meetings.is_empty() && meetings.iter().all(|m| m.routine_payers.contains(id))).count();
    let routine = Criterion::new(
        Key::RoutineSavings,
        routine_savers as i64,
        g.members.len() as i64,
        rules.routine_min_pct,
        false,
        all.clone(),
    );

    let late = ids(&|m| m.entered_on > m.held_on + chrono::Duration::days(g.bookkeeping_days));
    let books = Criterion::new(
        Key::Bookkeeping,
        (meetings.len() - late.len()) as i64,
        meetings.len() as i64,
        rules.bookkeeping_min_pct,
        false,
        late,
    );

    let unmet = ids(&|m| m.agenda_done < m.agenda_planned);
    let agenda = Criterion::new(
        Key::Agenda,
        (meetings.len() - unmet.len()) as i64,
        meetings.len() as i64,
        rules.agenda_min_pct,
        false,
        unmet,
    );

    Assessment {
        window_from: from + chrono::Duration::days(1),
        window_to: to,
        criteria: vec![rules_c, attendance, routine, books, agenda],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).expect("date")
    }

    /// Four weekly meetings of a 5-member group where everyone is present, pays and is on time.
    fn good_group() -> GroupFacts {
        let members = vec![1, 2, 3, 4, 5];
        let meetings = [3, 10, 17, 24]
            .iter()
            .enumerate()
            .map(|(i, day)| MeetingFacts {
                id: i as i64 + 1,
                held_on: d(*day),
                entered_on: d(*day),
                expected: members.clone(),
                present: members.clone(),
                routine_payers: members.clone(),
                agenda_planned: 3,
                agenda_done: 3,
            })
            .collect();
        GroupFacts { rules_written: 5, bookkeeping_days: 2, members, meetings }
    }

    fn get(a: &Assessment, k: Key) -> &Criterion {
        a.criteria.iter().find(|c| c.key == k).expect("criterion")
    }

    #[test]
    fn a_good_group_passes() {
        let a = assess(&GraduationRules::default(), d(25), &good_group());
        assert!(a.passes(), "{a:?}");
        assert_eq!(a.window_from, NaiveDate::from_ymd_opt(2026, 10, 29).expect("date"), "28 days ending 25 November");
    }

    #[test]
    fn attendance_of_exactly_80_percent_fails() {
        let mut g = good_group();
        for m in &mut g.meetings {
            m.present = vec![1, 2, 3, 4]; // 16 of 20 = 80 %
        }
        let a = assess(&GraduationRules::default(), d(25), &g);
        let c = get(&a, Key::Attendance);
        assert_eq!((c.numerator, c.denominator, c.passes), (16, 20, false));
        assert_eq!(c.percent(crate::Lang::Id), "80,0 %");
        assert_eq!(c.percent(crate::Lang::En), "80.0 %");
        g.meetings[0].present = vec![1, 2, 3, 4, 5]; // 17 of 20 = 85 %
        assert!(get(&assess(&GraduationRules::default(), d(25), &g), Key::Attendance).passes);
    }

    #[test]
    fn routine_savings_by_exactly_75_percent_of_members_passes() {
        let mut g = good_group();
        g.members = vec![1, 2, 3, 4];
        for m in &mut g.meetings {
            m.routine_payers = vec![1, 2, 3]; // 3 of 4 = 75 %
        }
        let a = assess(&GraduationRules::default(), d(25), &g);
        assert!(get(&a, Key::RoutineSavings).passes);
        g.meetings[2].routine_payers = vec![1, 2]; // member 3 missed one meeting: 2 of 4
        let c = get(&assess(&GraduationRules::default(), d(25), &g), Key::RoutineSavings).clone();
        assert_eq!((c.numerator, c.passes), (2, false));
    }

    #[test]
    fn one_late_sheet_fails_bookkeeping_and_names_the_meeting() {
        let mut g = good_group();
        g.meetings[1].entered_on = d(13); // held 10 Nov, 2 days allowed: 12 Nov is the last day
        let c = get(&assess(&GraduationRules::default(), d(25), &g), Key::Bookkeeping).clone();
        assert_eq!((c.numerator, c.denominator, c.passes, c.meetings), (3, 4, false, vec![2]));
        g.meetings[1].entered_on = d(12);
        assert!(get(&assess(&GraduationRules::default(), d(25), &g), Key::Bookkeeping).passes);
    }

    #[test]
    fn unmet_agenda_and_missing_rules_fail() {
        let mut g = good_group();
        g.meetings[3].agenda_done = 2;
        g.rules_written = 4;
        let a = assess(&GraduationRules::default(), d(25), &g);
        assert_eq!(get(&a, Key::Agenda).meetings, vec![4]);
        assert!(!get(&a, Key::Rules).passes);
        assert!(!a.passes());
    }

    #[test]
    fn no_meetings_in_the_window_fails_with_no_value() {
        let a = assess(&GraduationRules::default(), d(25) + chrono::Duration::days(60), &good_group());
        let c = get(&a, Key::Attendance);
        assert!(!c.passes);
        assert_eq!(c.percent(crate::Lang::Id), "–");
    }
}
