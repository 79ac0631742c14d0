use std::collections::BTreeMap;

use proptest::prelude::*;

use super::{json, msgpack, MAX_VALUES};
use crate::value::{Number, Type, Value};

fn sample_type() -> Type {
    Type::object([
        ("name", Type::String),
        ("count", Type::Number),
        ("ratio", Type::Number),
        ("enabled", Type::Bool),
        ("tags", Type::map(Type::String)),
        ("actions", Type::list(Type::String)),
        ("ids", Type::set(Type::String)),
        (
            "statement",
            Type::list(Type::object([
                ("sid", Type::String),
                ("values", Type::list(Type::String)),
            ])),
        ),
        ("pair", Type::Tuple(vec![Type::String, Type::Number])),
        ("any", Type::Dynamic),
    ])
}

fn sample_value() -> Value {
    Value::object([
        ("name", Value::from("x")),
        ("count", Value::from(10)),
        ("ratio", Value::Number(Number::Float(0.25))),
        ("enabled", Value::Bool(true)),
        (
            "tags",
            Value::Map(BTreeMap::from([("a".to_string(), Value::from("b"))])),
        ),
        (
            "actions",
            Value::string_list(["s3:GetObject", "s3:PutObject"]),
        ),
        ("ids", Value::Set(vec![Value::from("1")])),
        (
            "statement",
            Value::List(vec![Value::object([
                ("sid", Value::from("A")),
                ("values", Value::Null),
            ])]),
        ),
        ("pair", Value::Tuple(vec![Value::from("k"), Value::from(2)])),
        (
            "any",
            Value::Dynamic(
                Box::new(Type::list(Type::String)),
                Box::new(Value::string_list(["q"])),
            ),
        ),
    ])
}

#[test]
fn msgpack_round_trip() {
    let (ty, v) = (sample_type(), sample_value());
    let bytes = msgpack::encode(&v, &ty).unwrap();
    assert_eq!(msgpack::decode(&bytes, &ty).unwrap(), v);
}

#[test]
fn json_round_trip() {
    let (ty, v) = (sample_type(), sample_value());
    let text = json::encode(&v).unwrap().to_string();
    assert_eq!(json::decode(text.as_bytes(), &ty).unwrap(), v);
}

#[test]
fn unknown_is_extension_zero() {
    let bytes = msgpack::encode(&Value::Unknown, &Type::String).unwrap();
    assert_eq!(bytes, vec![0xd4, 0, 0]);
    assert_eq!(
        msgpack::decode(&bytes, &Type::String).unwrap(),
        Value::Unknown
    );
}

#[test]
fn refined_unknown_decodes_as_unknown() {
    // ext 12 carrying a refinement map {1: true} ("definitely not null"), as Terraform >= 1.6 sends.
    let bytes = [0xc7, 3, 12, 0x81, 0x01, 0xc3];
    assert_eq!(
        msgpack::decode(&bytes, &Type::String).unwrap(),
        Value::Unknown
    );
    let ty = Type::list(Type::String);
    let nested = [0x92, 0xa1, b'a', 0xc7, 3, 12, 0x81, 0x01, 0xc3];
    assert_eq!(
        msgpack::decode(&nested, &ty).unwrap(),
        Value::List(vec![Value::from("a"), Value::Unknown])
    );
}

#[test]
fn unknown_in_json_is_an_error() {
    let err = json::encode(&Value::object([("a", Value::Unknown)])).unwrap_err();
    assert_eq!(err.path.to_string(), "a");
}

#[test]
fn numbers_of_every_wire_form() {
    let ty = Type::Number;
    let cases: [(&[u8], Number); 4] = [
        (&[0x05], Number::Int(5)),
        (&[0xd0, 0xfb], Number::Int(-5)),
        (&[0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], Number::Float(1.5)),
        (
            &[
                0xb4, b'1', b'2', b'3', b'4', b'5', b'6', b'7', b'8', b'9', b'0', b'1', b'2', b'3',
                b'4', b'5', b'6', b'7', b'8', b'9', b'0',
            ],
            Number::Decimal("12345678901234567890".into()),
        ),
    ];
    for (bytes, want) in cases {
        assert_eq!(
            msgpack::decode(bytes, &ty).unwrap(),
            Value::Number(want.clone())
        );
        let again = msgpack::encode(&Value::Number(want.clone()), &ty).unwrap();
        assert_eq!(msgpack::decode(&again, &ty).unwrap(), Value::Number(want));
    }
}

#[test]
fn wrong_types_name_the_path() {
    let ty = Type::object([("actions", Type::list(Type::String))]);
    // {"actions": [1]}
    let bytes = [
        0x81, 0xa7, b'a', b'c', b't', b'i', b'o', b'n', b's', 0x91, 0x01,
    ];
    let err = msgpack::decode(&bytes, &ty).unwrap_err();
    assert_eq!(err.path.to_string(), "actions[0]");
    assert_eq!(err.message, "expected string, got a number");
}

#[test]
fn truncated_and_trailing_bytes_are_errors() {
    assert!(msgpack::decode(&[0x92, 0xa1], &Type::list(Type::String)).is_err());
    assert!(msgpack::decode(&[0xc0, 0xc0], &Type::String).is_err());
    assert!(msgpack::decode(&[], &Type::String).is_err());
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let mut bytes = vec![0x91; 100_000];
    bytes.push(0xc0);
    let mut ty = Type::String;
    for _ in 0..10 {
        ty = Type::list(ty);
    }
    assert!(msgpack::decode(&bytes, &ty).is_err());
}

#[test]
fn announced_lengths_allocate_nothing_up_front() {
    let ty = Type::list(Type::String);
    // array32, str32, bin32 and ext32 claiming 4 GiB with no data behind the claim
    for bytes in [
        vec![0xdd, 0xff, 0xff, 0xff, 0xff],
        vec![0x91, 0xdb, 0xff, 0xff, 0xff, 0xff, b'a'],
        vec![0xc6, 0xff, 0xff, 0xff, 0xff],
        vec![0xc9, 0xff, 0xff, 0xff, 0xff, 0x00],
        vec![0xdf, 0xff, 0xff, 0xff, 0xff],
    ] {
        let err = msgpack::decode(&bytes, &ty).unwrap_err();
        assert!(!err.message.is_empty(), "{bytes:?}");
    }
}

#[test]
fn values_past_the_budget_are_refused_before_decoding() {
    let ty = Type::list(Type::Bool);
    let mut over = vec![0xdd];
    over.extend_from_slice(&(MAX_VALUES as u32).to_be_bytes());
    over.extend(std::iter::repeat_n(0xc0, MAX_VALUES));
    let err = msgpack::decode(&over, &ty).unwrap_err();
    assert!(err.message.contains("more than 1048576 elements"), "{err}");

    // the list itself counts: MAX_VALUES - 1 elements fit exactly
    let mut fits = vec![0xdd];
    fits.extend_from_slice(&(MAX_VALUES as u32 - 1).to_be_bytes());
    fits.extend(std::iter::repeat_n(0xc3, MAX_VALUES - 1));
    let Value::List(items) = msgpack::decode(&fits, &ty).unwrap() else {
        panic!("not a list");
    };
    assert_eq!(items.len(), MAX_VALUES - 1);

    let mut text = String::from("[");
    text.push_str(&"true,".repeat(MAX_VALUES));
    text.push_str("true]");
    let err = json::decode(text.as_bytes(), &ty).unwrap_err();
    assert!(err.message.contains("more than 1048576 elements"), "{err}");
}

#[test]
fn the_reserved_marker_is_not_nil() {
    // rmpv reads 0xc1 as nil; msgpack reserves it, so it is malformed input
    for bytes in [vec![0xc1], vec![0x91, 0xc1], vec![0x81, 0xa1, b'a', 0xc1]] {
        let err = msgpack::decode(&bytes, &Type::Dynamic).unwrap_err();
        assert!(err.message.contains("reserved marker 0xc1"), "{err}");
    }
    // inside a string or an extension payload it is just a byte
    assert_eq!(
        msgpack::decode(&[0xa1, 0xc1], &Type::String).map_err(|e| e.message),
        Err("a string is not valid UTF-8".to_string())
    );
    assert_eq!(
        msgpack::decode(&[0xd4, 0x00, 0xc1], &Type::String),
        Ok(Value::Unknown)
    );
}

#[test]
fn budget_counts_every_kind_of_value() {
    // {"a": [1, "xy", nil], "b": ext} = map, 2 keys, array, 3 elements, ext: 8 values
    let bytes = [
        0x82, 0xa1, b'a', 0x93, 0x01, 0xa2, b'x', b'y', 0xc0, 0xa1, b'b', 0xd4, 0x00, 0x00,
    ];
    assert_eq!(msgpack::scan(&bytes, 8), Ok(()));
    assert_eq!(msgpack::scan(&bytes, 7), Err(msgpack::ScanError::TooMany));
    // separators inside strings do not count; escaped quotes do not end a string
    let text = br#"{"a,[:\"b": [1, 2]}"#;
    assert!(json::within_value_budget(text, 4));
    assert!(!json::within_value_budget(text, 3));
}

#[test]
fn state_json_tolerates_schema_changes() {
    let ty = Type::object([("kept", Type::String), ("added", Type::String)]);
    let v = json::decode(br#"{"kept":"k","removed":"r"}"#, &ty).unwrap();
    assert_eq!(
        v,
        Value::object([("kept", Value::from("k")), ("added", Value::Null)])
    );
}

fn arb_value(ty: &Type) -> BoxedStrategy<Value> {
    let leaf = match ty {
        Type::String => any::<String>().prop_map(Value::String).boxed(),
        Type::Number => prop_oneof![
            any::<i64>().prop_map(|i| Value::Number(Number::Int(i))),
            (-1e12f64..1e12).prop_map(|f| Value::Number(Number::Float(f))),
        ]
        .boxed(),
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::List(e) => proptest::collection::vec(arb_value(e), 0..4)
            .prop_map(Value::List)
            .boxed(),
        Type::Set(e) => proptest::collection::vec(arb_value(e), 0..4)
            .prop_map(Value::Set)
            .boxed(),
        Type::Map(e) => proptest::collection::btree_map(any::<String>(), arb_value(e), 0..4)
            .prop_map(Value::Map)
            .boxed(),
        Type::Object(attrs) => {
            let parts: Vec<_> = attrs
                .iter()
                .map(|(k, t)| {
                    let k = k.clone();
                    arb_value(t).prop_map(move |v| (k.clone(), v))
                })
                .collect();
            parts
                .prop_map(|kv| Value::Object(kv.into_iter().collect()))
                .boxed()
        }
        Type::Tuple(_) | Type::Dynamic => Just(Value::Null).boxed(),
    };
    prop_oneof![8 => leaf, 1 => Just(Value::Null), 1 => Just(Value::Unknown)].boxed()
}

proptest! {
    #[test]
    fn msgpack_round_trips_any_value(v in arb_value(&sample_type())) {
        let ty = sample_type();
        let bytes = msgpack::encode(&v, &ty).unwrap();
        prop_assert_eq!(msgpack::decode(&bytes, &ty).unwrap(), v);
    }

    #[test]
    fn msgpack_decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = msgpack::decode(&bytes, &sample_type());
    }
}

/// `v` with every unknown value (which JSON cannot carry) replaced by null.
fn known(v: Value) -> Value {
    match v {
        Value::Unknown => Value::Null,
        Value::List(items) => Value::List(items.into_iter().map(known).collect()),
        Value::Set(items) => Value::Set(items.into_iter().map(known).collect()),
        Value::Tuple(items) => Value::Tuple(items.into_iter().map(known).collect()),
        Value::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, known(v))).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, known(v))).collect()),
        Value::Dynamic(t, v) => Value::Dynamic(t, Box::new(known(*v))),
        other => other,
    }
}

/// Decodes `v` after a trip through msgpack and after one through JSON.
fn through_both(v: &Value, ty: &Type) -> (Value, Value) {
    let bytes = msgpack::encode(v, ty).unwrap();
    let text = json::encode(v).unwrap().to_string();
    (
        msgpack::decode(&bytes, ty).unwrap(),
        json::decode(text.as_bytes(), ty).unwrap(),
    )
}

#[test]
fn msgpack_and_json_agree_on_tuples_and_dynamic_values() {
    let (ty, v) = (sample_type(), sample_value());
    let (from_msgpack, from_json) = through_both(&v, &ty);
    assert_eq!(from_msgpack, from_json);
    assert_eq!(from_msgpack, v);
}

/// `v` with every number as the f64 it stands for. cty compares numbers by value, and a float
/// that lies halfway between two shortest decimal forms (723820387576.03125 prints as
/// ...0312 in JSON) comes back from JSON as that decimal text, which is the same number.
fn by_value(v: Value) -> Value {
    match v {
        Value::Number(n) => Value::Number(Number::Float(n.as_f64())),
        Value::List(items) => Value::List(items.into_iter().map(by_value).collect()),
        Value::Set(items) => Value::Set(items.into_iter().map(by_value).collect()),
        Value::Tuple(items) => Value::Tuple(items.into_iter().map(by_value).collect()),
        Value::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, by_value(v))).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, by_value(v))).collect()),
        Value::Dynamic(t, v) => Value::Dynamic(t, Box::new(by_value(*v))),
        other => other,
    }
}

proptest! {
    #[test]
    fn msgpack_and_json_decode_the_same_value(v in arb_value(&sample_type()).prop_map(known)) {
        let (from_msgpack, from_json) = through_both(&v, &sample_type());
        prop_assert_eq!(by_value(from_msgpack.clone()), by_value(from_json));
        prop_assert_eq!(from_msgpack, v);
    }
}
