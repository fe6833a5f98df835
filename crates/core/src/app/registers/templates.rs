//! Standard units offered when an institution is created, as an editable starting point.
//! KKM units and duties summarise seed 000 (Pamsimas); BKM/LKM units follow the P2KP/KOTAKU
//! structure of seeds 001 and 002.

pub struct UnitTemplate {
    pub name: &'static str,
    pub duties: &'static str,
}

pub const KKM: &[UnitTemplate] = &[
    UnitTemplate { name: "Pembina", duties: "Memberi penjelasan program Pamsimas kepada masyarakat; menjaga keterbukaan dan keberhasilan pelaksanaan; mendorong KKM dan lembaga masyarakat berperan aktif; memberi masukan kepada KKM dalam pengambilan keputusan." },
    UnitTemplate { name: "Sekretariat KKM", duties: "Membuat formulir dan surat; menyajikan informasi kegiatan dan pembayaran pada Papan Informasi; menjalankan administrasi; menyusun laporan bulanan dari data unit kerja teknis." },
    UnitTemplate { name: "Satlak (Unit Pelaksana)", duties: "Memimpin pelaksanaan program di desa/kelurahan; membuat laporan keuangan dan laporan pembangunan fisik secara periodik; menyusun Dokumen RKM bersama masyarakat; membuat dan menandatangani Rencana Penggunaan Dana." },
    UnitTemplate { name: "Unit Pengelola Keuangan (Bendahara)", duties: "Mengorganisasi kontribusi masyarakat tunai (in-cash); membayar material, peralatan dan tukang; membukukan seluruh pengeluaran dan membuat laporan keuangan bulanan terintegrasi dengan kemajuan kegiatan; menyimpan semua bukti pembayaran." },
    UnitTemplate { name: "Unit Kerja Teknis Air Minum dan Sanitasi", duties: "Menyiapkan dan melaksanakan RKM bidang teknis; membantu desain sarana; membelanjakan material; mengorganisasi tukang dan gotong royong; mengawasi konstruksi; memonitor pelayanan air minum." },
    UnitTemplate { name: "Unit Kerja Teknis Kesehatan", duties: "Menyiapkan RKM perilaku hidup bersih dan sehat; melaksanakan promosi kesehatan dan sanitasi di masyarakat dan sekolah; bekerja sama dengan Posyandu, PKK dan Natural Leader CLTS." },
    UnitTemplate { name: "Unit Pengaduan Masyarakat", duties: "Menerima pengaduan (surat, kotak pengaduan, langsung, media, temuan lapangan); mencatat di buku register; mengkategorikan; merumuskan penanganan berdasarkan verifikasi; menyampaikan jawaban kepada pengadu; meneruskan ke jenjang lebih tinggi bila di luar kapasitas." },
];

pub const BKM: &[UnitTemplate] = &[
    UnitTemplate { name: "UPK (Unit Pengelola Keuangan)", duties: "Mengelola pinjaman dana bergulir kepada KSM; menagih angsuran; membuat Daftar Tunggakan dan Rencana Kerja Penagihan tiap akhir bulan; menyelenggarakan pembukuan dan laporan keuangan." },
    UnitTemplate { name: "UPL (Unit Pengelola Lingkungan)", duties: "Mengelola kegiatan pembangunan infrastruktur dan lingkungan permukiman bersama KSM dan masyarakat." },
    UnitTemplate { name: "UPS (Unit Pengelola Sosial)", duties: "Mengelola kegiatan sosial dan peningkatan kapasitas masyarakat miskin." },
    UnitTemplate { name: "Sekretariat", duties: "Administrasi, surat-menyurat, notulen rapat, dan papan informasi untuk masyarakat." },
];

/// A village water system's operator after the hand-over (seed 000: "Badan Pengelola Sarana").
pub const BPSPAMS: &[UnitTemplate] = &[
    UnitTemplate { name: "Pengurus harian", duties: "Ketua, sekretaris dan bendahara: menetapkan tarif bersama warga, mengesahkan rencana anggaran operasi dan pemeliharaan, melaporkan pelayanan dan keuangan kepada warga dan pemerintah desa." },
    UnitTemplate { name: "Unit Teknik (operasi dan pemeliharaan)", duties: "Menjalankan dan merawat sumber, reservoir, perpipaan, hidran umum dan sambungan rumah; mencatat kerusakan dan perbaikan." },
    UnitTemplate { name: "Unit Pelayanan dan Keuangan", duties: "Mencatat meter pelanggan tiap bulan, membuat tagihan, menagih dan membukukan iuran, melayani pengaduan pelanggan." },
    UnitTemplate { name: "Unit Kesehatan", duties: "Promosi higiene dan sanitasi, pemantauan kualitas air bersama Posyandu dan kader." },
];

/// A users' and maintenance group of a neighbourhood work (seed 001: the road's "kelompok pemelihara").
pub const KPP: &[UnitTemplate] = &[
    UnitTemplate {
        name: "Pengurus KPP",
        duties: "Ketua, sekretaris dan bendahara: memungut iuran pemeliharaan, membukukan dan melaporkannya kepada warga.",
    },
    UnitTemplate { name: "Seksi Pemeliharaan", duties: "Memeriksa sarana secara rutin, mengatur kerja bakti dan perbaikan." },
];

pub fn for_kind(kind: &str) -> &'static [UnitTemplate] {
    match kind {
        "KKM" => KKM,
        "BPSPAMS" => BPSPAMS,
        "KPP" => KPP,
        "BKM" | "LKM" => BKM,
        _ => &[],
    }
}
