//! Demo complaints at KKM Tirta Ganra (the Pamsimas KKM of Desa Ganra, seed 000's complaints
//! unit): one in every status, an overdue one, one escalated to the kecamatan and an answer
//! with its correction. Dates count back from today so the service-level flags show.

use crate::demo::flat;
use chrono::Days;
use swadaya_core::app::complaints::steps::{self, StepInput};
use swadaya_core::app::complaints::{self, ComplaintInput};
use swadaya_core::app::Ctx;
use swadaya_core::app::Db;

struct Demo {
    ago: u64,
    channel: &'static str,
    kind: &'static str,
    category: &'static str,
    name: &'static str,
    contact: &'static str,
    addressed_to: &'static str,
    content: &'static str,
    /// (step, days ago, text)
    steps: &'static [(&'static str, u64, &'static str)],
}

const DEMO: &[Demo] = &[
    Demo {
        ago: 40,
        channel: "box",
        kind: "problem",
        category: "construction",
        name: "",
        contact: "",
        addressed_to: "Satlak Pamsimas",
        content: "Air dari kran umum di dekat masjid Dusun Bakke keruh dan berbau sejak dua minggu. Warga terpaksa membeli air galon.",
        steps: &[
            ("verify", 38, "Satlak memeriksa kran umum: saringan pasir lambat tersumbat lumpur setelah hujan deras."),
            ("decide", 36, "Saringan dibersihkan dan pasirnya diganti oleh Satlak bersama warga (kerja bakti Jumat)."),
            ("answer", 31, "Saringan sudah dibersihkan dan pasir diganti pada hari Jumat. Air kembali jernih; mohon kabari bila keruh lagi."),
        ],
    },
    Demo {
        ago: 33,
        channel: "in_person",
        kind: "question",
        category: "finance",
        name: "Hasnah",
        contact: "0812-4455-6677",
        addressed_to: "Bendahara KKM",
        content: "Berapa iuran air per bulan untuk rumah tangga, dan ke mana iuran itu dibayarkan?",
        steps: &[
            ("verify", 32, "Pertanyaan jelas; tarif ada di keputusan musyawarah desa tentang iuran pemeliharaan."),
            ("answer", 31, "Iuran pemeliharaan Rp 5.000 per rumah tangga per bulan, dibayar ke Bendahara KKM di sekretariat."),
            ("correction", 30, "Ralat: sesuai musyawarah terakhir iuran menjadi Rp 7.500 per rumah tangga per bulan mulai bulan depan; bulan ini masih Rp 5.000."),
        ],
    },
    Demo {
        ago: 10,
        channel: "letter",
        kind: "criticism",
        category: "finance",
        name: "Forum Warga RT 02 Dusun Ganra",
        contact: "Sekretariat Forum, Dusun Ganra",
        addressed_to: "Ketua KKM Tirta Ganra",
        content: "Laporan penggunaan dana kontribusi masyarakat (in-cash) belum ditempel di papan informasi sejak tiga bulan. Mohon dipasang rinciannya.",
        steps: &[
            ("verify", 9, "Benar, laporan bulanan terakhir yang ditempel adalah tiga bulan lalu."),
            ("decide", 7, "Bendahara mencetak laporan bulanan dari Swadaya dan menempelkannya setiap awal bulan; KPMD memantau."),
        ],
    },
    Demo {
        ago: 3,
        channel: "phone",
        kind: "suggestion",
        category: "management",
        name: "",
        contact: "",
        addressed_to: "",
        content: "Jadwal pembersihan bak penampung sebaiknya diumumkan di masjid sehari sebelumnya agar warga menampung air dulu.",
        steps: &[("verify", 2, "Saran diterima Satlak; dibahas di rapat KKM minggu ini.")],
    },
    Demo {
        ago: 12,
        channel: "in_person",
        kind: "problem",
        category: "procurement",
        name: "",
        contact: "",
        addressed_to: "Panitia pengadaan KKM",
        content: "Harga pipa HDPE 2 inci yang dibeli KKM lebih mahal dari harga toko bangunan di Watansoppeng. Mohon diperiksa penawaran pembandingnya.",
        steps: &[],
    },
    Demo {
        ago: 20,
        channel: "media",
        kind: "criticism",
        category: "policy",
        name: "",
        contact: "",
        addressed_to: "",
        content: "Berita koran daerah: tarif air PDAM kabupaten naik dan warga Ganra ikut menanggung.",
        steps: &[(
            "reject",
            18,
            "Bukan kewenangan KKM: Desa Ganra dilayani sarana Pamsimas milik masyarakat, bukan PDAM. Keluhan tarif PDAM disampaikan ke Pemerintah Kabupaten Soppeng atau SP4N-LAPOR!.",
        )],
    },
    Demo {
        ago: 6,
        channel: "field",
        kind: "problem",
        category: "construction",
        name: "",
        contact: "",
        addressed_to: "KKM Tirta Ganra",
        content: "Temuan lapangan: debit sumur bor Dusun Ganra turun separuh; pompa perlu diganti dan biayanya di luar kemampuan iuran KKM.",
        steps: &[
            ("verify", 5, "Diukur Satlak: debit 0,8 liter/detik, semula 1,6 liter/detik. Pompa berumur 7 tahun."),
            ("escalate", 1, "Penggantian pompa dan pengeboran ulang melebihi dana pemeliharaan KKM; mohon difasilitasi kecamatan dan kabupaten."),
        ],
    },
];

pub async fn load(db: &Db, ctx: &Ctx, kkm: i64) -> anyhow::Result<()> {
    if swadaya_core::app::complaints::any_filed_with(db, ctx, kkm).await.map_err(flat)? {
        return Ok(());
    }
    let today = chrono::Local::now().date_naive();
    let day = |ago: u64| (today - Days::new(ago)).to_string();
    let (kec, _) = swadaya_core::app::registers::institutions::list(db, ctx, Some("Pemerintah Kecamatan Ganra"), 1, 0)
        .await
        .map_err(flat)?;
    let kec = kec.first().map(|i| i.id);
    for d in DEMO {
        let input = ComplaintInput {
            kind: d.kind.into(),
            category: d.category.into(),
            content: d.content.into(),
            name: d.name.into(),
            contact: d.contact.into(),
            addressed_to: d.addressed_to.into(),
            channel: d.channel.into(),
            received_on: day(d.ago),
            idem_key: String::new(),
        };
        let (id, _) = complaints::register(db, ctx, kkm, &input, &[]).await.map_err(flat)?;
        for (step, ago, body) in d.steps {
            let to = match (*step, kec) {
                ("escalate", Some(k)) => k.to_string(),
                _ => String::new(),
            };
            let input = StepInput {
                step: step.to_string(),
                body: body.to_string(),
                step_on: day(*ago),
                to,
                external_ref: String::new(),
                seen_status: String::new(),
            };
            steps::take(db, ctx, kkm, id, &input).await.map_err(flat)?;
        }
    }
    Ok(())
}
