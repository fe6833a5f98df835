//! Each page's information is also in `/api/v1` (issue 19). Every page route the router serves
//! for GET is listed here with the API operations that give its data, or, for a page that has no
//! data of its own (a form, a file, the app's own assets), with what it is instead. A new page
//! without an entry fails this test, and so does an entry naming an operation the API does not
//! serve (for a form: the POST or PUT that records what it sends).

use crate::access::methods_of;
use crate::common::*;
use std::collections::BTreeSet;

enum Data {
    /// The API operations (GET) that give what the page shows.
    Api(&'static [&'static str]),
    /// A form: the API commands that record what it sends, as `METHOD path`.
    Form(&'static [&'static str]),
    /// No data of its own: why.
    None(&'static str),
}

use Data::*;

const OPEN_DATA: &str = "the public notice board (ADR 0007): open to anyone without a token; its machine-readable form is /p/{id}/data.json, the CSV files and the Atom feed";
const OWN_FILES: &str = "the program's own file (style, script, icon, manifest), no data";

const PAGES: &[(&str, Data)] = &[
    ("/", None("the public front page: links to each institution's notice board and to the complaint form")),
    ("/healthz", None("answers `ok` to a load balancer")),
    ("/login", None("signing in to the pages; an API client holds a token made with `swadaya user token`")),
    ("/home", Api(&["/api/v1/home"])),
    ("/admin/holidays", Api(&["/api/v1/holidays"])),
    ("/audit", Api(&["/api/v1/audit"])),
    ("/audit/export.csv", Api(&["/api/v1/audit"])),
    ("/audit/export.xlsx", Api(&["/api/v1/audit"])),
    ("/regions", Api(&["/api/v1/regions"])),
    ("/institutions", Api(&["/api/v1/institutions"])),
    ("/institutions/new", Form(&["POST /api/v1/institutions"])),
    ("/ksm", Api(&["/api/v1/ksm"])),
    ("/apbdes/template/{file}", None("a blank template to fill in, no data")),
    ("/field", None("field mode's offline shell, the same for everyone (ADR 0008)")),
    ("/field/session", None("whether the phone's session is still signed in, for field mode")),
    (
        "/field/pack",
        Api(&[
            "/api/v1/institutions/{id}/ksm/{k}",
            "/api/v1/institutions/{id}/loans/{l}/schedule",
            "/api/v1/institutions/{id}/settings",
        ]),
    ),
    ("/manifest.webmanifest", None(OWN_FILES)),
    ("/sw.js", None(OWN_FILES)),
    ("/static/app.css", None(OWN_FILES)),
    ("/static/field.js", None(OWN_FILES)),
    ("/static/icon-192.png", None(OWN_FILES)),
    ("/static/icon-512.png", None(OWN_FILES)),
    // The public notice board and the public complaint desk.
    ("/p", Api(&["/api/v1/institutions"])),
    ("/p/{id}", Api(&["/api/v1/public/institutions/{id}/register"])),
    ("/p/{id}/data.json", None(OPEN_DATA)),
    ("/p/{id}/activities.csv", None(OPEN_DATA)),
    ("/p/{id}/payments.csv", None(OPEN_DATA)),
    ("/p/{id}/feed.atom", None(OPEN_DATA)),
    ("/p/{id}/photos/{a}", None("a photo of a finished work, a file; listed in /p/{id}/data.json")),
    ("/p/{id}/apbdes", None(OPEN_DATA)),
    ("/p/{id}/apbdes/{year}", None(OPEN_DATA)),
    ("/p/{id}/apbdes/{year}/{file}", None(OPEN_DATA)),
    ("/pengaduan", Form(&["POST /api/v1/public/institutions/{id}/complaints"])),
    ("/p/{id}/pengaduan", Form(&["POST /api/v1/public/institutions/{id}/complaints"])),
    ("/lacak", Form(&["POST /api/v1/public/complaints/track"])),
    // Registers.
    (
        "/i/{id}",
        Api(&[
            "/api/v1/institutions/{id}",
            "/api/v1/institutions/{id}/units",
            "/api/v1/institutions/{id}/positions",
            "/api/v1/institutions/{id}/ksm",
        ]),
    ),
    ("/i/{id}/edit", Form(&["PUT /api/v1/institutions/{id}"])),
    ("/i/{id}/units/{uid}/edit", Api(&["/api/v1/institutions/{id}/units"])),
    ("/i/{id}/people", Api(&["/api/v1/institutions/{id}/people"])),
    ("/i/{id}/people/new", Form(&["POST /api/v1/institutions/{id}/people"])),
    ("/i/{id}/people/import", Form(&["POST /api/v1/institutions/{id}/people"])),
    ("/i/{id}/people/export.csv", Api(&["/api/v1/institutions/{id}/people"])),
    ("/i/{id}/people/export.xlsx", Api(&["/api/v1/institutions/{id}/people"])),
    ("/i/{id}/people/{pid}", Api(&["/api/v1/institutions/{id}/people/{pid}"])),
    ("/i/{id}/people/{pid}/edit", Form(&["PUT /api/v1/institutions/{id}/people/{pid}"])),
    ("/i/{id}/positions", Api(&["/api/v1/institutions/{id}/positions"])),
    ("/i/{id}/positions/export.csv", Api(&["/api/v1/institutions/{id}/positions"])),
    ("/i/{id}/positions/export.xlsx", Api(&["/api/v1/institutions/{id}/positions"])),
    ("/i/{id}/positions/{pos}/edit", Api(&["/api/v1/institutions/{id}/positions"])),
    ("/i/{id}/users", Api(&["/api/v1/institutions/{id}/users"])),
    ("/i/{id}/settings", Api(&["/api/v1/institutions/{id}/settings"])),
    // KSM.
    ("/i/{id}/ksm", Api(&["/api/v1/institutions/{id}/ksm"])),
    ("/i/{id}/ksm/new", Form(&["POST /api/v1/institutions/{id}/ksm"])),
    ("/i/{id}/ksm/{k}", Api(&["/api/v1/institutions/{id}/ksm/{k}", "/api/v1/institutions/{id}/ksm/{k}/meetings"])),
    ("/i/{id}/ksm/{k}/edit", Api(&["/api/v1/institutions/{id}/ksm/{k}"])),
    ("/i/{id}/ksm/{k}/export.csv", Api(&["/api/v1/institutions/{id}/ksm/{k}"])),
    ("/i/{id}/ksm/{k}/export.xlsx", Api(&["/api/v1/institutions/{id}/ksm/{k}"])),
    ("/i/{id}/ksm/{k}/members/{m}/statement", Api(&["/api/v1/institutions/{id}/ksm/{k}/members/{m}/statement"])),
    ("/i/{id}/ksm/{k}/members/{m}/statement.pdf", Api(&["/api/v1/institutions/{id}/ksm/{k}/members/{m}/statement"])),
    ("/i/{id}/ksm/{k}/assessment", Api(&["/api/v1/institutions/{id}/ksm/{k}/assessment"])),
    ("/i/{id}/ksm/{k}/stage", Api(&["/api/v1/institutions/{id}/ksm/{k}/assessment", "/api/v1/institutions/{id}/ksm/{k}/stages"])),
    ("/i/{id}/ksm/{k}/independence", Api(&["/api/v1/institutions/{id}/ksm/{k}/independence"])),
    ("/i/{id}/ksm/{k}/sheet", Form(&["POST /api/v1/institutions/{id}/ksm/{k}/meetings"])),
    ("/i/{id}/ksm/{k}/sheet.pdf", Api(&["/api/v1/institutions/{id}/ksm/{k}", "/api/v1/institutions/{id}/loans"])),
    ("/i/{id}/ksm/{k}/field-file", Api(&["/api/v1/institutions/{id}/ksm/{k}", "/api/v1/institutions/{id}/loans"])),
    ("/i/{id}/ksm/{k}/meetings/{mid}", Api(&["/api/v1/institutions/{id}/ksm/{k}/meetings/{mid}"])),
    ("/i/{id}/ksm/{k}/meetings/{mid}/minutes.pdf", Api(&["/api/v1/institutions/{id}/ksm/{k}/meetings/{mid}"])),
    ("/i/{id}/ksm/{k}/meetings/{mid}/amend", Form(&["POST /api/v1/institutions/{id}/ksm/{k}/meetings/{mid}/amendments"])),
    // Books.
    ("/i/{id}/books", Api(&["/api/v1/institutions/{id}/closed-months", "/api/v1/institutions/{id}/accounts"])),
    ("/i/{id}/books/accounts", Api(&["/api/v1/institutions/{id}/accounts"])),
    ("/i/{id}/books/journal", Api(&["/api/v1/institutions/{id}/journal"])),
    ("/i/{id}/books/journal/new", Form(&["POST /api/v1/institutions/{id}/journal"])),
    ("/i/{id}/books/journal/{eid}", Api(&["/api/v1/institutions/{id}/journal/{eid}"])),
    ("/i/{id}/books/ledger/{code}", Api(&["/api/v1/institutions/{id}/ledger/{code}"])),
    ("/i/{id}/books/trial-balance", Api(&["/api/v1/institutions/{id}/trial-balance"])),
    ("/i/{id}/books/balance-sheet", Api(&["/api/v1/institutions/{id}/balance-sheet"])),
    ("/i/{id}/books/income", Api(&["/api/v1/institutions/{id}/income-statement"])),
    ("/i/{id}/books/cash-flow", Api(&["/api/v1/institutions/{id}/cash-flow"])),
    ("/i/{id}/books/close", Api(&["/api/v1/institutions/{id}/closed-months"])),
    ("/i/{id}/books/allocation", Api(&["/api/v1/institutions/{id}/profit-allocation"])),
    ("/i/{id}/books/opening", Form(&["POST /api/v1/institutions/{id}/journal"])),
    ("/i/{id}/books/opening/template.xlsx", None("a blank template of opening balances to fill in, with the chart of accounts")),
    // The revolving fund.
    ("/i/{id}/loans", Api(&["/api/v1/institutions/{id}/loans"])),
    ("/i/{id}/loans/new", Form(&["POST /api/v1/institutions/{id}/loans"])),
    ("/i/{id}/loans/products", Api(&["/api/v1/institutions/{id}/loan-products"])),
    ("/i/{id}/loans/{l}", Api(&["/api/v1/institutions/{id}/loans/{l}", "/api/v1/institutions/{id}/loans/{l}/schedule"])),
    (
        "/i/{id}/loans/{l}/statement",
        Api(&["/api/v1/institutions/{id}/loans/{l}", "/api/v1/institutions/{id}/loans/{l}/schedule"]),
    ),
    (
        "/i/{id}/loans/{l}/agreement.pdf",
        Api(&["/api/v1/institutions/{id}/loans/{l}", "/api/v1/institutions/{id}/loans/{l}/schedule"]),
    ),
    ("/i/{id}/arrears", Api(&["/api/v1/institutions/{id}/arrears"])),
    ("/i/{id}/indicators", Api(&["/api/v1/institutions/{id}/arrears", "/api/v1/institutions/{id}/closed-months"])),
    ("/i/{id}/collection", Api(&["/api/v1/institutions/{id}/collection-plan"])),
    // Proposals and activities.
    ("/i/{id}/proposals", Api(&["/api/v1/institutions/{id}/proposals"])),
    ("/i/{id}/proposals/new", Form(&["POST /api/v1/institutions/{id}/proposals"])),
    ("/i/{id}/proposals/ranking", Api(&["/api/v1/institutions/{id}/proposal-ranking"])),
    ("/i/{id}/proposals/{p}", Api(&["/api/v1/institutions/{id}/proposals/{p}"])),
    ("/i/{id}/attachments/{a}", None("the stored file itself (a scan or photo); the record holding it names it")),
    ("/i/{id}/activities", Api(&["/api/v1/institutions/{id}/activities"])),
    ("/i/{id}/activities/new", Form(&["POST /api/v1/institutions/{id}/activities"])),
    ("/i/{id}/activities/{a}", Api(&["/api/v1/institutions/{id}/activities/{a}"])),
    (
        "/i/{id}/activities/{a}/{step}",
        Form(&[
            "POST /api/v1/institutions/{id}/activities/{a}/commitments",
            "POST /api/v1/institutions/{id}/activities/{a}/receipts",
            "POST /api/v1/institutions/{id}/activities/{a}/payments",
            "POST /api/v1/institutions/{id}/activities/{a}/in-kind",
            "POST /api/v1/institutions/{id}/activities/{a}/progress",
            "POST /api/v1/institutions/{id}/activities/{a}/handover",
        ]),
    ),
    (
        "/i/{id}/activities/{a}/{what}/{r}/reverse",
        Form(&[
            "POST /api/v1/institutions/{id}/activities/{a}/payments/{p}/reversal",
            "POST /api/v1/institutions/{id}/activities/{a}/receipts/{r}/reversal",
        ]),
    ),
    ("/i/{id}/activities/{a}/attach/{kind}/{r}", Form(&["POST /api/v1/institutions/{id}/attachments"])),
    ("/i/{id}/activities/report", Api(&["/api/v1/institutions/{id}/activity-figures"])),
    (
        "/i/{id}/activities/quarterly",
        Api(&["/api/v1/institutions/{id}/money-by-source", "/api/v1/institutions/{id}/activity-figures"]),
    ),
    (
        "/i/{id}/activities/annual",
        Api(&[
            "/api/v1/institutions/{id}/money-by-source",
            "/api/v1/institutions/{id}/activity-figures",
            "/api/v1/institutions/{id}/income-statement",
            "/api/v1/institutions/{id}/balance-sheet",
        ]),
    ),
    ("/i/{id}/rkm", Api(&["/api/v1/institutions/{id}/rkm"])),
    ("/i/{id}/cash-book", Api(&["/api/v1/institutions/{id}/cash-book"])),
    (
        "/i/{id}/auditor-export.xlsx",
        Api(&[
            "/api/v1/institutions/{id}/journal",
            "/api/v1/institutions/{id}/cash-book",
            "/api/v1/institutions/{id}/activities/{a}",
        ]),
    ),
    // Complaints and the village budget.
    ("/i/{id}/complaints", Api(&["/api/v1/institutions/{id}/complaints"])),
    ("/i/{id}/complaints/new", Form(&["POST /api/v1/institutions/{id}/complaints"])),
    ("/i/{id}/complaints/{c}", Api(&["/api/v1/institutions/{id}/complaints/{c}"])),
    ("/i/{id}/complaints/{c}/{step}", Form(&["POST /api/v1/institutions/{id}/complaints/{c}/steps"])),
    ("/i/{id}/complaints/{c}/files/{f}", None("a file attached to a complaint; the complaint names it")),
    ("/i/{id}/apbdes", Api(&["/api/v1/institutions/{id}/apbdes"])),
    ("/i/{id}/apbdes/entry", Form(&["POST /api/v1/institutions/{id}/apbdes"])),
    (
        "/i/{id}/water",
        Api(&[
            "/api/v1/institutions/{id}/water/assets",
            "/api/v1/institutions/{id}/water/schemes",
            "/api/v1/institutions/{id}/water/months",
        ]),
    ),
    ("/i/{id}/water/assets", Form(&["POST /api/v1/institutions/{id}/water/assets"])),
    ("/i/{id}/water/schemes", Form(&["POST /api/v1/institutions/{id}/water/schemes"])),
    ("/i/{id}/water/schemes/{s}", Api(&["/api/v1/institutions/{id}/water/schemes/{s}"])),
    ("/i/{id}/water/schemes/{s}/round", Api(&["/api/v1/institutions/{id}/water/schemes/{s}/round"])),
    ("/i/{id}/water/customers", Api(&["/api/v1/institutions/{id}/water/customers", "/api/v1/institutions/{id}/water/arrears"])),
    ("/i/{id}/water/customers/new", Form(&["POST /api/v1/institutions/{id}/water/customers"])),
    ("/i/{id}/water/customers/{c}", Api(&["/api/v1/institutions/{id}/water/customers/{c}"])),
    ("/i/{id}/water/customers/{c}/meter", Form(&["POST /api/v1/institutions/{id}/water/customers/{c}/meter"])),
    ("/i/{id}/water/arrears", Api(&["/api/v1/institutions/{id}/water/arrears"])),
    ("/i/{id}/water/payments/{p}/reverse", Form(&["POST /api/v1/institutions/{id}/water/payments/{p}/reversal"])),
    ("/i/{id}/water/bills/{b}/tagihan.pdf", Api(&["/api/v1/institutions/{id}/water/customers/{c}"])),
    ("/i/{id}/water/payments/{p}/kuitansi.pdf", Api(&["/api/v1/institutions/{id}/water/customers/{c}"])),
];

#[tokio::test]
async fn every_page_has_its_data_in_the_api_or_says_why_not() {
    let t = TestDb::sqlite().await;
    let base = spawn_app(t.db.clone()).await;
    let routes = swadaya_web::routes(swadaya_web::AppState::new(t.db.clone(), false));
    let mut served: BTreeSet<(String, String)> = BTreeSet::new();
    for path in routes.paths() {
        for m in methods_of(&base, path).await {
            served.insert((m, path.to_string()));
        }
    }
    let get = |p: &str| served.contains(&("GET".to_string(), p.to_string()));
    let mut problems = vec![];
    let pages: BTreeSet<&str> =
        served.iter().filter(|(m, p)| m == "GET" && !p.starts_with("/api/")).map(|(_, p)| p.as_str()).collect();
    for page in &pages {
        if !PAGES.iter().any(|(p, _)| p == page) {
            problems.push(format!("GET {page}: no entry; name the API operations that give its data, or why it has none"));
        }
    }
    let (mut with_api, mut forms, mut without) = (0, 0, vec![]);
    for (page, data) in PAGES {
        if !pages.contains(page) {
            problems.push(format!("{page}: listed, but the router serves no such page"));
        }
        match data {
            Api(ops) => {
                with_api += 1;
                problems.extend(ops.iter().filter(|op| !get(op)).map(|op| format!("{page}: GET {op} is not served")));
            }
            Form(commands) => {
                forms += 1;
                for c in *commands {
                    let (m, p) = c.split_once(' ').expect("METHOD path");
                    if !served.contains(&(m.to_string(), p.to_string())) {
                        problems.push(format!("{page}: {c} is not served"));
                    }
                }
            }
            None(why) => without.push(format!("{page}: {why}")),
        }
    }
    t.cleanup().await;
    eprintln!(
        "API parity: {} pages; {with_api} with their data in /api/v1, {forms} forms with their commands, {} without data of their own:\n  {}",
        pages.len(),
        without.len(),
        without.join("\n  ")
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
