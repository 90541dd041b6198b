//! The entities of the quickstart: what the database should look like.

pub mod address;
pub mod user_account;
