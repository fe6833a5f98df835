//! The village budget (APBDes, Permendagri 20/2018; RULES.md "Village budget"): revenue by
//! source (codes 4.x), spending by the five fields (bidang 1-5, with sub-fields 1.1 and
//! activities 1.1.01), financing receipts (6.1.x) and expenditures (6.2.x). Each line holds a
//! budget (anggaran) and a realisation (realisasi); a line with sub-lines totals them, and
//! revenue - spending + net financing = 0 for a balanced budget.

use crate::Lang;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Revenue,
    Spending,
    FinancingIn,
    FinancingOut,
}

pub const ALL_SECTIONS: [Section; 4] = [Section::Revenue, Section::Spending, Section::FinancingIn, Section::FinancingOut];

impl Section {
    pub fn code(self) -> &'static str {
        match self {
            Section::Revenue => "revenue",
            Section::Spending => "spending",
            Section::FinancingIn => "financing_in",
            Section::FinancingOut => "financing_out",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        ALL_SECTIONS.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Section::Revenue => lang.pick("Pendapatan", "Revenue"),
            Section::Spending => lang.pick("Belanja", "Spending"),
            Section::FinancingIn => lang.pick("Penerimaan pembiayaan", "Financing receipts"),
            Section::FinancingOut => lang.pick("Pengeluaran pembiayaan", "Financing expenditures"),
        }
    }

    /// The section a code belongs to when nothing else says: 4.x revenue, 1-5 the spending
    /// fields, 6.1.x and 6.2.x financing; `None` for anything else (including "6" alone, a
    /// heading whose amount means different things in different applications). A code under
    /// 4 is revenue here; bidang 4's lines need their section written (the import's `bagian`
    /// column or a BELANJA heading row).
    pub fn of_code(code: &str) -> Option<Section> {
        let mut parts = code.split('.');
        match (parts.next(), parts.next()) {
            (Some("4"), _) => Some(Section::Revenue),
            (Some("1" | "2" | "3" | "5"), _) => Some(Section::Spending),
            (Some("6"), Some("1")) => Some(Section::FinancingIn),
            (Some("6"), Some("2")) => Some(Section::FinancingOut),
            _ => None,
        }
    }
}

/// The five fields of village spending (Permendagri 20/2018).
pub fn bidang_name(n: &str, lang: Lang) -> Option<&'static str> {
    Some(match n {
        "1" => lang.pick("Bidang Penyelenggaraan Pemerintahan Desa", "Village government administration"),
        "2" => lang.pick("Bidang Pelaksanaan Pembangunan Desa", "Village development"),
        "3" => lang.pick("Bidang Pembinaan Kemasyarakatan Desa", "Community guidance"),
        "4" => lang.pick("Bidang Pemberdayaan Masyarakat Desa", "Community empowerment"),
        "5" => lang.pick("Bidang Penanggulangan Bencana, Darurat dan Mendesak Desa", "Disaster, emergency and urgent needs"),
        _ => return None,
    })
}

/// A code as written in the budget: digits separated by dots (`4.2.1`, `2.1.01`). Spaces and a
/// trailing dot are forgiven.
pub fn parse_code(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('.');
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let ok = s.split('.').all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| s.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub section: Section,
    pub code: String,
    pub name: String,
    pub budget: i64,
    pub realised: i64,
}

/// The nearest line above line `i` in the same section (its parent in the tree), if any.
fn parent_of(i: usize, lines: &[Line]) -> Option<usize> {
    let code = &lines[i].code;
    let mut best: Option<usize> = None;
    for (j, l) in lines.iter().enumerate() {
        let c = &l.code;
        if l.section == lines[i].section
            && code.len() > c.len()
            && code.starts_with(c.as_str())
            && code.as_bytes()[c.len()] == b'.'
            && best.is_none_or(|b| c.len() > lines[b].code.len())
        {
            best = Some(j);
        }
    }
    best
}

/// Each line with its amounts as shown: a line with sub-lines shows their sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    pub depth: usize,
    pub has_children: bool,
    pub budget: i64,
    pub realised: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// (line index, code)
    Duplicate(usize, String),
    /// A heading whose own figure differs from its sub-lines: (line index, column, written, sum)
    Mismatch(usize, Column, i64, i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Budget,
    Realised,
}

/// The lines in code order with their shown amounts, and whatever does not add up.
pub fn tree(lines: &[Line]) -> (Vec<Row>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut seen: HashMap<(Section, &str), usize> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if seen.insert((l.section, l.code.as_str()), i).is_some() {
            problems.push(Problem::Duplicate(i, l.code.clone()));
        }
    }
    // First of duplicates only, so a repeated code is reported, not counted twice as a parent.
    let parents: Vec<Option<usize>> = (0..lines.len()).map(|i| parent_of(i, lines)).collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in parents.iter().enumerate() {
        if let Some(p) = p {
            children.entry(*p).or_default().push(i);
        }
    }
    // Sums bottom-up: longest codes first.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(lines[*i].code.split('.').count()));
    let mut shown: Vec<(i64, i64)> = lines.iter().map(|l| (l.budget, l.realised)).collect();
    for i in order {
        if let Some(kids) = children.get(&i) {
            let b: i64 = kids.iter().map(|k| shown[*k].0).sum();
            let r: i64 = kids.iter().map(|k| shown[*k].1).sum();
            let l = &lines[i];
            // A heading written with 0 is a heading without a figure; anything else must agree.
            if l.budget != 0 && l.budget != b {
                problems.push(Problem::Mismatch(i, Column::Budget, l.budget, b));
            }
            if l.realised != 0 && l.realised != r {
                problems.push(Problem::Mismatch(i, Column::Realised, l.realised, r));
            }
            shown[i] = (b, r);
        }
    }
    let depth = |i: usize| {
        let mut d = 0;
        let mut cur = parents[i];
        while let Some(p) = cur {
            d += 1;
            cur = parents[p];
        }
        d
    };
    let mut rows: Vec<Row> = (0..lines.len())
        .map(|i| Row {
            index: i,
            depth: depth(i),
            has_children: children.contains_key(&i),
            budget: shown[i].0,
            realised: shown[i].1,
        })
        .collect();
    rows.sort_by(|a, b| {
        let (la, lb) = (&lines[a.index], &lines[b.index]);
        la.section.cmp(&lb.section).then_with(|| code_key(&la.code).cmp(&code_key(&lb.code)))
    });
    (rows, problems)
}

fn code_key(code: &str) -> Vec<u32> {
    code.split('.').map(|p| p.parse().unwrap_or(u32::MAX)).collect()
}

/// Budget and realisation of one section (its top lines summed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pair {
    pub budget: i64,
    pub realised: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub sections: BTreeMap<Section, Pair>,
}

impl Summary {
    pub fn of(lines: &[Line], rows: &[Row]) -> Summary {
        let mut sections: BTreeMap<Section, Pair> = ALL_SECTIONS.iter().map(|s| (*s, Pair::default())).collect();
        for r in rows.iter().filter(|r| r.depth == 0) {
            let p = sections.entry(lines[r.index].section).or_default();
            p.budget += r.budget;
            p.realised += r.realised;
        }
        Summary { sections }
    }

    pub fn get(&self, s: Section) -> Pair {
        self.sections.get(&s).copied().unwrap_or_default()
    }

    /// Financing receipts minus expenditures.
    pub fn net_financing(&self) -> Pair {
        let (i, o) = (self.get(Section::FinancingIn), self.get(Section::FinancingOut));
        Pair { budget: i.budget - o.budget, realised: i.realised - o.realised }
    }

    /// Revenue - spending + net financing: zero for a balanced budget; for the realisation it
    /// is the year's remaining balance (SiLPA berjalan).
    pub fn balance(&self) -> Pair {
        let (r, s, n) = (self.get(Section::Revenue), self.get(Section::Spending), self.net_financing());
        Pair { budget: r.budget - s.budget + n.budget, realised: r.realised - s.realised + n.realised }
    }
}

/// Realisation as a share of the budget in basis points (10000 = 100 %); `None` without a budget.
pub fn realisation_bp(p: Pair) -> Option<i64> {
    crate::money::share_bp(p.realised, p.budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(code: &str, name: &str, budget: i64, realised: i64) -> Line {
        // Single digits 1-5 in these tests are the spending fields.
        let section = if code.len() == 1 { Section::Spending } else { Section::of_code(code).expect("section") };
        Line { section, code: code.into(), name: name.into(), budget, realised }
    }

    /// Seed 004: Desa Ganra, APBDes 2022, every line the village published.
    pub fn ganra_2022() -> Vec<Line> {
        vec![
            line("4.1.1", "Hasil Usaha Desa", 10_250_000, 10_250_000),
            line("4.1.4", "Lain-lain Pendapatan Asli Desa", 0, 18_093_013),
            line("4.2.1", "Dana Desa", 791_958_000, 409_839_840),
            line("4.2.2", "Bagi Hasil Pajak Dan Retribusi", 78_504_631, 0),
            line("4.2.3", "Alokasi Dana Desa", 1_358_978_148, 745_046_143),
            line("1", "Bidang Penyelenggaran Pemerintahan Desa", 943_018_155, 464_504_803),
            line("2", "Bidang Pelaksanaan Pembangunan Desa", 596_140_115, 239_710_700),
            line("3", "Bidang Pembinaan Kemasyarakatan Desa", 367_322_313, 236_600_000),
            line("4", "Bidang Pemberdayaan Masyarakat Desa", 204_257_383, 161_656_984),
            line("5", "Bidang Penanggulangan Bencana, Darurat Dan Mendesak Desa", 320_400_000, 29_700_000),
            line("6.1", "Penerimaan Pembiayaan", 191_447_187, 247_379_463),
        ]
    }

    #[test]
    fn codes_find_their_section() {
        assert_eq!(Section::of_code("4.2.1"), Some(Section::Revenue));
        assert_eq!(Section::of_code("2.1.01"), Some(Section::Spending));
        assert_eq!(Section::of_code("6.1.1"), Some(Section::FinancingIn));
        assert_eq!(Section::of_code("6.2"), Some(Section::FinancingOut));
        assert_eq!(Section::of_code("6"), None);
        assert_eq!(Section::of_code("7.1"), None);
        assert_eq!(parse_code(" 2.1.01. ").as_deref(), Some("2.1.01"));
        assert_eq!(parse_code("2..1"), None);
        assert_eq!(parse_code("dua"), None);
    }

    #[test]
    fn ganra_2022_balances_exactly() {
        let lines = ganra_2022();
        let (rows, problems) = tree(&lines);
        assert!(problems.is_empty(), "{problems:?}");
        let s = Summary::of(&lines, &rows);
        assert_eq!(s.get(Section::Revenue), Pair { budget: 2_239_690_779, realised: 1_183_228_996 });
        assert_eq!(s.get(Section::Spending), Pair { budget: 2_431_137_966, realised: 1_132_172_487 });
        assert_eq!(s.net_financing(), Pair { budget: 191_447_187, realised: 247_379_463 });
        assert_eq!(s.balance().budget, 0, "the seed's budget balances");
        assert_eq!(s.balance().realised, 1_183_228_996 - 1_132_172_487 + 247_379_463);
        assert_eq!(realisation_bp(s.get(Section::Revenue)), Some(5283), "52,83 %");
    }

    #[test]
    fn headings_sum_their_lines_and_disagreements_are_named() {
        let lines = vec![
            line("4.2", "Pendapatan Transfer", 0, 0),
            line("4.2.1", "Dana Desa", 100, 40),
            line("4.2.3", "Alokasi Dana Desa", 50, 10),
            line("2", "Bidang Pembangunan", 120, 0),
            line("2.1", "Sub Bidang Pendidikan", 20, 5),
            line("2.1.01", "PAUD", 20, 5),
            line("2.2", "Sub Bidang Kesehatan", 90, 1),
            line("4.2.1", "Dana Desa lagi", 1, 1),
        ];
        let (rows, problems) = tree(&lines);
        assert!(problems.contains(&Problem::Mismatch(3, Column::Budget, 120, 110)));
        assert!(problems.contains(&Problem::Duplicate(7, "4.2.1".into())));
        let heading = rows.iter().find(|r| r.index == 0).expect("row");
        assert_eq!((heading.budget, heading.realised, heading.depth, heading.has_children), (151, 51, 0, true));
        let paud = rows.iter().find(|r| r.index == 5).expect("row");
        assert_eq!(paud.depth, 2);
        let order: Vec<&str> = rows.iter().map(|r| lines[r.index].code.as_str()).collect();
        assert_eq!(&order[..4], &["4.2", "4.2.1", "4.2.1", "4.2.3"]);
    }
}
