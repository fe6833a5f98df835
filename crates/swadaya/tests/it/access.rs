//! The role × route matrix. The list of routes comes from the router itself (`web::routes`, with
//! each path's methods read from the router's 405 `Allow` header), and every route must have a
//! rule in `access_rules.rs`: a new route without one fails here. Each role is then tried on
//! every route, as a user of the institution that owns the records in the path and as a user of
//! another, plus the path of the user's own institution with another's record numbers. Every
//! answer must be what the rule and `Role::allows` say; a refusal writes nothing (the audit log
//! does not grow); no private answer carries another institution's marked rows (pages, JSON,
//! CSV and xlsx exports, PDFs, search and the API's paging), and no public answer carries any
//! (a NIK, a phone, a complainant, a borrower).

use crate::access_rules::{Rule, RULES};
use crate::common::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use swadaya_core::app::auth::{self, NewUser};
use swadaya_core::store::Db;
use swadaya_domain::roles::{Role, ALL_ROLES};

/// Where the records of a path live, and the numbers to put in it.
pub(crate) struct Fixture {
    pub(crate) lkm: i64,
    pub(crate) kkm: i64,
    pub(crate) desa: i64,
    /// Path parameter (as the route names it, with its route family) to value, per institution.
    pub(crate) ids: HashMap<i64, HashMap<&'static str, String>>,
    /// Strings that belong to one institution's private records only.
    pub(crate) markers: Vec<(i64, String)>,
    /// The tracking code of the fixture's complaint (a lookup with an unknown code is a 404).
    pub(crate) tracking: String,
}

struct User {
    name: String,
    system: bool,
    roles: Vec<Role>,
    /// Institutions the user can see at all (`Actor::readable`).
    reach: BTreeSet<i64>,
    /// The institution the user works in (its own records), if any.
    home: Option<i64>,
    /// The one KSM a KSM treasurer keeps the books of, when the role is held for one.
    ksm: Option<i64>,
    cookie: String,
    csrf: String,
    token: String,
    actor: swadaya_core::app::Actor,
}

async fn one(db: &Db, sql: &str) -> String {
    use sqlx::Row;
    let row = sqlx::query(sql).fetch_one(&db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    row.try_get::<i64, _>(0).map(|v| v.to_string()).or_else(|_| row.try_get::<String, _>(0)).expect("value")
}

/// The parameters a table path names (`id`, `k`, `p:sheet`, …).
pub(crate) fn params(template: &str) -> Vec<&str> {
    template.split('{').skip(1).filter_map(|s| s.split('}').next()).collect()
}

impl Fixture {
    /// The institutions whose records fill a table path: for one with records, the first that
    /// has them all; for one with only `{id}`, all three.
    pub(crate) fn owners(&self, template: &str) -> Vec<i64> {
        let records: Vec<&str> = params(template).into_iter().filter(|p| *p != "id").collect();
        let all: Vec<i64> =
            [self.lkm, self.kkm, self.desa].into_iter().filter(|i| records.iter().all(|p| self.ids[i].contains_key(p))).collect();
        assert!(
            !all.is_empty() || records.iter().any(|p| p.starts_with('*')),
            "no fixture institution has records for {template}"
        );
        if records.is_empty() {
            all
        } else {
            all.into_iter().take(1).collect()
        }
    }

    /// A table path with `{id}` set to `path_inst` and the records of `owner`.
    pub(crate) fn fill(&self, template: &str, path_inst: i64, owner: i64) -> String {
        let mut s = template.to_string();
        for p in params(template) {
            let v = if p == "id" { path_inst.to_string() } else { self.ids[&owner][p].clone() };
            s = s.replace(&format!("{{{p}}}"), &v);
        }
        s
    }
}

/// The full demo, plus what it lacks for some routes: a proposed sheet correction, a complaint
/// with a file, a loan approved and not yet paid out, and marked people in three institutions.
pub(crate) async fn fixture(db: &Db, base: &str) -> Fixture {
    swadaya::demo::load(db, 0).await.expect("demo");
    let lkm = institution_id(db, "LKM Makmur Sentosa").await;
    let kkm = institution_id(db, "KKM Tirta Ganra").await;
    let desa = institution_id(db, "Pemerintah Desa Ganra").await;
    let ctx = system_ctx();
    let mut markers = vec![];
    for (inst, tag, nik) in
        [(lkm, "LKM", "3519090101900011"), (kkm, "KKM", "7312070101900012"), (desa, "DESA", "7312070101900013")]
    {
        let name = format!("Rahasia Penanda {tag}");
        swadaya_core::app::registers::people::create(
            db,
            &ctx,
            inst,
            &swadaya_core::app::registers::people::PersonInput {
                name: name.clone(),
                nik: nik.into(),
                sex: "L".into(),
                ..Default::default()
            },
        )
        .await
        .expect("marked person");
        markers.push((inst, name));
        markers.push((inst, nik.to_string()));
    }
    markers.push((lkm, "Suparmi".into()));
    // A borrower in arrears: an individual debt.
    markers.push((lkm, "Sarinah".into()));

    // A complaint with a photo, its complainant marked.
    let png = sqlx::query_scalar::<_, Vec<u8>>("SELECT data FROM attachments WHERE mime = 'image/png' ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .expect("a demo png");
    let input = swadaya_core::app::complaints::ComplaintInput {
        kind: "problem".into(),
        category: "construction".into(),
        content: "Pipa di RT 02 bocor sejak seminggu.".into(),
        name: "Rahasia Pelapor KKM".into(),
        contact: "081299990002".into(),
        ..Default::default()
    };
    let files = [swadaya_core::app::attachments::Upload::new("bocor.png", png)];
    let (_, tracking) =
        swadaya_core::app::complaints::file_public(db, &ctx, kkm, &input, &files).await.expect("complaint with a file");
    markers.push((kkm, "Rahasia Pelapor KKM".into()));
    markers.push((kkm, "081299990002".into()));

    // A second sheet for a recorded meeting: kept as a proposed correction.
    let (k, held_on): (i64, String) = sqlx::query_as(&format!(
        "SELECT ksm_id, held_on FROM meetings WHERE institution_id = {lkm} ORDER BY held_on DESC, id DESC LIMIT 1"
    ))
    .fetch_one(&db.pool)
    .await
    .expect("a meeting");
    let members = swadaya_core::store::ksm::list_members(db, lkm, k).await.expect("members");
    let lines: Vec<_> = members
        .iter()
        .filter(|m| m.active_on(&held_on))
        .map(|m| serde_json::json!({"member_id": m.id, "attendance": "hadir", "wajib": "7.000"}))
        .collect();
    let token = auth::create_token(db, "upk", "fixture").await.expect("token");
    let r = client()
        .post(format!("{base}/api/v1/institutions/{lkm}/ksm/{k}/meetings?on_conflict=propose"))
        .bearer_auth(&token)
        .header("idempotency-key", "access-fixture")
        .json(&serde_json::json!({"held_on": held_on, "lines": lines}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 202, "a second sheet becomes a proposal: {}", r.text().await.unwrap_or_default());

    // A loan approved and not yet paid out, and one still waiting for the board, each for a new
    // member of the group above (their forms show only in those states).
    let product: i64 =
        one(db, &format!("SELECT MIN(id) FROM loan_products WHERE institution_id = {lkm}")).await.parse().expect("id");
    let mut waiting = vec![];
    for (n, name) in ["Warsini", "Darmi"].into_iter().enumerate() {
        use swadaya_core::app::fund::loans;
        let input =
            swadaya_core::app::registers::people::PersonInput { name: name.into(), sex: "P".into(), ..Default::default() };
        let p = swadaya_core::app::registers::people::create(db, &ctx, lkm, &input).await.expect("person");
        let m = swadaya_core::app::ksm::groups::add_member(db, &ctx, lkm, k, p, "anggota", "2026-11-02").await.expect("member");
        let loan = loans::LoanInput {
            ksm_id: k,
            product_id: product,
            agreement_no: format!("09{n}/UPK-MS/XI/2026"),
            applied_on: "2026-11-16".into(),
            power_of_attorney: true,
            override_reason: "Kelompok lama".into(),
            shares: vec![loans::ShareInput { member_id: m, amount: "500.000".into() }],
            ..Default::default()
        };
        waiting.push(loans::apply(db, &ctx, lkm, &loan).await.expect("apply"));
    }
    let approve = swadaya_core::app::fund::loans::DecisionInput {
        decision: "approve".into(),
        decided_on: "2026-11-18".into(),
        note: "Rapat pengurus LKM".into(),
    };
    swadaya_core::app::fund::loans::decide(db, &ctx, lkm, waiting[0], &approve).await.expect("approve");

    // The KKM keeps its water system itself for now: a metered customer, read, billed and paid.
    let water = water_fixture(db, &ctx, kkm).await;
    markers.push((kkm, "Pelanggan Rahasia KKM".into()));

    let mut ids: HashMap<i64, HashMap<&'static str, String>> = HashMap::new();
    for inst in [lkm, kkm, desa] {
        let i = inst;
        let mut m = HashMap::new();
        let q = |sql: String| async move { one(db, &sql).await };
        m.insert("id", i.to_string());
        m.insert("pid", q(format!("SELECT MIN(id) FROM people WHERE institution_id = {i}")).await);
        m.insert("pos", q(format!("SELECT MIN(id) FROM positions WHERE institution_id = {i}")).await);
        m.insert(
            "uid:user",
            q(format!("SELECT MIN(user_id) FROM user_roles WHERE institution_id = {i} AND role <> 'admin'")).await,
        );
        if i == lkm || i == kkm {
            m.insert("uid:unit", q(format!("SELECT MIN(id) FROM units WHERE institution_id = {i}")).await);
        }
        if i == lkm {
            let k = q(format!("SELECT ksm_id FROM sheet_proposals WHERE institution_id = {i}")).await;
            m.insert("m", q(format!("SELECT MIN(id) FROM ksm_members WHERE ksm_id = {k}")).await);
            m.insert("mid", q(format!("SELECT original_id FROM sheet_proposals WHERE institution_id = {i}")).await);
            m.insert("p:sheet", q(format!("SELECT id FROM sheet_proposals WHERE institution_id = {i}")).await);
            m.insert("k", k);
            let l = q(format!("SELECT MIN(loan_id) FROM loan_payments WHERE institution_id = {i}")).await;
            m.insert("p:payment", q(format!("SELECT MAX(id) FROM loan_payments WHERE loan_id = {l}")).await);
            m.insert("l", l);
            m.insert("l:approved", waiting[0].to_string());
            m.insert("l:applied", waiting[1].to_string());
            m.insert("eid", q(format!("SELECT MIN(id) FROM journal_entries WHERE institution_id = {i}")).await);
            m.insert("p:proposal", q(format!("SELECT MIN(id) FROM proposals WHERE institution_id = {i}")).await);
            let a = q(format!("SELECT MIN(id) FROM activities WHERE institution_id = {i}")).await;
            m.insert("r:receipt", q(format!("SELECT MIN(id) FROM fund_receipts WHERE activity_id = {a}")).await);
            m.insert("r:spending", q(format!("SELECT MIN(id) FROM spendings WHERE activity_id = {a}")).await);
            m.insert("p:spending", q(format!("SELECT MIN(id) FROM spendings WHERE activity_id = {a}")).await);
            m.insert("r:progress", q(format!("SELECT MIN(id) FROM progress_reports WHERE activity_id = {a}")).await);
            m.insert("a", a);
            m.insert("a:file", q(format!("SELECT MIN(id) FROM attachments WHERE institution_id = {i}")).await);
            m.insert(
                "a:photo",
                q(format!("SELECT MIN(id) FROM attachments WHERE institution_id = {i} AND owner_kind = 'progress'")).await,
            );
        }
        if i == kkm {
            m.insert("s", water.0.to_string());
            m.insert("c:customer", water.1.to_string());
            m.insert("p:water", water.2.to_string());
            m.insert("b", q(format!("SELECT MIN(id) FROM water_bills WHERE institution_id = {i}")).await);
            let c = q(format!("SELECT MAX(id) FROM complaints WHERE institution_id = {i}")).await;
            m.insert("f", q(format!("SELECT MIN(id) FROM attachments WHERE owner_kind = 'complaint' AND owner_id = {c}")).await);
            m.insert("c", c);
        }
        if i == desa {
            m.insert("year", q(format!("SELECT MAX(year) FROM apbdes_versions WHERE institution_id = {i}")).await);
        }
        ids.insert(i, m);
    }
    Fixture { lkm, kkm, desa, ids, markers, tracking }
}

/// A water scheme of the KKM with one customer read, billed and paid: (scheme, customer, payment).
async fn water_fixture(db: &Db, ctx: &swadaya_core::app::Ctx, kkm: i64) -> (i64, i64, i64) {
    use swadaya_core::app::water::{bills, customers, payments, readings, setup};
    let asset = setup::AssetInput {
        name: "SPAMS KKM".into(),
        kind: "water".into(),
        handed_over_on: "2026-01-10".into(),
        handed_over_by: "Satlak KKM".into(),
        value: "1000000".into(),
        households: "10".into(),
        ..Default::default()
    };
    let asset = setup::add_asset(db, ctx, kkm, &asset).await.expect("asset");
    let scheme = setup::SchemeInput {
        asset_id: asset,
        name: "R1".into(),
        customer_group: "household".into(),
        kind: "metered".into(),
        due_day: "20".into(),
    };
    let scheme = setup::add_scheme(db, ctx, kkm, &scheme).await.expect("scheme");
    let tariff = setup::TariffInput {
        valid_from: "2026-01".into(),
        fixed: "4500".into(),
        decision: "Musyawarah".into(),
        blocks: vec![setup::BlockInput { from: "1".into(), to: String::new(), price: "1000".into() }],
        ..Default::default()
    };
    setup::add_tariff(db, ctx, kkm, scheme, &tariff).await.expect("tariff");
    let customer = customers::CustomerInput {
        scheme_id: scheme,
        name: "Pelanggan Rahasia KKM".into(),
        address: "Dusun Bakke".into(),
        connected_on: "2026-01-15".into(),
        meter_serial: "KKM-1".into(),
        start_reading: "0".into(),
        ..Default::default()
    };
    let customer = customers::add(db, ctx, kkm, &customer).await.expect("customer");
    let reading = readings::ReadingInput {
        customer_id: customer,
        month: "2026-10".into(),
        reading: "12".into(),
        read_on: "2026-10-31".into(),
        ..Default::default()
    };
    readings::record(db, ctx, kkm, &reading, "office").await.expect("reading");
    bills::run(db, ctx, kkm, scheme, &bills::RunInput { month: "2026-10".into() }).await.expect("bills");
    let pay = payments::FeeInput { paid_on: "2026-11-05".into(), amount: "10000".into(), ..Default::default() };
    let payment = payments::pay(db, ctx, kkm, customer, &pay).await.expect("payment");
    (scheme, customer, payment)
}

/// A user per role in each of the three institutions that hold records, the system admin, and
/// the anonymous visitor (the last, with no session).
async fn users(db: &Db, f: &Fixture) -> Vec<User> {
    let mut out = vec![];
    let mut made = vec![("admin".to_string(), None)];
    for role in ALL_ROLES {
        for (tag, inst) in [("lkm", f.lkm), ("kkm", f.kkm), ("desa", f.desa)] {
            let name = format!("matrix.{}.{tag}", role.code().replace('_', "-"));
            let region =
                swadaya_core::store::registers::get_institution(db, inst).await.expect("get").expect("exists").region_code;
            auth::create_user(
                db,
                None,
                NewUser {
                    username: name.clone(),
                    display_name: name.clone(),
                    password: "matrix-password".into(),
                    is_system: false,
                    role: Some(role),
                    institution_id: (!role.scoped_by_region()).then_some(inst),
                    region_code: role.scoped_by_region().then_some(region),
                    ksm_id: None,
                },
            )
            .await
            .expect("matrix user");
            made.push((name, Some((role, inst))));
        }
    }
    // The treasurer of another KSM of the LKM than the one the table's paths name: reaches the
    // LKM's lists, and none of that KSM's pages or commands.
    let their_ksm =
        one(db, &format!("SELECT MIN(id) FROM ksm WHERE institution_id = {} AND id <> {}", f.lkm, f.ids[&f.lkm]["k"])).await;
    let their_ksm: i64 = their_ksm.parse().expect("another KSM");
    let name = "matrix.ksm-treasurer.lkm.own-ksm".to_string();
    let user = NewUser {
        username: name.clone(),
        display_name: name.clone(),
        password: "matrix-password".into(),
        is_system: false,
        role: Some(Role::KsmTreasurer),
        institution_id: Some(f.lkm),
        region_code: None,
        ksm_id: Some(their_ksm),
    };
    auth::create_user(db, None, user).await.expect("KSM treasurer");
    made.push((name, Some((Role::KsmTreasurer, f.lkm))));
    for (name, grant) in made {
        let u = swadaya_core::store::auth::user_by_name(db, &name).await.expect("query").expect("user");
        let actor = swadaya_core::app::Actor::load(db, &u).await.expect("actor");
        let (cookie, csrf) = session(db, &name).await;
        let token = auth::create_token(db, &name, "matrix").await.expect("token");
        let reach = if actor.is_system { [f.lkm, f.kkm, f.desa].into() } else { actor.readable.iter().copied().collect() };
        out.push(User {
            name,
            system: actor.is_system,
            roles: grant.map(|g| vec![g.0]).unwrap_or_default(),
            reach,
            home: grant.map(|g| g.1),
            ksm: actor.ksm_only.first().map(|(_, k)| *k),
            cookie,
            csrf,
            token,
            actor,
        });
    }
    out
}

/// A session for a user as logging in makes one (without the login form's throttle): the
/// cookie header's value and the CSRF token.
pub(crate) async fn session(db: &Db, username: &str) -> (String, String) {
    let u = swadaya_core::store::auth::user_by_name(db, username).await.expect("query").expect("user");
    let expires = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (token, csrf) = (auth::random_token(), auth::random_token());
    swadaya_core::store::auth::insert_session(db, &auth::token_hash(&token), u.id, &csrf, &expires).await.expect("session");
    (format!("{}={token}", swadaya_web::session::SESSION_COOKIE), csrf)
}

/// The methods a path answers, from the router's 405 answer to a method no route has.
pub async fn methods_of(base: &str, path: &str) -> Vec<String> {
    let concrete: String = path.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
    let r = client().request(reqwest::Method::TRACE, format!("{base}{concrete}")).send().await.expect("trace");
    assert_eq!(r.status(), 405, "{path}: the router should not route TRACE");
    let allow = r.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let methods: Vec<String> = allow.split(',').map(|m| m.trim().to_string()).filter(|m| !m.is_empty() && m != "HEAD").collect();
    assert!(!methods.is_empty(), "{path}: the router's 405 names no method (Allow: {allow:?})");
    methods
}

/// Router parameters whose values the table writes out (steps, file names, account codes); any
/// other parameter is a record and the table names it (`{l}`, `{p:sheet}`), so that a rule for
/// `/loans/new` can never pass for `/loans/{l}`.
const WRITTEN_OUT: &[&str] = &["step", "what", "kind", "file", "code", "*rest"];

/// Whether a table path (`{p:sheet}`, literal step names) stands for a router path (`{p}`, `{step}`).
fn covers(table: &str, router: &str) -> bool {
    let table = table.split(['?', '#']).next().unwrap_or(table);
    let (t, r): (Vec<_>, Vec<_>) = (table.split('/').collect(), router.split('/').collect());
    t.len() == r.len()
        && t.iter().zip(&r).all(|(t, r)| {
            let param = r.strip_prefix('{').and_then(|p| p.strip_suffix('}'));
            match (param, t.strip_prefix('{').and_then(|p| p.strip_suffix('}'))) {
                (None, _) => t == r,
                (Some(p), Some(named)) => named.split(':').next() == Some(p),
                (Some(p), None) => !t.is_empty() && WRITTEN_OUT.contains(&p),
            }
        })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    Reach,
    Forbidden,
    NotFound,
    /// Another institution's record under one's own institution's path: refused, whether as not
    /// found or, for a write, by the body's checks that come first (nothing is written either way).
    Hidden,
    /// A KSM other than the one a KSM treasurer keeps: refused as forbidden or not found.
    OtherKsm,
    Login,
}

fn want(rule: Rule, u: Option<&User>, path_inst: Option<i64>, owner: Option<i64>, template: &str) -> Want {
    let Some(u) = u else { return if rule == Rule::Public { Want::Reach } else { Want::Login } };
    let by_rule = want_by_rule(rule, u, path_inst, owner);
    let names_a_ksm = template.contains("{k}");
    match (by_rule, u.ksm) {
        (Want::Reach | Want::Forbidden, Some(_)) if names_a_ksm && path_inst == owner => Want::OtherKsm,
        _ => by_rule,
    }
}

fn want_by_rule(rule: Rule, u: &User, path_inst: Option<i64>, owner: Option<i64>) -> Want {
    let mixed = path_inst.is_some() && owner.is_some() && path_inst != owner;
    match rule {
        Rule::Public => {
            if mixed {
                Want::Hidden
            } else {
                Want::Reach
            }
        }
        Rule::SignedIn => Want::Reach,
        Rule::System => {
            if u.system {
                Want::Reach
            } else {
                Want::Forbidden
            }
        }
        Rule::Somewhere(a) => {
            if u.system || u.roles.iter().any(|r| r.allows(a)) {
                Want::Reach
            } else {
                Want::Forbidden
            }
        }
        Rule::Inst(a) => on_institution(&[a], u, path_inst, mixed),
        Rule::InstAny(actions) => on_institution(actions, u, path_inst, mixed),
    }
}

fn on_institution(actions: &[swadaya_domain::roles::Action], u: &User, path_inst: Option<i64>, mixed: bool) -> Want {
    let i = path_inst.expect("an institution rule needs {id}");
    if !u.reach.contains(&i) {
        Want::NotFound
    } else if mixed {
        Want::Hidden
    } else if !actions.iter().any(|a| u.actor.can(i, *a)) {
        Want::Forbidden
    } else {
        Want::Reach
    }
}

fn reached(method: &str, path: &str, status: u16, location: &str) -> bool {
    match status {
        200..=299 => true,
        300..=399 => !location.starts_with("/login") || path == "/logout",
        // A form posted empty reaches its checks and is refused field by field.
        400 | 413 | 415 | 422 => method != "GET",
        // A step the record's state does not allow (a complaint not yet verified cannot be answered).
        409 => true,
        // The login form refuses an empty password, then throttles the address.
        401 | 429 => path == "/login",
        _ => false,
    }
}

fn matches(w: Want, method: &str, path: &str, status: u16, location: &str) -> bool {
    match w {
        Want::Reach => reached(method, path, status, location),
        Want::Forbidden => status == 403,
        Want::NotFound => status == 404,
        Want::Hidden => status == 403 || status == 404 || (method != "GET" && (status == 400 || status == 422)),
        Want::OtherKsm => status == 403 || status == 404,
        Want::Login => status == 401 || (status == 303 && location.starts_with("/login")),
    }
}

/// Readable text of an answer: pages, JSON and CSV as they are, every sheet of an xlsx, a PDF's text.
fn text_of(content_type: &str, body: &[u8]) -> String {
    if content_type.contains("spreadsheetml") {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(body.to_vec())).expect("an xlsx answer opens");
        let mut out = String::new();
        for name in book.sheet_names() {
            if let Ok(range) = book.worksheet_range(&name) {
                for row in range.rows() {
                    for c in row {
                        out.push_str(&c.to_string());
                        out.push('\t');
                    }
                    out.push('\n');
                }
            }
        }
        out
    } else if content_type.contains("pdf") {
        crate::http::pdf_text(body).unwrap_or_default()
    } else {
        String::from_utf8_lossy(body).into_owned()
    }
}

/// The smallest body the API's schema accepts for a route: its required fields with simple
/// values, so that the request gets past reading the body to the command and its access check.
fn request_body(doc: &serde_json::Value, method: &str, template: &str, tracking: &str) -> Body {
    let content = &doc["paths"][openapi_path(template)][method.to_lowercase()]["requestBody"]["content"];
    if !content["application/octet-stream"].is_null() {
        return Body::Bytes;
    }
    let schema = &content["application/json"]["schema"];
    Body::Json(if schema.is_null() { serde_json::json!({}) } else { example(doc, schema, "", tracking) })
}

fn example(doc: &serde_json::Value, schema: &serde_json::Value, name: &str, tracking: &str) -> serde_json::Value {
    use serde_json::{json, Value};
    if let Some(r) = schema["$ref"].as_str() {
        let target = r.trim_start_matches("#/").split('/').fold(doc, |v, k| &v[k]);
        return example(doc, target, name, tracking);
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    if let Some(parts) = schema["allOf"].as_array() {
        // A flattened struct: every part's fields in one object.
        let mut out = serde_json::Map::new();
        for p in parts {
            if let Value::Object(o) = example(doc, p, name, tracking) {
                out.extend(o);
            }
        }
        return Value::Object(out);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema[key].as_array() {
            let pick = options.iter().find(|o| o["type"] != "null").unwrap_or(&Value::Null);
            return example(doc, pick, name, tracking);
        }
    }
    let kind = match &schema["type"] {
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null").to_string(),
        t => t.as_str().unwrap_or("object").to_string(),
    };
    match kind.as_str() {
        "object" => {
            let mut out = serde_json::Map::new();
            for req in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                out.insert(req.to_string(), example(doc, &schema["properties"][req], req, tracking));
            }
            Value::Object(out)
        }
        "array" => json!([]),
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        "string" if name == "code" => json!(tracking),
        "string" => json!("1"),
        _ => Value::Null,
    }
}

/// Status, `Location`, `Content-Type` and body of an answer.
async fn answer(r: reqwest::Response) -> (u16, String, String, Vec<u8>) {
    let header = |name: &str| r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (status, location, content_type) = (r.status().as_u16(), header("location"), header("content-type"));
    (status, location, content_type, r.bytes().await.expect("body").to_vec())
}

/// One cell's request: the user's session or token, and for a write the smallest body its
/// form or schema takes (`multipart` for a form with files).
async fn send(
    http: &reqwest::Client,
    base: &str,
    c: &Cell<'_>,
    openapi: &serde_json::Value,
    tracking: &str,
    multipart: bool,
) -> reqwest::Response {
    let api = c.path.starts_with("/api/");
    let method = reqwest::Method::from_bytes(c.method.as_bytes()).expect("method");
    let (path, fields) = c.path.split_once('#').unwrap_or((&c.path, ""));
    let mut req = http.request(method, format!("{base}{path}{}", required_query(openapi, c.method, c.template)));
    if let Some(u) = c.user {
        req = if api { req.bearer_auth(&u.token) } else { req.header("cookie", &u.cookie).header("x-csrf-token", &u.csrf) };
    }
    if c.method != "GET" {
        let csrf = c.user.map(|u| u.csrf.clone()).unwrap_or_default();
        req = match (api, request_body(openapi, c.method, c.template, tracking)) {
            (true, Body::Json(body)) => req.header("idempotency-key", auth::random_token()).json(&body),
            (true, Body::Bytes) => req.header("idempotency-key", auth::random_token()).body(b"1".to_vec()),
            (false, _) if multipart => {
                let mut form = reqwest::multipart::Form::new();
                for (k, v) in form_fields(&csrf, tracking, fields) {
                    form = form.text(k, v);
                }
                req.multipart(form)
            }
            (false, _) => req.form(&form_fields(&csrf, tracking, fields)),
        };
    }
    req.send().await.expect("request")
}

/// The query parameters an API route requires, each set to 1.
fn required_query(doc: &serde_json::Value, method: &str, template: &str) -> String {
    if template.contains('?') {
        return String::new();
    }
    let op = &doc["paths"][openapi_path(template)][method.to_lowercase()];
    let names: Vec<String> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "query" && p["required"] == true)
        .filter_map(|p| Some(format!("{}=1", p["name"].as_str()?)))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("?{}", names.join("&"))
    }
}

/// A table path as the OpenAPI document writes it (`{p:payment}` is `{p}`).
fn openapi_path(template: &str) -> String {
    let path = template.split('?').next().unwrap_or(template);
    path.split('/')
        .map(|s| match s.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            Some(p) => format!("{{{}}}", p.split(':').next().unwrap_or(p)),
            None => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What every form is sent: its CSRF token, and the two fields whose empty value is not a
/// refusal but "no such record" (a complaint's tracking code, a holiday's day).
/// `extra` are the fields a table path names after `#`.
fn form_fields(csrf: &str, tracking: &str, extra: &str) -> Vec<(String, String)> {
    let mut out =
        vec![("_csrf".into(), csrf.to_string()), ("code".into(), tracking.to_string()), ("day".into(), "2025-01-01".into())];
    out.extend(extra.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())));
    out
}

enum Body {
    Json(serde_json::Value),
    /// The file itself.
    Bytes,
}

struct Cell<'a> {
    method: &'a str,
    template: &'a str,
    path: String,
    user: Option<&'a User>,
    want: Want,
    private: bool,
}

async fn run(db: Db) {
    let base = spawn_app(db.clone()).await;
    let f = fixture(&db, &base).await;
    let users = users(&db, &f).await;

    // Every route the router serves has a rule; every rule names a route that exists.
    let routes = swadaya_web::routes(swadaya_web::AppState::new(db.clone(), false));
    let mut served: BTreeMap<(String, &str), bool> = BTreeMap::new();
    for path in routes.paths() {
        for m in methods_of(&base, path).await {
            served.insert((m, path), false);
        }
    }
    let mut problems = vec![];
    for (method, path, _) in RULES {
        let hit: Vec<_> = served.iter_mut().filter(|((m, p), _)| m == method && covers(path, p)).collect();
        match hit.len() {
            0 => problems.push(format!("rule for {method} {path} names no route the router serves")),
            1 => {}
            _ => problems
                .push(format!("rule for {method} {path} fits several routes: {:?}", hit.iter().map(|h| h.0).collect::<Vec<_>>())),
        }
        for (_, seen) in hit {
            *seen = true;
        }
    }
    for ((m, p), seen) in &served {
        if !seen {
            problems.push(format!("{m} {p} has no access rule: add one to tests/it/access_rules.rs"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let mut cells = vec![];
    for (method, template, rule) in RULES {
        let private = !matches!(rule, Rule::Public);
        let mut anyone = |path: String, path_inst: Option<i64>, owner: Option<i64>| {
            for u in users.iter().map(Some).chain([None]) {
                cells.push(Cell {
                    method,
                    template,
                    path: path.clone(),
                    user: u,
                    want: want(*rule, u, path_inst, owner, template),
                    private,
                });
            }
        };
        let owners = f.owners(template);
        if !params(template).contains(&"id") {
            let path = owners.first().map(|o| f.fill(template, *o, *o)).unwrap_or_else(|| template.to_string());
            anyone(path.clone(), None, None);
            if *method == "GET" && !path.contains(['.', '{']) {
                // Search and paging over what the user may see.
                anyone(format!("{path}?q=Rahasia&page=1&per_page=100"), None, None);
            }
            continue;
        }
        for owner in &owners {
            anyone(f.fill(template, *owner, *owner), Some(*owner), Some(*owner));
        }
        if params(template).len() > 1 {
            // Another institution's records under the path of one's own.
            let owner = owners[0];
            for u in &users {
                if let Some(home) = u.home.filter(|h| *h != owner) {
                    cells.push(Cell {
                        method,
                        template,
                        path: f.fill(template, home, owner),
                        user: Some(u),
                        want: want(*rule, Some(u), Some(home), Some(owner), template),
                        private,
                    });
                }
            }
        }
    }

    // Sessions end last: logging in again or out would end the users' sessions for later cells.
    cells.sort_by_key(|c| matches!(c.path.as_str(), "/login" | "/logout") && c.method == "POST");
    // No cookie store: each cell carries its own session, and a visitor carries none.
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let openapi: serde_json::Value =
        http.get(format!("{base}/api/v1/openapi.json")).send().await.expect("openapi").json().await.expect("json");
    let mut failures = vec![];
    let mut refused = 0;
    // Each marker must show where it may (else the leak check would look for nothing).
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for c in &cells {
        // Only a refusal is checked for writes; the count is asked for only where one is wanted.
        let audit_before = if c.want == Want::Reach { 0 } else { count(&db, "SELECT COUNT(*) FROM audit_log").await };
        let (mut status, mut location, mut content_type, mut body) =
            answer(send(&http, &base, c, &openapi, &f.tracking, false).await).await;
        let multipart_only = String::from_utf8_lossy(&body).contains("multipart/form-data");
        if status == 400 && c.method != "GET" && !c.path.starts_with("/api/") && multipart_only {
            // A form with files is read as multipart only, and says so.
            (status, location, content_type, body) = answer(send(&http, &base, c, &openapi, &f.tracking, true).await).await;
        }
        let who = c.user.map(|u| u.name.as_str()).unwrap_or("anonymous");
        if !matches(c.want, c.method, &c.path, status, &location) {
            failures.push(format!("{who} {} {}: {status} {location}, wanted {:?}", c.method, c.path, c.want));
            continue;
        }
        if c.want != Want::Reach {
            refused += 1;
            let after = count(&db, "SELECT COUNT(*) FROM audit_log").await;
            if after != audit_before {
                failures.push(format!("{who} {} {}: refused with {status} but wrote to the audit log", c.method, c.path));
            }
            continue;
        }
        if status == 200 {
            let text = text_of(&content_type, &body);
            // A public answer shows no marked row at all, whoever asks.
            let reach: BTreeSet<i64> =
                if c.private { c.user.map(|u| u.reach.clone()).unwrap_or_default() } else { BTreeSet::new() };
            for (inst, marker) in &f.markers {
                if reach.contains(inst) && text.contains(marker.as_str()) {
                    seen.insert(marker);
                }
                if !reach.contains(inst) && text.contains(marker.as_str()) {
                    failures.push(format!("{who} {} {}: shows {marker:?} of institution {inst}", c.method, c.path));
                }
            }
        }
    }
    let rules = RULES.len();
    eprintln!(
        "access matrix on {:?}: {} routes, {rules} rules, {} cells ({refused} refused), {} failures",
        db.backend,
        served.len(),
        cells.len(),
        failures.len()
    );
    for (_, marker) in &f.markers {
        if !seen.contains(marker.as_str()) {
            failures.push(format!("marker {marker:?} was never shown, even to those who may see it"));
        }
    }
    assert!(failures.is_empty(), "{} cells failed:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn every_role_on_every_route_reaches_what_it_should_and_nothing_else() {
    each_backend(run).await;
}
