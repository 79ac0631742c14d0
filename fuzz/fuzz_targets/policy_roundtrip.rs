//! Policy JSON: parse -> render -> parse gives the same document, and rendering is canonical
//! (rendering a re-parsed rendering changes nothing), for the pretty and the minified form.

#![no_main]

use libfuzzer_sys::fuzz_target;
use engine::policy::{counted_size, documents_equivalent, parse_policy};

fuzz_target!(|data: &[u8]| {
    // Terraform strings are UTF-8; anything else never reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let outcome = parse_policy(text);
    // A partial document (built past recoverable errors) must render to clean JSON as well.
    let Some(doc) = outcome.document else {
        return;
    };
    let clean = outcome.errors.is_empty();
    let plain = doc.without_spans();
    for rendered in [doc.to_json_pretty(), doc.to_json_minified()] {
        let again = parse_policy(&rendered);
        assert!(
            again.errors.is_empty(),
            "rendering does not parse cleanly: {rendered}\n{:?}",
            again.errors
        );
        let Some(again_doc) = again.document else {
            panic!("rendering parses to no document: {rendered}");
        };
        if clean {
            assert_eq!(plain, again_doc.without_spans(), "{rendered}");
        } else {
            // What the parser kept of a malformed value (a number such as `1.`) renders as a
            // string: the same to IAM, though not the same model.
            assert!(documents_equivalent(&plain, &again_doc), "{rendered}");
        }
        assert_eq!(again_doc.to_json_pretty(), doc.to_json_pretty());
        assert_eq!(again_doc.to_json_minified(), doc.to_json_minified());
    }
    // The size IAM counts does not depend on the layout.
    assert_eq!(
        counted_size(&doc.to_json_minified()),
        counted_size(&doc.to_json_pretty())
    );
});
