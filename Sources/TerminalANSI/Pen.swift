import TerminalUI

/// The graphic rendition the terminal draws with: colours and attributes, as SGR sets them.
package struct Pen: Hashable, Sendable {
    package var foreground: ThemeColor
    package var background: ThemeColor
    package var bold: Bool
    package var dim: Bool
    package var underline: Bool
    package var reverse: Bool

    package init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    package init(_ style: ThemeStyle) {
        self.init(foreground: style.foreground, background: style.background, bold: style.bold, dim: style.dim,
                  underline: style.underline, reverse: style.reverse)
    }

    /// What the terminal starts with and `ESC[m` returns to.
    package static let plain = Pen()

    /// A blank cell drawn with this pen looks like a cell erased (EL, ED) with the plain pen:
    /// no background colour, no reverse, no underline.
    var erasesLikePlain: Bool { background == .terminalDefault && !reverse && !underline }

    /// A space drawn with either pen looks the same: the same background and underline, and
    /// unless reversed (when the foreground is what shows) no foreground to see.
    func looksTheSameUnderSpace(as other: Pen) -> Bool {
        if reverse || other.reverse { return self == other }
        return background == other.background && underline == other.underline
    }

    /// The shortest `ESC[…m` that turns `current` into `self`: only the attributes that change,
    /// or a reset followed by what is set, whichever is shorter. Nothing when they are equal. An
    /// unknown `current` (nil) is always reset.
    func sgr(from current: Pen?) -> [UInt8] {
        if let current, current == self { return [] }
        let reset = self == .plain ? "\u{1B}[m" : "\u{1B}[0;\(parameters(from: .plain).joined(separator: ";"))m"
        guard let current else { return Array(reset.utf8) }
        let delta = "\u{1B}[\(parameters(from: current).joined(separator: ";"))m"
        return Array((delta.utf8.count <= reset.utf8.count ? delta : reset).utf8)
    }

    /// The parameters that change `current` into `self`. Bold and dim are both ended by 22, so
    /// ending one of them sets the other again if it stays.
    private func parameters(from current: Pen) -> [String] {
        var out: [String] = []
        if (current.bold && !bold) || (current.dim && !dim) {
            out.append("22")
            if bold { out.append("1") }
            if dim { out.append("2") }
        } else {
            if bold && !current.bold { out.append("1") }
            if dim && !current.dim { out.append("2") }
        }
        if underline != current.underline { out.append(underline ? "4" : "24") }
        if reverse != current.reverse { out.append(reverse ? "7" : "27") }
        if foreground != current.foreground { out.append(Pen.code(foreground, base: 30)) }
        if background != current.background { out.append(Pen.code(background, base: 40)) }
        return out
    }

    /// 39/49 for the terminal's own colour, 30–37 / 40–47 for the basic eight, 90–97 / 100–107
    /// for their bright variants, `38;5;N` / `48;5;N` for the rest of the 256. (Themes name
    /// palette colours only, so 24-bit `38;2;R;G;B` is never needed.)
    static func code(_ color: ThemeColor, base: Int) -> String {
        switch color {
        case .terminalDefault: return String(base + 9)
        case .indexed(let n) where n < 8: return String(base + n)
        case .indexed(let n) where n < 16: return String(base + 60 + n - 8)
        case .indexed(let n): return "\(base + 8);5;\(n)"
        }
    }
}
