//! Tab-separated values with a header line, read as the file streams.

use serde_json::{Map, Value};

use crate::lines::{Line, Lines};
use crate::open::Stream;
use crate::{Item, fields, one};

pub(crate) fn read(stream: Stream, path: String) -> Box<dyn Iterator<Item = Item> + Send> {
    let mut lines = Lines::new(stream);
    let columns: Vec<String> = loop {
        match lines.next() {
            Some(Line::Text(_, text)) if text.trim().is_empty() => continue,
            Some(Line::Text(_, header)) => {
                break header.split('\t').map(|c| c.trim().to_string()).collect();
            }
            Some(Line::Bad(number, reason) | Line::Broken(number, reason)) => {
                return one(Item::rejected(format!("{path}:line {number}"), reason));
            }
            None => return one(Item::rejected(path, "empty file, no header line")),
        }
    };
    if !columns.iter().any(|c| fields::is_text_field(c)) {
        let reason = format!(
            "no text column (found columns: {}; looked for text, content, body, article, html, summary, description)",
            columns.join(", ")
        );
        return one(Item::rejected(path, reason));
    }
    Box::new(lines.items(path, move |text, origin| {
        let cells: Vec<&str> = text.split('\t').collect();
        if cells.len() != columns.len() {
            let reason = format!("{} fields, the header has {}", cells.len(), columns.len());
            return Item::rejected(origin, reason);
        }
        let mut row = Map::new();
        for (column, cell) in columns.iter().zip(cells) {
            // An empty cell is no value, but an empty text is still a text.
            if !cell.is_empty() || fields::is_text_field(column) {
                row.insert(column.clone(), Value::String(cell.to_string()));
            }
        }
        fields::to_item(row, origin)
    }))
}
