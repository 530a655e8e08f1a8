import DesignModel
import TerminalUI

typealias DesignModelDuration = DesignModel.Duration

/// Turning design text into Markdown that renders as the same text on GitHub, GitLab and any
/// CommonMark/GFM renderer: nothing a user writes can open emphasis, a link, a heading, a list, a
/// table or a code fence that swallows the rest of the document.
enum Markdown {

    /// One line of text (no newlines expected; any are turned into spaces).
    static func inline(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        escapeLine(Substring(text), into: &result, lineStart: false)
        return result
    }

    /// Text for a heading: one line, `#` escaped wherever it stands (a trailing `#` would be eaten
    /// as the closing sequence).
    static func headingText(_ text: String) -> String {
        var result = ""
        escapeLine(Substring(text.trimmingSpaces), into: &result, lineStart: true, escapeHashes: true)
        return result
    }

    /// Text for a table cell: each line escaped, lines joined with `<br>`.
    static func cell(_ text: String) -> String {
        if !text.utf8.contains(UInt8(ascii: "\n")) {
            var result = ""
            escapeLine(Substring(text.trimmingSpaces), into: &result, lineStart: false)
            return result
        }
        let lines = text.trimmingSpaces.split(separator: "\n", omittingEmptySubsequences: false)
        var result = ""
        for (number, line) in lines.enumerated() {
            if number > 0 { result += "<br>" }
            escapeLine(line, into: &result, lineStart: false)
        }
        return result
    }

    /// Prose that may span several lines and paragraphs: blank lines separate paragraphs, and each
    /// line is escaped so that it cannot start a block (list, heading, quote, fence, setext
    /// underline or table). `indent` is put before every line but the first, for list items.
    static func prose(_ text: String, indent: String = "") -> String {
        if !text.utf8.contains(UInt8(ascii: "\n")) {
            var result = ""
            escapeLine(Substring(text.trimmingSpaces), into: &result, lineStart: true)
            return result
        }
        let lines = text.trimmingSpaces.split(separator: "\n", omittingEmptySubsequences: false)
        var result = ""
        var first = true
        var previousBlank = false
        for raw in lines {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            let blank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            if blank {
                previousBlank = true
                continue
            }
            if !first {
                result += "\n"
                if previousBlank { result += "\n" }
                result += indent
            }
            first = false
            previousBlank = false
            escapeLine(line, into: &result, lineStart: true)
        }
        return result
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// ASCII bytes that may need a backslash somewhere in a line: backslash, backtick and * [ ] < > | ~ $ always
    /// (`|` so that text is safe in table cells, `$` because GitHub reads `$...$` as math), `_` and
    /// `&` where they could start markup, `#` in headings; tabs and newlines become spaces.
    private static let specialBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in Array("\\`*[]<>|~$_&#\n\r\t".utf8) { table[Int(byte)] = true }
        return table
    }()

    /// Whether a line needs no escaping at all: the common case, checked byte by byte.
    private static func isPlain(_ line: Substring, lineStart: Bool) -> Bool {
        var first = true
        // Taken once: a static is looked up through its lazy initialiser at every use.
        let special = specialBytes
        for byte in line.utf8 {
            if byte < 128 {
                if special[Int(byte)] { return false }
                if first && lineStart && (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "=")
                    || (byte >= 48 && byte <= 57)) { return false }
            }
            first = false
        }
        return true
    }

    private static func escapeLine(_ text: Substring, into result: inout String, lineStart: Bool, escapeHashes: Bool = false) {
        // Control characters are shown as `\x1b`, never written raw: a document is read in a
        // terminal too (`cat`, a pager), where they would act.
        let line = ControlCharacters.containsControl(text, ignoringLineBreaks: true)
            ? Substring(ControlCharacters.escaped(String(text), keepingLineBreaks: true)) : text
        if isPlain(line, lineStart: lineStart) {
            result += line
            return
        }
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        let backslash = UInt8(ascii: "\\")
        var index = 0
        // A line that starts with a list marker, heading, quote, setext underline or thematic break.
        if lineStart, let first = bytes.first {
            switch first {
            case UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "_"):
                out += [backslash, first]
                index = 1
            default:
                // `1.` or `1)` starts an ordered list: escape the dot or parenthesis.
                var digits = 0
                while digits < bytes.count, digits < 10, bytes[digits] >= 48, bytes[digits] <= 57 { digits += 1 }
                if digits > 0, digits < bytes.count, bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")") {
                    out += bytes[0..<digits]
                    out += [backslash, bytes[digits]]
                    index = digits + 1
                }
            }
        }
        let special = specialBytes
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 128 || !special[Int(byte)] {
                out.append(byte)
            } else if byte == UInt8(ascii: "_") {
                // Between two letters or digits `_` cannot open or close emphasis.
                if !(isWordCharacter(before: index, in: bytes) && isWordCharacter(after: index, in: bytes)) { out.append(backslash) }
                out.append(byte)
            } else if byte == UInt8(ascii: "&") {
                // Only `&name;` and `&#..;` are entity references.
                if (index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "#")) || isWordCharacter(after: index, in: bytes) {
                    out.append(backslash)
                }
                out.append(byte)
            } else if byte == UInt8(ascii: "#") {
                if escapeHashes { out.append(backslash) }
                out.append(byte)
            } else if byte == 10 || byte == 13 || byte == 9 {
                out.append(32)
            } else {
                out += [backslash, byte]
            }
            index += 1
        }
        result += String(decoding: out, as: UTF8.self)
    }

    /// Whether the character before the byte at `index` is a letter or digit (Unicode-aware).
    private static func isWordCharacter(before index: Int, in bytes: [UInt8]) -> Bool {
        guard index > 0 else { return false }
        var start = index - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return isWordScalar(String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars.first)
    }

    /// Whether the character after the byte at `index` is a letter or digit (Unicode-aware).
    private static func isWordCharacter(after index: Int, in bytes: [UInt8]) -> Bool {
        let start = index + 1
        guard start < bytes.count else { return false }
        if bytes[start] < 128 { return isWordScalar(Unicode.Scalar(bytes[start])) }
        var end = start + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return isWordScalar(String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars.first)
    }

    /// A code span whose delimiters are longer than any run of backticks inside. In a table cell
    /// `|` is written `\|` (GFM splits cells before it reads code spans); a value holding both `\`
    /// and `|` is written as escaped text instead, which survives every table parser.
    static func code(_ raw: String, inTable: Bool = false) -> String {
        if raw.isEmpty { return "" }
        let text = ControlCharacters.escaped(raw, keepingLineBreaks: true)
        var needsWork = false
        for byte in text.utf8 where byte == UInt8(ascii: "`") || byte == UInt8(ascii: "|") || byte == 10 || byte == 13 {
            needsWork = true
            break
        }
        if !needsWork, text.utf8.first != UInt8(ascii: " ") || text.utf8.last != UInt8(ascii: " ") {
            return "`" + text + "`"
        }
        var content = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = scalar == "\r"
            content.unicodeScalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar)
        }
        if inTable && content.contains("|") {
            if content.contains("\\") { return inline(content) }
            var escaped = ""
            for scalar in content.unicodeScalars {
                if scalar == "|" { escaped += "\\" }
                escaped.unicodeScalars.append(scalar)
            }
            content = escaped
        }
        let run = longestRun(of: UInt8(ascii: "`"), in: content)
        let fence = String(repeating: "`", count: run + 1)
        let pad = content.hasPrefix("`") || content.hasSuffix("`")
            || (content.hasPrefix(" ") && content.hasSuffix(" ") && !content.allSatisfy { $0 == " " })
        return pad ? "\(fence) \(content) \(fence)" : "\(fence)\(content)\(fence)"
    }

    /// A fenced code block with a fence longer than any run of backticks in the content.
    static func fence(_ content: String, info: String) -> String {
        var body = ControlCharacters.escaped(content, keepingLineBreaks: true)
        while body.hasSuffix("\n") || body.hasSuffix("\r") { body.removeLast() }
        let fence = String(repeating: "`", count: max(3, longestRun(of: UInt8(ascii: "`"), in: body) + 1))
        return "\(fence)\(info)\n\(body)\n\(fence)"
    }

    static func longestRun(of byte: UInt8, in text: String) -> Int {
        var longest = 0, current = 0
        for c in text.utf8 {
            if c == byte {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return longest
    }

    /// A GFM table: header cells and rows are Markdown already escaped for cells.
    static func table(_ header: [String], _ rows: [[String]], into out: inout String) {
        out += "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: header.count) + "\n"
        for row in rows {
            out += "| "
            for (column, cell) in row.enumerated() {
                if column > 0 { out += " | " }
                out += cell
            }
            out += " |\n"
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        if let first = utf8.first, let last = utf8.last,
           first != 32, first != 10, first != 9, first != 13, last != 32, last != 10, last != 9, last != 13 {
            return self
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}

/// Numbers and durations as a reader expects them.
enum Format {
    /// `5m` → `5 minutes`, `1h` → `1 hour`.
    static func duration(_ duration: DesignModelDuration) -> String {
        let unit: String
        switch duration.unit {
        case .milliseconds: unit = "millisecond"
        case .seconds: unit = "second"
        case .minutes: unit = "minute"
        case .hours: unit = "hour"
        case .days: unit = "day"
        }
        return duration.amount == 1 ? "1 \(unit)" : "\(NumberText.grouped(duration.amount)) \(unit)s"
    }

    /// A rate limit window: `1m` → `minute`, `30s` → `30 seconds`.
    static func window(_ duration: DesignModelDuration) -> String {
        duration.amount == 1 ? String(Format.duration(duration).dropFirst(2)) : Format.duration(duration)
    }

    static func reasonPhrase(_ status: Int) -> String? {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 423: "Locked"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: nil
        }
    }
}
