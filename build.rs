//! Rebuilds the crate when the embedded sample inventory or catalogs change
//! (`include_dir!` cannot tell cargo which files it read).
fn main() {
    println!("cargo:rerun-if-changed=sample-inventory");
    println!("cargo:rerun-if-changed=schemas");
}
