//! Build-time code generation: the IAM catalogue's static tables from data/catalog/.

#[path = "build/catalog.rs"]
mod catalog;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    catalog::generate(&out_dir);
    Ok(())
}
