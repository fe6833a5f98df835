//! Every HTML form the router serves, posted with hostile input. The forms are found by reading
//! every page of the access table as the system admin (each form's action, encoding and field
//! names); each form route is then posted with control characters, oversize text, wrong types,
//! impossible dates and numbers too large for any column, in every field at once, plus a body of
//! the wrong type, one over the size limit and one without its CSRF token. No answer may be a
//! 5xx; a refused post writes nothing (the audit log, which every write goes through, does not
//! grow); and control characters, oversize text, a wrong body, an oversize body or a missing CSRF
//! token are never accepted.

use crate::access::{fixture, session};
use crate::access_rules::RULES;
use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use swadaya_core::store::Db;

/// A form as its page shows it: multipart or not, and its fields (name, is a file).
#[derive(Debug, Default, Clone)]
struct Form {
    multipart: bool,
    fields: Vec<(String, bool)>,
}

impl From<&crate::page_forms::PageForm> for Form {
    fn from(p: &crate::page_forms::PageForm) -> Form {
        Form { multipart: p.multipart, fields: p.names.clone() }
    }
}

const HOSTILE: &[&str] = &[
    "\u{0}\u{1}\u{8}\u{1b}[31m\u{7f}",
    "abc",
    "-1",
    "99999999999999999999999999",
    "31/02/2020",
    "2020-13-45",
    "1e309",
    "Rp -5.000.000,00",
    "١٢٣",
    "\u{202e}gpj.exe",
];

async fn run(db: Db) {
    let base = spawn_app(db.clone()).await;
    let f = fixture(&db, &base).await;
    let (cookie, csrf) = session(&db, "admin").await;
    let http = client();

    // Every form on every page the access table lists, as the system admin sees it.
    let mut forms: BTreeMap<String, Form> = BTreeMap::new();
    for (path, html) in crate::page_forms::admin_pages(&f, &base, &cookie).await {
        for form in crate::page_forms::forms(&path, &html) {
            forms.entry(form.action.clone()).or_insert(Form::from(&form));
        }
    }

    // Every page with hostile query values: a search longer than SQLite's LIKE limit, negative and
    // absurd pages, impossible dates and years.
    let long = "x".repeat(51_000);
    let mut pages = 0;
    for (method, template, _) in RULES {
        if *method != "GET" || template.contains('*') {
            continue;
        }
        for owner in f.owners(template) {
            let path = f.fill(template, owner, owner);
            let path = path.split('?').next().unwrap_or_default();
            for query in [
                format!("q={long}"),
                "page=-1&per_page=99999999999&from=kemarin&to=2020-13-45&year=abc&month=13&as_of=%00".into(),
            ] {
                let r = http.get(format!("{base}{path}?{query}")).header("cookie", &cookie).send().await.expect("get");
                pages += 1;
                assert!(r.status().as_u16() < 500, "GET {path}?{} gave {}", &query[..query.len().min(80)], r.status());
            }
        }
    }

    let mut posts = vec![];
    for (method, template, _) in RULES {
        if *method != "POST" || template.starts_with("/api/") || matches!(*template, "/login" | "/logout") {
            continue;
        }
        for owner in f.owners(template) {
            let path = f.fill(template, owner, owner);
            let (url, extra) = path.split_once('#').unwrap_or((&path, ""));
            posts.push((*template, url.to_string(), extra.to_string()));
        }
    }
    // The session forms last: signing out would end the admin's session.
    posts.push(("/login", "/login".into(), String::new()));
    posts.push(("/logout", "/logout".into(), String::new()));

    let mut failures = vec![];
    let (mut sent, mut accepted, mut without_form) = (0, 0, vec![]);
    for (template, url, extra) in &posts {
        let form = forms.get(url).cloned().unwrap_or_else(|| {
            without_form.push(*template);
            Form { multipart: false, fields: vec![("name".into(), false)] }
        });
        let mut bodies: Vec<(String, reqwest::RequestBuilder)> = vec![];
        let post = || http.post(format!("{base}{url}")).header("cookie", &cookie);
        for value in HOSTILE.iter().map(|v| v.to_string()).chain(["x".repeat(200_000)]) {
            let mut fields: Vec<(String, String, bool)> =
                form.fields.iter().filter(|(n, _)| n != "_csrf").map(|(n, file)| (n.clone(), value.clone(), *file)).collect();
            // The access table's fields only where the form has no field of that name (hostile there).
            let own = |k: &str| form.fields.iter().any(|(n, _)| n == k);
            fields.extend(
                extra
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .filter(|(k, _)| !own(k))
                    .map(|(k, v)| (k.into(), v.into(), false)),
            );
            fields.push(("_csrf".into(), csrf.clone(), false));
            let label = format!("{:?}", value.chars().take(12).collect::<String>());
            let req = if form.multipart {
                let mut mp = reqwest::multipart::Form::new();
                for (n, v, file) in fields {
                    mp = if file {
                        mp.part(n, reqwest::multipart::Part::bytes(v.into_bytes()).file_name("berkas.xlsx"))
                    } else {
                        mp.text(n, v)
                    };
                }
                post().multipart(mp)
            } else {
                let pairs: Vec<(String, String)> = fields.into_iter().map(|(n, v, _)| (n, v)).collect();
                post().form(&pairs)
            };
            bodies.push((label, req));
        }
        bodies.push(("text/plain".into(), post().header("content-type", "text/plain").body("hello")));
        bodies.push(("6 MB".into(), post().form(&[("_csrf", csrf.as_str()), ("name", &"x".repeat(6 * 1024 * 1024))])));
        bodies.push(("no CSRF".into(), post().form(&[("name", "Tanpa token")])));
        bodies.push((
            "broken multipart".into(),
            post()
                .header("content-type", "multipart/form-data; boundary=xyz")
                .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\u{1}"),
        ));

        // Control characters and oversize text must be refused wherever the form has a field to put them in.
        let has_fields = form.fields.iter().any(|(n, _)| n != "_csrf");
        for (label, req) in bodies {
            let before = count(&db, "SELECT COUNT(*) FROM audit_log").await;
            let r = req.send().await.expect("post");
            sent += 1;
            let status = r.status().as_u16();
            let wrote = count(&db, "SELECT COUNT(*) FROM audit_log").await != before;
            if status >= 500 {
                failures.push(format!("POST {url} with {label}: {status}"));
            }
            if !wrote {
                continue;
            }
            accepted += 1;
            if std::env::var("SWADAYA_SHOW_ACCEPTED").is_ok() {
                eprintln!("accepted: POST {url} with {label}: {status}");
            }
            let never = matches!(label.as_str(), "text/plain" | "6 MB" | "no CSRF" | "broken multipart")
                || (has_fields && (label.contains("\\0") || label.starts_with("\"xxxx")));
            if !(200..400).contains(&status) {
                failures.push(format!("POST {url} with {label}: refused with {status} but wrote"));
            } else if never {
                failures.push(format!("POST {url} with {label}: accepted ({status})"));
            }
        }
    }
    assert_eq!(swadaya_core::store::audit::verify(&db).await.expect("verify").map(|_| ()), Ok(()));
    assert_eq!(unbalanced_entries(&db, None).await, 0, "the books still balance");
    eprintln!(
        "hostile forms on {:?}: {pages} pages with hostile queries, {} forms found, {} form routes, {sent} posts, {accepted} accepted (valid in that field), {} failures; posted without a form on any page: {:?}",
        db.backend,
        forms.len(),
        posts.len(),
        failures.len(),
        without_form.iter().collect::<BTreeSet<_>>()
    );
    // Form routes whose form no page of the fixture shows, each for a reason; any other is a form
    // this test would miss.
    let expected: BTreeSet<&str> = [
        // the phone's script posts JSON here (field_sync.rs), not a form
        "/field/sync",
        // a signed-in user is sent on from the login page
        "/login",
        // the application form shows once a KSM is chosen (?ksm_id=)
        "/i/{id}/loans",
        // these steps show only after the complaint's earlier ones
        "/i/{id}/complaints/{c}/answer",
        "/i/{id}/complaints/{c}/correction",
        "/i/{id}/complaints/{c}/decide",
        // scoring and deciding show while proposals wait for the board (the demo's are decided)
        "/i/{id}/proposals/{p:proposal}/score",
        "/i/{id}/proposals/decisions",
        // a customer is registered on a fee scheme: the LKM and the village keep no service
        "/i/{id}/water/customers",
    ]
    .into();
    let missed: BTreeSet<&str> = without_form.iter().copied().collect();
    for t in missed.difference(&expected) {
        failures.push(format!("no page shows the form of {t}: add what the fixture lacks, or the reason here"));
    }
    assert!(failures.is_empty(), "{} posts failed:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn every_form_survives_hostile_input_and_changes_nothing_saved() {
    each_backend(run).await;
}
