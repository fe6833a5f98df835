//! Savings balances: a balance is the sum of its movements (deposits positive, withdrawals
//! negative) and is never negative.

use crate::{Lang, Rupiah};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithdrawalError {
    NotPositive,
    OverBalance { balance: Rupiah, asked: Rupiah },
}

impl WithdrawalError {
    pub fn msg(&self, lang: Lang) -> String {
        match (self, lang) {
            (WithdrawalError::NotPositive, Lang::Id) => "Jumlah penarikan harus lebih dari nol.".into(),
            (WithdrawalError::NotPositive, Lang::En) => "The withdrawal must be more than zero.".into(),
            (WithdrawalError::OverBalance { balance, asked }, Lang::Id) => {
                format!("Penarikan {asked} melebihi saldo {balance}. Tarik paling banyak {balance}.")
            }
            (WithdrawalError::OverBalance { balance, asked }, Lang::En) => {
                format!("The withdrawal of {asked} is more than the balance of {balance}. Withdraw at most {balance}.")
            }
        }
    }
}

/// The largest amount one entry of a KSM's books may hold: Rp 100.000.000. Anything larger is a
/// typing slip (and sums of many such entries must stay far from the integer limit).
pub const MAX_ENTRY: Rupiah = Rupiah(100_000_000);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    Money(crate::money::MoneyError),
    Negative,
    TooLarge,
}

impl EntryError {
    pub fn msg(&self, lang: Lang) -> String {
        match (self, lang) {
            (EntryError::Money(e), _) => e.msg(lang),
            (EntryError::Negative, Lang::Id) => "Jumlah tidak boleh negatif.".into(),
            (EntryError::Negative, Lang::En) => "The amount cannot be negative.".into(),
            (EntryError::TooLarge, Lang::Id) => format!("Jumlah lebih dari {MAX_ENTRY} per catatan; periksa jumlah nolnya."),
            (EntryError::TooLarge, Lang::En) => format!("More than {MAX_ENTRY} in one entry; check the number of zeros."),
        }
    }
}

/// An amount typed into a KSM form: empty is zero; negative and implausibly large are refused.
pub fn entry(input: &str) -> Result<Rupiah, EntryError> {
    if input.trim().is_empty() {
        return Ok(Rupiah(0));
    }
    let r = Rupiah::parse(input).map_err(EntryError::Money)?;
    if r.0 < 0 {
        Err(EntryError::Negative)
    } else if r > MAX_ENTRY {
        Err(EntryError::TooLarge)
    } else {
        Ok(r)
    }
}

/// The lowest point a running balance reaches, movements taken in date order.
pub fn lowest_running(movements: impl IntoIterator<Item = Rupiah>) -> Rupiah {
    let mut run = 0i64;
    let mut low = 0i64;
    for m in movements {
        run += m.0;
        low = low.min(run);
    }
    Rupiah(low)
}

pub fn balance(movements: impl IntoIterator<Item = Rupiah>) -> Rupiah {
    Rupiah(movements.into_iter().map(|m| m.0).sum())
}

/// Checks a withdrawal against the balance it draws on.
pub fn check_withdrawal(balance: Rupiah, amount: Rupiah) -> Result<(), WithdrawalError> {
    if amount.0 <= 0 {
        return Err(WithdrawalError::NotPositive);
    }
    if amount > balance {
        return Err(WithdrawalError::OverBalance { balance, asked: amount });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn withdrawal_within_balance() {
        assert_eq!(check_withdrawal(Rupiah(10_000), Rupiah(10_000)), Ok(()));
        assert_eq!(
            check_withdrawal(Rupiah(10_000), Rupiah(10_001)),
            Err(WithdrawalError::OverBalance { balance: Rupiah(10_000), asked: Rupiah(10_001) })
        );
        assert_eq!(check_withdrawal(Rupiah(10_000), Rupiah(0)), Err(WithdrawalError::NotPositive));
    }

    #[test]
    fn entries() {
        assert_eq!(entry(""), Ok(Rupiah(0)));
        assert_eq!(entry("10.000"), Ok(Rupiah(10_000)));
        assert_eq!(entry("10,000"), Ok(Rupiah(10_000)));
        assert_eq!(entry("100.000.000"), Ok(MAX_ENTRY));
        assert_eq!(entry("100.000.001"), Err(EntryError::TooLarge));
        assert_eq!(entry("9223372036854775807"), Err(EntryError::TooLarge));
        assert_eq!(entry("-5"), Err(EntryError::Negative));
        assert!(matches!(entry("10.5"), Err(EntryError::Money(_))));
    }

    #[test]
    fn a_backdated_withdrawal_shows_in_the_running_balance() {
        // Deposit 5.000 on the 7th, withdraw 10.000 dated the 3rd: the balance dips below zero.
        assert_eq!(lowest_running([Rupiah(-10_000), Rupiah(5_000)]), Rupiah(-10_000));
        assert_eq!(lowest_running([Rupiah(5_000), Rupiah(-5_000)]), Rupiah(0));
    }

    proptest! {
        /// Whatever deposits and attempted withdrawals happen, applying only those the check
        /// allows keeps the balance equal to deposits minus withdrawals and never negative.
        #[test]
        fn balance_is_deposits_minus_withdrawals_and_never_negative(ops in proptest::collection::vec((any::<bool>(), 1i64..5_000_000), 0..60)) {
            let mut movements: Vec<Rupiah> = Vec::new();
            let (mut deposits, mut withdrawals) = (0i64, 0i64);
            for (is_deposit, amount) in ops {
                let current = balance(movements.iter().copied());
                if is_deposit {
                    movements.push(Rupiah(amount));
                    deposits += amount;
                } else if check_withdrawal(current, Rupiah(amount)).is_ok() {
                    movements.push(Rupiah(-amount));
                    withdrawals += amount;
                }
                let b = balance(movements.iter().copied());
                prop_assert!(b.0 >= 0);
                prop_assert_eq!(b.0, deposits - withdrawals);
            }
        }
    }
}
