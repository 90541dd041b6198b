use sea_autogen_macros::Autogen;

#[derive(Autogen)]
pub struct Model {
    #[autogen(skip)]
    pub id: i32,
}

fn main() {}
