//! The web layer has one door: it reads and writes through `app` only. Until `store` lives in a
//! crate of its own that the web crate cannot name (issue 19), this test reads the web layer's
//! sources and refuses any path past that door.

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

#[test]
fn the_web_layer_reaches_the_database_only_through_app() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut files = vec![];
    sources(&web, &mut files);
    assert!(files.len() > 50, "the web layer's sources are found ({})", files.len());
    let forbidden = ["crate::store", "store::", "sqlx", "crate::demo", "crate::cli"];
    let mut found = vec![];
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if let Some(word) = forbidden.iter().find(|w| code.contains(*w)) {
                found.push(format!("{}:{}: {word}: {}", f.strip_prefix(&web).unwrap_or(f).display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "web reaches past app:\n{}", found.join("\n"));
}
