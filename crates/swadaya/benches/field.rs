//! Benchmark setup (not a test) for field mode: a facilitator with 10 KSMs of 30 members each,
//! in a database of its own, for `bench/field.sh` to measure the pack and a throttled sync.
//! Run: `cargo bench --bench field -- DATABASE_URL` (prints the login when ready).

mod common;

use swadaya_core::app::auth::{create_user, NewUser};
use swadaya_core::store::Db;
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
    let inst = common::institution(&db, "LKM Lapangan").await;
    for g in 0..GROUPS {
        let name = format!("KSM Lapangan {:02}", g + 1);
        let members: Vec<(String, &str)> = (0..MEMBERS)
            .map(|i| {
                let role = match i {
                    0 => "ketua",
                    1 => "sekretaris",
                    2 => "bendahara",
                    _ => "anggota",
                };
                (member_name(g, i), role)
            })
            .collect();
        common::group(&db, inst, &name, "2020-01-06", &members).await;
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
            ksm_id: None,
        },
    )
    .await
    .expect("user");
    println!("ready: {GROUPS} KSM x {MEMBERS} members; log in as pendamping / {}", swadaya::demo::DEMO_PASSWORD);
}
