//! Double-entry rules: the kinds of account, which side each grows on, the default UPK chart
//! (RULES.md) and the one check every journal entry must pass before it is stored.

use crate::{Lang, Rupiah};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

pub const ALL_KINDS: [AccountKind; 5] =
    [AccountKind::Asset, AccountKind::Liability, AccountKind::Equity, AccountKind::Income, AccountKind::Expense];

impl AccountKind {
    pub fn code(self) -> &'static str {
        match self {
            AccountKind::Asset => "asset",
            AccountKind::Liability => "liability",
            AccountKind::Equity => "equity",
            AccountKind::Income => "income",
            AccountKind::Expense => "expense",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        ALL_KINDS.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AccountKind::Asset => lang.pick("Aset", "Assets"),
            AccountKind::Liability => lang.pick("Kewajiban", "Liabilities"),
            AccountKind::Equity => lang.pick("Modal", "Equity"),
            AccountKind::Income => lang.pick("Pendapatan", "Income"),
            AccountKind::Expense => lang.pick("Biaya", "Expenses"),
        }
    }

    /// Assets and expenses grow by debits; the others by credits. A contra account (the
    /// loan-loss reserve under assets) grows on the other side.
    pub fn debit_normal(self, contra: bool) -> bool {
        matches!(self, AccountKind::Asset | AccountKind::Expense) != contra
    }

    /// Accounts that appear in the income statement and close into retained earnings.
    pub fn is_result(self) -> bool {
        matches!(self, AccountKind::Income | AccountKind::Expense)
    }
}

/// An account of the default chart: code, kind, contra flag, names in both languages.
pub struct DefaultAccount {
    pub code: &'static str,
    pub kind: AccountKind,
    pub contra: bool,
    /// Cash and bank: the accounts the cash-flow statement follows.
    pub cash: bool,
    pub name: &'static str,
}

/// The UPK chart of accounts from RULES.md (a real UPK ledger). Institutions add their own.
pub const DEFAULT_CHART: &[DefaultAccount] = &[
    DefaultAccount { code: "11010", kind: AccountKind::Asset, contra: false, cash: true, name: "Kas" },
    DefaultAccount { code: "11021", kind: AccountKind::Asset, contra: false, cash: true, name: "Bank UPK" },
    DefaultAccount { code: "11022", kind: AccountKind::Asset, contra: false, cash: true, name: "Bank tanggung renteng" },
    DefaultAccount { code: "11030", kind: AccountKind::Asset, contra: false, cash: false, name: "Pinjaman KSM" },
    DefaultAccount { code: "12010", kind: AccountKind::Asset, contra: true, cash: false, name: "Cadangan risiko pinjaman" },
    DefaultAccount { code: "12020", kind: AccountKind::Asset, contra: false, cash: false, name: "Inventaris" },
    DefaultAccount { code: "12021", kind: AccountKind::Asset, contra: true, cash: false, name: "Akumulasi penyusutan" },
    DefaultAccount { code: "11023", kind: AccountKind::Asset, contra: false, cash: true, name: "Bank kegiatan BKM/KKM" },
    DefaultAccount { code: "21010", kind: AccountKind::Liability, contra: false, cash: false, name: "Hutang" },
    DefaultAccount {
        code: "21020",
        kind: AccountKind::Liability,
        contra: false,
        cash: false,
        name: "Tabungan KSM / tanggung renteng",
    },
    DefaultAccount { code: "22010", kind: AccountKind::Liability, contra: false, cash: false, name: "Dana kegiatan BLM APBN" },
    DefaultAccount { code: "22020", kind: AccountKind::Liability, contra: false, cash: false, name: "Dana kegiatan APBD" },
    DefaultAccount { code: "22030", kind: AccountKind::Liability, contra: false, cash: false, name: "Dana kegiatan Dana Desa" },
    DefaultAccount {
        code: "22040",
        kind: AccountKind::Liability,
        contra: false,
        cash: false,
        name: "Dana kegiatan swadaya masyarakat",
    },
    DefaultAccount { code: "22050", kind: AccountKind::Liability, contra: false, cash: false, name: "Dana kegiatan CSR/swasta" },
    DefaultAccount { code: "22060", kind: AccountKind::Liability, contra: false, cash: false, name: "Dana kegiatan lainnya" },
    DefaultAccount { code: "31010", kind: AccountKind::Equity, contra: false, cash: false, name: "Modal awal dana bergulir" },
    DefaultAccount { code: "31020", kind: AccountKind::Equity, contra: false, cash: false, name: "Modal PNPM" },
    DefaultAccount { code: "32010", kind: AccountKind::Equity, contra: false, cash: false, name: "Laba ditahan" },
    DefaultAccount { code: "32020", kind: AccountKind::Equity, contra: false, cash: false, name: "Laba tahun berjalan" },
    DefaultAccount { code: "41010", kind: AccountKind::Income, contra: false, cash: false, name: "Jasa pinjaman" },
    DefaultAccount { code: "41020", kind: AccountKind::Income, contra: false, cash: false, name: "Pendapatan non-operasional" },
    DefaultAccount { code: "51010", kind: AccountKind::Expense, contra: false, cash: false, name: "Insentif UPK" },
    DefaultAccount { code: "51030", kind: AccountKind::Expense, contra: false, cash: false, name: "ATK" },
    DefaultAccount { code: "51040", kind: AccountKind::Expense, contra: false, cash: false, name: "Transport" },
    DefaultAccount {
        code: "51080",
        kind: AccountKind::Expense,
        contra: false,
        cash: false,
        name: "Biaya cadangan risiko pinjaman",
    },
];

/// The accounts a water service or maintenance group posts to, added to its chart the first
/// time it bills (an institution without a service never sees them).
pub const SERVICE_CHART: &[DefaultAccount] = &[
    DefaultAccount { code: "11040", kind: AccountKind::Asset, contra: false, cash: false, name: "Piutang iuran pelanggan" },
    DefaultAccount { code: "21030", kind: AccountKind::Liability, contra: false, cash: false, name: "Iuran dibayar di muka" },
    DefaultAccount { code: "41030", kind: AccountKind::Income, contra: false, cash: false, name: "Pendapatan iuran pelanggan" },
];

/// The accounts the loan fund posts to. They are looked up by these codes; an institution that
/// renumbers its chart keeps these codes for these purposes.
pub mod codes {
    pub const CASH: &str = "11010";
    pub const BANK: &str = "11021";
    pub const LOANS: &str = "11030";
    pub const RESERVE: &str = "12010";
    pub const RETAINED: &str = "32010";
    /// Carries what was allocated from past years' profits (debited by each allocation).
    pub const ALLOCATED_PROFIT: &str = "32020";
    pub const INTEREST_INCOME: &str = "41010";
    pub const RESERVE_EXPENSE: &str = "51080";
    /// The BKM/KKM's own bank account for activity funds.
    pub const ACTIVITY_BANK: &str = "11023";
    /// Where funded activities' money waits, per source, until it is spent (see activity::funding).
    pub const FUND_BLM: &str = "22010";
    pub const FUND_APBD: &str = "22020";
    pub const FUND_DANA_DESA: &str = "22030";
    pub const FUND_COMMUNITY: &str = "22040";
    pub const FUND_CSR: &str = "22050";
    pub const FUND_OTHER: &str = "22060";
    /// What customers of a service owe on their bills.
    pub const FEES_RECEIVABLE: &str = "11040";
    /// Paid ahead of any bill, until a bill run takes it.
    pub const FEES_ADVANCE: &str = "21030";
    /// A service's bills, as they are issued.
    pub const FEE_INCOME: &str = "41030";
    /// Accounts the system posts to by itself; they cannot be deleted.
    pub const AUTOMATIC: [&str; 17] = [
        CASH,
        BANK,
        LOANS,
        RESERVE,
        RETAINED,
        ALLOCATED_PROFIT,
        INTEREST_INCOME,
        RESERVE_EXPENSE,
        FUND_BLM,
        FUND_APBD,
        FUND_DANA_DESA,
        FUND_COMMUNITY,
        FUND_CSR,
        FUND_OTHER,
        FEES_RECEIVABLE,
        FEES_ADVANCE,
        FEE_INCOME,
    ];
}

/// A line of a journal entry: exactly one of debit and credit is positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account: String,
    pub debit: i64,
    pub credit: i64,
}

impl Posting {
    pub fn debit(account: &str, amount: i64) -> Posting {
        Posting { account: account.to_string(), debit: amount, credit: 0 }
    }
    pub fn credit(account: &str, amount: i64) -> Posting {
        Posting { account: account.to_string(), debit: 0, credit: amount }
    }
    /// The same line on the other side: what a reversal posts.
    pub fn reversed(&self) -> Posting {
        Posting { account: self.account.clone(), debit: self.credit, credit: self.debit }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    TooFewLines,
    BadLine(usize),
    Unbalanced { debit: i64, credit: i64 },
    TooLarge,
}

impl EntryError {
    pub fn msg(&self, lang: Lang) -> String {
        match (self, lang) {
            (EntryError::TooFewLines, Lang::Id) => "Jurnal perlu paling sedikit satu baris debit dan satu baris kredit.".into(),
            (EntryError::TooFewLines, Lang::En) => "An entry needs at least one debit line and one credit line.".into(),
            (EntryError::BadLine(i), Lang::Id) => {
                format!("Baris {}: isi debit atau kredit (salah satu, lebih dari 0).", i + 1)
            }
            (EntryError::BadLine(i), Lang::En) => format!("Line {}: fill in debit or credit (one of them, above 0).", i + 1),
            (EntryError::Unbalanced { debit, credit }, Lang::Id) => format!(
                "Jurnal tidak seimbang: debit {} dan kredit {} (selisih {}). Perbaiki angkanya sampai sama.",
                Rupiah(*debit),
                Rupiah(*credit),
                Rupiah((debit - credit).abs())
            ),
            (EntryError::Unbalanced { debit, credit }, Lang::En) => format!(
                "The entry does not balance: debit {} and credit {} (difference {}). Correct the figures until they agree.",
                Rupiah(*debit),
                Rupiah(*credit),
                Rupiah((debit - credit).abs())
            ),
            (EntryError::TooLarge, Lang::Id) => "Jumlahnya terlalu besar untuk satu jurnal.".into(),
            (EntryError::TooLarge, Lang::En) => "The amounts are too large for one entry.".into(),
        }
    }
}

/// Every entry passes this before it is stored: at least two lines, each one-sided and
/// positive, debits equal credits.
pub fn check_entry(lines: &[Posting]) -> Result<i64, EntryError> {
    if lines.len() < 2 {
        return Err(EntryError::TooFewLines);
    }
    let (mut debit, mut credit) = (0i64, 0i64);
    for (i, l) in lines.iter().enumerate() {
        let ok = (l.debit > 0 && l.credit == 0) || (l.credit > 0 && l.debit == 0);
        if !ok {
            return Err(EntryError::BadLine(i));
        }
        debit = debit.checked_add(l.debit).ok_or(EntryError::TooLarge)?;
        credit = credit.checked_add(l.credit).ok_or(EntryError::TooLarge)?;
    }
    if debit != credit {
        return Err(EntryError::Unbalanced { debit, credit });
    }
    if !lines.iter().any(|l| l.debit > 0) || !lines.iter().any(|l| l.credit > 0) {
        return Err(EntryError::TooFewLines);
    }
    Ok(debit)
}

/// An account's balance on its normal side from its debit and credit totals.
pub fn normal_balance(kind: AccountKind, contra: bool, debit: i64, credit: i64) -> i64 {
    if kind.debit_normal(contra) {
        debit - credit
    } else {
        credit - debit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_unbalanced_and_one_sided() {
        assert_eq!(check_entry(&[Posting::debit("11010", 5)]), Err(EntryError::TooFewLines));
        assert_eq!(
            check_entry(&[Posting::debit("11010", 5), Posting::credit("41010", 4)]),
            Err(EntryError::Unbalanced { debit: 5, credit: 4 })
        );
        assert_eq!(
            check_entry(&[Posting { account: "11010".into(), debit: 5, credit: 5 }, Posting::credit("41010", 5)]),
            Err(EntryError::BadLine(0))
        );
        assert_eq!(
            check_entry(&[Posting::debit("11010", 5), Posting::debit("41010", 5)]),
            Err(EntryError::Unbalanced { debit: 10, credit: 0 })
        );
        assert_eq!(check_entry(&[Posting::debit("11010", 5), Posting::credit("41010", 5)]), Ok(5));
        let msg = EntryError::Unbalanced { debit: 1_500_000, credit: 1_000_000 }.msg(Lang::Id);
        assert!(msg.contains("Rp 500.000"), "{msg}");
    }

    #[test]
    fn default_chart_codes_are_unique_and_present() {
        let mut seen = std::collections::HashSet::new();
        for a in DEFAULT_CHART {
            assert!(seen.insert(a.code), "{}", a.code);
        }
        for c in [
            codes::CASH,
            codes::BANK,
            codes::LOANS,
            codes::RESERVE,
            codes::RETAINED,
            codes::INTEREST_INCOME,
            codes::RESERVE_EXPENSE,
        ] {
            assert!(seen.contains(c), "{c}");
        }
    }

    proptest! {
        /// Any accepted entry, and its reversal, leave the sum of all balances at zero.
        #[test]
        fn reversal_restores_every_balance(amounts in proptest::collection::vec(1i64..1_000_000_000, 1..6)) {
            let total: i64 = amounts.iter().sum();
            let mut lines: Vec<Posting> = amounts.iter().enumerate().map(|(i, a)| Posting::debit(&format!("5{i}"), *a)).collect();
            lines.push(Posting::credit("11010", total));
            prop_assert_eq!(check_entry(&lines), Ok(total));
            let rev: Vec<Posting> = lines.iter().map(Posting::reversed).collect();
            prop_assert_eq!(check_entry(&rev), Ok(total));
            let mut bal = std::collections::HashMap::<String, i64>::new();
            for l in lines.iter().chain(rev.iter()) {
                *bal.entry(l.account.clone()).or_default() += l.debit - l.credit;
            }
            prop_assert!(bal.values().all(|v| *v == 0));
        }
    }
}
