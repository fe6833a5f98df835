//! One door: the web layer, the command line and the demo loader read and write through `app`
//! only. Until `store` lives in a crate of its own that they cannot name (issue 19), these
//! tests read their sources and refuse any path past that door.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the web sources") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of the sources under `dir` (one file, or every `.rs` below a folder) that name one of
/// `forbidden`, comments aside.
fn crossings(dir: &Path, forbidden: &[&str]) -> Vec<String> {
    let mut files = vec![];
    if dir.is_dir() {
        sources(dir, &mut files);
    } else {
        files.push(dir.to_path_buf());
    }
    assert!(!files.is_empty(), "sources found under {}", dir.display());
    let mut found = vec![];
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if let Some(word) = forbidden.iter().find(|w| code.contains(*w)) {
                found.push(format!("{}:{}: {word}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_web_layer_reaches_the_database_only_through_app() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut web = vec![];
    sources(&src.join("web"), &mut web);
    assert!(web.len() > 50, "the web layer's sources are found ({})", web.len());
    let found = crossings(&src.join("web"), &["crate::store", "store::", "sqlx", "crate::demo", "crate::cli"]);
    assert!(found.is_empty(), "web reaches past app:\n{}", found.join("\n"));
}

/// The binary's own code, the command line and the demo loader, is a user of `app` like any
/// other: demo data is recorded through the same commands as a volunteer's.
#[test]
fn the_command_line_and_the_demo_go_through_app() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = crossings(&src.join("cli"), &["crate::store", "store::", "sqlx"]);
    for demo in ["demo.rs", "demo_activities.rs", "demo_apbdes.rs", "demo_complaints.rs", "demo_fund.rs"] {
        found.extend(crossings(&src.join(demo), &["crate::store", "store::", "sqlx", "crate::web"]));
    }
    assert!(found.is_empty(), "the binary's code reaches past app:\n{}", found.join("\n"));
}
