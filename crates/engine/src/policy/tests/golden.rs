//! Golden tests: the exact text of parse errors for typical mistakes.
//!
//! Each error is shown as `line:column: message [code]` followed by its
//! `help:` line; the text is part of the interface users see, so changes
//! here should be deliberate.

use crate::policy::{parse_policy, MAX_API_DOCUMENT_CHARS};

fn check(input: &str, expected: &str, has_document: bool) {
    let outcome = parse_policy(input);
    let actual: Vec<String> = outcome
        .errors
        .iter()
        .map(|e| format!("{e}\n  help: {}", e.detail))
        .collect();
    assert_eq!(actual.join("\n"), expected, "input: {input}");
    assert_eq!(outcome.document.is_some(), has_document, "input: {input}");
}

#[test]
fn trailing_comma() {
    check(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",}]}"#,
        r#"1:94: trailing comma before '}' [json.trailing_comma]
  help: Remove the comma after the last element: JSON does not allow trailing commas."#,
        true,
    );
}

#[test]
fn comment_and_lenient_json() {
    check(
        r#"{
  // allow reads
  "Version": "2012-10-17",
  "Statement": {Effect: 'Allow', "Action": "s3:GetObject", "Resource": "*"}
}"#,
        r#"2:3: comments are not allowed in a policy document [json.comment]
  help: Remove the comment: IAM accepts strict JSON only.
4:17: object key `Effect` is not a double-quoted string [json.unquoted_key]
  help: Write the key in double quotes: "Effect".
4:25: string in single quotes [json.single_quoted_string]
  help: Use double quotes for JSON strings."#,
        true,
    );
}

#[test]
fn missing_comma_between_members() {
    check(
        r#"{
  "Version": "2012-10-17"
  "Statement": []
}"#,
        r#"2:26: missing ',' between object members (the next one starts at 3:3) [json.missing_comma]
  help: Insert a comma at line 2, column 26, after the previous value."#,
        true,
    );
}

#[test]
fn duplicate_keys_at_any_depth() {
    check(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Effect": "Deny",
 "Condition": {"StringEquals": {"aws:username": "x", "aws:username": "y"}}}]}"#,
        r#"1:78: duplicate key "Effect" (first at 1:42) [json.duplicate_key]
  help: Keep one of the two: IAM rejects documents with repeated keys (merge the values into one array if both are needed).
2:54: duplicate key "aws:username" (first at 2:33) [json.duplicate_key]
  help: Keep one of the two: IAM rejects documents with repeated keys (merge the values into one array if both are needed)."#,
        true,
    );
}

#[test]
fn unknown_elements() {
    check(
        r#"{"Version": "2012-10-17", "Statment": [], "Statement": [{"effect": "Allow", "Actions": "s3:*", "Resource": "*"}]}"#,
        r#"1:27: unknown top-level element "Statment" [policy.unknown_element]
  help: Did you mean "Statement"? IAM accepts only these top-level elements (case-sensitive): Version, Id, Statement.
1:58: unknown statement element "effect" [policy.unknown_element]
  help: Did you mean "Effect"? IAM accepts only these statement elements (case-sensitive): Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition.
1:77: unknown statement element "Actions" [policy.unknown_element]
  help: Did you mean "Action"? IAM accepts only these statement elements (case-sensitive): Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition."#,
        true,
    );
}

#[test]
fn wrong_types() {
    check(
        r#"{"Version": 2012, "Id": ["x"], "Statement": [
  "not an object",
  {"Sid": 1, "Effect": null, "Principal": 5, "Action": ["s3:GetObject", 7], "Resource": {"a": 1},
   "Condition": {"Bool": "true", "StringEquals": {"k": [1, true, "v", null]}}}
]}"#,
        r#"1:13: `Version` must be a string, not a number [policy.wrong_type]
  help: Write `Version` as a string.
1:25: `Id` must be a string, not an array [policy.wrong_type]
  help: Write `Id` as a string.
2:3: each statement must be a JSON object, not a string [policy.wrong_type]
  help: Write each statement as a JSON object.
3:11: `Sid` must be a string, not a number [policy.wrong_type]
  help: Write `Sid` as a string.
3:24: `Effect` must be a string, not null [policy.wrong_type]
  help: Write `Effect` as a string.
3:43: `Principal` must be "*" or an object of principal types, not a number [policy.wrong_type]
  help: Write `Principal` as "*" or an object of principal types.
3:73: each entry of `Action` must be a string, not a number [policy.wrong_type]
  help: Write each entry of `Action` as a string.
3:89: `Resource` must be a string or an array of strings, not an object [policy.wrong_type]
  help: Write `Resource` as a string or an array of strings.
4:26: condition operator "Bool" must be an object of condition keys, not a string [policy.wrong_type]
  help: Write condition operator "Bool" as an object of condition keys.
4:71: each value of condition key "k" must be a string, number or boolean, not null [policy.wrong_type]
  help: Write each value of condition key "k" as a string, number or boolean."#,
        true,
    );
}

#[test]
fn statement_must_be_object_or_array() {
    check(
        r#"{"Version": "2012-10-17", "Statement": "Allow everything"}"#,
        r#"1:40: `Statement` must be an object or an array of objects, not a string [policy.wrong_type]
  help: Write `Statement` as an object or an array of objects."#,
        true,
    );
}

#[test]
fn root_not_object() {
    check(
        r#"["Version", "2012-10-17"]"#,
        r#"1:1: the policy document must be a JSON object, not an array [policy.wrong_type]
  help: Write the policy document as a JSON object."#,
        false,
    );
}

#[test]
fn unterminated_string() {
    check(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow
}]}"#,
        r#"1:52: unterminated string [json.syntax]
  help: Close the string with a double quote on the same line."#,
        false,
    );
}

#[test]
fn unterminated_object() {
    check(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]"#,
        r#"1:1: unterminated object: '}' expected [json.syntax]
  help: Close every '{' with a matching '}'."#,
        false,
    );
}

#[test]
fn text_after_document() {
    check(
        r#"{"Version": "2012-10-17"} {"Version": "2012-10-17"}"#,
        r#"1:27: unexpected `{` after the end of the document [json.syntax]
  help: A policy document is a single JSON object; remove what follows its closing '}'."#,
        false,
    );
}

#[test]
fn bad_numbers_and_escapes() {
    check(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*",
 "Condition": {"NumericLessThan": {"s3:max-keys": [0x10, +1, .5, 01]}, "StringLike": {"aws:userid": "\x41\q"}}}}"#,
        r#"2:52: `0x10` is not a valid JSON number [json.invalid_number]
  help: Write numbers in plain decimal (no leading '+', leading zeros, hexadecimal, bare '.', NaN or Infinity), or quote the value as a string.
2:58: `+1` is not a valid JSON number [json.invalid_number]
  help: Write numbers in plain decimal (no leading '+', leading zeros, hexadecimal, bare '.', NaN or Infinity), or quote the value as a string.
2:62: `.5` is not a valid JSON number [json.invalid_number]
  help: Write numbers in plain decimal (no leading '+', leading zeros, hexadecimal, bare '.', NaN or Infinity), or quote the value as a string.
2:66: `01` is not a valid JSON number [json.invalid_number]
  help: Write numbers in plain decimal (no leading '+', leading zeros, hexadecimal, bare '.', NaN or Infinity), or quote the value as a string.
2:102: invalid escape `\x` in a string [json.invalid_escape]
  help: JSON allows only \" \\ \/ \b \f \n \r \t and \uXXXX; write other characters as they are or as \uXXXX."#,
        true,
    );
}

#[test]
fn control_character_in_string() {
    check(
        "{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"tab\tinside\", \"Effect\": \"Allow\"}}",
        r#"1:52: unescaped control character U+0009 in a string [json.control_character]
  help: Escape it (\n, \t or \uXXXX) or remove it."#,
        true,
    );
}

#[test]
fn stray_whitespace_characters() {
    check(
        "{\"Version\":\u{00a0}\"2012-10-17\",\u{000b}\"Statement\": []}",
        r#"1:12: character U+00A0 is not JSON whitespace [json.invalid_whitespace]
  help: Use only spaces, tabs and line breaks between JSON tokens.
1:26: character U+000B is not JSON whitespace [json.invalid_whitespace]
  help: Use only spaces, tabs and line breaks between JSON tokens."#,
        true,
    );
}

#[test]
fn empty() {
    check(
        r#"   "#,
        r#"the policy document is empty [input.empty]
  help: Write a JSON object such as {"Version": "2012-10-17", "Statement": [...]}."#,
        false,
    );
}

#[test]
fn nesting_too_deep() {
    let input = format!("{{\"Statement\": {}", "[".repeat(40));
    check(
        &input,
        "1:46: arrays and objects are nested more than 32 levels deep [json.too_deep]\n  \
         help: A policy document needs at most 6 levels of nesting; remove the extra ones.",
        false,
    );
}

#[test]
fn too_large_for_the_api() {
    let input = format!("{{\"Id\": \"{}\"}}", "x".repeat(MAX_API_DOCUMENT_CHARS));
    check(
        &input,
        "the document has 131082 characters; the IAM API accepts at most 131072 \
         [input.too_large]\n  help: Split the permissions into several smaller policies.",
        false,
    );
}
