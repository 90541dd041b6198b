mod m1;
pub struct Migrator;
impl Migrator {
    fn migrations() {}
}
