//! JSON Lines: one article object a line, read as the file streams.

use serde_json::Value;

use crate::lines::{Line, Lines};
use crate::open::Stream;
use crate::{Item, fields};

pub(crate) fn read(stream: Stream, path: String) -> impl Iterator<Item = Item> + Send {
    Lines::new(stream).filter_map(move |line| {
        let (number, text) = match line {
            Line::Text(number, text) => (number, text),
            Line::Bad(number, reason) | Line::Broken(number, reason) => {
                return Some(Item::rejected(format!("{path}:line {number}"), reason));
            }
        };
        if text.trim().is_empty() {
            return None;
        }
        let origin = format!("{path}:line {number}");
        Some(match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(object)) => match fields::to_record(object, origin.clone()) {
                Ok(record) => Item::Article(record),
                Err(reason) => Item::rejected(origin, reason),
            },
            Ok(other) => Item::rejected(origin, format!("{}, not an object", kind(&other))),
            Err(e) => Item::rejected(origin, invalid_json(&e)),
        })
    })
}

/// serde_json's message without the line number, which is always 1 here.
fn invalid_json(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&position).unwrap_or(&message);
    format!("invalid JSON: {message} at column {}", e.column())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
