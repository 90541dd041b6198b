//! Questions for a person at a terminal: which of the likely renames really are renames.

use sea_autogen_diff::RenameSuggestion;
use sea_autogen_schema::Schema;

/// One question: a dropped column (or table) and every added one it may have become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RenameQuestion {
    pub(crate) text: String,
    /// The answers offered: each candidate, then "none".
    pub(crate) choices: Vec<String>,
    candidates: Vec<RenameSuggestion>,
}

/// The suggestions grouped into questions, one per dropped column or table, in the plan's order.
pub(crate) fn questions(suggestions: &[RenameSuggestion]) -> Vec<RenameQuestion> {
    let mut questions: Vec<RenameQuestion> = Vec::new();
    for suggestion in suggestions {
        // A column is asked about per table; a table per old name.
        let same = |q: &RenameQuestion| {
            let first = &q.candidates[0];
            first.kind == suggestion.kind
                && first.from == suggestion.from
                && (suggestion.kind == "table" || first.table == suggestion.table)
        };
        match questions.iter_mut().find(|q| same(q)) {
            Some(question) => question.candidates.push(suggestion.clone()),
            None => questions.push(RenameQuestion {
                text: String::new(),
                choices: Vec::new(),
                candidates: vec![suggestion.clone()],
            }),
        }
    }
    for question in &mut questions {
        let first = &question.candidates[0];
        let (old, new): (String, Vec<String>) = match first.kind {
            "table" => (
                format!("table {}", first.from),
                question.candidates.iter().map(|c| format!("table {}", c.to)).collect(),
            ),
            _ => (
                format!("{}.{}", first.table, first.from),
                question
                    .candidates
                    .iter()
                    .map(|c| format!("{}.{}", c.table, c.to))
                    .collect(),
            ),
        };
        question.text = format!("{old} is gone from the entities. Was it renamed?");
        question.choices = new.iter().map(|n| format!("renamed to {n}")).collect();
        question
            .choices
            .push(format!("none: drop {old} (its values are lost) and add the new one"));
    }
    questions
}

/// Asks each question through `ask` (the question and its choices; the index picked, `None` when it cannot be
/// asked) and returns the renames picked. A candidate picked once is not offered again; a question whose candidates
/// are all taken is not asked.
pub(crate) fn ask_renames(
    suggestions: &[RenameSuggestion],
    mut ask: impl FnMut(&str, &[String]) -> Option<usize>,
) -> Vec<RenameSuggestion> {
    let mut picked: Vec<RenameSuggestion> = Vec::new();
    for question in questions(suggestions) {
        let taken = |c: &RenameSuggestion| {
            picked
                .iter()
                .any(|p| p.kind == c.kind && p.table == c.table && p.to == c.to)
        };
        let open: Vec<RenameSuggestion> = question.candidates.iter().filter(|c| !taken(c)).cloned().collect();
        if open.is_empty() {
            continue;
        }
        let choices: Vec<String> = question
            .choices
            .iter()
            .zip(&question.candidates)
            .filter(|(_, c)| !taken(c))
            .map(|(choice, _)| choice.clone())
            .chain(question.choices.last().cloned())
            .collect();
        match ask(&question.text, &choices) {
            Some(i) if i < open.len() => picked.push(open[i].clone()),
            Some(_) => {}
            // Nobody to answer: stop asking; what was picked stands.
            None => break,
        }
    }
    picked
}

/// Turns confirmed renames into the hints `renamed_from` attributes would give.
pub(crate) fn apply_renames(desired: &mut Schema, confirmed: &[RenameSuggestion]) {
    for rename in confirmed {
        let Some(table) = desired.tables.get_mut(&rename.table) else {
            continue;
        };
        match rename.kind {
            "table" => table.renamed_from = Some(rename.from.clone()),
            _ => {
                if let Some(column) = table.columns.iter_mut().find(|c| c.name == rename.to) {
                    column.renamed_from = Some(rename.from.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_autogen_schema::{Column, ColumnType, Table};

    fn suggestion(kind: &'static str, table: &str, from: &str, to: &str) -> RenameSuggestion {
        RenameSuggestion {
            kind,
            table: table.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn one_question_per_dropped_column_offering_every_candidate() {
        let suggestions = [
            suggestion("column", "address", "email", "email_address"),
            suggestion("column", "address", "email", "contact"),
            suggestion("table", "person", "people", "person"),
            suggestion("column", "address", "zip", "postcode"),
        ];
        let asked = questions(&suggestions);
        assert_eq!(asked.len(), 3);
        assert_eq!(
            asked[0].text,
            "address.email is gone from the entities. Was it renamed?"
        );
        assert_eq!(
            asked[0].choices,
            [
                "renamed to address.email_address",
                "renamed to address.contact",
                "none: drop address.email (its values are lost) and add the new one"
            ]
        );
        assert_eq!(asked[1].text, "table people is gone from the entities. Was it renamed?");
        assert_eq!(asked[1].choices[0], "renamed to table person");
    }

    #[test]
    fn picks_are_kept_and_a_candidate_is_offered_once() {
        let suggestions = [
            suggestion("column", "t", "a", "x"),
            suggestion("column", "t", "a", "y"),
            suggestion("column", "t", "b", "x"),
            suggestion("column", "t", "b", "y"),
            suggestion("column", "t", "c", "y"),
        ];
        let mut seen = Vec::new();
        // a → y; b is offered only x (y is taken) and answers "none"; c's only candidate is taken: not asked.
        let answers = [1, 1];
        let picked = ask_renames(&suggestions, |text, choices| {
            seen.push((text.to_owned(), choices.to_vec()));
            Some(answers[seen.len() - 1])
        });
        assert_eq!(picked, [suggestions[1].clone()]);
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1].1.len(), 2, "{:?}", seen[1]);
        assert_eq!(seen[1].1[0], "renamed to t.x");
    }

    #[test]
    fn nobody_to_answer_is_no_rename() {
        let suggestions = [suggestion("column", "t", "a", "b")];
        assert!(ask_renames(&suggestions, |_, _| None).is_empty());
    }

    #[test]
    fn confirmed_renames_become_hints() {
        let mut table = Table::new("address");
        table.columns = vec![Column::new("email_address", ColumnType::Text)];
        let mut desired = Schema::from_tables([table]);
        apply_renames(
            &mut desired,
            &[
                suggestion("column", "address", "email", "email_address"),
                suggestion("table", "address", "addresses", "address"),
            ],
        );
        let table = &desired.tables["address"];
        assert_eq!(table.renamed_from.as_deref(), Some("addresses"));
        assert_eq!(table.columns[0].renamed_from.as_deref(), Some("email"));
    }
}
