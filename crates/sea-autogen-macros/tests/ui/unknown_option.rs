use sea_autogen_macros::Autogen;

#[derive(Autogen)]
#[autogen(renamed_form = "users")]
pub struct Model {
    pub id: i32,
}

fn main() {}
