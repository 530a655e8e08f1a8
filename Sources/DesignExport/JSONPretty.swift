/// Re-indents a JSON example for reading, keeping key order and every scalar exactly as written.
/// Returns nil when the text is not one valid JSON value: the caller then shows it as it is.
/// Shared by the Markdown export and the workbench's detail panes.
public enum JSONPretty {
    public static func format(_ text: String, indent: Int = 2) -> String? {
        var parser = Parser(bytes: Array(text.utf8), indentWidth: indent)
        guard parser.run() else { return nil }
        return String(decoding: parser.output, as: UTF8.self)
    }

    private struct Parser {
        let bytes: [UInt8]
        let indentWidth: Int
        var position = 0
        var output: [UInt8] = []
        var depth = 0

        init(bytes: [UInt8], indentWidth: Int) {
            self.bytes = bytes
            self.indentWidth = indentWidth
            output.reserveCapacity(bytes.count * 2)
        }

        mutating func run() -> Bool {
            skipSpace()
            guard value() else { return false }
            skipSpace()
            return position == bytes.count
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func newline() {
            output.append(0x0A)
            output.append(contentsOf: repeatElement(0x20, count: depth * indentWidth))
        }

        mutating func value() -> Bool {
            guard position < bytes.count, depth < 256 else { return false }
            switch bytes[position] {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func container(close: UInt8, keyed: Bool) -> Bool {
            output.append(bytes[position])
            position += 1
            skipSpace()
            if position < bytes.count, bytes[position] == close {
                output.append(close)
                position += 1
                return true
            }
            depth += 1
            while true {
                newline()
                skipSpace()
                if keyed {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), string() else { return false }
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return false }
                    position += 1
                    output.append(contentsOf: [UInt8(ascii: ":"), 0x20])
                    skipSpace()
                }
                guard value() else { return false }
                skipSpace()
                guard position < bytes.count else { return false }
                if bytes[position] == UInt8(ascii: ",") {
                    output.append(bytes[position])
                    position += 1
                    continue
                }
                guard bytes[position] == close else { return false }
                position += 1
                depth -= 1
                newline()
                output.append(close)
                return true
            }
        }

        mutating func string() -> Bool {
            let start = position
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    output.append(contentsOf: bytes[start..<position])
                    return true
                }
                if byte < 0x20 { return false }
                if byte == UInt8(ascii: "\\") {
                    guard position + 1 < bytes.count else { return false }
                    let escaped = bytes[position + 1]
                    if escaped == UInt8(ascii: "u") {
                        guard position + 5 < bytes.count,
                              bytes[(position + 2)...(position + 5)].allSatisfy(isHexDigit) else { return false }
                        position += 6
                        continue
                    }
                    guard Array("\"\\/bfnrt".utf8).contains(escaped) else { return false }
                    position += 2
                    continue
                }
                position += 1
            }
            return false
        }

        mutating func literal(_ word: String) -> Bool {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count,
                  Array(bytes[position..<(position + expected.count)]) == expected else { return false }
            output.append(contentsOf: expected)
            position += expected.count
            return true
        }

        mutating func number() -> Bool {
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { return false }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else {
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard position < bytes.count, isDigit(bytes[position]) else { return false }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard position < bytes.count, isDigit(bytes[position]) else { return false }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            output.append(contentsOf: bytes[start..<position])
            return true
        }
    }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
private func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
}
