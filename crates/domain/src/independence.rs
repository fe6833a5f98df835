//! KSM independence factors (faktor-faktor yang menjadikan KSM mandiri, seed 001): five areas,
//! nineteen items. A few the records prove; the rest a person confirms, with who and when.

/// How an item is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// All five Panca Sutra rules written.
    RulesWritten,
    /// Savings of at least two kinds, and the group's savings higher than three months ago.
    SavingsGrowing,
    /// Every sheet of the last 12 weeks entered on time.
    BooksOnTime,
    /// More active members now than six months ago.
    MembershipGrowing,
    /// Confirmed by a person.
    Confirmed,
}

pub struct Item {
    pub area: &'static str,
    pub key: &'static str,
    pub text: &'static str,
    pub en: &'static str,
    pub source: Source,
}

pub const AREAS: [(&str, &str, &str); 5] = [
    ("organisasi", "Keorganisasian", "Organisation"),
    ("administrasi", "Administrasi", "Administration"),
    ("permodalan", "Permodalan", "Capital"),
    ("usaha", "Usaha", "Business"),
    ("akseptasi", "Akseptasi", "Acceptance"),
];

/// The seed's wording (Indonesian) with an English rendering for the English interface.
pub const ITEMS: [Item; 19] = [
    Item {
        area: "organisasi",
        key: "tujuan",
        text: "KSM memiliki tujuan dan program kerja yang jelas",
        en: "The KSM has clear goals and a work programme",
        source: Source::Confirmed,
    },
    Item {
        area: "organisasi",
        key: "pengurus",
        text: "Semua pengurus KSM mampu melaksanakan tugas dan tanggungjawabnya secara profesional",
        en: "All officers carry out their duties professionally",
        source: Source::Confirmed,
    },
    Item {
        area: "organisasi",
        key: "adart",
        text: "KSM memiliki AD/ART (tertulis)",
        en: "The KSM has written articles (AD/ART)",
        source: Source::RulesWritten,
    },
    Item {
        area: "organisasi",
        key: "kewajiban",
        text: "Semua anggota melaksanakan kewajiban dan haknya dengan baik",
        en: "All members fulfil their duties and exercise their rights",
        source: Source::Confirmed,
    },
    Item {
        area: "organisasi",
        key: "solidaritas",
        text: "Solidaritas antar anggota semakin kuat",
        en: "Solidarity among members keeps growing",
        source: Source::Confirmed,
    },
    Item {
        area: "organisasi",
        key: "keputusan",
        text: "KSM mampu mengambil keputusan secara mandiri dan demokratis",
        en: "The KSM takes decisions independently and democratically",
        source: Source::Confirmed,
    },
    Item {
        area: "administrasi",
        key: "pembukuan",
        text: "KSM memiliki perangkat pembukuan (organisasi dan keuangan) yang lengkap",
        en: "The KSM keeps complete books (organisation and finance)",
        source: Source::BooksOnTime,
    },
    Item {
        area: "administrasi",
        key: "trampil",
        text: "Pengurus KSM memiliki kemampuan dan trampil mengelola pembukuan",
        en: "Officers are able and skilled at bookkeeping",
        source: Source::Confirmed,
    },
    Item {
        area: "administrasi",
        key: "laporan",
        text: "KSM memiliki laporan keuangan yang lengkap dan dilaporkan secara rutin ke anggota",
        en: "Complete financial reports, regularly reported to members",
        source: Source::Confirmed,
    },
    Item {
        area: "administrasi",
        key: "sim",
        text: "KSM memiliki sistem informasi manajemen",
        en: "The KSM has a management information system",
        source: Source::Confirmed,
    },
    Item {
        area: "permodalan",
        key: "tabungan",
        text: "Tabungan KSM beragam dan terus meningkat",
        en: "KSM savings are varied and keep growing",
        source: Source::SavingsGrowing,
    },
    Item {
        area: "permodalan",
        key: "dana_luar",
        text: "KSM mampu mengelola dana dari luar",
        en: "The KSM can manage funds from outside",
        source: Source::Confirmed,
    },
    Item {
        area: "permodalan",
        key: "dana_kelompok",
        text: "Dana kelompok mampu memenuhi kebutuhan pinjaman anggotanya",
        en: "Group funds meet members' loan needs",
        source: Source::Confirmed,
    },
    Item {
        area: "permodalan",
        key: "pengembalian",
        text: "Pengembalian pinjaman anggota lancar (95%)",
        en: "Members repay their loans on time (95 %)",
        source: Source::Confirmed,
    },
    Item {
        area: "usaha",
        key: "usaha",
        text: "Usaha produktif anggota terus berkembang dan menguntungkan",
        en: "Members' productive businesses grow and make a profit",
        source: Source::Confirmed,
    },
    Item {
        area: "usaha",
        key: "sarana",
        text: "Sarana kerja dan pelayanan semakin lengkap",
        en: "Work and service facilities keep improving",
        source: Source::Confirmed,
    },
    Item {
        area: "usaha",
        key: "operasional",
        text: "KSM mampu membiayai operasional secara layak",
        en: "The KSM can pay its operating costs",
        source: Source::Confirmed,
    },
    Item {
        area: "akseptasi",
        key: "keanggotaan",
        text: "Keanggotaan KSM terus meningkat baik jumlah maupun mutunya",
        en: "Membership keeps growing in number and quality",
        source: Source::MembershipGrowing,
    },
    Item {
        area: "akseptasi",
        key: "pengetahuan",
        text: "Pengetahuan dan keterampilan anggota semakin berkembang",
        en: "Members' knowledge and skills keep developing",
        source: Source::Confirmed,
    },
];

/// Loan-eligibility statements the records cannot prove (RULES.md), confirmed by the UPK.
pub const ELIGIBILITY_CONFIRMATIONS: [(&str, &str, &str); 3] = [
    (
        "pernyataan_tanggung_renteng",
        "Surat pernyataan tanggung renteng ditandatangani semua anggota",
        "Joint-liability statement signed by every member",
    ),
    (
        "pelatihan",
        "Pelatihan pinjaman bergulir / kewirausahaan / ekonomi rumah tangga sudah diikuti",
        "Training in revolving loans / entrepreneurship / household economics done",
    ),
    (
        "anggota_miskin",
        "Anggota termasuk warga miskin menurut kriteria masyarakat (PS-2) dan punya usaha produktif",
        "Members are poor by the community's criteria (PS-2) and run a productive business",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_has_items_and_keys_are_unique() {
        for (area, _, _) in AREAS {
            assert!(ITEMS.iter().any(|i| i.area == area), "{area}");
        }
        let mut keys: Vec<&str> = ITEMS.iter().map(|i| i.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ITEMS.len());
        assert!(ITEMS.iter().all(|i| !i.text.is_empty() && !i.en.is_empty()), "both languages");
    }
}
