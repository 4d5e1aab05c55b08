//! Every rule of ../shared/RULES.md is either decided by this crate, with a test whose name
//! starts with its id, or listed below with the part of the product that decides it.

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

fn rule_ids(rules_md: &str) -> Vec<String> {
    rules_md
        .lines()
        .filter_map(|line| line.strip_prefix("- "))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|id| {
            id.split_once('-').is_some_and(|(a, n)| {
                !a.is_empty()
                    && a.chars().all(|c| c.is_ascii_uppercase())
                    && n.parse::<u32>().is_ok()
            })
        })
        .map(str::to_owned)
        .collect()
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
fn every_rule_of_rules_md_has_a_test_named_with_its_id() {
    let path = repo_path("../shared/RULES.md");
    let rules_md = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} must sit beside the repository: {e}", path.display()));
    let ids = rule_ids(&rules_md);
    assert!(
        ids.len() >= 30,
        "RULES.md lists {} rules: the format changed?",
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
