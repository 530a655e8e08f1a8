/// A small JSON checker over UTF-8 bytes that also notes the casing of object keys. Rules run on
/// every edit, and Foundation's parser is an order of magnitude slower for thousands of examples.
public struct JSONScan: Equatable, Sendable {
    /// Nil when the text is valid JSON; otherwise what is wrong and at which byte.
    public var error: String?
    /// The casing styles of the object keys, as bits of `Casing`.
    var keyStyles: UInt8 = 0

    public var isValid: Bool { error == nil }

    public init(_ text: String) {
        let result = JSONScan.run(text, wanted: nil)
        self.error = result.error
        self.keyStyles = result.styles
    }

    /// The first object key of one casing style in `text`, to name it in a message.
    static func firstKey(of casing: Casing, in text: String) -> String? {
        guard let range = run(text, wanted: casing).found else { return nil }
        return String(decoding: Array(text.utf8)[range], as: UTF8.self)
    }

    private static func run(_ text: String, wanted: Casing?) -> (error: String?, styles: UInt8, found: Range<Int>?) {
        var copy = text
        return copy.withUTF8 { buffer in
            var parser = Parser(bytes: buffer)
            parser.wanted = wanted
            do {
                parser.skipSpace()
                try parser.value(depth: 0)
                parser.skipSpace()
                if parser.position != buffer.count { throw ParseError(message: "unexpected text after the value", at: parser.position) }
                return (nil, parser.styles, parser.found)
            } catch let error as ParseError {
                return ("\(error.message) at byte \(error.at + 1)", parser.styles, parser.found)
            } catch {
                return ("it does not parse", 0, nil)
            }
        }
    }

    private struct ParseError: Error {
        var message: String
        var at: Int
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var styles: UInt8 = 0
        var wanted: Casing?
        var found: Range<Int>?

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        func fail(_ message: String) -> ParseError { ParseError(message: message, at: position) }

        mutating func value(depth: Int) throws {
            guard depth < 512 else { throw fail("nesting too deep") }
            guard let c = current else { throw fail("unexpected end of text") }
            switch c {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try word("true")
            case UInt8(ascii: "f"): try word("false")
            case UInt8(ascii: "n"): try word("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(c)))'")
            }
        }

        mutating func word(_ text: StaticString) throws {
            let count = text.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw fail("unexpected end of text") }
            let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
            for i in 0..<count where bytes[position + i] != expected[i] { throw fail("invalid literal") }
            position += count
        }

        mutating func number() throws {
            let start = position
            if current == UInt8(ascii: "-") { position += 1 }
            guard let first = current, first >= 0x30, first <= 0x39 else { throw fail("invalid number") }
            if first == 0x30 { position += 1 } else { digits() }
            if current == UInt8(ascii: ".") {
                position += 1
                guard let d = current, d >= 0x30, d <= 0x39 else { throw fail("invalid number") }
                digits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard let d = current, d >= 0x30, d <= 0x39 else { throw fail("invalid number") }
                digits()
            }
            if position == start { throw fail("invalid number") }
        }

        mutating func digits() {
            while let d = current, d >= 0x30, d <= 0x39 { position += 1 }
        }

        /// Reads a string and returns the byte range of its contents.
        mutating func string() throws -> Range<Int> {
            position += 1
            let start = position
            while position < bytes.count {
                let c = bytes[position]
                if c == UInt8(ascii: "\"") {
                    let range = start..<position
                    position += 1
                    return range
                }
                if c == UInt8(ascii: "\\") {
                    position += 1
                    guard let e = current else { break }
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        position += 1
                    case UInt8(ascii: "u"):
                        guard position + 4 < bytes.count else { throw fail("unfinished \\u escape") }
                        for i in 1...4 where !isHex(bytes[position + i]) { throw fail("invalid \\u escape") }
                        position += 5
                    default: throw fail("invalid escape")
                    }
                    continue
                }
                if c < 0x20 { throw fail("control character in a string") }
                position += 1
            }
            throw fail("unterminated string")
        }

        func isHex(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
        }

        mutating func object(depth: Int) throws {
            position += 1
            skipSpace()
            if current == UInt8(ascii: "}") { position += 1; return }
            while true {
                guard current == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let key = try string()
                let casing = Casing.of(UnsafeBufferPointer(rebasing: bytes[key]))
                styles |= casing.bit
                if casing == wanted, found == nil { found = key }
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                position += 1
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") { position += 1; skipSpace(); continue }
                if current == UInt8(ascii: "}") { position += 1; return }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws {
            position += 1
            skipSpace()
            if current == UInt8(ascii: "]") { position += 1; return }
            while true {
                try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") { position += 1; skipSpace(); continue }
                if current == UInt8(ascii: "]") { position += 1; return }
                throw fail("expected ',' or ']'")
            }
        }
    }
}
