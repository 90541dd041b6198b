//! Questions for a person at a terminal: likely renames, confirmed one by one.

use sea_autogen_diff::RenameSuggestion;
use sea_autogen_schema::Schema;
use std::io::{BufRead, Write};

/// Asks about each suggestion ("Did you rename address.email to address.email_address? [y/N]") and returns the
/// ones answered yes. Anything but `y`/`yes` is no; so is the end of the input.
pub(crate) fn confirm_renames(
    suggestions: &[RenameSuggestion],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> std::io::Result<Vec<RenameSuggestion>> {
    let mut confirmed = Vec::new();
    for suggestion in suggestions {
        let question = match suggestion.kind {
            "table" => format!("Did you rename table {} to {}?", suggestion.from, suggestion.table),
            _ => format!(
                "Did you rename {table}.{} to {table}.{}?",
                suggestion.from,
                suggestion.to,
                table = suggestion.table
            ),
        };
        write!(output, "{question} [y/N] ")?;
        output.flush()?;
        let mut answer = String::new();
        input.read_line(&mut answer)?;
        if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            confirmed.push(suggestion.clone());
        }
    }
    Ok(confirmed)
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
    fn asks_each_and_keeps_the_yeses() {
        let suggestions = [
            suggestion("column", "address", "email", "email_address"),
            suggestion("table", "person", "people", "person"),
            suggestion("column", "address", "zip", "postcode"),
        ];
        let mut input = std::io::Cursor::new("y\n\nYES\n");
        let mut output = Vec::new();
        let confirmed = confirm_renames(&suggestions, &mut input, &mut output).unwrap();
        assert_eq!(confirmed, [suggestions[0].clone(), suggestions[2].clone()]);
        assert_eq!(
            String::from_utf8(output).unwrap(),
            "Did you rename address.email to address.email_address? [y/N] \
             Did you rename table people to person? [y/N] \
             Did you rename address.zip to address.postcode? [y/N] "
        );
    }

    #[test]
    fn the_end_of_input_is_no() {
        let suggestions = [suggestion("column", "t", "a", "b")];
        let confirmed = confirm_renames(&suggestions, &mut std::io::Cursor::new(""), &mut Vec::new()).unwrap();
        assert!(confirmed.is_empty());
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
