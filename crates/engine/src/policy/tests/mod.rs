//! Cross-module tests: golden error text, shared corpora, property tests.

mod corpus;
mod fast_path;
mod golden;
mod roundtrip;
mod wildcard_props;
