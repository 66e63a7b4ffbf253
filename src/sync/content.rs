//! A record's content on its way to the remote: parsed, or as the JSON text a store keeps it in — then it is
//! written into the request as it is and parsed only where a value is really needed.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

/// A record's content as a store hands it over.
#[derive(Debug, Clone)]
pub enum Content {
    /// Already a JSON value.
    Value(Value),
    /// JSON text, checked to be JSON when made (shared: copies are cheap).
    Text(Arc<RawValue>),
}

impl Content {
    /// Content from JSON text; an error when it is not JSON.
    pub fn from_text(text: String) -> Result<Content, serde_json::Error> {
        Ok(Content::Text(Arc::from(RawValue::from_string(text)?)))
    }

    /// The content as a JSON value (parsed here when it is text).
    pub fn value(&self) -> Result<Cow<'_, Value>, serde_json::Error> {
        match self {
            Content::Value(value) => Ok(Cow::Borrowed(value)),
            Content::Text(raw) => serde_json::from_str(raw.get()).map(Cow::Owned),
        }
    }

    /// The content as a JSON value of its own.
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        self.value().map(Cow::into_owned)
    }

    /// The content as a JSON value, taken.
    pub fn into_value(self) -> Result<Value, serde_json::Error> {
        match self {
            Content::Value(value) => Ok(value),
            Content::Text(raw) => serde_json::from_str(raw.get()),
        }
    }
}

impl From<Value> for Content {
    fn from(value: Value) -> Content {
        Content::Value(value)
    }
}

/// Equal when the JSON values are (text and value alike).
impl PartialEq for Content {
    fn eq(&self, other: &Content) -> bool {
        match (self, other) {
            (Content::Text(a), Content::Text(b)) if a.get() == b.get() => true,
            _ => matches!((self.value(), other.value()), (Ok(a), Ok(b)) if a == b),
        }
    }
}

/// Text is written as it is, without parsing it again.
impl Serialize for Content {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Content::Value(value) => value.serialize(serializer),
            Content::Text(raw) => raw.as_ref().serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn text_is_written_as_it_is_and_reads_as_its_value() {
        let text = Content::from_text(r#"{"b":1,"a":"x"}"#.into()).unwrap();
        assert_eq!(serde_json::to_string(&json!({ "data": text })).unwrap(), r#"{"data":{"a":"x","b":1}}"#);
        assert_eq!(serde_json::to_string(&vec![&text]).unwrap(), r#"[{"b":1,"a":"x"}]"#);
        assert_eq!(text.value().unwrap().into_owned(), json!({"a": "x", "b": 1}));
        assert_eq!(text, Content::from(json!({"a": "x", "b": 1})));
        assert_ne!(text, Content::from(json!({"a": "x"})));
        assert!(Content::from_text("{not json".into()).is_err());
    }
}
