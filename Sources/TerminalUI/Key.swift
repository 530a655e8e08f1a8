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

/// Decodes a whole input string at once (scripted tests, `MemoryTerminal.type`): what
/// `KeyDecoder` gives for these bytes when no more follow.
package enum KeyParser {
    package static func parse(_ string: String) -> [Key] { parse(Array(string.utf8)) }

    package static func parse(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }
}

/// Decodes raw terminal input into keys, as it arrives: UTF-8 text, control keys, and the
/// xterm / VT escape sequences (CSI and SS3 cursor keys, Home/End, PgUp/PgDn, Ins/Del, F1–F12
/// in the xterm, VT220, rxvt and Linux-console forms, modifiers, CSI u). A read may end in the
/// middle of a sequence or a character: those bytes wait for the next `feed`, or for `flush`
/// when no more came within the escape delay (then a lone ESC is Esc, and ESC + key within the
/// delay is Alt+key). Garbage never stops it: an unknown or malformed sequence is dropped, a
/// byte that is not UTF-8 is skipped, and a sequence that does not end within 64 bytes is cut
/// off. Bracketed paste (`ESC[200~` … `ESC[201~`): the core has no paste event, so the pasted
/// text arrives as typed keys, with ESC inside it ignored.
package struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []
    private var pasting = false
    static let longestSequence = 64

    package init() {}

    /// Bytes are waiting for the rest of a sequence or character; the caller calls `flush` when
    /// none came within the escape delay.
    package var hasPending: Bool { !pending.isEmpty }

    /// The keys the bytes complete.
    package mutating func feed<S: Sequence>(_ bytes: S) -> [Key] where S.Element == UInt8 {
        pending.append(contentsOf: bytes)
        return decode(final: false)
    }

    /// No more bytes came: what is waiting is decoded as it stands.
    package mutating func flush() -> [Key] { decode(final: true) }

    private enum Step {
        case key(Key?, used: Int)
        /// The bytes so far are the start of something longer.
        case incomplete
    }

    private mutating func decode(final: Bool) -> [Key] {
        var keys: [Key] = []
        var i = 0
        while i < pending.count {
            let step = pasting ? pasteStep(at: i) : self.step(at: i, final: final)
            switch step {
            case .incomplete:
                if final {
                    // ESC alone is Esc; ESC and one byte (ESC [ or ESC O, which some terminals
                    // send for Alt+[ and Alt+O) is Esc, then that key.
                    if pending[i] == 0x1B, !pasting, pending.count - i <= 2 {
                        keys.append(.escape)
                        i += 1
                    } else {
                        // A longer sequence cut short is garbage, not text to type.
                        i = pending.count
                    }
                    continue
                }
                pending.removeFirst(i)
                return keys
            case let .key(key, used):
                if let key { append(key, to: &keys) }
                i += used
            }
        }
        pending.removeAll()
        return keys
    }

    /// A combining mark joins the character before it, as a Character should.
    private func append(_ key: Key, to keys: inout [Key]) {
        if case .char(let mark) = key, mark.unicodeScalars.count == 1, let scalar = mark.unicodeScalars.first,
           DisplayWidth.of(scalar) == 0, scalar.properties.generalCategory == .nonspacingMark,
           case .char(let previous)? = keys.last {
            keys[keys.count - 1] = .char(Character(String(previous) + String(mark)))
            return
        }
        keys.append(key)
    }

    private mutating func step(at i: Int, final: Bool) -> Step {
        let byte = pending[i]
        if byte == 0x1B { return escape(at: i, final: final) }
        if byte < 0x80 { return .key(Key.fromCodePoint(UInt32(byte)), used: 1) }
        switch utf8(at: i) {
        case .incomplete: return .incomplete
        case let .scalar(scalar, used): return .key(scalar.flatMap { Key.fromCodePoint($0.value) }, used: used)
        }
    }

    /// Inside a bracketed paste: text and control keys, until `ESC[201~`.
    private mutating func pasteStep(at i: Int) -> Step {
        let end: [UInt8] = Array("\u{1B}[201~".utf8)
        if pending[i] == 0x1B {
            let available = pending[i...].prefix(end.count)
            if Array(available) == end {
                pasting = false
                return .key(nil, used: end.count)
            }
            if available.count < end.count, end.starts(with: available) { return .incomplete }
            return .key(nil, used: 1)
        }
        if pending[i] < 0x80 { return .key(Key.fromCodePoint(UInt32(pending[i])), used: 1) }
        switch utf8(at: i) {
        case .incomplete: return .incomplete
        case let .scalar(scalar, used): return .key(scalar.flatMap { Key.fromCodePoint($0.value) }, used: used)
        }
    }

    private enum UTF8Step {
        case scalar(Unicode.Scalar?, used: Int)
        case incomplete
    }

    /// One UTF-8 character; nil (one byte skipped) for bytes that are not UTF-8.
    private func utf8(at i: Int) -> UTF8Step {
        let b = pending[i]
        let length = b >= 0xF8 ? 0 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0
        guard length > 0 else { return .scalar(nil, used: 1) }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            guard i + k < pending.count else { return .incomplete }
            let c = pending[i + k]
            guard c & 0xC0 == 0x80 else { return .scalar(nil, used: k) }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return .scalar(Unicode.Scalar(value), used: length)
    }

    private mutating func escape(at start: Int, final: Bool) -> Step {
        let n = pending.count
        guard start + 1 < n else { return .incomplete }
        let next = pending[start + 1]
        switch next {
        case UInt8(ascii: "["):
            return controlSequence(at: start)
        case UInt8(ascii: "O"):
            // Old terminals put a modifier between: ESC O 5 A.
            var j = start + 2
            while j < n, (0x30...0x39).contains(pending[j]), j - start < KeyDecoder.longestSequence { j += 1 }
            guard j < n else { return .incomplete }
            let key: Key?
            switch pending[j] {
            case UInt8(ascii: "A"): key = .up
            case UInt8(ascii: "B"): key = .down
            case UInt8(ascii: "C"): key = .right
            case UInt8(ascii: "D"): key = .left
            case UInt8(ascii: "H"): key = .home
            case UInt8(ascii: "F"): key = .end
            case UInt8(ascii: "M"): key = .enter  // keypad Enter
            case UInt8(ascii: "P"): key = .function(1)
            case UInt8(ascii: "Q"): key = .function(2)
            case UInt8(ascii: "R"): key = .function(3)
            case UInt8(ascii: "S"): key = .function(4)
            default: key = nil
            }
            return .key(key, used: j - start + 1)
        case 0x1B:
            // Esc then Esc (or an Alt+cursor key that some terminals send as ESC ESC [ A).
            return .key(.escape, used: 1)
        default:
            if next < 0x80 {
                if case .char(let c)? = Key.fromCodePoint(UInt32(next)) { return .key(.alt(c), used: 2) }
                // ESC then a control key: Esc, and the control key after it.
                return .key(.escape, used: 1)
            }
            switch utf8(at: start + 1) {
            case .incomplete: return .incomplete
            case let .scalar(scalar, used):
                guard let scalar, case .char(let c)? = Key.fromCodePoint(scalar.value) else { return .key(.escape, used: 1) }
                return .key(.alt(c), used: 1 + used)
            }
        }
    }

    /// `ESC [` parameters (0x30–0x3F), intermediates (0x20–0x2F), one final byte (0x40–0x7E).
    private mutating func controlSequence(at start: Int) -> Step {
        let n = pending.count
        var j = start + 2
        // The Linux console's F1–F5: ESC [ [ A … E.
        if j < n, pending[j] == UInt8(ascii: "[") {
            guard j + 1 < n else { return .incomplete }
            let f = Int(pending[j + 1]) - Int(UInt8(ascii: "A"))
            return .key((0...4).contains(f) ? .function(f + 1) : nil, used: 4)
        }
        while j < n, (0x20...0x3F).contains(pending[j]) {
            j += 1
            if j - start > KeyDecoder.longestSequence { return .key(nil, used: j - start) }
        }
        guard j < n else { return .incomplete }
        let final = pending[j]
        let used = j - start + 1
        // Not a CSI after all (a control or non-ASCII byte inside): drop what was read, keep that byte.
        guard (0x40...0x7E).contains(final) else { return .key(nil, used: j - start) }
        let parameters = String(decoding: pending[(start + 2)..<j], as: UTF8.self)
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let first = numbers.first.flatMap { $0 } ?? 0
        let modifier = numbers.count > 1 ? (numbers[1] ?? 1) : 1
        if parameters.hasPrefix("<") || parameters.hasPrefix("?") || parameters.hasPrefix(">") {
            return .key(nil, used: used)  // mouse reports, replies to queries: no keys
        }
        switch final {
        case UInt8(ascii: "A"): return .key(.up, used: used)
        case UInt8(ascii: "B"): return .key(.down, used: used)
        case UInt8(ascii: "C"): return .key(.right, used: used)
        case UInt8(ascii: "D"): return .key(.left, used: used)
        case UInt8(ascii: "H"): return .key(.home, used: used)
        case UInt8(ascii: "F"): return .key(.end, used: used)
        case UInt8(ascii: "Z"): return .key(.backTab, used: used)
        case UInt8(ascii: "P"): return .key(.function(1), used: used)
        case UInt8(ascii: "Q"): return .key(.function(2), used: used)
        case UInt8(ascii: "R"): return .key(.function(3), used: used)
        case UInt8(ascii: "S"): return .key(.function(4), used: used)
        case UInt8(ascii: "u"):
            return .key(KeyDecoder.unicodeKey(code: first, modifier: modifier), used: used)
        case UInt8(ascii: "~"):
            let key: Key?
            switch first {
            case 1, 7: key = .home
            case 2: key = .insert
            case 3: key = .delete
            case 4, 8: key = .end
            case 5: key = .pageUp
            case 6: key = .pageDown
            case 11...15: key = .function(first - 10)
            case 17...21: key = .function(first - 11)
            case 23...26: key = .function(first - 12)
            case 28, 29: key = .function(first - 13)
            case 31...34: key = .function(first - 14)
            case 200:
                pasting = true
                key = nil
            default: key = nil
            }
            return .key(key, used: used)
        default:
            // Focus reports, keypad 5 and the like: no key.
            return .key(nil, used: used)
        }
    }

    /// CSI u (fixterms / kitty): a code point and modifiers (1 + shift 1, alt 2, ctrl 4).
    static func unicodeKey(code: Int, modifier: Int) -> Key? {
        guard code > 0, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
        let bits = max(0, modifier - 1)
        let base = Key.fromCodePoint(scalar.value)
        guard case .char(let c)? = base else { return base }
        if bits & 4 != 0, c.isASCII, c.isLetter { return .ctrl(Character(c.lowercased())) }
        if bits & 2 != 0 { return .alt(c) }
        return base
    }
}
