//! The books from the command line: the month-end close with a progress bar, and the journal
//! exported for hledger.

use std::io::Write;
use std::process::ExitCode;
use swadaya_core::app::Db;
use swadaya_core::app::{AppError, Ctx};
use swadaya_domain::Lang;

pub async fn close_month(url: &str, institution: i64, month: Option<String>) -> anyhow::Result<ExitCode> {
    let db = super::open_migrated(url).await?;
    let month = month.unwrap_or_else(|| {
        let today = chrono::Local::now().date_naive();
        today.checked_sub_months(chrono::Months::new(1)).unwrap_or(today).format("%Y-%m").to_string()
    });
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(format!("tutup buku {month}"));
    let progress = {
        let bar = bar.clone();
        move |done: i64, total: i64| {
            bar.set_length(total.max(0) as u64);
            bar.set_position(done.max(0) as u64);
        }
    };
    let outcome = swadaya_core::app::fund::close::close_month(&db, &Ctx::system("cli"), institution, &month, &progress).await;
    bar.finish_and_clear();
    match outcome {
        Ok(o) if o.already => println!("{month} was already closed; nothing changed"),
        Ok(o) => {
            let s = o.summary;
            println!(
                "{month} closed: {} member shares, outstanding Rp {}, overdue Rp {}, reserve Rp {} (posted {})",
                s.shares,
                swadaya_domain::money::group_thousands(s.outstanding),
                swadaya_domain::money::group_thousands(s.overdue_amount),
                swadaya_domain::money::group_thousands(s.reserve_required),
                s.reserve_posted
            );
            for i in &s.indicators {
                println!(
                    "  {:<4} {:>10}  {}",
                    i.code,
                    i.value_bp.map(|v| swadaya_domain::fund::indicators::percent(v, Lang::Id)).unwrap_or("-".into()),
                    i.band.clone().unwrap_or_default()
                );
            }
        }
        Err(AppError::Invalid(f)) => {
            for e in f {
                eprintln!("{}", e.message);
            }
            return Ok(ExitCode::FAILURE);
        }
        Err(AppError::NotFound) => {
            eprintln!("institution {institution} not found");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}

/// The journal for hledger, as the command line writes it (run as the system).
pub async fn write_ledger(db: &Db, institution: i64, out: &mut dyn Write) -> anyhow::Result<()> {
    swadaya_core::app::books::hledger::write(db, &Ctx::system("cli"), institution, out).await
}

pub async fn export_ledger(url: &str, institution: i64, out: Option<String>) -> anyhow::Result<()> {
    let db = super::open_migrated(url).await?;
    match out {
        Some(path) => {
            let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
            write_ledger(&db, institution, &mut f).await?;
            f.flush()?;
            eprintln!("journal written to {path}");
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write_ledger(&db, institution, &mut lock).await?;
            lock.flush()?;
        }
    }
    Ok(())
}
