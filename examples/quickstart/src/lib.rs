//! The seed walkthrough's models as SeaORM entities: `user_account` and `address`, registered with sea-autogen.

pub mod entity;
