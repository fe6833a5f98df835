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
