//! Benchmark setup (not a test) for field mode: a facilitator with 10 KSMs of 30 members each,
//! in a database of its own, for `bench/field.sh` to measure the pack and a throttled sync.
//! Run: `cargo bench --bench field -- DATABASE_URL` (prints the login when ready).

#[allow(dead_code)]
mod common;

use swadaya::app::auth::{create_user, NewUser};
use swadaya::app::ksm::groups;
use swadaya::app::registers::{institutions, people, regions};
use swadaya::store::Db;
use swadaya_domain::roles::Role;

const GROUPS: usize = 10;
const MEMBERS: usize = 30;

// Names as varied as a real register's (they decide how well the pack compresses).
const GIVEN: [&str; 24] = [
    "Sulastri", "Painah", "Tumini", "Suparmi", "Sri", "Siti", "Wahyuni", "Endang", "Suwarni", "Murtini", "Sumiati", "Daeng",
    "Sumarno", "Sukardi", "Haryanto", "Muhammad", "Andi", "Bambang", "Slamet", "Agus", "Budi", "Rahmat", "Joko", "Wartini",
];
const FAMILY: [&str; 17] = [
    "Rahayu",
    "Lestari",
    "Wulandari",
    "Susanti",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Setiawan",
    "Nurhayati",
    "Basri",
    "Tahir",
    "Makmur",
    "Pratiwi",
    "Handayani",
    "Syamsuddin",
    "Ningsih",
    "Prasetyo",
];

fn member_name(g: usize, i: usize) -> String {
    let n = g * MEMBERS + i;
    format!("{} {}", GIVEN[(n * 7 + g) % GIVEN.len()], FAMILY[(n * 5 + i / 3) % FAMILY.len()])
}

#[tokio::main]
async fn main() {
    let url = std::env::args().skip(1).find(|a| !a.starts_with('-')).expect("usage: cargo bench --bench field -- DATABASE_URL");
    let db = Db::connect(&url).await.expect("database");
    db.migrate().await.expect("migrate");
    let c = common::ctx();
    regions::import(&db, None, regions::SEED_CSV).await.expect("regions").expect("valid");
    let inst = institutions::create(
        &db,
        &c,
        &institutions::InstitutionInput {
            kind: "LKM".into(),
            name: "LKM Lapangan".into(),
            region_code: "35.19.09.2014".into(),
            ..Default::default()
        },
    )
    .await
    .expect("institution");
    for g in 0..GROUPS {
        let name = format!("KSM Lapangan {:02}", g + 1);
        let k = groups::create(
            &db,
            &c,
            inst,
            &groups::KsmInput {
                name: name.clone(),
                kind: "ekonomi".into(),
                formed_on: "2020-01-06".into(),
                rhythm: "mingguan".into(),
                routine_amount: "5.000".into(),
                rules: std::array::from_fn(|_| "aturan tertulis".to_string()),
                ..Default::default()
            },
        )
        .await
        .expect("ksm");
        for i in 0..MEMBERS {
            let p = people::create(
                &db,
                &c,
                inst,
                &people::PersonInput {
                    name: member_name(g, i),
                    sex: if i % 3 == 0 { "L".into() } else { "P".into() },
                    ..Default::default()
                },
            )
            .await
            .expect("person");
            let role = match i {
                0 => "ketua",
                1 => "sekretaris",
                2 => "bendahara",
                _ => "anggota",
            };
            groups::add_member(&db, &c, inst, k, p, role, "2020-01-06").await.expect("member");
        }
    }
    create_user(
        &db,
        None,
        NewUser {
            username: "pendamping".into(),
            display_name: "Pendamping Lapangan".into(),
            password: swadaya::demo::DEMO_PASSWORD.into(),
            is_system: false,
            role: Some(Role::KsmTreasurer),
            institution_id: Some(inst),
            region_code: None,
        },
    )
    .await
    .expect("user");
    println!("ready: {GROUPS} KSM x {MEMBERS} members; log in as pendamping / {}", swadaya::demo::DEMO_PASSWORD);
}
