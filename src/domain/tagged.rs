//! Reading serde's internally tagged enums (`#[serde(tag = "…")]`) through one flat struct: the tag beside an
//! optional field for every field of every variant, turned into the enum by `TryFrom`
//! (`#[serde(try_from = "…")]`). Serde reads an internally tagged enum by first buffering the whole object as
//! any JSON and then reading each variant from that buffer — several times the code of one flat struct, in
//! every format it is read from (JSON text, `serde_json::Value`, a JS object). The stored and sent shape is the
//! same either way; writing stays derived.

/// Why a tagged object is not a value of its enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaggedError {
    /// The variant the tag names needs this field.
    #[error("missing field `{0}`")]
    Missing(&'static str),
    /// The tag names no variant.
    #[error("unknown variant `{0}`")]
    UnknownTag(String),
}

/// `value`, which the variant being read needs.
pub fn need<T>(value: Option<T>, field: &'static str) -> Result<T, TaggedError> {
    value.ok_or(TaggedError::Missing(field))
}
