//! Files people upload (people import, APBDes import, opening balances), read as CSV or as xlsx
//! by the first byte: each is rows or a named error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use swadaya_domain::Lang;

fuzz_target!(|data: &[u8]| {
    let name = if data.first().is_some_and(|b| b % 2 == 0) { "berkas.xlsx" } else { "berkas.csv" };
    let _ = swadaya::app::registers::import::read_table(Lang::Id, name, data);
    let _ = swadaya::app::apbdes::import::read(Lang::En, name, data);
});
