//! A loan product: how interest is charged, how often instalments fall due, and the limits
//! that keep a member's loans within what a revolving fund is for.

use crate::{Lang, Rupiah};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Interest on the original principal every period (the programme's "jasa flat").
    Flat,
    /// Interest on the balance still owed, equal instalments (annuity).
    Declining,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Method::Flat => "flat",
            Method::Declining => "declining",
        }
    }
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim() {
            "flat" => Some(Method::Flat),
            "declining" => Some(Method::Declining),
            _ => None,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Method::Flat => lang.pick("Flat (dari pokok awal)", "Flat (on the original principal)"),
            Method::Declining => lang.pick("Menurun (anuitas)", "Declining balance (annuity)"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Monthly,
    Weekly,
}

impl Frequency {
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Weekly => "weekly",
        }
    }
    pub fn parse(s: &str) -> Option<Frequency> {
        match s.trim() {
            "monthly" => Some(Frequency::Monthly),
            "weekly" => Some(Frequency::Weekly),
            _ => None,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Frequency::Monthly => lang.pick("Bulanan", "Monthly"),
            Frequency::Weekly => lang.pick("Mingguan", "Weekly"),
        }
    }
}

/// Terms fixed when a loan is made; a loan keeps its own copy so a product changed later does
/// not change a running loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub method: Method,
    /// Interest per month in hundredths of a percent: 150 = 1.5 % a month.
    pub rate_bp: i64,
    /// Number of instalments.
    pub term: u32,
    pub frequency: Frequency,
}

/// Per-member limits of a product (RULES.md "Loan terms").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub first_loan: Rupiah,
    pub later_loan: Rupiah,
    /// A member whose loans reach this total, or this many cycles, is referred to a bank.
    pub ceiling: Rupiah,
    pub max_cycles: u32,
    pub min_term: u32,
    pub max_term: u32,
}

pub const DEFAULT_TERMS: Terms = Terms { method: Method::Flat, rate_bp: 150, term: 10, frequency: Frequency::Monthly };
pub const DEFAULT_LIMITS: Limits = Limits {
    first_loan: Rupiah(500_000),
    later_loan: Rupiah(2_000_000),
    ceiling: Rupiah(3_000_000),
    max_cycles: 4,
    min_term: 3,
    max_term: 12,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareProblem {
    NotPositive,
    OverFirstLimit(Rupiah),
    OverLaterLimit(Rupiah),
}

impl ShareProblem {
    pub fn msg(&self, lang: Lang) -> String {
        match (self, lang) {
            (ShareProblem::NotPositive, Lang::Id) => {
                "Isi jumlah pinjaman lebih dari 0 (atau kosongkan untuk anggota yang tidak meminjam).".into()
            }
            (ShareProblem::NotPositive, Lang::En) => {
                "Enter an amount above 0 (or leave it empty for a member who does not borrow).".into()
            }
            (ShareProblem::OverFirstLimit(l), Lang::Id) => format!("Pinjaman pertama anggota paling banyak {l}."),
            (ShareProblem::OverFirstLimit(l), Lang::En) => format!("A member's first loan is at most {l}."),
            (ShareProblem::OverLaterLimit(l), Lang::Id) => format!("Pinjaman berikutnya anggota paling banyak {l}."),
            (ShareProblem::OverLaterLimit(l), Lang::En) => format!("A member's later loans are at most {l}."),
        }
    }
}

/// Checks one member's share against the product: `cycle` is 1 for the member's first loan.
pub fn check_share(limits: &Limits, amount: Rupiah, cycle: u32) -> Result<(), ShareProblem> {
    if amount.0 <= 0 {
        return Err(ShareProblem::NotPositive);
    }
    if cycle <= 1 && amount > limits.first_loan {
        return Err(ShareProblem::OverFirstLimit(limits.first_loan));
    }
    if cycle > 1 && amount > limits.later_loan {
        return Err(ShareProblem::OverLaterLimit(limits.later_loan));
    }
    Ok(())
}

/// "Refer to a bank": the member has outgrown the revolving fund (total borrowed or cycles).
pub fn refer_to_bank(limits: &Limits, total_borrowed: Rupiah, cycle: u32) -> bool {
    total_borrowed >= limits.ceiling || cycle >= limits.max_cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_from_rules() {
        let l = DEFAULT_LIMITS;
        assert_eq!(check_share(&l, Rupiah(500_000), 1), Ok(()));
        assert_eq!(check_share(&l, Rupiah(500_001), 1), Err(ShareProblem::OverFirstLimit(Rupiah(500_000))));
        assert_eq!(check_share(&l, Rupiah(2_000_000), 2), Ok(()));
        assert!(check_share(&l, Rupiah(0), 2).is_err());
        assert!(refer_to_bank(&l, Rupiah(3_000_000), 2));
        assert!(refer_to_bank(&l, Rupiah(100), 4));
        assert!(!refer_to_bank(&l, Rupiah(2_999_999), 3));
    }
}
