use sea_autogen_macros::Autogen;

#[derive(Autogen)]
pub enum Model {
    A,
}

fn main() {}
