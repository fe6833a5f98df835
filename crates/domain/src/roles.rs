//! Who may do what. A role is held per institution (or, for a facilitator, per region);
//! the store scopes every query by the caller's institutions, and this table says which
//! actions each role may take inside its scope.

use crate::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Board,
    UpkOfficer,
    KsmTreasurer,
    ComplaintsOfficer,
    Finance,
    Facilitator,
    Auditor,
    /// The meter reader and fee collector of a water service or maintenance group.
    ServiceOfficer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the institution, its units, people and positions (personal data included).
    ReadRegisters,
    /// Add or change people.
    WritePeople,
    /// Change the institution, its units and positions.
    WriteOrganisation,
    /// Add users and give roles inside the institution.
    ManageUsers,
    /// Read the audit log.
    ReadAudit,
    /// Register KSM groups, their members and rules.
    WriteGroups,
    /// Record collection sheets and savings withdrawals.
    RecordMeetings,
    /// Decide a KSM's development stage (the facilitator's assessment).
    DecideStage,
    /// Change the institution's programme thresholds and weights.
    ChangeSettings,
    /// Confirm the loan-eligibility statements of a KSM (an officer's act, not the group's).
    ConfirmEligibility,
    /// See the books, loans, arrears and indicators.
    ReadBooks,
    /// Post journal entries, apply for and disburse loans, take repayments at the office.
    WriteBooks,
    /// Approve or reject loans, decide write-offs: a board decision.
    ApproveLoans,
    /// Close a month and lock it.
    CloseMonth,
    /// Write a proposal (usulan) with its budget lines.
    ProposeActivities,
    /// Score, rank and decide proposals in a board meeting.
    DecideProposals,
    /// Run activities: funding commitments, progress, in-kind contributions, hand-over.
    WriteActivities,
    /// The treasurer's money: funds received and payments made, posted to the journal.
    ActivityMoney,
    /// Read the complaint register, complainants' contacts included.
    ReadComplaints,
    /// Register, verify, answer, reject and escalate complaints.
    HandleComplaints,
    /// Enter or import the village budget (APBDes) and its realisation.
    WriteBudget,
    /// See a service's customers, readings, bills, payments and arrears (a household's bill is
    /// private: never on a public page).
    ReadWater,
    /// Register customers and meters, record meter readings and take fees: the meter reader's
    /// and the collector's work.
    RunWater,
    /// Run the monthly bills and reverse a payment: postings to the books.
    BillWater,
    /// Set up what the service keeps (assets), its fee schemes and their tariffs: the board's
    /// decision.
    SetTariffs,
}

pub const ALL_ROLES: [Role; 9] = [
    Role::Admin,
    Role::Board,
    Role::UpkOfficer,
    Role::KsmTreasurer,
    Role::ComplaintsOfficer,
    Role::Finance,
    Role::Facilitator,
    Role::Auditor,
    Role::ServiceOfficer,
];

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Board => "board",
            Role::UpkOfficer => "upk_officer",
            Role::KsmTreasurer => "ksm_treasurer",
            Role::ComplaintsOfficer => "complaints_officer",
            Role::Finance => "finance",
            Role::Facilitator => "facilitator",
            Role::Auditor => "auditor",
            Role::ServiceOfficer => "service_officer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        ALL_ROLES.iter().copied().find(|r| r.code() == s.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("Admin lembaga", "Institution admin"),
            Role::Board => lang.pick("Pengurus BKM/LKM", "Board member"),
            Role::UpkOfficer => lang.pick("Petugas UPK", "UPK officer"),
            Role::KsmTreasurer => lang.pick("Bendahara KSM", "KSM treasurer"),
            Role::ComplaintsOfficer => lang.pick("Petugas pengaduan", "Complaints officer"),
            Role::Finance => lang.pick("Bendahara", "Treasurer"),
            Role::Facilitator => lang.pick("Fasilitator (baca saja, per wilayah)", "Facilitator (read-only, per region)"),
            Role::Auditor => lang.pick("Auditor (baca saja)", "Auditor (read-only)"),
            Role::ServiceOfficer => {
                lang.pick("Petugas layanan (pencatat meter, penagih iuran)", "Service officer (meter reader, fee collector)")
            }
        }
    }

    /// A facilitator's scope is a region; every other role's is one institution.
    pub fn scoped_by_region(self) -> bool {
        self == Role::Facilitator
    }

    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        use Role::*;
        match action {
            ReadRegisters => true,
            WritePeople => {
                matches!(self, Admin | Board | UpkOfficer | KsmTreasurer | ComplaintsOfficer | Finance | ServiceOfficer)
            }
            WriteOrganisation => matches!(self, Admin | Board),
            ManageUsers => self == Admin,
            ReadAudit => matches!(self, Admin | Auditor),
            WriteGroups => matches!(self, Admin | Board | UpkOfficer),
            RecordMeetings => matches!(self, Admin | UpkOfficer | KsmTreasurer),
            // A facilitator reads across a region and changes nothing, except this: the stage
            // decision is the facilitator's to record (with the board's).
            DecideStage => matches!(self, Facilitator | Board | Admin),
            ChangeSettings => matches!(self, Admin | Board),
            ConfirmEligibility => matches!(self, Admin | Board | UpkOfficer),
            ReadBooks => matches!(self, Admin | Board | UpkOfficer | Finance | Facilitator | Auditor),
            WriteBooks | CloseMonth => matches!(self, Admin | UpkOfficer),
            ApproveLoans => matches!(self, Admin | Board),
            ProposeActivities => matches!(self, Admin | Board | UpkOfficer | KsmTreasurer | Finance),
            DecideProposals => matches!(self, Admin | Board),
            WriteActivities => matches!(self, Admin | Board | Finance),
            ActivityMoney => matches!(self, Admin | Finance),
            ReadComplaints => matches!(self, Admin | Board | ComplaintsOfficer | Facilitator | Auditor),
            HandleComplaints => matches!(self, Admin | Board | ComplaintsOfficer),
            WriteBudget => matches!(self, Admin | Board | Finance),
            ReadWater => matches!(self, Admin | Board | Finance | ServiceOfficer | Facilitator | Auditor),
            RunWater => matches!(self, Admin | Board | Finance | ServiceOfficer),
            BillWater => matches!(self, Admin | Finance),
            SetTariffs => matches!(self, Admin | Board),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_roles_write_nothing() {
        for role in [Role::Facilitator, Role::Auditor] {
            for action in [
                Action::WritePeople,
                Action::WriteOrganisation,
                Action::ManageUsers,
                Action::WriteGroups,
                Action::RecordMeetings,
                Action::WriteBooks,
                Action::ApproveLoans,
                Action::CloseMonth,
                Action::ProposeActivities,
                Action::DecideProposals,
                Action::WriteActivities,
                Action::ActivityMoney,
                Action::HandleComplaints,
                Action::WriteBudget,
                Action::RunWater,
                Action::BillWater,
                Action::SetTariffs,
            ] {
                assert!(!role.allows(action), "{role:?} must not {action:?}");
            }
        }
        assert!(Role::Auditor.allows(Action::ReadAudit));
        assert!(Role::Facilitator.allows(Action::DecideStage) && !Role::Auditor.allows(Action::DecideStage));
        assert!(!Role::Facilitator.allows(Action::ReadAudit));
    }

    #[test]
    fn codes_round_trip() {
        for r in ALL_ROLES {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
    }
}
