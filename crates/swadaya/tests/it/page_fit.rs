//! Every page fits the screen: at 360x740 (a phone) and at 1280x800 no table hides a column
//! behind a scroll bar and no page scrolls sideways. One page per route, as the system admin
//! (who reaches them all), and the public pages.

use crate::browser::{browser_in, log_in};
use crate::common::*;
use crate::link_permissions::{links, route, visit, Found};
use std::collections::{BTreeSet, VecDeque};

/// One address per route the admin's and a visitor's pages link to.
async fn one_page_per_route(base: &str) -> Vec<String> {
    let (admin, _) = login(base, "admin").await;
    let (mut routes, mut pages) = (BTreeSet::new(), vec![]);
    let mut queue = VecDeque::from(["/institutions".to_string(), "/p".to_string()]);
    let mut seen = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 3000 {
            continue;
        }
        let body = match visit(&admin, base, &path).await {
            Found::Page(body) => String::from_utf8_lossy(&body).to_string(),
            Found::Redirect(to) => {
                queue.push_front(to);
                continue;
            }
            Found::Other => continue,
        };
        if routes.insert(route(path.split('?').next().unwrap_or(&path))) {
            pages.push(path.clone());
        }
        for link in links(&body) {
            let link = link.replace("&amp;", "&");
            let file = [".csv", ".xlsx", ".pdf", ".json", ".atom", ".png"]
                .iter()
                .any(|x| link.split('?').next().unwrap_or("").ends_with(x));
            if !file && !link.contains("format=") && !link.contains("page=") {
                queue.push_back(link);
            }
        }
    }
    pages
}

const CHECK: &str = r#"
const out = [];
const vw = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > vw + 1) out.push('the page scrolls sideways (' + document.documentElement.scrollWidth + ' px wide)');
for (const t of document.querySelectorAll('.table-wrap')) {
  if (t.scrollWidth > t.clientWidth + 1) out.push('a table hides columns: ' + [...t.querySelectorAll('th')].map((x) => x.textContent).join(' | ').slice(0, 100));
}
return { width: vw, problems: out };
"#;

#[tokio::test]
async fn every_page_fits_a_phone_and_a_desktop_screen() {
    let t = TestDb::sqlite().await;
    swadaya::demo::load(&t.db, 0).await.expect("demo");
    let base = spawn_app(t.db.clone()).await;
    let pages = one_page_per_route(&base).await;
    assert!(pages.len() > 60, "{} routes", pages.len());
    let profile = tempfile::tempdir().expect("profile");
    let Some(b) = browser_in(profile.path()).await else { return };
    let c = b.client.clone();
    log_in(&c, &base, "admin").await;
    let mut problems = vec![];
    for (w, h) in [(360u32, 740u32), (1280, 800)] {
        c.set_window_size(w, h).await.expect("size");
        for page in &pages {
            c.goto(&format!("{base}{page}")).await.expect("page");
            let r = c.execute(CHECK, vec![]).await.expect("check");
            let width = r["width"].as_u64().unwrap_or(0);
            assert!(width <= u64::from(w), "the window is {w} px wide, the page {width}");
            for p in r["problems"].as_array().into_iter().flatten() {
                problems.push(format!("{w}x{h} {page}: {}", p.as_str().unwrap_or_default()));
            }
        }
    }
    eprintln!("page fit: {} pages at 360x740 and 1280x800", pages.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    c.close().await.expect("close");
    t.cleanup().await;
}
