// The migrations are embedded by `sqlx::migrate!`; a changed or added migration must rebuild
// the crate, which cargo does not know on its own.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
