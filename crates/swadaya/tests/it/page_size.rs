//! Every page of the demo is light enough for a village phone connection: each HTML page, as
//! sent, is under 50 KB. The system admin (who reaches every institution) and a visitor walk
//! every page linked from where they start, each address once.

use crate::common::*;
use crate::link_permissions::{links, visit, Found};
use std::collections::{BTreeSet, VecDeque};

const MAX_BYTES: usize = 50 * 1024;
/// Pages walked per walker at most (the demo has about 1,700 for the admin).
const MAX_PAGES: usize = 5000;

/// (pages walked, the largest page and its size, pages over the limit)
async fn walk(base: &str, c: &reqwest::Client, start: &str) -> (usize, (usize, String), Vec<String>) {
    let (mut seen, mut queue) = (BTreeSet::new(), VecDeque::from([start.to_string()]));
    let (mut walked, mut largest, mut over) = (0, (0, String::new()), vec![]);
    while let Some(path) = queue.pop_front() {
        if seen.len() >= MAX_PAGES || !seen.insert(path.clone()) {
            continue;
        }
        let body = match visit(c, base, &path).await {
            Found::Page(body) => body,
            Found::Redirect(to) => {
                queue.push_front(to);
                continue;
            }
            Found::Other => continue,
        };
        walked += 1;
        if body.len() > largest.0 {
            largest = (body.len(), path.clone());
        }
        if body.len() > MAX_BYTES {
            over.push(format!("{path}: {} KB", body.len() / 1024));
        }
        for link in links(&String::from_utf8_lossy(&body)) {
            let download = link.contains("format=")
                || [".csv", ".xlsx", ".pdf", ".json", ".atom", ".png"]
                    .iter()
                    .any(|x| link.split('?').next().unwrap_or("").ends_with(x));
            if !download && !seen.contains(&link) {
                queue.push_back(link.replace("&amp;", "&"));
            }
        }
    }
    (walked, largest, over)
}

#[tokio::test]
async fn every_page_of_the_demo_is_under_50_kb_as_sent() {
    each_backend(|db| async move {
        swadaya::demo::load(&db, 0).await.expect("demo");
        let base = spawn_app(db.clone()).await;
        let (admin, _) = login(&base, "admin").await;
        let mut over = vec![];
        for (who, c, start) in [("admin", admin, "/home"), ("visitor", client(), "/p")] {
            let (walked, (size, page), too_big) = walk(&base, &c, start).await;
            eprintln!("page size on {:?}, {who}: {walked} pages, the largest {page} at {} KB", db.backend, size / 1024);
            assert!(walked > if who == "admin" { 500 } else { 10 }, "{who} walked {walked} pages");
            over.extend(too_big.into_iter().map(|p| format!("{who}: {p}")));
        }
        assert!(over.is_empty(), "pages over 50 KB:\n{}", over.join("\n"));
    })
    .await;
}
