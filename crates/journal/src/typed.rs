//! Typed bodies read straight from the canonical tree, without first copying it into a
//! `serde_json::Value`: verification reads every body of every journal, and that copy (every
//! string cloned, a second tree built and dropped) was a third of its time.
//!
//! Only the happy path comes through here. When a body does not fit its type, the caller reads
//! it again through `serde_json::Value` with path tracking, which names the field in the fault;
//! both read the same tree with the same visitors, so they accept exactly the same bodies.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::canonical::CanonValue;

/// `value` as `T`, or `None` if it does not fit (the caller then finds out why).
pub fn fast<T: DeserializeOwned>(value: &CanonValue) -> Option<T> {
    T::deserialize(Tree(value)).ok()
}

#[derive(Clone, Copy)]
struct Tree<'a>(&'a CanonValue);

impl<'de> IntoDeserializer<'de, Error> for Tree<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Tree<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            CanonValue::Null => visitor.visit_unit(),
            CanonValue::Bool(b) => visitor.visit_bool(*b),
            CanonValue::Int(i) => match (u64::try_from(*i), i64::try_from(*i)) {
                (Ok(u), _) => visitor.visit_u64(u),
                (_, Ok(s)) => visitor.visit_i64(s),
                _ => Err(de::Error::custom("integer out of range")),
            },
            CanonValue::String(s) => visitor.visit_borrowed_str(s),
            CanonValue::Array(items) => {
                let mut seq = SeqDeserializer::new(items.iter().map(Tree));
                let out = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            CanonValue::Object(map) => {
                let mut access =
                    MapDeserializer::new(map.iter().map(|(k, v)| (k.as_str(), Tree(v))));
                let out = visitor.visit_map(&mut access)?;
                access.end()?;
                Ok(out)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            CanonValue::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Bodies' enums are unit variants written as strings ("civil", "accepted").
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            CanonValue::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            _ => Err(de::Error::custom("an enum that is not a string")),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Body;
    use crate::entry::{Kind, RemarkDecided};

    fn canon(json: &str) -> CanonValue {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reads_what_the_tracked_path_reads() {
        let v = canon(r#"{"remark_seq": 4, "decision": "rejected", "reasons": "нет"}"#);
        let fast: RemarkDecided = fast(&v).unwrap();
        match Body::from_canon(Kind::RemarkDecided, &v).unwrap() {
            Body::RemarkDecided(slow) => assert_eq!(fast, slow),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refuses_what_the_tracked_path_refuses() {
        for bad in [
            r#"{"remark_seq": 4, "decision": "maybe", "reasons": "x"}"#,
            r#"{"remark_seq": -1, "decision": "accepted", "reasons": "x"}"#,
            r#"{"remark_seq": 4, "decision": "accepted", "reasons": "x", "extra": 1}"#,
            r#"{"remark_seq": 4, "decision": "accepted"}"#,
            r#"{"remark_seq": "4", "decision": "accepted", "reasons": "x"}"#,
        ] {
            assert!(fast::<RemarkDecided>(&canon(bad)).is_none(), "{bad}");
            assert!(
                Body::from_canon(Kind::RemarkDecided, &canon(bad)).is_err(),
                "{bad}"
            );
        }
    }
}
