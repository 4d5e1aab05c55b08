//! Every rule of the project's catalogue (docs/rules.md) is either decided by this crate, with a
//! test whose name starts with its id, or listed below with the part of the product that
//! decides it; and every rule names the council page it comes from.

use super::support::repo_path;

/// Rules this crate does not decide, and who does.
const DECIDED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "VP-7",
        "server: payment history lists every purchase with its date",
    ),
    (
        "ACT-5",
        "server: a text activation is active once the confirmation text is sent",
    ),
];

/// The catalogue's rule lines: `- ID (sources) text`, as (id, rest of the line). The rules are
/// stated before the section on reading the time rules, which cites them again.
fn rules(catalogue: &str) -> Vec<(String, String)> {
    catalogue
        .lines()
        .take_while(|line| !line.starts_with("## How the time rules are read"))
        .filter_map(|line| line.strip_prefix("- "))
        .filter_map(|rest| rest.split_once(' '))
        .filter(|(id, _)| {
            id.split_once('-').is_some_and(|(a, n)| {
                !a.is_empty()
                    && a.chars().all(|c| c.is_ascii_uppercase())
                    && n.parse::<u32>().is_ok()
            })
        })
        .map(|(id, rest)| (id.to_owned(), rest.to_owned()))
        .collect()
}

/// The short names of the council pages, from the catalogue's Sources table.
fn source_names(catalogue: &str) -> Vec<String> {
    catalogue
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

fn catalogue() -> String {
    let path = repo_path("docs/rules.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn test_sources() -> String {
    let mut text = String::new();
    for dir in ["crates/rules/src", "crates/rules/tests"] {
        collect(&repo_path(dir), &mut text);
    }
    text
}

fn collect(dir: &std::path::Path, into: &mut String) {
    for entry in std::fs::read_dir(dir).expect("readable dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push_str(&std::fs::read_to_string(&path).expect("readable file"));
        }
    }
}

#[test]
fn every_rule_of_the_catalogue_has_a_test_named_with_its_id() {
    let ids: Vec<String> = rules(&catalogue()).into_iter().map(|(id, _)| id).collect();
    assert!(
        ids.len() >= 31,
        "docs/rules.md lists {} rules: the format changed?",
        ids.len()
    );
    let sources = test_sources();
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !DECIDED_ELSEWHERE.iter().any(|(other, _)| other == id))
        .filter(|id| {
            let prefix = format!("fn {}_", id.to_lowercase().replace('-', ""));
            !sources.contains(&prefix)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "rules with no test named for them: {missing:?}"
    );
}

#[test]
fn every_rule_of_the_catalogue_names_the_council_page_it_comes_from() {
    let text = catalogue();
    let sources = source_names(&text);
    assert!(sources.len() >= 5, "the Sources table lists {sources:?}");
    for (id, rest) in rules(&text) {
        let cited = rest
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .map(|(cited, _)| cited)
            .unwrap_or_else(|| panic!("{id} names no source page in brackets"));
        let known = cited == "all visitor pages"
            || cited
                .split(", ")
                .all(|name| sources.iter().any(|s| format!("`{s}`") == name));
        assert!(
            known,
            "{id} cites ({cited}), not pages of the Sources table"
        );
    }
}

#[test]
fn rule_ids_are_unique() {
    let mut ids: Vec<String> = rules(&catalogue()).into_iter().map(|(id, _)| id).collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "a rule id appears twice in docs/rules.md");
}

#[test]
fn every_council_file_names_its_pages_from_the_catalogue() {
    let sources = source_names(&catalogue());
    for council in ["hampshire", "leicestershire", "cambridgeshire", "leicester"] {
        let scheme = super::support::scheme(council);
        assert!(!scheme.sources.is_empty(), "{council} names no page");
        for source in &scheme.sources {
            let name = source.split(':').next().unwrap_or_default();
            assert!(
                sources.iter().any(|s| s == name),
                "{council} cites {source:?}, not a page of docs/rules.md"
            );
        }
    }
}
