//! Tests of the validator as a whole: the documented code table, golden texts of typical
//! mistakes, each check family, ordering and options, and robustness on arbitrary input.

mod behaviour;
mod golden;
mod robustness;

use super::CODES;

/// The code table of `src/analysis/mod.rs`, generated from [`CODES`].
fn code_table() -> String {
    let mut table = String::from(
        "//! | code | severity | meaning | Access Analyzer | Parliament |\n//! |---|---|---|---|---|\n",
    );
    for check in CODES {
        table.push_str(&format!(
            "//! | `{}` | {} | {} | {} | {} |\n",
            check.code,
            check.severity,
            check.description,
            check
                .access_analyzer
                .map_or("—".to_string(), |c| format!("`{c}`")),
            check
                .parliament
                .map_or("—".to_string(), |c| format!("`{c}`")),
        ));
    }
    table
}

#[test]
fn module_docs_list_every_check() {
    let docs = include_str!("../mod.rs");
    let table = code_table();
    if !docs.contains(&table) {
        panic!("src/analysis/mod.rs must contain this table:\n{table}");
    }
}
