//! What waits for the signed-in user: the work each role does next, read from the records (a
//! sheet not yet written, arrears, the month to close, complaints past their service level,
//! proposals to score). Every item links to the page where it is done.

mod desk;
mod groups;
mod money;

use crate::app::{AppResult, Ctx};
use crate::store::{self, Db};
use chrono::NaiveDate;
use swadaya_domain::roles::Action;
use swadaya_domain::Rupiah;

/// One piece of work waiting, in one institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub institution_id: i64,
    pub what: What,
    /// The page where it is done.
    pub href: String,
    /// Past its day: shown first and marked.
    pub late: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// The meeting of this day has no sheet yet.
    SheetDue {
        ksm: String,
        on: NaiveDate,
    },
    /// More groups than a list can hold have sheets not yet written.
    SheetsDue {
        groups: usize,
    },
    /// Every sheet due is written; the group meets next on this day.
    NextMeeting {
        ksm: String,
        on: NaiveDate,
    },
    /// Corrections sent from a phone for a sheet already recorded, waiting to be accepted.
    SheetCorrections {
        ksm: String,
        count: i64,
    },
    Arrears {
        shares: usize,
        amount: Rupiah,
    },
    MonthToClose {
        month: String,
    },
    LoansToDecide {
        count: usize,
    },
    LoansToDisburse {
        count: usize,
    },
    ComplaintsOverdue {
        count: usize,
    },
    /// Complaints to verify; `escalated` of them came up from the level below.
    ComplaintsToVerify {
        count: usize,
        escalated: usize,
    },
    ProposalsToScore {
        count: usize,
    },
    ProposalsToDecide {
        count: usize,
    },
    /// Money promised to activities and not yet received.
    FundsAwaited {
        activities: usize,
        amount: Rupiah,
    },
    /// Payments recorded without a scan or photo of their proof.
    PaymentsWithoutProof {
        count: usize,
    },
}

impl What {
    /// A stable name of the kind of work, for machine clients.
    pub fn code(&self) -> &'static str {
        match self {
            What::SheetDue { .. } => "sheet_due",
            What::SheetsDue { .. } => "sheets_due",
            What::NextMeeting { .. } => "next_meeting",
            What::SheetCorrections { .. } => "sheet_corrections",
            What::Arrears { .. } => "arrears",
            What::MonthToClose { .. } => "month_to_close",
            What::LoansToDecide { .. } => "loans_to_decide",
            What::LoansToDisburse { .. } => "loans_to_disburse",
            What::ComplaintsOverdue { .. } => "complaints_overdue",
            What::ComplaintsToVerify { .. } => "complaints_to_verify",
            What::ProposalsToScore { .. } => "proposals_to_score",
            What::ProposalsToDecide { .. } => "proposals_to_decide",
            What::FundsAwaited { .. } => "funds_awaited",
            What::PaymentsWithoutProof { .. } => "payments_without_proof",
        }
    }
}

/// An institution the user works in, with the tasks waiting there.
pub struct Desk {
    pub institution: store::registers::Institution,
    pub tasks: Vec<Task>,
    /// Whether the user has work that could wait here; read-only roles have none.
    pub works_here: bool,
}

/// The actions whose work can wait for someone (below, each with its reading of the records).
const WORK: [Action; 6] = [
    Action::RecordMeetings,
    Action::HandleComplaints,
    Action::WriteBooks,
    Action::ApproveLoans,
    Action::DecideProposals,
    Action::ActivityMoney,
];

/// The work waiting for the actor in each institution where a role was given to them (an
/// institution only read through a facilitator's region is listed without tasks: the region's
/// overview pages serve that role). Late work first, then in the order of the roles' duties.
pub async fn desks(db: &Db, ctx: &Ctx, today: NaiveDate) -> AppResult<Vec<Desk>> {
    let actor = &ctx.actor;
    let mut out = vec![];
    for &id in &actor.readable {
        let Some(institution) = store::registers::get_institution(db, id).await? else { continue };
        let direct = !actor.roles_in(id).is_empty() || actor.only_some_ksm(id);
        let works_here = direct && WORK.iter().any(|a| actor.can(id, *a));
        let mut tasks = vec![];
        if works_here {
            if actor.can(id, Action::RecordMeetings) {
                tasks.extend(groups::meetings(db, ctx, id, today).await?);
            }
            if actor.can(id, Action::HandleComplaints) {
                tasks.extend(desk::complaints(db, ctx, id, today).await?);
            }
            // The UPK's and the board's loan work read the same list, once.
            let (upk, board) = (actor.can(id, Action::WriteBooks), actor.can(id, Action::ApproveLoans));
            let loans = if upk || board { store::fund::list_loans(db, id, None).await? } else { vec![] };
            if upk {
                tasks.extend(money::loans(db, ctx, id, &loans, today).await?);
            }
            if board {
                tasks.extend(money::loans_to_decide(id, &loans));
            }
            if actor.can(id, Action::DecideProposals) {
                tasks.extend(desk::proposals(db, id).await?);
            }
            if actor.can(id, Action::ActivityMoney) {
                tasks.extend(money::activities(db, id, today).await?);
            }
        }
        tasks.sort_by_key(|t| !t.late);
        out.push(Desk { institution, tasks, works_here });
    }
    Ok(out)
}
