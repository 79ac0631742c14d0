//! Registry-layout documentation pages, rendered from the same schemas the provider serves.
//!
//! `make docs` writes them to docs/; a test fails when the committed pages drift from the code.

use std::fmt::Write;

use super::PROVIDER_NAME;
use host::provider::Provider;
use host::schema::{Attribute, Block, FunctionSignature, Mode, Nesting, Schema};
use host::value::Type;

/// One documentation page: its path under docs/ and its markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path under docs/, e.g. `data-sources/policy_document.md`.
    pub path: String,
    /// The page's markdown.
    pub markdown: String,
}

/// Example configurations, looked up by path under examples/ (e.g.
/// `data-sources/rekognitioniam_managed_policy/data-source.tf`).
pub trait Examples {
    /// The file's text, when it exists.
    fn get(&self, path: &str) -> Option<String>;

    /// The names of the files in a directory, such as
    /// `data-sources/rekognitioniam_policy_template`; none unless the source can list them.
    fn files(&self, _dir: &str) -> Vec<String> {
        Vec::new()
    }
}

/// Every page of the provider's documentation.
pub fn pages(provider: &Provider, examples: &dyn Examples) -> Vec<Page> {
    let schema = provider.schema();
    let mut pages = vec![index_page(provider, examples)];
    for (name, s) in &schema.data_sources {
        pages.push(resource_page(
            "Data Source",
            "data-sources",
            name,
            s,
            examples,
            "data-source.tf",
        ));
    }
    for (name, s) in &schema.resources {
        pages.push(resource_page(
            "Resource",
            "resources",
            name,
            s,
            examples,
            "resource.tf",
        ));
    }
    for (name, f) in &schema.functions {
        pages.push(function_page(name, f, examples));
    }
    pages.push(super::docs_findings::page());
    pages
}

fn short_name(type_name: &str) -> &str {
    type_name
        .strip_prefix(PROVIDER_NAME)
        .and_then(|s| s.strip_prefix('_'))
        .unwrap_or(type_name)
}

fn front_matter(out: &mut String, title: &str, description: &str) {
    let first = description.split("\n\n").next().unwrap_or("").trim();
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "page_title: \"{title}\"");
    let _ = writeln!(out, "subcategory: \"\"");
    let _ = writeln!(out, "description: |-");
    for line in first.lines() {
        let _ = writeln!(out, "  {}", line.trim_end());
    }
    let _ = writeln!(out, "---\n");
}

/// What a data source checks while parts of its configuration are known only after apply.
fn unknown_values_text(type_name: &str) -> Option<&'static str> {
    match type_name {
        "rekognitioniam_policy_document" => Some(
            "Terraform reads a data source whose arguments hold a value known only after apply \
             (an ARN of a resource created in the same run, for instance) during apply, not \
             during plan. The provider still checks every element that is known, at \
             `terraform validate` and again at `terraform plan`: each action, effect, Sid, \
             condition operator, key and known value, principal type and known identifier, \
             known resource ARN, and every known JSON document in `source_policy_documents` and \
             `override_policy_documents`. An unknown element is left out, not its statement, \
             and the diagnostic names the element as written (`statement[0].actions[1]`).\n\n\
             Nothing that depends on an unknown value is reported before it is known: a \
             statement whose resources are unknown is not reported as missing a resource or as \
             matching no resource, and a finding that a condition could change is not reported \
             while the condition is unknown. Known text already over the size quota is an error \
             at plan (the known text is a lower bound of the size), and known Sids that repeat \
             are errors. A statement with a Sid is not checked while an unknown value could \
             replace it (an unknown override document, an unknown Sid that could equal its \
             own, or, for a source statement, another unknown source document); with an \
             unknown `policy_type` or \
             `ignore_findings` only the JSON inputs are checked. The whole document is checked \
             again when it is read.",
        ),
        "rekognitioniam_policy_template" => Some(
            "While some parameters are known only after apply, the known ones are checked at \
             `terraform validate` and `terraform plan`, and so are the known elements of a list \
             with unknown ones (a diagnostic names the element as written, e.g. \
             `bucket_arns[1]`). Whatever an unknown value could change (a parameter reported \
             missing, a list of unknown elements taken for an empty one, account IDs whose \
             partition comes from an unknown project ARN) is left for the read, when the whole \
             template is built and checked.",
        ),
        "rekognitioniam_policy_from_intent" => Some(
            "While some arguments are known only after apply (a bucket or a role created in \
             the same run), the known operation names and the known elements of every list \
             are checked at `terraform validate` and `terraform plan`; a diagnostic names the \
             element as written, e.g. `operations[1]`. What an unknown value could change (a \
             resource an operation always needs, an argument no operation uses) is left for the \
             read, and `json` is known after apply.",
        ),
        _ => None,
    }
}

fn example_block(out: &mut String, heading: &str, text: Option<String>) {
    if let Some(text) = text {
        let _ = writeln!(
            out,
            "## {heading}\n\n```terraform\n{}\n```\n",
            text.trim_end()
        );
    }
}

/// The other `.tf` files of an example directory, each under a heading made from its name
/// (`face-liveness.tf` -> "Face liveness"), in name order.
fn more_examples(out: &mut String, examples: &dyn Examples, dir: &str, main_file: &str) {
    let mut names: Vec<String> = examples
        .files(dir)
        .into_iter()
        .filter(|f| f.ends_with(".tf") && f != main_file && f != "unknown-values.tf")
        .collect();
    names.sort();
    let mut heading_written = false;
    for file in names {
        let Some(text) = examples.get(&format!("{dir}/{file}")) else {
            continue;
        };
        if !heading_written {
            let _ = writeln!(out, "## More Examples\n");
            heading_written = true;
        }
        let words = file.trim_end_matches(".tf").replace(['-', '_'], " ");
        let mut chars = words.chars();
        let title: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "### {title}\n\n```terraform\n{}\n```\n",
            text.trim_end()
        );
    }
}

fn index_page(provider: &Provider, examples: &dyn Examples) -> Page {
    let schema = provider.schema();
    let mut out = String::new();
    front_matter(
        &mut out,
        &format!("{PROVIDER_NAME} Provider"),
        &schema.provider.block.description,
    );
    let _ = writeln!(out, "# {PROVIDER_NAME} Provider\n");
    let _ = writeln!(out, "{}\n", schema.provider.block.description.trim());
    example_block(
        &mut out,
        "Example Usage",
        examples.get("provider/provider.tf"),
    );
    let mut list = |heading: &str, dir: &str, names: Vec<&str>| {
        if names.is_empty() {
            return;
        }
        let _ = writeln!(out, "## {heading}\n");
        for name in names {
            let _ = writeln!(out, "- [`{name}`]({dir}/{}.md)", short_name(name));
        }
        let _ = writeln!(out);
    };
    list(
        "Data Sources",
        "data-sources",
        schema.data_sources.keys().copied().collect(),
    );
    list(
        "Resources",
        "resources",
        schema.resources.keys().copied().collect(),
    );
    list(
        "Functions",
        "functions",
        schema.functions.keys().copied().collect(),
    );
    let _ = writeln!(out, "## Schema\n");
    if schema.provider.block.attributes.is_empty() {
        let _ = writeln!(out, "The provider block takes no arguments.");
    } else {
        block_sections(&mut out, &schema.provider.block, "");
    }
    Page {
        path: "index.md".to_string(),
        markdown: out.trim_end().to_string() + "\n",
    }
}

fn resource_page(
    kind: &str,
    dir: &str,
    name: &str,
    schema: &Schema,
    examples: &dyn Examples,
    example_file: &str,
) -> Page {
    let mut out = String::new();
    front_matter(
        &mut out,
        &format!("{name} {kind} - {PROVIDER_NAME}"),
        &schema.block.description,
    );
    let _ = writeln!(out, "# {name} ({kind})\n");
    let _ = writeln!(out, "{}\n", schema.block.description.trim());
    example_block(
        &mut out,
        "Example Usage",
        examples.get(&format!("{dir}/{name}/{example_file}")),
    );
    more_examples(&mut out, examples, &format!("{dir}/{name}"), example_file);
    if let Some(text) = unknown_values_text(name) {
        let _ = writeln!(out, "## Values known only after apply\n\n{text}\n");
        example_block(
            &mut out,
            "Example with values known only after apply",
            examples.get(&format!("{dir}/{name}/unknown-values.tf")),
        );
    }
    let _ = writeln!(out, "## Schema\n");
    block_sections(&mut out, &schema.block, "");
    if let Some(import) = examples.get(&format!("{dir}/{name}/import.sh")) {
        let _ = writeln!(
            out,
            "## Import\n\nImport is supported using the following syntax:\n"
        );
        let _ = writeln!(out, "```shell\n{}\n```", import.trim_end());
    }
    Page {
        path: format!("{dir}/{}.md", short_name(name)),
        markdown: out.trim_end().to_string() + "\n",
    }
}

/// Required / Optional / Read-Only lists, then one section per nested block.
fn block_sections(out: &mut String, block: &Block, anchor: &str) {
    for title in ["Required", "Optional", "Read-Only"] {
        let attrs: Vec<&Attribute> = block
            .attributes
            .iter()
            .filter(|a| section_of(a.mode) == title)
            .collect();
        let blocks: Vec<_> = block
            .blocks
            .iter()
            .filter(|b| {
                (title == "Optional" && b.min_items == 0)
                    || (title == "Required" && b.min_items > 0)
            })
            .collect();
        if attrs.is_empty() && blocks.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for a in attrs {
            let mut line = format!(
                "- `{}` ({}) {}",
                a.name,
                type_label(&a.ty),
                a.description.trim()
            );
            if let Some(default) = &a.default {
                let _ = write!(line, " Defaults to `{default}`.");
            }
            if a.forces_replacement {
                line.push_str(" Changing it replaces the resource.");
            }
            let _ = writeln!(out, "{line}");
        }
        for b in blocks {
            let target = format!("{anchor}{}", b.type_name);
            let _ = writeln!(
                out,
                "- `{}` (Block {}) {} (see [below for nested schema](#nestedblock--{target}))",
                b.type_name,
                nesting_label(b.nesting),
                b.block.description.trim()
            );
        }
        let _ = writeln!(out);
    }
    for b in &block.blocks {
        let target = format!("{anchor}{}", b.type_name);
        let _ = writeln!(out, "<a id=\"nestedblock--{target}\"></a>");
        let _ = writeln!(
            out,
            "### Nested Schema for `{}`\n",
            target.replace("--", ".")
        );
        block_sections(out, &b.block, &format!("{target}--"));
    }
}

fn section_of(mode: Mode) -> &'static str {
    match mode {
        Mode::Required => "Required",
        Mode::Optional | Mode::OptionalComputed => "Optional",
        Mode::Computed => "Read-Only",
    }
}

fn nesting_label(n: Nesting) -> &'static str {
    match n {
        Nesting::Single | Nesting::Group => "",
        Nesting::List => "List",
        Nesting::Set => "Set",
        Nesting::Map => "Map",
    }
}

/// `String`, `List of String`, `Map of Number`, `Object`.
fn type_label(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Number => "Number".into(),
        Type::Bool => "Boolean".into(),
        Type::Dynamic => "Dynamic".into(),
        Type::List(e) => format!("List of {}", type_label(e)),
        Type::Set(e) => format!("Set of {}", type_label(e)),
        Type::Map(e) => format!("Map of {}", type_label(e)),
        Type::Object(attrs) => {
            let names: Vec<String> = attrs.keys().map(|k| format!("`{k}`")).collect();
            format!("Object: {}", names.join(", "))
        }
        Type::Tuple(_) => "Tuple".into(),
    }
}

fn function_page(name: &str, f: &FunctionSignature, examples: &dyn Examples) -> Page {
    let mut out = String::new();
    front_matter(
        &mut out,
        &format!("{name} function - {PROVIDER_NAME}"),
        &f.summary,
    );
    let _ = writeln!(out, "# function: {name}\n");
    let _ = writeln!(out, "{}\n", f.description.trim());
    example_block(
        &mut out,
        "Example Usage",
        examples.get(&format!("functions/{name}/function.tf")),
    );
    let params: Vec<String> = f
        .parameters
        .iter()
        .map(|p| format!("{} {}", p.name, type_label(&p.ty).to_lowercase()))
        .chain(
            f.variadic
                .iter()
                .map(|p| format!("{}... {}", p.name, type_label(&p.ty).to_lowercase())),
        )
        .collect();
    let _ = writeln!(out, "## Signature\n");
    let _ = writeln!(
        out,
        "```text\n{name}({}) {}\n```\n",
        params.join(", "),
        type_label(&f.returns).to_lowercase()
    );
    if !f.parameters.is_empty() || f.variadic.is_some() {
        let _ = writeln!(out, "## Arguments\n");
        for (i, p) in f.parameters.iter().chain(f.variadic.iter()).enumerate() {
            let _ = writeln!(
                out,
                "{}. `{}` ({}) {}",
                i + 1,
                p.name,
                type_label(&p.ty),
                p.description.trim()
            );
        }
    }
    Page {
        path: format!("functions/{name}.md"),
        markdown: out.trim_end().to_string() + "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoExamples;
    impl Examples for NoExamples {
        fn get(&self, _: &str) -> Option<String> {
            None
        }
    }

    #[test]
    fn every_schema_gets_a_page() {
        let pages = pages(&super::super::provider(), &NoExamples);
        assert!(pages.iter().any(|p| p.path == "index.md"));
        assert!(pages
            .iter()
            .any(|p| p.path == "data-sources/managed_policy.md"));
        let ds = pages
            .iter()
            .find(|p| p.path == "data-sources/managed_policy.md")
            .unwrap();
        assert!(ds.markdown.contains("### Required\n\n- `name` (String)"));
        assert!(ds.markdown.contains("### Read-Only"));
    }
}
