//! A small blog's schema as SeaORM entities, registered with sea-autogen: users write posts, posts have tags.

pub mod entity;
