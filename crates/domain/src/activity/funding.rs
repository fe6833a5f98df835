//! Where an activity's money comes from. Cash from each source is held in its own liability
//! account until spent (funds entrusted to the institution are not its income), so the loan
//! fund's profit and indicators never mix with activity money. Community work and materials
//! given in kind are valued and reported, but never pass through the cash book.

use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    BlmApbn,
    Apbd,
    DanaDesa,
    CommunityCash,
    CommunityInKind,
    Csr,
    Other,
}

pub const ALL_SOURCES: [Source; 7] =
    [Source::BlmApbn, Source::Apbd, Source::DanaDesa, Source::CommunityCash, Source::CommunityInKind, Source::Csr, Source::Other];

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::BlmApbn => "blm_apbn",
            Source::Apbd => "apbd",
            Source::DanaDesa => "dana_desa",
            Source::CommunityCash => "community_cash",
            Source::CommunityInKind => "community_kind",
            Source::Csr => "csr",
            Source::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        ALL_SOURCES.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Source::BlmApbn => lang.pick("BLM APBN", "BLM (national budget)"),
            Source::Apbd => "APBD",
            Source::DanaDesa => "Dana Desa",
            Source::CommunityCash => lang.pick("Swadaya masyarakat (tunai)", "Community self-help (cash)"),
            Source::CommunityInKind => lang.pick("Swadaya masyarakat (natura/tenaga)", "Community self-help (in kind)"),
            Source::Csr => lang.pick("CSR / swasta", "CSR / private"),
            Source::Other => lang.pick("Lainnya", "Other"),
        }
    }

    pub fn in_kind(self) -> bool {
        self == Source::CommunityInKind
    }

    /// The liability account holding this source's cash until it is spent; none for in kind.
    pub fn account(self) -> Option<&'static str> {
        use crate::ledger::codes::*;
        match self {
            Source::BlmApbn => Some(FUND_BLM),
            Source::Apbd => Some(FUND_APBD),
            Source::DanaDesa => Some(FUND_DANA_DESA),
            Source::CommunityCash => Some(FUND_COMMUNITY),
            Source::CommunityInKind => None,
            Source::Csr => Some(FUND_CSR),
            Source::Other => Some(FUND_OTHER),
        }
    }

    pub fn cash_sources() -> impl Iterator<Item = Source> {
        ALL_SOURCES.into_iter().filter(|s| !s.in_kind())
    }
}

/// What one source has committed, received and spent on one activity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFigures {
    pub committed: i64,
    pub received: i64,
    pub spent: i64,
}

impl SourceFigures {
    /// Money received and not yet spent: what the next payment may use.
    pub fn available(&self) -> i64 {
        self.received - self.spent
    }
}

/// All sources together.
pub fn total(by_source: &std::collections::BTreeMap<Source, SourceFigures>) -> SourceFigures {
    by_source.values().fold(SourceFigures::default(), |mut t, f| {
        t.committed += f.committed;
        t.received += f.received;
        t.spent += f.spent;
        t
    })
}

/// Paid in cash: what the financial progress compares with the budget (work given in kind is
/// valued apart and is not in the RAB).
pub fn cash_spent(by_source: &std::collections::BTreeMap<Source, SourceFigures>) -> i64 {
    by_source.iter().filter(|(s, _)| !s.in_kind()).map(|(_, f)| f.spent).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{AccountKind, DEFAULT_CHART};

    #[test]
    fn every_cash_source_has_a_liability_account_in_the_chart() {
        for s in ALL_SOURCES {
            assert_eq!(Source::parse(s.code()), Some(s));
            match s.account() {
                None => assert!(s.in_kind()),
                Some(code) => {
                    let a = DEFAULT_CHART.iter().find(|a| a.code == code).expect("in the default chart");
                    assert_eq!(a.kind, AccountKind::Liability, "{code}");
                }
            }
        }
        let accounts: std::collections::HashSet<_> = ALL_SOURCES.iter().filter_map(|s| s.account()).collect();
        assert_eq!(accounts.len(), 6, "one account per cash source");
    }
}
