//! Errors where the eye is. Every form the admin's pages show is sent twice, once with every
//! field it leaves to the user emptied and once with nonsense in them. Each refusal's summary
//! must link only to fields that exist on the page it comes back with, never inside a closed
//! box (a `details` without `open`), and must name each field in words, not by its code.

use crate::access::{fixture, session};
use crate::common::*;
use crate::page_forms::{admin_pages, attr, forms, PageForm};
use std::collections::BTreeMap;
use swadaya_core::store::Db;

/// The summary's links: (target id, the label shown).
fn summary_links(html: &str) -> Vec<(String, String)> {
    let Some(at) = html.find("role=\"alert\"") else { return vec![] };
    let end = html[at..].find("</div>").map_or(html.len(), |e| at + e);
    html[at..end]
        .split("<a ")
        .skip(1)
        .filter_map(|a| {
            let target = attr(&format!(" {a}"), "href")?.strip_prefix('#')?.to_string();
            let label = a.split("<strong>").nth(1)?.split("</strong>").next()?.to_string();
            Some((target, label))
        })
        .collect()
}

/// Whether the element with this id sits inside a `details` that is shown closed.
fn in_closed_box(html: &str, id: &str) -> Option<bool> {
    let at = html.find(&format!(" id=\"{id}\""))?;
    let before = &html[..at];
    let mut open_boxes: Vec<bool> = vec![];
    let mut rest = before;
    while let Some(i) = rest.find("<details").into_iter().chain(rest.find("</details>")).min() {
        if rest[i..].starts_with("</details>") {
            open_boxes.pop();
            rest = &rest[i + 10..];
        } else {
            let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
            let tag = &rest[i..tag_end];
            open_boxes.push(tag.split_whitespace().any(|w| w == "open" || w.starts_with("open=")));
            rest = &rest[tag_end..];
        }
    }
    Some(open_boxes.iter().any(|open| !open))
}

/// A label that is a field's code rather than its name (`m12_wajib`, `rab-0-item`, `promise_on`).
fn is_code(label: &str) -> bool {
    label.contains('_') || label.contains('-') && label.chars().any(|c| c.is_ascii_digit()) || label.is_empty()
}

async fn send(http: &reqwest::Client, base: &str, cookie: &str, form: &PageForm, fields: &[(String, String)]) -> (u16, String) {
    let req = http.post(format!("{base}{}", form.action)).header("cookie", cookie);
    let req = if form.multipart {
        let mut mp = reqwest::multipart::Form::new();
        for (k, v) in fields {
            mp = mp.text(k.clone(), v.clone());
        }
        req.multipart(mp)
    } else {
        req.form(fields)
    };
    let r = req.send().await.expect("post");
    (r.status().as_u16(), r.text().await.unwrap_or_default())
}

async fn run(db: Db) {
    let base = spawn_app(db.clone()).await;
    let f = fixture(&db, &base).await;
    let (cookie, csrf) = session(&db, "admin").await;
    let http = client();
    let mut by_action: BTreeMap<String, PageForm> = BTreeMap::new();
    for (path, html) in admin_pages(&f, &base, &cookie).await {
        for form in forms(&path, &html) {
            // One form per route: the reversal boxes of sixty payments are one form.
            let route: String = form.action.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
            if form.action != "/logout" && form.action != "/lang" {
                by_action.entry(route).or_insert(form);
            }
        }
    }
    let (mut summaries, mut failures) = (0, vec![]);
    for form in by_action.values() {
        for filler in ["", "x?"] {
            let fields: Vec<(String, String)> = form
                .fields
                .iter()
                .map(|(k, v)| match k.as_str() {
                    "_csrf" => (k.clone(), csrf.clone()),
                    "idem_key" => (k.clone(), format!("err-{}", swadaya_core::app::auth::random_token())),
                    _ if form.options.iter().any(|(n, _)| n == k) || form.hidden.contains(k) => (k.clone(), v.clone()),
                    _ => (k.clone(), filler.to_string()),
                })
                .collect();
            let (status, html) = send(&http, &base, &cookie, form, &fields).await;
            if !(400..500).contains(&status) || !html.contains("role=\"alert\"") {
                continue;
            }
            summaries += 1;
            for (target, label) in summary_links(&html) {
                let problem = match in_closed_box(&html, &target) {
                    None => "links to nothing",
                    Some(true) => "links into a closed box",
                    Some(false) if is_code(&label) => "names the field by its code",
                    Some(false) => continue,
                };
                failures.push(format!("{} ({filler:?}, {status}): #{target} \"{label}\" {problem}", form.action));
            }
        }
    }
    failures.extend(scoring(&db, &base, &cookie, &csrf).await);
    failures.sort();
    failures.dedup();
    eprintln!("error links on {:?}: {} forms, {summaries} refusals with a summary", db.backend, by_action.len());
    assert!(summaries >= 20, "refusals with a summary: {summaries}");
    assert!(failures.is_empty(), "{} links:\n{}", failures.len(), failures.join("\n"));
}

/// A proposal waiting for the board, scored with nothing chosen: the summary opens the page and
/// each message names its criterion.
async fn scoring(db: &Db, base: &str, cookie: &str, csrf: &str) -> Vec<String> {
    let http = client();
    let lkm = institution_id(db, "LKM Makmur Sentosa").await;
    let new = format!("/i/{lkm}/proposals/new");
    let html = http.get(format!("{base}{new}")).header("cookie", cookie).send().await.expect("get").text().await.expect("page");
    let form = crate::page_forms::form_to(&new, &html, "/proposals");
    let mut fields = crate::repeat_forms::filled(&form, csrf);
    for (k, v) in fields.iter_mut() {
        if let Some(t) = crate::photo_forms::proposal_field(k).filter(|_| v.is_empty()) {
            *v = t.to_string();
        }
    }
    let (status, _) = send(&http, base, cookie, &form, &fields).await;
    assert_eq!(status, 303, "a proposal to score");
    let pid = count(db, &format!("SELECT MAX(id) FROM proposals WHERE institution_id = {lkm}")).await;
    let page = format!("/i/{lkm}/proposals/{pid}");
    let html = http.get(format!("{base}{page}")).header("cookie", cookie).send().await.expect("get").text().await.expect("page");
    let mut score = crate::page_forms::form_to(&page, &html, "/score");
    let criteria: Vec<String> = score.fields.iter().filter(|(k, _)| k.starts_with("score-")).map(|(k, _)| k.clone()).collect();
    for c in &criteria {
        score.set(c, "");
    }
    score.set("_csrf", csrf);
    let (status, html) = send(&http, base, cookie, &score, &score.fields).await;
    let summary_at = html.find("role=\"alert\"").unwrap_or(usize::MAX);
    let mut out = vec![];
    if status != 422 || summary_at > html.find("<h2").unwrap_or(0) {
        out.push(format!("{page}/score: {status}, the summary at {summary_at}, not at the top"));
    }
    let named = html.matches("Beri nilai 1 sampai 5 untuk \u{201c}").count();
    // Each criterion's message twice: in the summary and at its field.
    if criteria.is_empty() || named != 2 * criteria.len() {
        out.push(format!("{page}/score: {named} messages name a criterion, of {} criteria", criteria.len()));
    }
    out
}

#[tokio::test]
async fn every_error_summary_links_to_a_field_that_is_shown_and_named() {
    each_backend(run).await;
}
