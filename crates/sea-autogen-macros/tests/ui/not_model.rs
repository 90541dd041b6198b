use sea_autogen_macros::Autogen;

#[derive(Autogen)]
pub struct User {
    pub id: i32,
}

fn main() {}
