import DesignModel

/// Re-indents a JSON example for reading, keeping key order and every scalar exactly as written.
/// Returns nil when the text is not one valid JSON value: the caller then shows it as it is.
/// Shared by the Markdown export and the workbench's detail panes; `JSONSyntax.pretty` does it.
package enum JSONPretty {
    package static func format(_ text: String, indent: Int = 2) -> String? {
        JSONSyntax.pretty(text, indent: indent)
    }
}
