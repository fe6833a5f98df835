//! Files people upload (people import, APBDes import, opening balances), read as CSV or as xlsx
//! by the first byte: each is rows or a named error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use swadaya_domain::Lang;

fuzz_target!(|data: &[u8]| {
    // libFuzzer's hook aborts on every panic, even one the reader catches: the xlsx library
    // (calamine 0.31) panics on some damaged files, and the reader answers those as damaged.
    // With the default hook back, only a panic that escapes the readers ends the run.
    static DEFAULT_HOOK: std::sync::Once = std::sync::Once::new();
    DEFAULT_HOOK.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
    let name = if data.first().is_some_and(|b| b % 2 == 0) { "berkas.xlsx" } else { "berkas.csv" };
    let _ = swadaya::app::registers::import::read_table(Lang::Id, name, data);
    let _ = swadaya::app::apbdes::import::read(Lang::En, name, data);
});
