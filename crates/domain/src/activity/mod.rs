//! Funded activities (seeds 000, 001, 002): what a proposal asks for, where its money comes
//! from, its budget lines (RAB), the board's weighted ranking and physical progress.

pub mod funding;
pub mod priority;
pub mod progress;
pub mod rab;

use crate::Lang;

/// What an activity builds or does (DOMAIN.md, Funded activities).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RoadPaving,
    Drainage,
    Water,
    Sanitation,
    Housing,
    Social,
    Economic,
    Training,
    HealthPromotion,
    Other,
}

pub const ALL_KINDS: [Kind; 10] = [
    Kind::RoadPaving,
    Kind::Drainage,
    Kind::Water,
    Kind::Sanitation,
    Kind::Housing,
    Kind::Social,
    Kind::Economic,
    Kind::Training,
    Kind::HealthPromotion,
    Kind::Other,
];

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::RoadPaving => "road_paving",
            Kind::Drainage => "drainage",
            Kind::Water => "water",
            Kind::Sanitation => "sanitation",
            Kind::Housing => "housing",
            Kind::Social => "social",
            Kind::Economic => "economic",
            Kind::Training => "training",
            Kind::HealthPromotion => "health_promotion",
            Kind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        ALL_KINDS.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::RoadPaving => lang.pick("Infrastruktur: jalan / paving", "Infrastructure: road paving"),
            Kind::Drainage => lang.pick("Infrastruktur: drainase", "Infrastructure: drainage"),
            Kind::Water => lang.pick("Infrastruktur: air minum", "Infrastructure: drinking water"),
            Kind::Sanitation => lang.pick("Infrastruktur: sanitasi", "Infrastructure: sanitation"),
            Kind::Housing => lang.pick("Infrastruktur: rumah layak huni", "Infrastructure: housing"),
            Kind::Social => lang.pick("Sosial", "Social"),
            Kind::Economic => lang.pick("Ekonomi", "Economic"),
            Kind::Training => lang.pick("Pelatihan", "Training"),
            Kind::HealthPromotion => lang.pick("Promosi kesehatan (PHBS)", "Health promotion"),
            Kind::Other => lang.pick("Lainnya", "Other"),
        }
    }

    /// Built things have a measured volume (170 m of paving); others count people or sessions.
    pub fn is_infrastructure(self) -> bool {
        matches!(self, Kind::RoadPaving | Kind::Drainage | Kind::Water | Kind::Sanitation | Kind::Housing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in ALL_KINDS {
            assert_eq!(Kind::parse(k.code()), Some(k));
            assert!(!k.label(Lang::Id).is_empty());
        }
        assert_eq!(Kind::parse("jalan"), None);
        assert!(Kind::RoadPaving.is_infrastructure() && !Kind::Training.is_infrastructure());
    }
}
