/// `JSONValue` is part of the domain's vocabulary (a broadcast's cohort): whoever imports the
/// domain has it.
@_exported public import JSON
