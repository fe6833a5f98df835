//! The readers of files people upload (people import, the APBDes import, opening balances share
//! `read_table`), fed valid CSV and xlsx files mutated at random (bytes flipped, cut short,
//! spliced) and pure noise: each answers with a table or a named error, never a panic. A crash
//! is saved under target/fuzz-crashes/ to become a regression test. Longer:
//! `SWADAYA_FUZZ_CASES=200000 cargo test --release --test it parsers_fuzz -- --nocapture`.

use rand::{Rng, SeedableRng};
use swadaya_core::app::apbdes::import;
use swadaya_core::app::registers::import::read_table;
use swadaya_domain::Lang;

fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let t = swadaya_core::reports::Table {
        numeric: vec![2],
        title: "APBDes".into(),
        headers: ["Kode Rekening", "Uraian", "Anggaran", "Realisasi"].map(String::from).to_vec(),
        rows: vec![
            ["4", "PENDAPATAN", "1.183.228.996", ""].map(String::from).to_vec(),
            ["4.1.1", "Hasil Usaha Desa", "12.000.000", "11.500.000"].map(String::from).to_vec(),
            ["5.1", "Bidang Penyelenggaraan Pemerintahan Desa", "350.000.000", ""].map(String::from).to_vec(),
            ["6.1.1", "SiLPA Tahun Sebelumnya", "5.000.000", ""].map(String::from).to_vec(),
        ],
    };
    let people = swadaya_core::reports::Table {
        numeric: vec![],
        title: "Warga".into(),
        headers: ["Nama", "NIK", "Jenis kelamin", "Tanggal lahir", "Alamat"].map(String::from).to_vec(),
        rows: vec![["Sulastri", "3519095203850007", "P", "12/03/1985", "Dusun Bibrik RT 09"].map(String::from).to_vec()],
    };
    vec![
        ("apbdes.csv", swadaya_core::reports::csv(&t).expect("csv")),
        ("apbdes.xlsx", swadaya_core::reports::xlsx(&t).expect("xlsx")),
        ("warga.csv", swadaya_core::reports::csv(&people).expect("csv")),
        ("warga.xlsx", swadaya_core::reports::xlsx(&people).expect("xlsx")),
    ]
}

fn mutate(rng: &mut impl Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    match rng.gen_range(0..5) {
        0 => {
            for _ in 0..rng.gen_range(1..8) {
                let i = rng.gen_range(0..b.len());
                b[i] = rng.gen();
            }
        }
        1 => b.truncate(rng.gen_range(0..b.len())),
        2 => {
            let i = rng.gen_range(0..b.len());
            let noise: Vec<u8> = (0..rng.gen_range(1..64)).map(|_| rng.gen()).collect();
            b.splice(i..i, noise);
        }
        3 => {
            let (i, j) = (rng.gen_range(0..b.len()), rng.gen_range(0..b.len()));
            let (lo, hi) = (i.min(j), i.max(j));
            b.drain(lo..hi);
        }
        _ => b = (0..rng.gen_range(0..2048)).map(|_| rng.gen()).collect(),
    }
    b
}

#[test]
fn file_readers_answer_every_input_without_panicking() {
    let cases: usize = std::env::var("SWADAYA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    let seed: u64 = std::env::var("SWADAYA_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(20261126);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let seeds = seeds();
    // The seeds themselves are read (so the mutations start from something real).
    assert!(read_table(Lang::Id, "warga.csv", &seeds[2].1).is_ok());
    assert!(read_table(Lang::Id, "apbdes.xlsx", &seeds[1].1).is_ok());
    let (mut read, mut refused) = (0, 0);
    for n in 0..cases {
        let (name, base) = &seeds[n % seeds.len()];
        let bytes = mutate(&mut rng, base);
        let outcome = std::panic::catch_unwind(|| {
            let a = read_table(Lang::Id, name, &bytes).is_ok();
            let b = import::read(Lang::En, name, &bytes).is_ok();
            (a, b)
        });
        match outcome {
            Ok((a, b)) => {
                read += a as usize + b as usize;
                refused += !a as usize + !b as usize;
            }
            Err(_) => {
                let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-crashes");
                std::fs::create_dir_all(&dir).expect("dir");
                let path = dir.join(format!("{seed}-{n}-{name}"));
                std::fs::write(&path, &bytes).expect("save");
                panic!("a reader panicked on case {n} (seed {seed}); the input is saved at {}", path.display());
            }
        }
    }
    println!("file readers: {cases} mutated files (seed {seed}): {read} read, {refused} refused with a message, 0 panics");
}

/// Found by the run above: a damaged xlsx made the xlsx library panic (index out of bounds in its
/// cell reader). The upload now gets the plain "damaged file" answer.
#[test]
fn a_damaged_xlsx_that_panicked_the_library_is_refused_with_words() {
    let bytes = include_bytes!("../fuzz/calamine-cell-index.xlsx");
    let e = read_table(Lang::Id, "apbdes.xlsx", bytes).expect_err("refused");
    assert!(e.contains("rusak"), "{e}");
    assert!(import::read(Lang::Id, "apbdes.xlsx", bytes).is_err());
}
