/// The one sanitiser for text that reaches a terminal: the workbench's cells, the command line's
/// standard output and error, exported documents. Text from a design file is data: an ESC, BEL or
/// C1 character in a name must never retitle the window, clear the screen or write the clipboard,
/// so each control character is shown as a visible escape (`\x1b`, `\u{9b}`, `\n`) instead.
package enum ControlCharacters {
    /// C0 controls, DEL and the C1 controls (U+0080–U+009F, which some terminals obey as ESC
    /// sequences: U+009B is CSI).
    @inline(__always)
    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// How a control character is shown: `\n`, `\t`, `\r`, `\x1b` for other C0 controls and DEL,
    /// `\u{9b}` for C1; nil for a character that is not a control.
    package static func visibleForm(of scalar: Unicode.Scalar) -> String? {
        guard isControl(scalar) else { return nil }
        switch scalar {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default:
            let hex = String(scalar.value, radix: 16)
            return scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{\(hex)}"
        }
    }

    /// The text with every control character shown as its visible form. With
    /// `keepingLineBreaks`, newlines and tabs stay as they are (a document, a multi-line
    /// message); without, the result is one line whatever the text holds (a name, a finding).
    package static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard containsControl(text, ignoringLineBreaks: keepingLineBreaks) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepingLineBreaks, scalar == "\n" || scalar == "\t" {
                out.append(scalar)
            } else if let visible = visibleForm(of: scalar) {
                out.append(contentsOf: visible.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// JSON text with every control character but its whitespace written as a `\u00XX`
    /// escape. JSON encoders escape C0 controls inside strings but leave DEL and the C1 controls
    /// raw, which is valid JSON and still acts in a terminal.
    package static func escapedForJSON(_ json: String) -> String {
        guard containsControl(json, ignoringLineBreaks: true) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if isControl(scalar), scalar != "\n", scalar != "\t", scalar != "\r" {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether the text holds a control character; a scan of its UTF-8 bytes, cheap enough for
    /// every line printed. C1 controls are U+0080–U+009F, 0xC2 0x80–0x9F in UTF-8.
    package static func containsControl<S: StringProtocol>(_ text: S, ignoringLineBreaks: Bool = false) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ containsControl(bytes: $0, ignoringLineBreaks: ignoringLineBreaks) }) {
            return found
        }
        return Array(text.utf8).withUnsafeBufferPointer { containsControl(bytes: $0, ignoringLineBreaks: ignoringLineBreaks) }
    }

    /// `containsControl` for a string, and for a part of one, read in place: the generic one is
    /// not specialised across modules, and walked every byte through its protocol witnesses (a
    /// fifth of a Markdown export).
    package static func containsControl(_ text: String, ignoringLineBreaks: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { containsControl(bytes: $0, ignoringLineBreaks: ignoringLineBreaks) }
    }

    package static func containsControl(_ text: Substring, ignoringLineBreaks: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { containsControl(bytes: $0, ignoringLineBreaks: ignoringLineBreaks) }
    }

    static func containsControl(bytes: UnsafeBufferPointer<UInt8>, ignoringLineBreaks: Bool) -> Bool {
        var previousWasC2 = false
        for byte in bytes {
            if byte < 0x20 {
                if !(ignoringLineBreaks && (byte == 0x0A || byte == 0x09)) { return true }
            } else if byte == 0x7F || (previousWasC2 && (0x80...0x9F).contains(byte)) {
                return true
            }
            previousWasC2 = byte == 0xC2
        }
        return false
    }
}
