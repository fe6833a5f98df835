//! What a customer of a village water service (or a maintenance group) owes for a month under
//! its fee scheme: a flat monthly fee (iuran), so much per house every week (jimpitan, seed 001:
//! "Rp. 5.000 per rumah di setiap hari jumat"), or a metered tariff the way BP-SPAMS publish
//! their "daftar tarif": a fixed monthly charge (beban) plus blocks of m3, each block's m3 at its
//! own price. Tariff changes are new versions from the first day of a month, never edits.

use crate::Lang;
use chrono::{Datelike, NaiveDate, Weekday};

/// One block of a metered tariff: the m3 after the previous block's last, up to and including
/// `up_to` (`None`: no upper end, only the last block), each at `price` rupiah.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    pub up_to: Option<u32>,
    pub price: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// The same fee every month.
    Flat { monthly: i64 },
    /// `per_week` on every `weekday` of the month (jimpitan).
    Weekly { per_week: i64, weekday: Weekday },
    /// `fixed` every month plus the m3 used priced block by block; a month below `minimum_m3`
    /// is billed as `minimum_m3` (0: no minimum).
    Metered { fixed: i64, minimum_m3: u32, blocks: Vec<Block> },
}

/// The m3 of one block a month used, with its price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BlockUse {
    pub from: u32,
    pub to: u32,
    pub m3: u32,
    pub price: i64,
    pub amount: i64,
}

/// A month's charge, itemised the way a bill prints it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Charge {
    /// The fixed part: the monthly fee, the weeks' jimpitan, or the metered tariff's beban.
    pub fixed: i64,
    /// Weeks counted for a jimpitan.
    pub weeks: u32,
    /// The m3 billed (the minimum when less was used).
    pub billed_m3: u32,
    pub blocks: Vec<BlockUse>,
    pub total: i64,
}

impl Scheme {
    /// What the month starting on `month` (any day of it) costs, with `m3` used (read only by a
    /// metered tariff). The scheme must have passed `check`.
    pub fn charge(&self, month: NaiveDate, m3: u32) -> Charge {
        match self {
            Scheme::Flat { monthly } => Charge { fixed: *monthly, total: *monthly, ..Charge::default() },
            Scheme::Weekly { per_week, weekday } => {
                let weeks = weekdays_in_month(month, *weekday);
                let fixed = per_week * i64::from(weeks);
                Charge { fixed, weeks, total: fixed, ..Charge::default() }
            }
            Scheme::Metered { fixed, minimum_m3, blocks } => {
                let billed_m3 = m3.max(*minimum_m3);
                let mut used = Vec::new();
                let mut from = 1u32;
                for b in blocks {
                    if billed_m3 < from {
                        break;
                    }
                    let to = b.up_to.map_or(billed_m3, |u| u.min(billed_m3));
                    let m3 = to - from + 1;
                    used.push(BlockUse { from, to, m3, price: b.price, amount: i64::from(m3) * b.price });
                    from = to.saturating_add(1);
                }
                let total = fixed + used.iter().map(|b| b.amount).sum::<i64>();
                Charge { fixed: *fixed, weeks: 0, billed_m3, blocks: used, total }
            }
        }
    }

    /// Refuses amounts below zero and blocks that are empty, out of order or leave m3 unpriced.
    pub fn check(&self, lang: Lang) -> Result<(), String> {
        let negative = |v: i64| v < 0;
        match self {
            Scheme::Flat { monthly } | Scheme::Weekly { per_week: monthly, .. } if negative(*monthly) => {
                Err(lang.pick("Iuran tidak boleh kurang dari nol.", "A fee cannot be below zero.").into())
            }
            Scheme::Flat { .. } | Scheme::Weekly { .. } => Ok(()),
            Scheme::Metered { fixed, blocks, .. } => {
                if negative(*fixed) {
                    return Err(lang
                        .pick("Beban tetap tidak boleh kurang dari nol.", "The fixed charge cannot be below zero.")
                        .into());
                }
                check_blocks(blocks, lang)
            }
        }
    }
}

fn check_blocks(blocks: &[Block], lang: Lang) -> Result<(), String> {
    let Some(last) = blocks.last() else {
        return Err(lang.pick("Tulis paling sedikit satu blok pemakaian.", "Give at least one block of use.").into());
    };
    let mut from = 1u32;
    for (i, b) in blocks.iter().enumerate() {
        let n = i + 1;
        if b.price < 0 {
            return Err(match lang {
                Lang::Id => format!("Harga per m³ blok {n} tidak boleh kurang dari nol."),
                Lang::En => format!("Block {n}'s price per m³ cannot be below zero."),
            });
        }
        match b.up_to {
            Some(u) if u < from => {
                return Err(match lang {
                    Lang::Id => format!("Blok {n} berakhir di {u} m³, padahal mulai dari {from} m³. Urutkan blok dari yang terkecil; batasnya harus naik."),
                    Lang::En => format!("Block {n} ends at {u} m³ but starts at {from} m³. Put the blocks in order; their ends must rise."),
                });
            }
            Some(u) => from = u + 1,
            None if n < blocks.len() => {
                return Err(match lang {
                    Lang::Id => format!("Hanya blok terakhir yang boleh tanpa batas atas; blok {n} belum punya batas."),
                    Lang::En => format!("Only the last block may have no upper end; block {n} has none."),
                });
            }
            None => {}
        }
    }
    if let Some(u) = last.up_to {
        return Err(match lang {
            Lang::Id => format!(
                "Blok terakhir berakhir di {u} m³: pemakaian di atasnya tidak berharga. Kosongkan batas atas blok terakhir."
            ),
            Lang::En => format!(
                "The last block ends at {u} m³, leaving use above it without a price. Leave the last block's upper end empty."
            ),
        });
    }
    Ok(())
}

/// A block as a tariff list prints it: from m3, to m3 (`None`: and above), price per m3.
pub type Range = (u32, Option<u32>, i64);

/// Blocks from the ranges a tariff list prints ("1 s/d 10", "11 s/d 20", "21 ke atas"): each
/// `(from, to, price)` must start right after the one before (the first at 0 or 1 m3), so
/// ranges that overlap or leave a gap are refused, naming the block.
pub fn blocks_from_ranges(ranges: &[Range], lang: Lang) -> Result<Vec<Block>, String> {
    let mut expected = 1u32;
    let mut blocks = Vec::with_capacity(ranges.len());
    for (i, &(from, to, price)) in ranges.iter().enumerate() {
        let n = i + 1;
        if i > 0 && ranges[i - 1].1.is_none() {
            return Err(match lang {
                Lang::Id => format!("Hanya blok terakhir yang boleh tanpa batas atas; blok {i} belum punya batas."),
                Lang::En => format!("Only the last block may have no upper end; block {i} has none."),
            });
        }
        let starts_ok = from == expected || (i == 0 && from == 0);
        if !starts_ok {
            let what =
                if from < expected { lang.pick("bertumpang tindih", "overlaps") } else { lang.pick("berjarak", "leaves a gap") };
            return Err(match lang {
                Lang::Id => format!(
                    "Blok {n} mulai dari {from} m³ dan {what} dengan blok sebelumnya; seharusnya mulai dari {expected} m³."
                ),
                Lang::En => {
                    format!("Block {n} starts at {from} m³ and {what} with the block before; it should start at {expected} m³.")
                }
            });
        }
        blocks.push(Block { up_to: to, price });
        expected = to.map_or(expected, |t| t.saturating_add(1));
    }
    check_blocks(&blocks, lang)?;
    Ok(blocks)
}

/// How many times `weekday` falls in the month of `day`.
pub fn weekdays_in_month(day: NaiveDate, weekday: Weekday) -> u32 {
    let first = day.with_day(1).unwrap_or(day);
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    let days = next.map_or(31, |n| (n - first).num_days() as u32);
    let offset = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    if offset >= days {
        0
    } else {
        (days - offset).div_ceil(7)
    }
}

/// A scheme from a date: a tariff change is a new version, never an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub from: NaiveDate,
    pub scheme: Scheme,
}

/// The version in force for the month that starts on `month`'s first day: the newest that
/// starts on or before it. `None` when the service had no tariff yet.
pub fn in_force(versions: &[Version], month: NaiveDate) -> Option<&Version> {
    let first = month.with_day(1).unwrap_or(month);
    versions.iter().filter(|v| v.from <= first).max_by_key(|v| v.from)
}

/// A new version starts on the first day of a month, after the newest one.
pub fn check_new_version(versions: &[Version], from: NaiveDate, lang: Lang) -> Result<(), String> {
    if from.day() != 1 {
        return Err(lang
            .pick(
                "Tarif baru berlaku mulai tanggal 1 suatu bulan (tagihan dihitung per bulan).",
                "A new tariff starts on the first day of a month (bills are monthly).",
            )
            .into());
    }
    match versions.iter().map(|v| v.from).max() {
        Some(newest) if from <= newest => Err(match lang {
            Lang::Id => format!(
                "Tarif terakhir berlaku mulai {}. Tarif baru harus mulai sesudahnya; tarif lama tidak diubah.",
                crate::dates::format_date(newest, lang)
            ),
            Lang::En => format!(
                "The newest tariff starts on {}. A new one must start after it; earlier tariffs are not changed.",
                crate::dates::format_date(newest, lang)
            ),
        }),
        _ => Ok(()),
    }
}
