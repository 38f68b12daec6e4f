//! `--print-schema`: the JSON Schema of the document format, generated
//! from the loader's serde types. What it accepts and rejects is held to
//! what the loader does, over one shared list of documents
//! (tests/common/format_cases.rs, also run by tests/it/load_errors.rs).

use crate::common;

use assert_cmd::Command;
use camp_reader::load::{EMBEDDED, MAX_DEPTH, parse, schema};
use camp_reader::model::document::Markup;
use common::format_cases::{ACCEPTED, REFUSED};
use serde_json::Value;

fn schema_value() -> Value {
    serde_json::from_str(&schema()).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema_value()).expect("a valid draft 2020-12 schema")
}

/// A TOML document as the JSON an editor's TOML tooling validates.
fn as_json(toml_text: &str) -> Value {
    toml::from_str(toml_text).unwrap_or_else(|e| panic!("TOML: {e}\n{toml_text}"))
}

/// The ```toml block of the README's "The content format" section.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .split("\n## The content format")
        .nth(1)
        .expect("README has a content format section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .expect("the section has a toml example");
    block.split("```").next().unwrap_or_default().to_string()
}

#[test]
fn the_binary_prints_the_schema() {
    let out = Command::cargo_bin("camp-reader")
        .unwrap()
        .arg("--print-schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), schema());
    let value = schema_value();
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&value).expect("valid against the draft 2020-12 meta-schema");
}

#[test]
fn the_embedded_article_and_the_readme_example_validate() {
    let validator = validator();
    let readme = readme_example();
    for (what, text) in [("embedded", EMBEDDED), ("README", readme.as_str())] {
        parse(what, text).unwrap_or_else(|e| panic!("{what} does not load: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&as_json(text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:?}");
    }
}

#[test]
fn every_document_the_loader_accepts_validates() {
    let validator = validator();
    for text in ACCEPTED {
        parse("doc.toml", text).unwrap_or_else(|e| panic!("{text:?} does not load: {e}"));
        assert!(validator.is_valid(&as_json(text)), "{text:?}");
    }
}

#[test]
fn every_document_the_loader_refuses_is_invalid() {
    let validator = validator();
    for case in REFUSED {
        assert!(
            parse("doc.toml", case.text).is_err(),
            "{}: the loader reads it",
            case.what
        );
        assert!(
            !validator.is_valid(&as_json(case.text)),
            "{}: the schema accepts {:?}",
            case.what,
            case.text
        );
    }
}

/// Every object schema in `value`, with where it is.
fn objects<'v>(value: &'v Value, path: String, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            if map.get("type").is_some_and(|t| t == "object") {
                out.push((path.clone(), value));
            }
            for (k, v) in map {
                objects(v, format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                objects(v, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_table_denies_unknown_keys_and_describes_each_key() {
    let value = schema_value();
    let mut found = Vec::new();
    objects(&value, String::new(), &mut found);
    let names: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    // The document, a link, a section at each level, the source.
    let mut expected = vec![String::new(), "/$defs/Link".to_string()];
    expected.push("/$defs/Section".to_string());
    expected.extend((2..=MAX_DEPTH).map(|n| format!("/$defs/Section{n}")));
    expected.push("/$defs/Source".to_string());
    assert_eq!(names, expected, "{names:?}");
    for (path, object) in found {
        assert_eq!(object["additionalProperties"], false, "{path}");
        let props = object["properties"].as_object().expect("properties");
        for (key, prop) in props {
            let description = prop["description"].as_str().unwrap_or_default();
            assert!(description.len() > 10, "{path}/{key} has no description");
            assert!(!description.contains('\n'), "{path}/{key}: {description:?}");
            assert!(prop.get("anyOf").is_none(), "{path}/{key}: {prop}");
            assert_ne!(prop.get("type"), Some(&Value::from("null")), "{path}/{key}");
        }
    }
}

#[test]
fn the_schema_says_the_nesting_limit_and_the_markup_names() {
    let value = schema_value();
    let sections = &value["$defs"]["Section"]["properties"]["sections"]["description"];
    assert!(
        sections
            .as_str()
            .unwrap_or_default()
            .contains(&format!("at most {MAX_DEPTH} levels")),
        "{sections}"
    );
    let names: Vec<&str> = value["$defs"]["Markup"]["oneOf"]
        .as_array()
        .expect("Markup is one of its names")
        .iter()
        .filter_map(|v| v["const"].as_str())
        .collect();
    assert_eq!(names, Markup::NAMES);
    assert_eq!(value["properties"]["markup"]["default"], "plain");
}
