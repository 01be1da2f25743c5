//! Shared widgets, used by every screen and owned by none: lists with a cursor, keyboard
//! forms, titled panels of wrapped text, and the neutralising of user text before it is drawn.

pub mod form;
pub mod list;
pub mod panel;
pub mod safe;
