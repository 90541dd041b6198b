//! The entities of the blog: what the database should look like.

pub mod post;
pub mod post_tag;
pub mod tag;
pub mod user;
