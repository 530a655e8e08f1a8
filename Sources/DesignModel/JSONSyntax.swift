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

    /// `text` as a tree of values (keys in their order, strings unescaped, numbers as written); nil
    /// when it is not JSON. For the rules that look at what an example says, not only at its keys,
    /// and for what is generated from examples (schemas).
    package static func value(_ text: String, trailingCommas: Bool = false) -> JSONValue? {
        var copy = text
        return copy.withUTF8 { bytes in
            var parser = Parser(bytes: bytes, maximumDepth: 256, trailingCommas: trailingCommas, key: { _ in },
                                output: TreeBuilder())
            guard parser.run() == nil else { return nil }
            return parser.output.result
        }
    }

    /// Where the parser writes what it reads: nowhere for `check`, re-indented for `pretty`, as a
    /// tree for `value`. A type parameter rather than a flag, so that `check` carries no trace of
    /// the writing.
    private protocol Output {
        mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>)
        mutating func write(_ text: StaticString)
        mutating func newline(depth: Int)
        /// The structure, for a tree: a container opens and closes, a key names the next value,
        /// a scalar is read whole.
        mutating func open(keyed: Bool)
        mutating func close()
        mutating func member(_ key: UnsafeBufferPointer<UInt8>)
        mutating func scalar(_ kind: ScalarKind, _ bytes: UnsafeBufferPointer<UInt8>)
    }

    enum ScalarKind { case string, number, `true`, `false`, null }

    private struct NoOutput: Output {
        func copy(_ bytes: UnsafeBufferPointer<UInt8>) {}
        func write(_ text: StaticString) {}
        func newline(depth: Int) {}
        func open(keyed: Bool) {}
        func close() {}
        func member(_ key: UnsafeBufferPointer<UInt8>) {}
        func scalar(_ kind: ScalarKind, _ bytes: UnsafeBufferPointer<UInt8>) {}
    }

    private struct TreeBuilder: Output {
        /// Open containers, innermost last, each with the key its next value goes under.
        var stack: [(keyed: Bool, members: [JSONValue.Member], items: [JSONValue], key: String?)] = []
        var result: JSONValue?

        func copy(_ bytes: UnsafeBufferPointer<UInt8>) {}
        func write(_ text: StaticString) {}
        func newline(depth: Int) {}

        mutating func open(keyed: Bool) { stack.append((keyed, [], [], nil)) }

        mutating func close() {
            guard let top = stack.popLast() else { return }
            add(top.keyed ? .object(top.members) : .array(top.items))
        }

        mutating func member(_ key: UnsafeBufferPointer<UInt8>) {
            stack[stack.count - 1].key = JSONSyntax.unescaped(key)
        }

        mutating func scalar(_ kind: ScalarKind, _ bytes: UnsafeBufferPointer<UInt8>) {
            switch kind {
            case .string: add(.string(JSONSyntax.unescaped(bytes)))
            case .number: add(.number(String(decoding: bytes, as: UTF8.self)))
            case .true: add(.bool(true))
            case .false: add(.bool(false))
            case .null: add(.null)
            }
        }

        mutating func add(_ value: JSONValue) {
            guard !stack.isEmpty else { result = value; return }
            if stack[stack.count - 1].keyed {
                stack[stack.count - 1].members.append(JSONValue.Member(key: stack[stack.count - 1].key ?? "", value: value))
            } else {
                stack[stack.count - 1].items.append(value)
            }
        }
    }

    /// The text of a string's contents (between its quotes, already checked) with its escapes undone.
    static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes, as: UTF8.self) }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count)
        var text = ""
        func flush() {
            text += String(decoding: units, as: UTF16.self)
            units.removeAll(keepingCapacity: true)
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < bytes.count else {
                // Runs of plain bytes are UTF-8: decode them whole.
                var end = i
                while end < bytes.count, bytes[end] != UInt8(ascii: "\\") { end += 1 }
                if end == i { end = i + 1 }
                flush()
                text += String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)
                i = end
                continue
            }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): units.append(0x0A)
            case UInt8(ascii: "t"): units.append(0x09)
            case UInt8(ascii: "r"): units.append(0x0D)
            case UInt8(ascii: "b"): units.append(0x08)
            case UInt8(ascii: "f"): units.append(0x0C)
            case UInt8(ascii: "u"):
                var unit: UInt16 = 0
                for k in 0..<4 where i + k < bytes.count { unit = unit << 4 | (hexValue(bytes[i + k]) ?? 0) }
                i += 4
                units.append(unit)
            default: units.append(UInt16(e))
            }
        }
        flush()
        return text
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

        func open(keyed: Bool) {}
        func close() {}
        func member(_ key: UnsafeBufferPointer<UInt8>) {}
        func scalar(_ kind: ScalarKind, _ bytes: UnsafeBufferPointer<UInt8>) {}
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
            case UInt8(ascii: "\""):
                let contents = try string()
                copy(from: start)
                output.scalar(.string, UnsafeBufferPointer(rebasing: bytes[contents]))
            case UInt8(ascii: "t"): try word("true"); copy(from: start); output.scalar(.true, UnsafeBufferPointer(rebasing: bytes[start..<position]))
            case UInt8(ascii: "f"): try word("false"); copy(from: start); output.scalar(.false, UnsafeBufferPointer(rebasing: bytes[start..<position]))
            case UInt8(ascii: "n"): try word("null"); copy(from: start); output.scalar(.null, UnsafeBufferPointer(rebasing: bytes[start..<position]))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
                copy(from: start)
                output.scalar(.number, UnsafeBufferPointer(rebasing: bytes[start..<position]))
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
            output.open(keyed: keyed)
            skipSpace()
            if current == close {
                position += 1
                copy(from: position - 1)
                output.close()
                return
            }
            while true {
                newline(depth: depth + 1)
                if keyed {
                    guard current == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let start = position
                    let name = try string()
                    key(UnsafeBufferPointer(rebasing: bytes[name]))
                    output.member(UnsafeBufferPointer(rebasing: bytes[name]))
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
                    output.close()
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

/// A JSON value as `JSONSyntax.value` reads it: object members in the order written, numbers as
/// the text they were written with (so 12345678901234567890 and 1.50 stay what they are).
package indirect enum JSONValue: Equatable, Sendable {
    package struct Member: Equatable, Sendable {
        package var key: String
        package var value: JSONValue

        package init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    case object([Member])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// Every object member at any depth, outermost first, with the members of arrays' objects.
    package func forEachMember(_ body: (Member) -> Void) {
        switch self {
        case .object(let members):
            for member in members {
                body(member)
                member.value.forEachMember(body)
            }
        case .array(let items):
            for item in items { item.forEachMember(body) }
        default:
            break
        }
    }

    /// The value of `key` in an object; nil for other values or a missing key.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}
