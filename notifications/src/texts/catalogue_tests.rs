//! Every language has every text, with the same variables. Each folder of `locales/` is
//! compared with every other, so that a new language is checked by adding its folder, and
//! a text added to one language only fails here, naming the language and the text.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One language's texts: each message, attribute (`id.attribute`) and term (`-id`), with
/// the variables it uses.
type Catalogue = BTreeMap<String, BTreeSet<String>>;

/// The language everyone translates from, named first when two languages differ.
const REFERENCE: &str = "en";

/// The texts of `language`, from its files (name and content each), and what is wrong
/// with them on their own: a file that does not parse, an id given twice.
fn catalogue(language: &str, files: &[(String, String)]) -> (Catalogue, Vec<String>) {
    let mut texts = Catalogue::new();
    let mut problems = Vec::new();
    for (name, source) in files {
        let resource = match parser::parse(source.as_str()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                for error in errors {
                    problems.push(format!(
                        "{language}/{name}: does not parse at {:?}: {:?}",
                        error.pos, error.kind
                    ));
                }
                resource
            }
        };
        for entry in resource.body {
            let (id, value, attributes) = match entry {
                Entry::Message(message) => (
                    message.id.name.to_owned(),
                    message.value,
                    message.attributes,
                ),
                Entry::Term(term) => (
                    format!("-{}", term.id.name),
                    Some(term.value),
                    term.attributes,
                ),
                Entry::Comment(_)
                | Entry::GroupComment(_)
                | Entry::ResourceComment(_)
                | Entry::Junk { .. } => continue,
            };
            let mut parts = vec![(id.clone(), value)];
            for attribute in attributes {
                parts.push((format!("{id}.{}", attribute.id.name), Some(attribute.value)));
            }
            for (id, pattern) in parts {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &pattern {
                    pattern_variables(pattern, &mut variables);
                }
                if texts.insert(id.clone(), variables).is_some() {
                    problems.push(format!("{language}: `{id}` is given twice"));
                }
            }
        }
    }
    (texts, problems)
}

fn pattern_variables(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, found);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, found);
            for variant in variants {
                pattern_variables(&variant.value, found);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, found),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. }
        | InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            let named = arguments.named.iter().map(|argument| &argument.value);
            for argument in arguments.positional.iter().chain(named) {
                inline_variables(argument, found);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, found),
        InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. }
        | InlineExpression::MessageReference { .. }
        | InlineExpression::TermReference {
            arguments: None, ..
        } => {}
    }
}

/// What differs between `catalogues` (by language): a text one lacks that another has,
/// a text whose variables are not the same.
fn differences(catalogues: &BTreeMap<String, Catalogue>) -> Vec<String> {
    // The reference first, so that a difference is told against it when it can be.
    let mut languages: Vec<&String> = catalogues.keys().collect();
    languages.sort_by_key(|language| (language.as_str() != REFERENCE, language.as_str()));
    let ids: BTreeSet<&String> = catalogues.values().flat_map(|texts| texts.keys()).collect();
    let mut found = Vec::new();
    for id in ids {
        let holders: Vec<&String> = languages
            .iter()
            .copied()
            .filter(|language| catalogues[*language].contains_key(id))
            .collect();
        let Some(first) = holders.first() else {
            continue;
        };
        let expected = &catalogues[*first][id];
        for language in &languages {
            match catalogues[*language].get(id) {
                None => found.push(format!("{language}: `{id}` is missing (it is in {first})")),
                Some(variables) if variables != expected => found.push(format!(
                    "{language}: `{id}` uses {} but {first} uses {}",
                    listed(variables),
                    listed(expected)
                )),
                Some(_) => {}
            }
        }
    }
    found
}

fn listed(variables: &BTreeSet<String>) -> String {
    if variables.is_empty() {
        return "no variable".to_owned();
    }
    let names: Vec<String> = variables.iter().map(|name| format!("${name}")).collect();
    names.join(", ")
}

/// Every folder of `locales/` with its `.ftl` files (name and content each).
fn locales() -> BTreeMap<String, Vec<(String, String)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut found = BTreeMap::new();
    for folder in std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{root:?}: {e}")) {
        let folder = folder.unwrap_or_else(|e| panic!("{root:?}: {e}")).path();
        if !folder.is_dir() {
            continue;
        }
        let language = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut files = Vec::new();
        for file in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{folder:?}: {e}")) {
            let file = file.unwrap_or_else(|e| panic!("{folder:?}: {e}")).path();
            if file.extension().is_some_and(|extension| extension == "ftl") {
                let name = file
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let text =
                    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
                files.push((name, text));
            }
        }
        files.sort();
        found.insert(language, files);
    }
    found
}

/// What is wrong with the languages whose files are `sources`, on their own and together.
fn check(sources: &BTreeMap<String, Vec<(String, String)>>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut catalogues = BTreeMap::new();
    for (language, files) in sources {
        let (texts, wrong) = catalogue(language, files);
        problems.extend(wrong);
        catalogues.insert(language.clone(), texts);
    }
    problems.extend(differences(&catalogues));
    problems
}

#[test]
fn every_language_under_locales_has_every_text_with_the_same_variables() {
    let sources = locales();
    assert!(
        sources.contains_key(REFERENCE) && sources.len() > 1,
        "English and at least one translation: {:?}",
        sources.keys().collect::<Vec<_>>()
    );
    let problems = check(&sources);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn one_file(text: &str) -> Vec<(String, String)> {
    vec![("notices.ftl".to_owned(), text.to_owned())]
}

#[test]
fn a_text_missing_in_one_language_is_named_with_that_language() {
    let sources = BTreeMap::from([
        ("en".to_owned(), one_file("a = A\nb = B { $x }\n")),
        ("tr".to_owned(), one_file("a = A\n")),
        ("de".to_owned(), one_file("a = A\nb = B { $x }\nc = C\n")),
    ]);
    assert_eq!(
        check(&sources),
        vec![
            "tr: `b` is missing (it is in en)",
            "en: `c` is missing (it is in de)",
            "tr: `c` is missing (it is in de)",
        ]
    );
}

#[test]
fn an_attribute_missing_in_one_language_is_named_with_that_language() {
    let sources = BTreeMap::from([
        ("en".to_owned(), one_file("a = A\n    .title = T\n")),
        ("tr".to_owned(), one_file("a = A\n")),
    ]);
    assert_eq!(
        check(&sources),
        vec!["tr: `a.title` is missing (it is in en)"]
    );
}

#[test]
fn a_text_using_other_variables_in_one_language_is_named_with_them() {
    let sources = BTreeMap::from([
        (
            "en".to_owned(),
            one_file("a = { $n -> \n    [one] one { $thing }\n   *[other] { $n } { $thing }s\n}\n"),
        ),
        ("tr".to_owned(), one_file("a = { $n } { $sey }\n")),
    ]);
    assert_eq!(
        check(&sources),
        vec!["tr: `a` uses $n, $sey but en uses $n, $thing"]
    );
}

#[test]
fn a_file_that_does_not_parse_or_gives_an_id_twice_is_named() {
    let sources = BTreeMap::from([
        ("en".to_owned(), one_file("a = A\na = again\n")),
        ("tr".to_owned(), one_file("a = { $unclosed\n")),
    ]);
    let problems = check(&sources);
    assert!(
        problems.contains(&"en: `a` is given twice".to_owned()),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|problem| problem.starts_with("tr/notices.ftl: does not parse")),
        "{problems:?}"
    );
}
