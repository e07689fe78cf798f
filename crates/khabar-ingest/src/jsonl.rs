//! JSON Lines: one article object a line, read as the file streams.

use serde_json::Value;

use crate::lines::Lines;
use crate::open::Stream;
use crate::{Item, fields};

pub(crate) fn read(stream: Stream, path: String) -> impl Iterator<Item = Item> + Send {
    Lines::new(stream).items(path, |text, origin| {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => fields::to_item(object, origin),
            Ok(other) => Item::rejected(origin, format!("{}, not an object", kind(&other))),
            Err(e) => Item::rejected(origin, invalid_json(&e)),
        }
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
