import Foundation
import Yams

/// A colour as a theme names it.
package enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    /// The terminal's own foreground/background (ncurses colour -1), which
    /// keeps the user's transparency and palette.
    case terminalDefault
    /// 0–255: 0–7 the basic colours, 8–15 their bright variants, then the
    /// xterm 6×6×6 cube and grey ramp.
    case indexed(Int)

    package static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Accepts "default", "red", "bright-red" (also "bright red",
    /// "brightRed", "bright_red"), "grey"/"gray" (bright black) and 0–255.
    package init?(name raw: String) {
        let s = raw.trimmingWhitespace().lowercased()
        if s == "default" || s == "terminal" || s == "none" { self = .terminalDefault; return }
        if let n = Int(s) {
            guard (0...255).contains(n) else { return nil }
            self = .indexed(n)
            return
        }
        if s == "grey" || s == "gray" { self = .indexed(8); return }
        var name = s
        var bright = false
        for prefix in ["bright-", "bright_", "bright ", "bright"] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
            bright = true
            break
        }
        guard let i = ThemeColor.basicNames.firstIndex(of: name) else { return nil }
        self = .indexed(bright ? i + 8 : i)
    }

    package var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .indexed(let n) where n < 8: return ThemeColor.basicNames[n]
        case .indexed(let n) where n < 16: return "bright-" + ThemeColor.basicNames[n - 8]
        case .indexed(let n): return String(n)
        }
    }

    /// The ncurses colour number (-1 for the terminal default).
    package var cursesNumber: Int {
        switch self {
        case .terminalDefault: return -1
        case .indexed(let n): return n
        }
    }

    /// Greys other than pure black and white (bright black, the grey ramp,
    /// the cube's diagonal).
    static func isGrey(_ n: Int) -> Bool {
        if n == 8 { return true }
        if n >= 232 { return true }
        guard n >= 16, n < 232 else { return false }
        let (r, g, b) = rgb(n)
        return r == g && g == b && r != 0 && r != 255
    }

    /// Approximate RGB of an xterm palette entry, for nearest-colour mapping.
    static func rgb(_ n: Int) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if n < 16 { return basic[max(0, n)] }
        if n < 232 {
            let levels = [0, 95, 135, 175, 215, 255]
            let v = n - 16
            return (levels[v / 36], levels[(v / 6) % 6], levels[v % 6])
        }
        let g = 8 + (n - 232) * 10
        return (g, g, g)
    }
}

/// How one role looks: colours plus attributes.
package struct ThemeStyle: Hashable, Sendable {
    package var foreground: ThemeColor
    package var background: ThemeColor
    package var bold: Bool
    package var reverse: Bool
    package var underline: Bool
    package var dim: Bool

    package init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    package var hasColor: Bool { foreground != .terminalDefault || background != .terminalDefault }
    package var attributeNames: [String] {
        [bold ? "bold" : nil, reverse ? "reverse" : nil, underline ? "underline" : nil, dim ? "dim" : nil].compactMap { $0 }
    }
}

/// Semantic role → look. Widgets name roles, the theme decides colours, and
/// `adapted(to:)` turns a theme into what a given terminal can show.
package struct Theme: Hashable, Sendable {
    package var name: String
    package var styles: [StyleRole: ThemeStyle]

    package init(name: String, styles: [StyleRole: ThemeStyle]) {
        self.name = name
        self.styles = styles
    }

    package func style(for role: StyleRole) -> ThemeStyle {
        styles[role] ?? styles[.text] ?? ThemeStyle()
    }

    /// The look of a cell style: the role's look plus the span's own bold.
    package func style(for style: Style) -> ThemeStyle {
        var s = self.style(for: style.role)
        if style.bold { s.bold = true }
        return s
    }

    /// Attributes that keep each role distinguishable without colour: this
    /// is what NO_COLOR and colourless terminals get on top of the theme's
    /// own attributes.
    package static func monochromeAttributes(for role: StyleRole) -> ThemeStyle {
        switch role {
        case .text, .border, .info, .input: return ThemeStyle()
        case .muted: return ThemeStyle(dim: true)
        case .accent, .title, .header, .focusBorder, .success: return ThemeStyle(bold: true)
        case .selection, .statusBar, .activeTab: return ThemeStyle(reverse: true)
        case .error: return ThemeStyle(bold: true, underline: true)
        case .warning: return ThemeStyle(bold: true)
        }
    }

    /// The theme as this terminal can show it: 256-colour indices become the
    /// nearest basic colour on 8-colour terminals; with no colours (or
    /// NO_COLOR) only attributes remain, chosen so selection, errors and
    /// titles still stand out.
    package func adapted(to colors: ColorSupport) -> Theme {
        var out: [StyleRole: ThemeStyle] = [:]
        for role in StyleRole.allCases {
            var s = style(for: role)
            switch colors {
            case .indexed256:
                break
            case .basic8:
                let fg = Theme.degrade(s.foreground)
                let bg = Theme.degrade(s.background)
                if case .indexed(let n) = s.foreground, ThemeColor.isGrey(n), s.background == .terminalDefault {
                    // A grey has no good 8-colour match: black vanishes on
                    // dark terminals and white on light ones. Dim default
                    // text reads as "muted" on both.
                    s.foreground = .terminalDefault
                    s.dim = true
                } else {
                    s.foreground = fg
                }
                s.background = bg
                if s.foreground == s.background && s.foreground != .terminalDefault {
                    // Text and background collapsed into one colour.
                    s.foreground = .terminalDefault
                    s.reverse.toggle()
                }
            case .none:
                let m = Theme.monochromeAttributes(for: role)
                s = ThemeStyle(bold: s.bold || m.bold, reverse: s.reverse || m.reverse,
                               underline: s.underline || m.underline, dim: s.dim || m.dim)
            }
            out[role] = s
        }
        return Theme(name: name, styles: out)
    }

    /// Nearest of the 8 basic colours; bright 8–15 become their base colour.
    package static func degrade(_ color: ThemeColor) -> ThemeColor {
        guard case .indexed(let n) = color else { return color }
        if n < 8 { return color }
        if n < 16 { return .indexed(n - 8) }
        let (r, g, b) = ThemeColor.rgb(n)
        var best = 0
        var bestDistance = Int.max
        for i in 0..<8 {
            let (r2, g2, b2) = ThemeColor.rgb(i)
            let d = (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return .indexed(best)
    }
}

/// A theme file problem, located at file:line:col like a compiler error.
package struct ThemeError: Error, CustomStringConvertible, Equatable {
    package var file: String
    package var line: Int
    package var column: Int
    package var message: String

    package init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String { "\(file):\(line):\(column): \(message)" }
}

extension Theme {
    /// Parses a theme file:
    ///
    ///     name: default
    ///     base: default        # optional: roles not listed come from it
    ///     roles:
    ///       selection: { fg: black, bg: cyan, attrs: [bold] }
    ///
    /// `resolveBase` supplies the base theme by name. Every role must be
    /// given unless a base is.
    package static func parse(yaml: String, file: String = "<theme>",
                             resolveBase: ((String) throws -> Theme)? = nil) throws -> Theme {
        func fail(_ node: Node?, _ message: String) -> ThemeError {
            let mark = node?.mark
            return ThemeError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message)
        }
        let root: Node
        do {
            // Every value of a theme is read as text: the basic resolver types no scalar, so the
            // default one's regular expressions are never compiled before the first frame.
            guard let r = try Yams.compose(yaml: yaml, .basic) else { throw fail(nil, "empty theme file") }
            root = r
        } catch let e as YamlError {
            throw Theme.locate(e, file: file)
        }
        guard let top = root.mapping else { throw fail(root, "a theme must be a mapping with 'roles'") }
        var name: String?
        var baseTheme: Theme?
        var rolesNode: Node?
        for (k, v) in top {
            switch k.string ?? "" {
            case "name":
                guard let s = v.scalar?.string else { throw fail(v, "'name' must be a string") }
                name = s
            case "description":
                break
            case "base":
                guard let s = v.scalar?.string else { throw fail(v, "'base' must be a theme name") }
                guard let resolveBase else { throw fail(v, "'base' is not supported here") }
                do { baseTheme = try resolveBase(s) } catch let e as ThemeError { throw e } catch {
                    throw fail(v, "cannot load base theme '\(s)': \(error)")
                }
            case "roles":
                rolesNode = v
            default:
                throw fail(k, "unknown key '\(k.string ?? "?")' (expected name, description, base, roles)")
            }
        }
        guard let rolesNode else { throw fail(root, "missing 'roles'") }
        guard let roles = rolesNode.mapping else { throw fail(rolesNode, "'roles' must be a mapping of role: style") }
        var styles = baseTheme?.styles ?? [:]
        for (k, v) in roles {
            let key = k.string ?? ""
            guard let role = StyleRole(rawValue: key) ?? StyleRole.allCases.first(where: { $0.rawValue.lowercased() == key.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") }) else {
                throw fail(k, "unknown role '\(key)' (roles: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            styles[role] = try parseStyle(v, fail: fail)
        }
        let missing = StyleRole.allCases.filter { styles[$0] == nil }
        if !missing.isEmpty {
            throw fail(rolesNode, "missing roles: \(missing.map(\.rawValue).joined(separator: ", ")) (or set 'base')")
        }
        return Theme(name: name ?? baseTheme?.name ?? "unnamed", styles: styles)
    }

    private static func parseStyle(_ node: Node, fail: (Node?, String) -> ThemeError) throws -> ThemeStyle {
        guard let map = node.mapping else { throw fail(node, "a role's style must be a mapping like { fg: red, attrs: [bold] }") }
        var s = ThemeStyle()
        for (k, v) in map {
            let key = k.string ?? ""
            switch key {
            case "fg", "foreground", "bg", "background":
                let text = v.scalar?.string ?? ""
                guard let c = ThemeColor(name: text) else {
                    throw fail(v, "unknown colour '\(text)' (use default, black, red, green, yellow, blue, magenta, cyan, white, bright-NAME, or 0-255)")
                }
                if key.hasPrefix("f") { s.foreground = c } else { s.background = c }
            case "attrs", "attributes":
                let items: [Node]
                if let seq = v.sequence { items = Array(seq) } else if v.scalar != nil { items = [v] } else {
                    throw fail(v, "'attrs' must be a list like [bold, underline]")
                }
                for item in items {
                    switch item.string?.lowercased() ?? "" {
                    case "bold": s.bold = true
                    case "reverse": s.reverse = true
                    case "underline": s.underline = true
                    case "dim": s.dim = true
                    case "normal", "none": break
                    default: throw fail(item, "unknown attribute '\(item.string ?? "?")' (bold, reverse, underline, dim)")
                    }
                }
            default:
                throw fail(k, "unknown style key '\(key)' (fg, bg, attrs)")
            }
        }
        return s
    }

    static func locate(_ error: YamlError, file: String) -> ThemeError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let ctx = context.map { " (\($0.text))" } ?? ""
            return ThemeError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)\(ctx)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ThemeError(file: file, line: context.mark.line, column: context.mark.column,
                              message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            return ThemeError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    /// The theme as YAML in the shipped files' format (for `--dump-theme`
    /// style commands and for writing a starter user theme).
    package func yaml(description: String? = nil) -> String {
        var out = "name: \(name)\n"
        if let description { out += "description: \(description)\n" }
        out += "roles:\n"
        let width = (StyleRole.allCases.map(\.rawValue.count).max() ?? 0) + 1
        for role in StyleRole.allCases {
            let s = style(for: role)
            var parts = ["fg: \(s.foreground)", "bg: \(s.background)"]
            let attrs = s.attributeNames
            if !attrs.isEmpty { parts.append("attrs: [\(attrs.joined(separator: ", "))]") }
            out += "  " + (role.rawValue + ":").padding(toLength: width, withPad: " ", startingAt: 0) + " { " + parts.joined(separator: ", ") + " }\n"
        }
        return out
    }
}
