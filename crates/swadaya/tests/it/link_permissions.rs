//! Every link a page shows leads somewhere the user who sees it may go. Each demo user walks the
//! pages reachable from the home page (one page per route: a member's statement stands for all
//! of them), and every link on them must answer, not refuse (403) or pretend not to exist (404).

use crate::common::*;
use crate::page_forms::attr;
use std::collections::{BTreeSet, VecDeque};
use swadaya_core::store::Db;

/// The route a path stands for: record numbers are alike (`/i/1/ksm/3` ~ `/i/1/ksm/4`).
pub fn route(path: &str) -> String {
    path.split('/')
        .map(|s| if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) { "#" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The site's own links of a page, without fragments; files and the ways out are not walked.
pub fn links(html: &str) -> Vec<String> {
    html.split("<a ")
        .skip(1)
        .filter_map(|a| attr(&format!(" {}", &a[..a.find('>').unwrap_or(0)]), "href"))
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .filter(|h| !h.is_empty() && !h.starts_with("/static/"))
        .collect()
}

/// What a walk finds at an address.
pub enum Found {
    /// An HTML page answered with success, as sent.
    Page(Vec<u8>),
    /// A redirect, to follow first.
    Redirect(String),
    /// A file, a refusal or an error page: nothing to walk.
    Other,
}

pub async fn visit(c: &reqwest::Client, base: &str, path: &str) -> Found {
    let r = c.get(format!("{base}{path}")).send().await.expect("get");
    if r.status().is_redirection() {
        return match r.headers().get("location").and_then(|v| v.to_str().ok()) {
            Some(to) => Found::Redirect(to.to_string()),
            None => Found::Other,
        };
    }
    let html = r.headers().get("content-type").is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
    if !html || !r.status().is_success() {
        return Found::Other;
    }
    Found::Page(r.bytes().await.expect("body").to_vec())
}

/// Pages walked per user at most: enough for every route a role sees, bounded for CI.
const MAX_PAGES: usize = 400;

async fn run(db: Db) {
    swadaya::demo::load(&db, 0).await.expect("demo");
    let base = spawn_app(db.clone()).await;
    let mut failures = vec![];
    let mut walked = 0;
    for (username, ..) in swadaya::demo::DEMO_USERS {
        let (c, _) = login(&base, username).await;
        let (mut seen, mut queue) = (BTreeSet::new(), VecDeque::from(["/".to_string()]));
        let mut checked = BTreeSet::new();
        while let Some(path) = queue.pop_front() {
            if seen.len() >= MAX_PAGES || !seen.insert(route(&path)) {
                continue;
            }
            let html = match visit(&c, &base, &path).await {
                Found::Page(body) => String::from_utf8_lossy(&body).to_string(),
                Found::Redirect(to) => {
                    queue.push_front(to);
                    continue;
                }
                Found::Other => continue,
            };
            walked += 1;
            for link in links(&html) {
                if !checked.insert(route(link.split('?').next().unwrap_or(&link))) {
                    continue;
                }
                let status = c.get(format!("{base}{link}")).send().await.expect("link").status().as_u16();
                if [403, 404].contains(&status) || status >= 500 {
                    failures.push(format!("{username}: {path} links to {link}, which answers {status}"));
                } else if (200..400).contains(&status) && !link.contains(['.', '?']) {
                    queue.push_back(link);
                }
            }
        }
    }
    eprintln!("link permissions on {:?}: {walked} pages walked by {} users", db.backend, swadaya::demo::DEMO_USERS.len());
    assert!(walked > 100, "pages walked: {walked}");
    assert!(failures.is_empty(), "{} links:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn every_link_a_page_shows_is_open_to_the_user_who_sees_it() {
    each_backend(run).await;
}
