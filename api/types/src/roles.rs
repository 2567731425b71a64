//! Roles a user (or service account) can hold.

crate::text_enum! {
    /// A role. Permissions and their unit scopes per role are data: `api/permissions.yaml`.
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        /// System administration: accounts, service accounts, units.
        Admin = "admin",
        /// City bureau leadership and supervision: acts in every unit.
        Bureau = "bureau",
        /// A section of the city bureau (局属部门): its own tasks, events and bulletins.
        Section = "section",
        /// A county/district bureau: its own data and its brigades'.
        County = "county",
        /// An enforcement officer: quizzes, training, own archive.
        Officer = "officer",
        /// Reads and exports everything, writes nothing.
        Auditor = "auditor",
        /// A service account of another government system, limited by its grants.
        Integration = "integration",
    }
}
