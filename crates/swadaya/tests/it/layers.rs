//! One door: the web layer, the command line and the demo loader read and write through `app`
//! only. The compiler keeps it: `store` is private to swadaya-core and swadaya-web has no
//! database driver. Tests and benchmarks turn on swadaya-core's `test-support` feature, which
//! makes `store` public in the test build, so these tests also read the sources and manifests
//! and refuse any path past the door that only the test build would allow (CI also checks the
//! web crate and the binary without that feature).

use std::path::{Path, PathBuf};

fn crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

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
    let src = crates().join("web/src");
    let mut web = vec![];
    sources(&src, &mut web);
    assert!(web.len() > 50, "the web layer's sources are found ({})", web.len());
    let found = crossings(&src, &["store::", "sqlx", "swadaya::", "test-support"]);
    assert!(found.is_empty(), "web reaches past app:\n{}", found.join("\n"));
}

/// The binary's own code, the command line and the demo loader, is a user of `app` like any
/// other: demo data is recorded through the same commands as a volunteer's.
#[test]
fn the_command_line_and_the_demo_go_through_app() {
    let found = crossings(&crates().join("swadaya/src"), &["store::", "sqlx"]);
    assert!(found.is_empty(), "the binary's code reaches past app:\n{}", found.join("\n"));
}

/// What the API answers and the pages show are `app`'s view structs, made for their readers;
/// the store's row types are its own business. So nothing in `store` is serialized or appears in
/// the OpenAPI document: a renamed column cannot quietly rename a field of the public API.
#[test]
fn the_store_hands_out_no_public_shapes() {
    let found = crossings(&crates().join("core/src/store"), &["Serialize", "ToSchema", "serde"]);
    assert!(found.is_empty(), "store types shaped for the API:\n{}", found.join("\n"));
}

/// The `[dependencies]` table of a crate's manifest (dev-dependencies and features aside).
fn dependencies(krate: &str) -> String {
    let manifest = std::fs::read_to_string(crates().join(krate).join("Cargo.toml")).expect("read the manifest");
    let start = manifest.find("[dependencies]").expect("a [dependencies] table");
    let rest = &manifest[start + "[dependencies]".len()..];
    rest[..rest.find("\n[").unwrap_or(rest.len())].to_string()
}

/// Only swadaya-core may hold the database driver, and no shipped crate opens its store.
#[test]
fn only_the_core_depends_on_the_database_driver() {
    assert!(dependencies("core").contains("sqlx"), "the core owns the database");
    for krate in ["domain", "web", "swadaya"] {
        let deps = dependencies(krate);
        assert!(!deps.contains("sqlx"), "{krate} depends on sqlx:\n{deps}");
        assert!(!deps.contains("test-support"), "{krate} opens the core's store for shipped code:\n{deps}");
    }
    let core = std::fs::read_to_string(crates().join("core/src/lib.rs")).expect("read core's lib.rs");
    assert!(
        core.contains("#[cfg(not(feature = \"test-support\"))]\nmod store;"),
        "swadaya-core keeps `store` private outside tests"
    );
}

/// The OpenAPI document names each schema by its type's name, and two types of one name (a loan's
/// `Payment` and a water fee's) would leave one of them described as the other: every type the
/// API shows has a name of its own (its `#[schema(as = …)]` where the type's own is shared).
#[test]
fn every_api_schema_has_a_name_of_its_own() {
    let mut files = Vec::new();
    for krate in ["core", "web", "domain"] {
        sources(&crates().join(krate).join("src"), &mut files);
    }
    let mut seen: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let mut derives = false;
        for line in text.lines() {
            let l = line.trim();
            if l.starts_with("#[derive(") && l.contains("ToSchema") {
                derives = true;
                continue;
            }
            if let Some(alias) = l.strip_prefix("#[schema(as = ").filter(|_| derives) {
                let name = alias.trim_end_matches(")]").rsplit("::").next().unwrap_or("").to_string();
                seen.entry(name).or_default().push(f.display().to_string());
                derives = false;
                continue;
            }
            if derives && !l.starts_with("#[") && !l.starts_with("///") {
                let name = l.split_whitespace().skip_while(|w| !matches!(*w, "struct" | "enum")).nth(1);
                if let Some(name) = name {
                    let name = name.trim_end_matches(['{', '(', ';', '<']).split('<').next().unwrap_or("").to_string();
                    seen.entry(name).or_default().push(f.display().to_string());
                }
                derives = false;
            }
        }
    }
    let twice: Vec<String> = seen.iter().filter(|(_, v)| v.len() > 1).map(|(k, v)| format!("{k}: {}", v.join(", "))).collect();
    assert!(seen.len() > 50, "the scan found the API's types ({})", seen.len());
    assert!(twice.is_empty(), "API types sharing a name (rename one, or give it #[schema(as = …)]):\n{}", twice.join("\n"));
}
