use sea_autogen_macros::Autogen;

#[derive(Autogen)]
#[autogen(index(name = "idx_user_email", columns("emial")))]
pub struct Model {
    pub id: i32,
    pub email: String,
}

fn main() {}
