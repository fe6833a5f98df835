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
    pub source: Source,
}

pub const AREAS: [(&str, &str, &str); 5] = [
    ("organisasi", "Keorganisasian", "Organisation"),
    ("administrasi", "Administrasi", "Administration"),
    ("permodalan", "Permodalan", "Capital"),
    ("usaha", "Usaha", "Business"),
    ("akseptasi", "Akseptasi", "Acceptance"),
];

/// The seed's wording, kept in Indonesian: it is the programme's checklist.
pub const ITEMS: [Item; 19] = [
    Item {
        area: "organisasi",
        key: "tujuan",
        text: "KSM memiliki tujuan dan program kerja yang jelas",
        source: Source::Confirmed,
    },
    Item {
        area: "organisasi",
        key: "pengurus",
        text: "Semua pengurus KSM mampu melaksanakan tugas dan tanggungjawabnya secara profesional",
        source: Source::Confirmed,
    },
    Item { area: "organisasi", key: "adart", text: "KSM memiliki AD/ART (tertulis)", source: Source::RulesWritten },
    Item {
        area: "organisasi",
        key: "kewajiban",
        text: "Semua anggota melaksanakan kewajiban dan haknya dengan baik",
        source: Source::Confirmed,
    },
    Item { area: "organisasi", key: "solidaritas", text: "Solidaritas antar anggota semakin kuat", source: Source::Confirmed },
    Item {
        area: "organisasi",
        key: "keputusan",
        text: "KSM mampu mengambil keputusan secara mandiri dan demokratis",
        source: Source::Confirmed,
    },
    Item {
        area: "administrasi",
        key: "pembukuan",
        text: "KSM memiliki perangkat pembukuan (organisasi dan keuangan) yang lengkap",
        source: Source::BooksOnTime,
    },
    Item {
        area: "administrasi",
        key: "trampil",
        text: "Pengurus KSM memiliki kemampuan dan trampil mengelola pembukuan",
        source: Source::Confirmed,
    },
    Item {
        area: "administrasi",
        key: "laporan",
        text: "KSM memiliki laporan keuangan yang lengkap dan dilaporkan secara rutin ke anggota",
        source: Source::Confirmed,
    },
    Item { area: "administrasi", key: "sim", text: "KSM memiliki sistem informasi manajemen", source: Source::Confirmed },
    Item {
        area: "permodalan",
        key: "tabungan",
        text: "Tabungan KSM beragam dan terus meningkat",
        source: Source::SavingsGrowing,
    },
    Item { area: "permodalan", key: "dana_luar", text: "KSM mampu mengelola dana dari luar", source: Source::Confirmed },
    Item {
        area: "permodalan",
        key: "dana_kelompok",
        text: "Dana kelompok mampu memenuhi kebutuhan pinjaman anggotanya",
        source: Source::Confirmed,
    },
    Item {
        area: "permodalan",
        key: "pengembalian",
        text: "Pengembalian pinjaman anggota lancar (95%)",
        source: Source::Confirmed,
    },
    Item {
        area: "usaha",
        key: "usaha",
        text: "Usaha produktif anggota terus berkembang dan menguntungkan",
        source: Source::Confirmed,
    },
    Item { area: "usaha", key: "sarana", text: "Sarana kerja dan pelayanan semakin lengkap", source: Source::Confirmed },
    Item { area: "usaha", key: "operasional", text: "KSM mampu membiayai operasional secara layak", source: Source::Confirmed },
    Item {
        area: "akseptasi",
        key: "keanggotaan",
        text: "Keanggotaan KSM terus meningkat baik jumlah maupun mutunya",
        source: Source::MembershipGrowing,
    },
    Item {
        area: "akseptasi",
        key: "pengetahuan",
        text: "Pengetahuan dan keterampilan anggota semakin berkembang",
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
    }
}
