/// What a piece of text *means*; the theme decides how that looks. Widgets
/// never name colours, so a theme (or a terminal without colours) can restyle
/// the whole UI consistently.
package enum StyleRole: String, CaseIterable, Hashable, Sendable, Codable {
    case text
    case muted
    case accent
    case selection
    case error
    case warning
    case info
    case success
    case border
    /// Border of the pane that has the keyboard focus.
    case focusBorder
    case title
    case header
    case statusBar
    /// The active tab / current mode indicator.
    case activeTab
    /// Text typed by the user (search box, rename prompt).
    case input
}

/// A role plus per-span emphasis that a theme adds on top of the role's own
/// attributes (e.g. a bold column header inside a `text` row).
package struct Style: Hashable, Sendable {
    package var role: StyleRole
    package var bold: Bool

    package init(_ role: StyleRole = .text, bold: Bool = false) {
        self.role = role
        self.bold = bold
    }

    /// Plain text with no emphasis.
    package static let plain = Style(.text)
}
