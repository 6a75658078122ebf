extension String {
    /// The text cut to 40 characters, for naming what an operator wrote in a refusal (a template's
    /// tag, a cohort's key, a button's name) without echoing megabytes back.
    var quotedShort: String { count <= 40 ? self : String(prefix(40)) + "…" }
}
