/// A key press, already decoded from bytes or from ncurses key codes.
package enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete, insert
    /// Ctrl plus a letter, always lowercase: `.ctrl("s")`.
    case ctrl(Character)
    /// Alt/Meta plus a character (ESC prefix).
    case alt(Character)
    case function(Int)
    /// The terminal changed size; redraw at the new size.
    case resize

    /// The name shown in help and the status line; ASCII only so it renders
    /// on any terminal. `Key(chord:)` parses it back.
    package var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .ctrl(let c): return "C-\(c)"
        case .alt(let c): return "M-\(c)"
        case .function(let n): return "F\(n)"
        case .resize: return "Resize"
        }
    }

    /// Parses a chord as written in key maps and config: "q", "Space",
    /// "C-s", "ctrl+s", "M-x", "alt+x", "PgDn", "F5", "S-Tab", "Enter".
    package init?(chord: String) {
        let s = chord.trimmingWhitespace()
        guard !s.isEmpty else { return nil }
        if s.count == 1 { self = .char(s.first!); return }
        let lower = s.lowercased()
        for prefix in ["c-", "ctrl-", "ctrl+", "^"] where lower.hasPrefix(prefix) {
            let rest = s.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first else { return nil }
            self = .ctrl(Character(c.lowercased()))
            return
        }
        for prefix in ["m-", "alt-", "alt+", "meta+", "a-"] where lower.hasPrefix(prefix) {
            let rest = s.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first else { return nil }
            self = .alt(c)
            return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...63).contains(n) { self = .function(n); return }
        let names: [String: Key] = [
            "space": .char(" "), "up": .up, "down": .down, "left": .left, "right": .right,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
            "home": .home, "end": .end, "enter": .enter, "return": .enter, "ret": .enter,
            "esc": .escape, "escape": .escape, "tab": .tab, "s-tab": .backTab, "backtab": .backTab,
            "shift+tab": .backTab, "backspace": .backspace, "bs": .backspace, "del": .delete,
            "delete": .delete, "ins": .insert, "insert": .insert, "resize": .resize,
        ]
        guard let k = names[lower] else { return nil }
        self = k
    }

    /// Maps one input byte / code point outside escape sequences.
    package static func fromCodePoint(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 0: return .ctrl(" ")
        case 1...26: return .ctrl(Character(Unicode.Scalar(value + 96)!))
        case 28: return .ctrl("\\")
        case 29: return .ctrl("]")
        case 30: return .ctrl("^")
        case 31: return .ctrl("_")
        case 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// Decodes raw terminal input (UTF-8 text and xterm/VT escape sequences)
/// into keys. The ncurses backend lets ncurses decode sequences; this
/// parser serves scripted tests and any raw-byte backend.
package struct KeyParser: Sendable {
    package init() {}

    package static func parse(_ string: String) -> [Key] { parse(Array(string.utf8)) }

    package static func parse(_ bytes: [UInt8]) -> [Key] {
        var keys: [Key] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 27 {
                let (key, used) = parseEscape(bytes, at: i)
                keys.append(key)
                i += used
                continue
            }
            if b < 0x80 {
                if let k = Key.fromCodePoint(UInt32(b)) { keys.append(k) }
                i += 1
                continue
            }
            let (scalar, used) = decodeUTF8(bytes, at: i)
            if let scalar {
                // Keep combining marks with their base, as a Character should.
                if case .char(let prev)? = keys.last, DisplayWidth.of(scalar) == 0,
                   scalar.properties.generalCategory == .nonspacingMark {
                    keys[keys.count - 1] = .char(Character(String(prev) + String(Character(scalar))))
                } else {
                    keys.append(.char(Character(scalar)))
                }
            }
            i += used
        }
        return keys
    }

    static func decodeUTF8(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar?, Int) {
        let b = bytes[i]
        let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        guard len > 1, i + len <= bytes.count else { return (nil, 1) }
        var value = UInt32(b) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
        for k in 1..<len {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return (nil, k) }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return (Unicode.Scalar(value), len)
    }

    /// Returns the key and how many bytes it used, starting at an ESC.
    static func parseEscape(_ bytes: [UInt8], at start: Int) -> (Key, Int) {
        let n = bytes.count
        guard start + 1 < n else { return (.escape, 1) }
        let next = bytes[start + 1]
        if next == UInt8(ascii: "[") || next == UInt8(ascii: "O") {
            // CSI / SS3: parameters (digits, ';') then one final byte.
            var j = start + 2
            var params = ""
            while j < n, (bytes[j] >= 0x30 && bytes[j] <= 0x3F) {
                params.append(Character(Unicode.Scalar(bytes[j])))
                j += 1
            }
            guard j < n else { return (.escape, 1) }
            let final = Character(Unicode.Scalar(bytes[j]))
            let used = j - start + 1
            let first = Int(params.split(separator: ";").first ?? "") ?? 0
            switch final {
            case "A": return (.up, used)
            case "B": return (.down, used)
            case "C": return (.right, used)
            case "D": return (.left, used)
            case "H": return (.home, used)
            case "F": return (.end, used)
            case "Z": return (.backTab, used)
            case "P": return (.function(1), used)
            case "Q": return (.function(2), used)
            case "R": return (.function(3), used)
            case "S": return (.function(4), used)
            case "~":
                switch first {
                case 1, 7: return (.home, used)
                case 2: return (.insert, used)
                case 3: return (.delete, used)
                case 4, 8: return (.end, used)
                case 5: return (.pageUp, used)
                case 6: return (.pageDown, used)
                case 11...15: return (.function(first - 10), used)
                case 17...21: return (.function(first - 11), used)
                case 23...26: return (.function(first - 12), used)
                case 28, 29: return (.function(first - 13), used)
                case 31...34: return (.function(first - 14), used)
                default: return (.escape, used)
                }
            default:
                // Unknown sequence: swallow it rather than type its bytes.
                return (.escape, used)
            }
        }
        if next == 27 { return (.escape, 1) }
        if next < 0x80, let k = Key.fromCodePoint(UInt32(next)) {
            if case .char(let c) = k { return (.alt(c), 2) }
            return (.escape, 1)
        }
        if next >= 0x80 {
            let (scalar, used) = decodeUTF8(bytes, at: start + 1)
            if let scalar { return (.alt(Character(scalar)), 1 + used) }
        }
        return (.escape, 1)
    }
}
