/// The one JSON parser of archbench, for the examples of a design (requests, responses, event
/// payloads): the loader and the workbench's forms check them with it, the rules scan their keys
/// with it, the export and the detail panes re-indent them with it. It reads UTF-8 bytes in one
/// pass and builds nothing; Foundation's parser is an order of magnitude slower for thousands of
/// examples, and its verdicts differ between platforms.
package enum JSONSyntax {
    /// Why a text is not JSON, and at which byte (from 0) of its UTF-8.
    package struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        package var message: String
        package var offset: Int
        /// `message at byte N`, counting bytes from 1.
        package var description: String { "\(message) at byte \(offset + 1)" }
    }

    /// Nil when `text` is one JSON value (RFC 8259; any value at the top, surrounded by white space);
    /// otherwise the first problem.
    /// - Parameters:
    ///   - text: the example as written in the design.
    ///   - trailingCommas: accept a comma before a closing `]` or `}`, as the loader always has
    ///     (the `api-json-example` rule, which checks strictly, still reports it).
    ///   - key: called with the bytes of each object key as written (without its quotes), in order,
    ///     also for keys before a problem.
    package static func check(_ text: String, trailingCommas: Bool = false,
                             key: (UnsafeBufferPointer<UInt8>) -> Void = { _ in }) -> Problem? {
        var copy = text
        return withoutActuallyEscaping(key) { key in
            copy.withUTF8 { bytes in
                var parser = Parser(bytes: bytes, maximumDepth: 512, trailingCommas: trailingCommas, key: key,
                                    output: NoOutput())
                return parser.run()
            }
        }
    }

    /// `text` re-indented for reading (`indent` spaces a level, `": "` after keys), keys in their
    /// order and every scalar exactly as written; nil when it is not JSON (checked strictly, and
    /// nested at most 256 deep), so the caller shows it as it is.
    package static func pretty(_ text: String, indent: Int = 2) -> String? {
        var copy = text
        return copy.withUTF8 { bytes in
            var parser = Parser(bytes: bytes, maximumDepth: 256, trailingCommas: false, key: { _ in },
                                output: Indented(indent: indent, capacity: bytes.count * 2))
            guard parser.run() == nil else { return nil }
            return String(decoding: parser.output.bytes, as: UTF8.self)
        }
    }

    /// Where the parser writes what it reads: nowhere for `check`, re-indented for `pretty`. A type
    /// parameter rather than a flag, so that `check` carries no trace of the writing.
    private protocol Output {
        mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>)
        mutating func write(_ text: StaticString)
        mutating func newline(depth: Int)
    }

    private struct NoOutput: Output {
        func copy(_ bytes: UnsafeBufferPointer<UInt8>) {}
        func write(_ text: StaticString) {}
        func newline(depth: Int) {}
    }

    private struct Indented: Output {
        let indent: Int
        var bytes: [UInt8] = []

        init(indent: Int, capacity: Int) {
            self.indent = indent
            bytes.reserveCapacity(capacity)
        }

        mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }

        mutating func write(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func newline(depth: Int) {
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: depth * indent))
        }
    }

    private struct Parser<Out: Output> {
        let bytes: UnsafeBufferPointer<UInt8>
        let maximumDepth: Int
        let trailingCommas: Bool
        let key: (UnsafeBufferPointer<UInt8>) -> Void
        var position = 0
        var output: Out

        init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, trailingCommas: Bool,
             key: @escaping (UnsafeBufferPointer<UInt8>) -> Void, output: Out) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
            self.trailingCommas = trailingCommas
            self.key = key
            self.output = output
        }

        mutating func run() -> Problem? {
            do throws(Problem) {
                skipSpace()
                try value(depth: 0)
                skipSpace()
                if position != bytes.count { throw fail("unexpected text after the value") }
                return nil
            } catch {
                return error
            }
        }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        func fail(_ message: String) -> Problem { Problem(message: message, offset: position) }

        /// Writes the bytes read from `start` to here.
        mutating func copy(from start: Int) { output.copy(UnsafeBufferPointer(rebasing: bytes[start..<position])) }

        mutating func write(_ text: StaticString) { output.write(text) }

        mutating func newline(depth: Int) { output.newline(depth: depth) }

        mutating func value(depth: Int) throws(Problem) {
            guard depth < maximumDepth else { throw fail("nesting too deep") }
            guard let c = current else { throw fail("unexpected end of text") }
            let start = position
            switch c {
            case UInt8(ascii: "{"): try container(depth: depth, close: UInt8(ascii: "}"))
            case UInt8(ascii: "["): try container(depth: depth, close: UInt8(ascii: "]"))
            case UInt8(ascii: "\""): _ = try string(); copy(from: start)
            case UInt8(ascii: "t"): try word("true"); copy(from: start)
            case UInt8(ascii: "f"): try word("false"); copy(from: start)
            case UInt8(ascii: "n"): try word("null"); copy(from: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number(); copy(from: start)
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(c)))'")
            }
        }

        mutating func word(_ text: StaticString) throws(Problem) {
            let count = text.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw fail("unexpected end of text") }
            let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
            for i in 0..<count where bytes[position + i] != expected[i] { throw fail("invalid literal") }
            position += count
        }

        mutating func number() throws(Problem) {
            if current == UInt8(ascii: "-") { position += 1 }
            guard let first = current, isDigit(first) else { throw fail("invalid number") }
            if first == 0x30 { position += 1 } else { digits() }
            if current == UInt8(ascii: ".") {
                position += 1
                guard let d = current, isDigit(d) else { throw fail("invalid number") }
                digits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard let d = current, isDigit(d) else { throw fail("invalid number") }
                digits()
            }
        }

        mutating func digits() {
            while let d = current, isDigit(d) { position += 1 }
        }

        /// Reads a string and returns the byte range of its contents.
        mutating func string() throws(Problem) -> Range<Int> {
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
                        let unit = try utf16Escape()
                        if (0xDC00...0xDFFF).contains(unit) { throw fail("a \\u escape of a low surrogate without a high one") }
                        if (0xD800...0xDBFF).contains(unit) {
                            // A high surrogate must be followed by the escape of a low one.
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                                  bytes[position + 1] == UInt8(ascii: "u") else {
                                throw fail("a \\u escape of a high surrogate without a low one")
                            }
                            position += 1
                            guard (0xDC00...0xDFFF).contains(try utf16Escape()) else {
                                throw fail("a \\u escape of a high surrogate without a low one")
                            }
                        }
                    default: throw fail("invalid escape")
                    }
                    continue
                }
                if c < 0x20 { throw fail("control character in a string") }
                position += 1
            }
            throw fail("unterminated string")
        }

        /// Reads `uXXXX` (the backslash already read) and returns the code unit.
        mutating func utf16Escape() throws(Problem) -> UInt16 {
            guard position + 4 < bytes.count else { throw fail("unfinished \\u escape") }
            var unit: UInt16 = 0
            for i in 1...4 {
                guard let digit = hexValue(bytes[position + i]) else { throw fail("invalid \\u escape") }
                unit = unit << 4 | digit
            }
            position += 5
            return unit
        }

        mutating func container(depth: Int, close: UInt8) throws(Problem) {
            let keyed = close == UInt8(ascii: "}")
            position += 1
            copy(from: position - 1)
            skipSpace()
            if current == close {
                position += 1
                copy(from: position - 1)
                return
            }
            while true {
                newline(depth: depth + 1)
                if keyed {
                    guard current == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let start = position
                    let name = try string()
                    key(UnsafeBufferPointer(rebasing: bytes[name]))
                    copy(from: start)
                    skipSpace()
                    guard current == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                    position += 1
                    write(": ")
                    skipSpace()
                }
                try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipSpace()
                    if !(trailingCommas && current == close) {
                        write(",")
                        continue
                    }
                }
                if current == close {
                    position += 1
                    newline(depth: depth)
                    copy(from: position - 1)
                    return
                }
                throw fail(keyed ? "expected ',' or '}'" : "expected ',' or ']'")
            }
        }
    }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

private func hexValue(_ byte: UInt8) -> UInt16? {
    switch byte {
    case 0x30...0x39: UInt16(byte - 0x30)
    case 0x41...0x46: UInt16(byte - 0x41 + 10)
    case 0x61...0x66: UInt16(byte - 0x61 + 10)
    default: nil
    }
}
