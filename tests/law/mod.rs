//! Tests of the law catalog, the paragraph-10 engine and `hattama advise`.

mod bad_input;
mod catalog;
mod fixtures;
mod glossary;
mod props;
mod rereading;
mod rules;
