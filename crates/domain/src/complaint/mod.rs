//! Complaints (seed 000, RULES.md "Complaints"): how a complaint arrived, what it is about, where
//! it stands and at which level of government it is handled. The service-level clocks are in
//! `sla`, the citizen's tracking code in `tracking`.

pub mod sla;
pub mod tracking;

use crate::Lang;

/// A closed list with a stable code (stored), an Indonesian and an English label.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident, $all:ident { $($v:ident = $code:literal, $id:literal, $en:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($v),+ }

        pub const $all: &[$name] = &[$($name::$v),+];

        impl $name {
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $all.iter().copied().find(|x| x.code() == s.trim())
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$v => lang.pick($id, $en)),+ }
            }
        }
    };
}

coded!(
    /// How the complaint reached the unit (seed 000: letter, complaint box, in person, media,
    /// field finding), plus the public web form.
    Channel, ALL_CHANNELS {
        Letter = "letter", "Surat", "Letter";
        Box = "box", "Kotak pengaduan", "Complaint box";
        InPerson = "in_person", "Langsung", "In person";
        Phone = "phone", "Telepon / SMS / WA", "Phone / SMS / WhatsApp";
        Media = "media", "Media massa", "Mass media";
        Field = "field", "Temuan lapangan", "Field finding";
        Web = "web", "Formulir daring", "Web form";
    }
);

coded!(
    /// Informative (criticism, question, suggestion) or a problem to be solved.
    Kind, ALL_KINDS {
        Question = "question", "Pertanyaan", "Question";
        Suggestion = "suggestion", "Saran", "Suggestion";
        Criticism = "criticism", "Kritik", "Criticism";
        Problem = "problem", "Masalah", "Problem";
    }
);

coded!(
    /// The unit maps each complaint into one of these (seed 000, plus procurement).
    Category, ALL_CATEGORIES {
        Policy = "policy", "Kebijakan", "Policy";
        Management = "management", "Manajemen / organisasi", "Management / organisation";
        Construction = "construction", "Pembangunan fisik", "Physical construction";
        Finance = "finance", "Pengelolaan keuangan", "Financial management";
        Empowerment = "empowerment", "Pemberdayaan", "Empowerment";
        Training = "training", "Pelatihan", "Training";
        Gender = "gender", "Kesetaraan gender", "Gender equality";
        Procurement = "procurement", "Pengadaan barang/jasa", "Procurement";
        Other = "other", "Lainnya", "Other";
    }
);

coded!(
    /// Where a complaint stands at the institution now handling it.
    Status, ALL_STATUSES {
        Received = "received", "Diterima", "Received";
        Verified = "verified", "Diverifikasi", "Verified";
        InProcess = "in_process", "Sedang ditangani", "In process";
        Answered = "answered", "Dijawab / selesai", "Answered / resolved";
        Escalated = "escalated", "Diteruskan ke jenjang atas", "Escalated";
        Rejected = "rejected", "Ditolak (bukan kewenangan)", "Rejected (not our authority)";
    }
);

impl Status {
    /// No further step is expected from the unit.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Answered | Status::Rejected)
    }

    /// Waiting for the (new) handler to verify it: the 3-working-day clock runs.
    pub fn awaits_verification(self) -> bool {
        matches!(self, Status::Received | Status::Escalated)
    }
}

/// A step in a complaint's history. Steps are only ever added: an answer is corrected by a new
/// `Correction` step, never by editing the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Verify,
    Reject,
    Decide,
    Answer,
    Correction,
    Escalate,
    Note,
}

impl Step {
    pub fn code(self) -> &'static str {
        match self {
            Step::Verify => "verify",
            Step::Reject => "reject",
            Step::Decide => "decide",
            Step::Answer => "answer",
            Step::Correction => "correction",
            Step::Escalate => "escalate",
            Step::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        [Step::Verify, Step::Reject, Step::Decide, Step::Answer, Step::Correction, Step::Escalate, Step::Note]
            .into_iter()
            .find(|x| x.code() == s.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Step::Verify => lang.pick("Verifikasi / investigasi", "Verification / investigation"),
            Step::Reject => lang.pick("Ditolak", "Rejected"),
            Step::Decide => lang.pick("Penanganan diputuskan", "Handling decided"),
            Step::Answer => lang.pick("Jawaban kepada pengadu", "Answer to the complainant"),
            Step::Correction => lang.pick("Ralat jawaban", "Correction of the answer"),
            Step::Escalate => lang.pick("Diteruskan ke jenjang atas", "Escalated"),
            Step::Note => lang.pick("Catatan", "Note"),
        }
    }

    /// What the citizen reads with the tracking code: the outcome, not the unit's working notes
    /// (verification notes may name third parties).
    pub fn is_public(self) -> bool {
        matches!(self, Step::Reject | Step::Answer | Step::Correction | Step::Escalate)
    }

    /// The status after this step for a complaint forwarded outside (SP4N-LAPOR!): the unit
    /// only records the answer that comes back, or notes.
    pub fn next_forwarded(self, from: Status) -> Option<Status> {
        match (self, from) {
            (Step::Answer, Status::Escalated) => Some(Status::Answered),
            (Step::Note, s) => Some(s),
            (Step::Correction, Status::Answered) => Some(Status::Answered),
            _ => None,
        }
    }

    /// The status after this step, or `None` when the step may not be taken from `from`.
    pub fn next(self, from: Status) -> Option<Status> {
        use Status::*;
        match (self, from) {
            (Step::Verify, Received | Escalated) => Some(Verified),
            (Step::Reject, Received | Escalated | Verified) => Some(Rejected),
            (Step::Decide, Verified) => Some(InProcess),
            (Step::Answer, Verified | InProcess) => Some(Answered),
            (Step::Correction, Answered) => Some(Answered),
            // A level that receives an escalation may pass it on at once.
            (Step::Escalate, Received | Escalated | Verified | InProcess) => Some(Escalated),
            (Step::Note, s) => Some(s),
            _ => None,
        }
    }
}

/// RULES.md levels: 1 desa/kelurahan, (kecamatan where used), 2 kabupaten/kota, 3 province,
/// 4 national.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Desa,
    Kecamatan,
    Kabupaten,
    Provinsi,
    National,
}

impl Level {
    /// The level of an institution from its region's depth (1 provinsi … 4 desa; deeper
    /// regions such as dusun/RT still belong to the desa).
    pub fn of_region_depth(depth: i64) -> Level {
        match depth {
            i64::MIN..=0 => Level::National,
            1 => Level::Provinsi,
            2 => Level::Kabupaten,
            3 => Level::Kecamatan,
            _ => Level::Desa,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Level::Desa => "desa",
            Level::Kecamatan => "kecamatan",
            Level::Kabupaten => "kabupaten",
            Level::Provinsi => "provinsi",
            Level::National => "national",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        [Level::Desa, Level::Kecamatan, Level::Kabupaten, Level::Provinsi, Level::National].into_iter().find(|l| l.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Desa => lang.pick("Desa/Kelurahan", "Village"),
            Level::Kecamatan => lang.pick("Kecamatan", "District"),
            Level::Kabupaten => lang.pick("Kabupaten/Kota", "Regency/City"),
            Level::Provinsi => lang.pick("Provinsi", "Province"),
            Level::National => lang.pick("Nasional (SP4N-LAPOR!)", "National (SP4N-LAPOR!)"),
        }
    }
}

/// Complaint text limits: long enough for a letter retyped, short enough to read.
pub const CONTENT_MIN: usize = 10;
pub const CONTENT_MAX: usize = 4000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in ALL_CHANNELS {
            assert_eq!(Channel::parse(c.code()), Some(*c));
        }
        for c in ALL_CATEGORIES {
            assert_eq!(Category::parse(c.code()), Some(*c));
        }
        for s in ALL_STATUSES {
            assert_eq!(Status::parse(s.code()), Some(*s));
        }
        assert_eq!(Category::parse("procurement"), Some(Category::Procurement));
        assert_eq!(Category::parse("bogus"), None);
    }

    #[test]
    fn steps_follow_the_register() {
        use Status::*;
        assert_eq!(Step::Verify.next(Received), Some(Verified));
        assert_eq!(Step::Verify.next(Escalated), Some(Verified), "the new level verifies again");
        assert_eq!(Step::Decide.next(Received), None, "handling is decided after verification");
        assert_eq!(Step::Answer.next(Received), None);
        assert_eq!(Step::Answer.next(InProcess), Some(Answered));
        assert_eq!(Step::Answer.next(Answered), None, "a second answer is a correction");
        assert_eq!(Step::Correction.next(Answered), Some(Answered));
        assert_eq!(Step::Correction.next(InProcess), None);
        assert_eq!(Step::Escalate.next(Answered), None);
        assert_eq!(Step::Reject.next(InProcess), None);
        assert_eq!(Step::Note.next(Rejected), Some(Rejected));
    }

    #[test]
    fn levels_from_regions() {
        assert_eq!(Level::of_region_depth(4), Level::Desa);
        assert_eq!(Level::of_region_depth(6), Level::Desa);
        assert_eq!(Level::of_region_depth(3), Level::Kecamatan);
        assert_eq!(Level::of_region_depth(2), Level::Kabupaten);
        assert_eq!(Level::of_region_depth(1), Level::Provinsi);
        assert!(Level::Desa < Level::Kecamatan && Level::Provinsi < Level::National);
    }
}
