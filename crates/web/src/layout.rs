//! The page frame and small form helpers shared by every page.

use super::session::Session;
use maud::{html, Markup, DOCTYPE};
use std::collections::HashMap;
use swadaya_domain::roles::Action;
use swadaya_domain::Lang;

fn head(title: &str) -> Markup {
    html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        title { (title) " · Swadaya" }
        link rel="stylesheet" href="/static/app.css";
        link rel="manifest" href="/manifest.webmanifest";
        link rel="icon" href="/static/icon-192.png" type="image/png";
        link rel="apple-touch-icon" href="/static/icon-192.png";
        meta name="theme-color" content="#0b6b3a";
        // Field mode's script: on the field page it runs field mode; elsewhere it only clears the
        // phone's field data when the user logs out.
        script src="/static/field.js" defer {}
    }
}

/// The frame every ordinary page shares: header with the brand and `nav`, the body, the footer.
fn frame(lang: Lang, title: &str, nav: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head { (head(title)) }
            body {
                header.top {
                    a.brand href="/" { "Swadaya" }
                    nav { (nav) }
                }
                main { (body) }
                footer { "Swadaya · " (lang.pick("sistem lembaga keswadayaan masyarakat", "community institution system")) }
            }
        }
    }
}

/// A page for a logged-in user (or a visitor when `session` is None).
pub fn page(lang: Lang, session: Option<&Session>, title: &str, body: Markup) -> Markup {
    let nav = html! {
        @if let Some(s) = session {
            a href="/home" { (lang.pick("Beranda", "Home")) }
            a href="/institutions" { (lang.pick("Lembaga", "Institutions")) }
            a href="/ksm" { "KSM" }
            @if s.ctx.actor.readable.iter().any(|i| s.ctx.actor.can(*i, Action::RecordMeetings)) {
                a href="/field" { (lang.pick("Lapangan", "Field")) }
            }
            @if s.ctx.actor.is_system || s.ctx.actor.readable.iter().any(|i| s.ctx.actor.can(*i, Action::ReadAudit)) {
                a href="/audit" { (lang.pick("Jejak audit", "Audit log")) }
            }
            @if s.ctx.actor.is_system { a href="/regions" { (lang.pick("Wilayah", "Regions")) } }
            (lang_switch(lang, Some(&s.csrf)))
            form method="post" action="/logout" {
                input.session-csrf type="hidden" name="_csrf" value=(s.csrf);
                button type="submit" { (lang.pick("Keluar", "Log out")) }
            }
        } @else {
            a href="/p" { (lang.pick("Papan informasi", "Notice boards")) }
            a href="/pengaduan" { (lang.pick("Pengaduan", "Complaints")) }
            (lang_switch(lang, None))
            a href="/login" { (lang.pick("Masuk", "Log in")) }
        }
    };
    let body = html! {
        @if let Some(m) = session.and_then(|s| s.flash.as_ref()) { p.flash role="status" { (m) } }
        (body)
    };
    frame(lang, title, nav, body)
}

/// A page for a visitor (login).
pub fn bare(lang: Lang, title: &str, body: Markup) -> Markup {
    page(lang, None, title, body)
}

/// An error page: it cannot know who is signed in, so it offers only the way back.
pub fn minimal(lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head { (head(title)) }
            body {
                header.top { a.brand href="/" { "Swadaya" } nav { a href="/" { (lang.pick("Beranda", "Home")) } } }
                main { (body) }
            }
        }
    }
}

/// The field page's frame: the same look, and no session in it (a copy stays on the phone).
/// Its language and logout forms get the session's token from field.js once the server says
/// who is signed in.
pub fn app_shell(lang: Lang, title: &str, body: Markup) -> Markup {
    let nav = html! {
        a href="/home" { (lang.pick("Beranda", "Home")) }
        a href="/ksm" { "KSM" }
        a href="/field" { (lang.pick("Lapangan", "Field")) }
        (lang_switch(lang, Some("")))
        form method="post" action="/logout" {
            input.session-csrf type="hidden" name="_csrf" value="";
            button type="submit" { (lang.pick("Keluar", "Log out")) }
        }
    };
    frame(lang, title, nav, body)
}

fn lang_switch(lang: Lang, csrf: Option<&str>) -> Markup {
    let (other, label) = match lang {
        Lang::Id => ("en", "English"),
        Lang::En => ("id", "Bahasa Indonesia"),
    };
    html! {
        form method="post" action="/lang" {
            @if let Some(c) = csrf { input.session-csrf type="hidden" name="_csrf" value=(c); }
            input type="hidden" name="lang" value=(other);
            button type="submit" lang=(other) { (label) }
        }
    }
}

/// Values the user typed and the errors found, to re-show a form without losing anything.
#[derive(Default, Clone)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub errors: HashMap<String, Vec<String>>,
    /// Text of the link shown under a field whose `<field>#link` error holds a URL.
    pub link_label: String,
}

/// Suffix of an error key whose value is a URL to show as a link under the field.
pub const LINK: &str = "#link";

/// The label of a form field, for messages that are not next to the field itself.
pub fn field_label(lang: Lang, field: &str) -> String {
    let (id, en) = match field {
        "reading" => ("Angka meter", "Meter figure"),
        "read_on" => ("Tanggal dibaca", "Read on"),
        "valid_from" => ("Berlaku mulai", "From"),
        "fixed" => ("Iuran / beban tetap", "Fee / fixed charge"),
        "weekday" => ("Hari pungut", "Collection day"),
        "minimum_m3" => ("Pemakaian minimum", "Minimum use"),
        "blocks" => ("Blok tarif", "Tariff blocks"),
        "scheme_id" => ("Skema iuran", "Fee scheme"),
        "customer_group" => ("Golongan pelanggan", "Customer group"),
        "due_day" => ("Jatuh tempo", "Due day"),
        "asset_id" => ("Sarana", "Asset"),
        "meter_serial" => ("Nomor seri meteran", "Meter serial"),
        "start_reading" => ("Angka awal meteran", "Start reading"),
        "final_reading" => ("Angka terakhir meteran lama", "Old meter's last figure"),
        "changed_on" => ("Tanggal diganti", "Replaced on"),
        "connected_on" => ("Tanggal sambung", "Connected on"),
        "handed_over_on" => ("Tanggal serah terima", "Handed over on"),
        "handed_over_by" => ("Diserahkan oleh", "Handed over by"),
        "capacity" => ("Kapasitas", "Capacity"),
        "value" => ("Nilai", "Value"),
        "name" => ("Nama", "Name"),
        "nik" => ("NIK", "NIK"),
        "sex" => ("Jenis kelamin", "Sex"),
        "birth_date" => ("Tanggal lahir", "Birth date"),
        "address" => ("Alamat", "Address"),
        "dusun" => ("Dusun", "Hamlet"),
        "rw" => ("RW", "RW"),
        "rt" => ("RT", "RT"),
        "phone" => ("Telepon", "Phone"),
        "education" => ("Pendidikan", "Education"),
        "kind" => ("Jenis lembaga", "Kind"),
        "region_code" => ("Desa/kelurahan", "Village"),
        "legal_basis" => ("Dasar hukum", "Legal basis"),
        "email" => ("Email", "Email"),
        "duties" => ("Tugas", "Duties"),
        "title" => ("Jabatan", "Position"),
        "decree_no" => ("No. SK", "Decree no."),
        "start_date" => ("Mulai", "Start"),
        "end_date" => ("Selesai", "End"),
        "person_id" => ("Warga", "Person"),
        "unit_id" => ("Unit", "Unit"),
        "username" => ("Nama pengguna", "Username"),
        "display_name" => ("Nama lengkap", "Full name"),
        "password" => ("Kata sandi", "Password"),
        "role" => ("Peran", "Role"),
        "file" => ("Berkas", "File"),
        "held_on" => ("Tanggal pertemuan", "Meeting date"),
        "lines" => ("Baris", "Rows"),
        "reason" => ("Alasan koreksi", "Reason for the correction"),
        "complaint_kind" => ("Jenis pengaduan", "Kind of complaint"),
        "category" => ("Kategori", "Category"),
        "content" => ("Isi pengaduan", "Complaint"),
        "contact" => ("Kontak", "Contact"),
        "addressed_to" => ("Ditujukan kepada", "Addressed to"),
        "channel" => ("Diterima melalui", "Received through"),
        "step" => ("Langkah", "Step"),
        "body" => ("Uraian", "Text"),
        "step_on" => ("Tanggal", "Date"),
        "to" => ("Diteruskan kepada", "Escalated to"),
        "external_ref" => ("Nomor lacak SP4N-LAPOR!", "SP4N-LAPOR! tracking number"),
        "day" => ("Tanggal libur", "Holiday"),
        "tracking_code" => ("Kode lacak", "Tracking code"),
        "form" => ("Formulir", "Form"),
        "formed_on" => ("Tanggal terbentuk", "Formed on"),
        "rhythm" => ("Jadwal pertemuan", "Meeting rhythm"),
        "meeting_day" => ("Hari pertemuan", "Meeting day"),
        "meeting_place" => ("Tempat pertemuan", "Meeting place"),
        "routine_amount" => ("Tabungan wajib per pertemuan", "Routine savings per meeting"),
        "bookkeeping_days" => ("Batas hari pencatatan", "Days to enter a sheet"),
        "agenda" => ("Agenda", "Agenda"),
        "agenda_planned" => ("Agenda direncanakan", "Agenda planned"),
        "agenda_done" => ("Agenda terlaksana", "Agenda done"),
        "notes" => ("Catatan", "Notes"),
        "joined_on" => ("Bergabung", "Joined"),
        "left_on" => ("Tanggal keluar", "Leaving date"),
        "member_id" => ("Anggota", "Member"),
        "amount" => ("Jumlah", "Amount"),
        "on_date" => ("Tanggal", "Date"),
        "note" => ("Catatan", "Note"),
        "stage" => ("Tahap", "Stage"),
        "posted_on" => ("Tanggal", "Date"),
        "memo" => ("Keterangan", "Memo"),
        "receipt" => ("No. bukti", "Receipt no."),
        "code" => ("Kode akun", "Account code"),
        "cash" => ("Akun kas/bank", "Cash/bank account"),
        "opening" => ("Saldo awal", "Opening balances"),
        "account" => ("Akun", "Account"),
        "decision" => ("Keputusan", "Decision"),
        "year" => ("Tahun", "Year"),
        "action_kind" => ("Kegiatan", "Action"),
        "decided_on" => ("Tanggal keputusan", "Decision date"),
        "disbursed_on" => ("Tanggal cair", "Disbursement date"),
        "paid_on" => ("Tanggal bayar", "Payment date"),
        "reversed_on" => ("Tanggal pembatalan", "Reversal date"),
        "product_id" => ("Produk", "Product"),
        "ksm_id" => ("KSM", "KSM"),
        "agreement_no" => ("Nomor perjanjian", "Agreement number"),
        "purpose" => ("Tujuan", "Purpose"),
        "applied_on" => ("Tanggal pengajuan", "Application date"),
        "term" => ("Jangka", "Term"),
        "override_reason" => ("Alasan pengecualian", "Reason for the exception"),
        "shares" => ("Pinjaman per anggota", "Amount per member"),
        "month" => ("Bulan", "Month"),
        "method" => ("Cara hitung jasa", "Interest method"),
        "rate" => ("Jasa per bulan", "Monthly interest"),
        "frequency" => ("Angsuran", "Instalments"),
        "first_limit" => ("Batas pinjaman pertama", "First loan limit"),
        "later_limit" => ("Batas pinjaman berikutnya", "Later loan limit"),
        "ceiling" => ("Batas rujuk ke bank", "Refer-to-bank total"),
        "max_cycles" => ("Batas siklus", "Cycle limit"),
        "min_term" => ("Jangka terpendek", "Shortest term"),
        "max_term" => ("Jangka terpanjang", "Longest term"),
        "cause" => ("Penyebab", "Cause"),
        "cause_note" => ("Keterangan penyebab", "Note on the cause"),
        "cause_member_id" => ("Anggota", "Member"),
        "action_member_id" | "drawdown_member_id" | "writeoff_member_id" => ("Anggota", "Member"),
        "officer" => ("Petugas", "Officer"),
        "village_official" => ("Aparat desa", "Village official"),
        "promise_on" => ("Janji bayar", "Promise to pay"),
        "promise_amount" => ("Jumlah janji", "Promised amount"),
        "drawdown_amount" => ("Jumlah pencairan", "Amount drawn down"),
        "drawdown_on" => ("Tanggal pencairan", "Drawdown date"),
        "proposal_title" => ("Judul usulan", "Proposal title"),
        "activity_kind" => ("Jenis kegiatan", "Kind of activity"),
        "proposer" => ("Pengusul", "Proposer"),
        "location" => ("Lokasi", "Location"),
        "households" => ("KK penerima manfaat", "Beneficiary households"),
        "poor_households" => ("KK miskin", "Poor households"),
        "women" => ("Perempuan penerima manfaat", "Women beneficiaries"),
        "description" => ("Uraian", "Description"),
        "submitted_on" => ("Tanggal usulan", "Date proposed"),
        "rab" => ("RAB", "Budget (RAB)"),
        "files" => ("Lampiran", "Attachments"),
        "photos" => ("Foto", "Photos"),
        "target_volume" => ("Target volume", "Target volume"),
        "unit" => ("Satuan", "Unit"),
        "planned_start" => ("Rencana mulai", "Planned start"),
        "planned_end" => ("Rencana selesai", "Planned end"),
        "team" => ("Pelaksana (KSM/panitia)", "Team (KSM/working group)"),
        "technical_unit" => ("Unit teknis", "Technical unit"),
        "rkm_year" => ("Tahun RKM", "RKM year"),
        "source" => ("Sumber dana", "Funding source"),
        "document" => ("Dokumen", "Document"),
        "received_on" => ("Tanggal terima", "Date received"),
        "receipt_no" => ("Nomor kwitansi", "Receipt number"),
        "spent_on" => ("Tanggal bayar", "Date paid"),
        "payee" => ("Dibayar kepada", "Payee"),
        "item" => ("Untuk pembayaran", "Paid for"),
        "approval" => ("Persetujuan melebihi RAB", "Approval over budget"),
        "rab_line_id" => ("Baris RAB", "Budget line"),
        "proposal_id" => ("Usulan", "Proposal"),
        "reported_on" => ("Tanggal laporan", "Report date"),
        "percent" => ("Kemajuan fisik", "Physical progress"),
        "quantity" => ("Volume terukur", "Measured quantity"),
        "handover_on" => ("Tanggal serah terima", "Hand-over date"),
        "handed_to" => ("Diserahkan kepada", "Handed over to"),
        "record" => ("Berita acara", "Hand-over record"),
        "kind_on" => ("Tanggal swadaya", "Date given"),
        "contributor" => ("Pemberi swadaya", "Contributor"),
        "kind_description" => ("Bentuk swadaya", "What was given"),
        "kind_value" => ("Nilai swadaya", "Value"),
        "meeting_on" => ("Tanggal rapat", "Meeting date"),
        "attendance" => ("Jumlah hadir", "Attendance"),
        "minutes" => ("Notulen", "Minutes"),
        "outcomes" => ("Keputusan", "Decisions"),
        "scorer" => ("Penilai", "Scorer"),
        "criteria" => ("Kriteria", "Criteria"),
        "as_of" => ("Keadaan per tanggal", "Figures as of"),
        "rows" => ("Baris anggaran", "Budget lines"),
        "reverse_on" => ("Tanggal pembatalan", "Reversal date"),
        "writeoff_on" => ("Tanggal keputusan hapus buku", "Write-off decision date"),
        other => {
            if other.starts_with("alloc-") {
                return lang.pick("Alokasi", "Allocation").to_string();
            }
            if other.starts_with("share-") {
                return lang.pick("Pinjaman anggota", "Member's amount").to_string();
            }
            // A sheet row's field: line-<member>-<column>.
            if let Some(col) = other.strip_prefix("line-").and_then(|r| r.split_once('-')).map(|(_, c)| c) {
                let (i, e) = match col {
                    "attendance" => ("Kehadiran", "Attendance"),
                    "wajib" => ("Tabungan wajib", "Routine savings"),
                    "sukarela" => ("Tabungan sukarela", "Voluntary savings"),
                    "tanggung_renteng" => ("Tabungan tanggung renteng", "Joint-liability savings"),
                    "account" => ("Akun jurnal", "Entry account"),
                    "debit" => ("Debit", "Debit"),
                    "credit" => ("Kredit", "Credit"),
                    _ => ("Angsuran", "Instalment"),
                };
                return lang.pick(i, e).to_string();
            }
            if other.starts_with("rab-") {
                return lang.pick("Baris RAB", "Budget line").to_string();
            }
            if let Some(n) = other.strip_prefix("row-").and_then(|n| n.parse::<usize>().ok()) {
                return format!("{} {}", lang.pick("Baris", "Row"), n + 1);
            }
            if other.starts_with("outcome-") || other.starts_with("reason-") {
                return lang.pick("Keputusan usulan", "Decision on a proposal").to_string();
            }
            if other.starts_with("score-") {
                return lang.pick("Nilai", "Score").to_string();
            }
            if other.starts_with("crit-") {
                return lang.pick("Kriteria", "Criterion").to_string();
            }
            if other.starts_with("manual-") {
                return lang.pick("Nilai fasilitator", "Facilitator's score").to_string();
            }
            if other.starts_with("reading-") {
                return lang.pick("Angka meter", "Meter figure").to_string();
            }
            if other.starts_with("block-") {
                return lang.pick("Blok tarif", "Tariff block").to_string();
            }
            if other.starts_with("rule_") {
                return lang.pick("Aturan main", "Group rule").to_string();
            }
            if other.starts_with("graduation.") || other.starts_with("stage.") || other.starts_with("fund.") {
                return lang.pick("Pengaturan", "Setting").to_string();
            }
            return other.to_string();
        }
    };
    lang.pick(id, en).to_string()
}

impl FormState {
    pub fn value(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }

    pub fn with_errors(values: HashMap<String, String>, errors: &[swadaya_core::app::FieldError]) -> FormState {
        let mut e: HashMap<String, Vec<String>> = HashMap::new();
        for f in errors {
            e.entry(f.field.clone()).or_default().push(f.message.clone());
        }
        FormState { values, errors: e, link_label: String::new() }
    }

    pub fn error_summary(&self, lang: Lang) -> Markup {
        html! {
            @if !self.errors.is_empty() {
                div.warn role="alert" {
                    strong { (lang.pick("Ada isian yang perlu diperbaiki. Data belum disimpan.", "Some fields need fixing. Nothing has been saved yet.")) }
                    ul { @for (field, msgs) in self.errors.iter().filter(|(f, _)| !f.ends_with(LINK)) { @for m in msgs {
                        li { a href={"#" (field)} { strong { (field_label(lang, field)) } ": " (m) } }
                    } } }
                }
            }
        }
    }

    /// A labelled input with its error messages under it. Usernames get no automatic capital
    /// letter (phones capitalise the first letter otherwise); passwords are never echoed back.
    pub fn input(&self, name: &str, label: &str, kind: &str, hint: Option<&str>) -> Markup {
        let errs = self.errors.get(name);
        let value = if kind == "password" { "" } else { self.value(name) };
        let autocomplete = match name {
            "username" => Some("username"),
            "password" => Some("current-password"),
            _ => None,
        };
        html! {
            label for=(name) { (label) @if let Some(h) = hint { " " span.hint { (h) } } }
            input id=(name) name=(name) type=(kind) value=(value) class=[errs.map(|_| "invalid")]
                aria-invalid=[errs.map(|_| "true")] autocomplete=[autocomplete]
                autocapitalize=[(name == "username").then_some("none")];
            @if let Some(es) = errs { @for e in es { p.field-error { (e) } } }
            @if let Some(l) = self.errors.get(&format!("{name}{LINK}")).and_then(|l| l.first()) {
                p.field-error { a href=(l) { "→ " (self.link_label) } }
            }
        }
    }

    pub fn textarea(&self, name: &str, label: &str) -> Markup {
        let errs = self.errors.get(name);
        html! {
            label for=(name) { (label) }
            textarea id=(name) name=(name) class=[errs.map(|_| "invalid")] { (self.value(name)) }
            @if let Some(es) = errs { @for e in es { p.field-error { (e) } } }
        }
    }

    pub fn select(&self, name: &str, label: &str, options: &[(String, String)]) -> Markup {
        let errs = self.errors.get(name);
        let cur = self.value(name);
        html! {
            label for=(name) { (label) }
            select id=(name) name=(name) class=[errs.map(|_| "invalid")] {
                @for (v, l) in options { option value=(v) selected[cur == v] { (l) } }
            }
            @if let Some(es) = errs { @for e in es { p.field-error { (e) } } }
        }
    }

    /// Errors not tied to a visible field (e.g. `file`, `person_id`).
    pub fn errors_for(&self, name: &str) -> Markup {
        html! { @if let Some(es) = self.errors.get(name) { @for e in es { p.field-error { (e) } } } }
    }

    /// The errors of something that is not one input (the RAB rows, the sheet's members, the
    /// criteria), in a box the error summary's link lands on.
    pub fn errors_at(&self, name: &str) -> Markup {
        html! { @if let Some(es) = self.errors.get(name) { div id=(name) tabindex="-1" { @for e in es { p.field-error { (e) } } } } }
    }
}

pub fn csrf_field(csrf: &str) -> Markup {
    html! { input type="hidden" name="_csrf" value=(csrf); }
}

/// An empty search says what was searched and how to find more; nothing when something was found
/// or nothing was searched. `what` names the records in the page's language ("lembaga").
pub fn no_match(lang: Lang, search: &str, total: i64, what: &str, all: &str) -> Markup {
    html! {
        @if total == 0 && !search.trim().is_empty() {
            p.card #no-match role="status" {
                (match lang {
                    Lang::Id => format!("Tidak ada {what} yang cocok dengan \u{201c}{}\u{201d}. ", search.trim()),
                    Lang::En => format!("No {what} match \u{201c}{}\u{201d}. ", search.trim()),
                })
                (lang.pick("Periksa ejaannya, cari dengan sebagian kata saja, atau ", "Check the spelling, search for part of a word, or "))
                a href=(all) { (lang.pick("tampilkan semua", "show them all")) } "."
            }
        }
    }
}

/// "Page 2 of 5" with previous/next links that keep the other query parameters.
pub fn pager(lang: Lang, base: &str, params: &[(&str, &str)], page: i64, per_page: i64, total: i64) -> Markup {
    let pages = ((total + per_page - 1) / per_page).max(1);
    let link = |p: i64| {
        let mut q: Vec<String> =
            params.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", urlencoding::encode(v))).collect();
        q.push(format!("page={p}"));
        format!("{base}?{}", q.join("&"))
    };
    html! {
        div.pager {
            @if page > 1 { a href=(link(page - 1)) { "← " (lang.pick("Sebelumnya", "Previous")) } }
            span.muted { (lang.pick("Halaman", "Page")) " " (page) " / " (pages) " · " (total) " " (lang.pick("data", "records")) }
            @if page < pages { a href=(link(page + 1)) { (lang.pick("Berikutnya", "Next")) " →" } }
        }
    }
}

pub fn date(lang: Lang, iso: &str) -> String {
    swadaya_domain::dates::parse_date(iso).map(|d| swadaya_domain::dates::format_date(d, lang)).unwrap_or_else(|| iso.to_string())
}
