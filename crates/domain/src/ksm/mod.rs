//! KSM (self-help group) vocabulary and the Panca Sutra: the five basic rules a group writes down
//! and records at every meeting (seed 003).

pub mod schedule;

use crate::Lang;

/// Tridaya: the three kinds of KSM activity.
pub const KINDS: [&str; 3] = ["ekonomi", "lingkungan", "sosial"];

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "ekonomi" => lang.pick("Ekonomi", "Economic"),
        "lingkungan" => lang.pick("Lingkungan/infrastruktur", "Environment/infrastructure"),
        "sosial" => lang.pick("Sosial", "Social"),
        _ => "–",
    }
}

pub const RHYTHMS: [&str; 3] = ["mingguan", "dua_mingguan", "bulanan"];

pub fn rhythm_label(r: &str, lang: Lang) -> &'static str {
    match r {
        "mingguan" => lang.pick("Mingguan", "Weekly"),
        "dua_mingguan" => lang.pick("Dua minggu sekali", "Every two weeks"),
        "bulanan" => lang.pick("Bulanan", "Monthly"),
        _ => "–",
    }
}

pub const ROLES: [&str; 4] = ["ketua", "sekretaris", "bendahara", "anggota"];

pub fn role_label(r: &str, lang: Lang) -> &'static str {
    match r {
        "ketua" => lang.pick("Ketua", "Chair"),
        "sekretaris" => lang.pick("Sekretaris", "Secretary"),
        "bendahara" => lang.pick("Bendahara", "Treasurer"),
        "anggota" => lang.pick("Anggota", "Member"),
        _ => "–",
    }
}

/// The five basic rules, in the programme's order.
pub const PANCA_SUTRA: [(&str, &str, &str); 5] = [
    ("rule_meetings", "Pertemuan rutin", "Regular meetings"),
    ("rule_savings", "Tabungan", "Savings"),
    ("rule_bookkeeping", "Pencatatan (pembukuan)", "Bookkeeping"),
    ("rule_loans", "Pinjaman", "Loans"),
    ("rule_instalments", "Angsuran", "Instalments"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendance {
    Present,
    Excused,
    Absent,
}

/// What a sheet's amount field says a member paid. The sheet proposes the routine saving and
/// the instalment due for everyone; for a member not present, an amount still equal to what the
/// sheet proposed is the proposal left standing, not money handed over, so it is nothing. An
/// amount someone changed is kept whatever the attendance.
pub fn amount_entered<'a>(attendance: &str, value: &'a str, proposed: &str) -> &'a str {
    let present = Attendance::parse(attendance).is_none_or(Attendance::pays_as_usual);
    if !present && !proposed.trim().is_empty() && value.trim() == proposed.trim() {
        ""
    } else {
        value
    }
}

impl Attendance {
    pub fn code(self) -> &'static str {
        match self {
            Attendance::Present => "hadir",
            Attendance::Excused => "izin",
            Attendance::Absent => "absen",
        }
    }
    pub fn parse(s: &str) -> Option<Attendance> {
        match s {
            "hadir" => Some(Attendance::Present),
            "izin" => Some(Attendance::Excused),
            "absen" => Some(Attendance::Absent),
            _ => None,
        }
    }
    /// Whether the sheet's proposed amounts (routine saving, instalment due) stand for this
    /// member: only someone present pays as usual without anyone typing it.
    pub fn pays_as_usual(self) -> bool {
        self == Attendance::Present
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Attendance::Present => lang.pick("Hadir", "Present"),
            Attendance::Excused => lang.pick("Izin", "Excused"),
            Attendance::Absent => lang.pick("Tidak hadir", "Absent"),
        }
    }
}

/// Savings kinds of a KSM member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SavingsKind {
    /// Mandatory routine savings (tabungan wajib/rutin).
    Routine,
    /// Voluntary savings (tabungan sukarela).
    Voluntary,
    /// Joint-liability savings (tabungan tanggung renteng), collateral for the group's loan.
    JointLiability,
}

pub const SAVINGS_KINDS: [SavingsKind; 3] = [SavingsKind::Routine, SavingsKind::Voluntary, SavingsKind::JointLiability];

impl SavingsKind {
    pub fn code(self) -> &'static str {
        match self {
            SavingsKind::Routine => "wajib",
            SavingsKind::Voluntary => "sukarela",
            SavingsKind::JointLiability => "tanggung_renteng",
        }
    }
    pub fn parse(s: &str) -> Option<SavingsKind> {
        SAVINGS_KINDS.iter().copied().find(|k| k.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SavingsKind::Routine => lang.pick("Tabungan wajib (rutin)", "Routine savings"),
            SavingsKind::Voluntary => lang.pick("Tabungan sukarela", "Voluntary savings"),
            SavingsKind::JointLiability => lang.pick("Tabungan tanggung renteng", "Joint-liability savings"),
        }
    }
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            SavingsKind::Routine => lang.pick("Wajib", "Routine"),
            SavingsKind::Voluntary => lang.pick("Sukarela", "Voluntary"),
            SavingsKind::JointLiability => lang.pick("T. renteng", "Joint liab."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::amount_entered;

    #[test]
    fn an_absent_member_pays_nothing_unless_someone_changed_the_amount() {
        // (attendance, value sent, value proposed) -> what was paid
        let cases = [
            ("hadir", "5.000", "5.000", "5.000"),
            ("izin", "5.000", "5.000", ""),
            ("absen", " 5.000 ", "5.000", ""),
            ("absen", "10.000", "5.000", "10.000"),
            ("absen", "5.000", "", "5.000"),
            ("absen", "", "5.000", ""),
            ("", "5.000", "5.000", "5.000"),
        ];
        for (att, value, proposed, paid) in cases {
            assert_eq!(amount_entered(att, value, proposed).trim(), paid, "{att} {value:?} proposed {proposed:?}");
        }
    }
}
