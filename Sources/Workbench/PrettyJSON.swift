/// Re-indents a JSON example for reading. It works on the text, not on a parsed object, so
/// keys keep the order the author wrote (a dictionary would shuffle them); text that is not
/// well-formed JSON comes back unchanged, line by line.
enum PrettyJSON {
    static func lines(_ text: String, indent: String = "  ") -> [String] {
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = raw.reversed().drop { $0.allSatisfy(\.isWhitespace) }.reversed()
        let fallback = Array(trimmed)
        var out: [String] = []
        var line = ""
        var depth = 0
        var inString = false
        var escaped = false
        let chars = Array(text)
        var i = 0
        func newline() {
            if !line.isEmpty { out.append(line) }
            line = String(repeating: indent, count: max(0, depth))
        }
        while i < chars.count {
            let c = chars[i]
            if inString {
                line.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                i += 1
                continue
            }
            switch c {
            case "\"":
                inString = true
                line.append(c)
            case "{", "[":
                // Empty containers stay on one line: {} and [].
                var j = i + 1
                while j < chars.count, chars[j].isWhitespace { j += 1 }
                if j < chars.count, (c == "{" && chars[j] == "}") || (c == "[" && chars[j] == "]") {
                    line.append(c)
                    line.append(chars[j])
                    i = j + 1
                    continue
                }
                line.append(c)
                depth += 1
                newline()
            case "}", "]":
                depth -= 1
                if depth < 0 { return fallback }
                newline()
                line.append(c)
            case ",":
                line.append(c)
                newline()
            case ":":
                line.append(": ")
            case " ", "\n", "\t", "\r":
                break
            default:
                line.append(c)
            }
            i += 1
        }
        if !line.allSatisfy(\.isWhitespace) { out.append(line) }
        guard depth == 0, !inString, !out.isEmpty else { return fallback }
        return out
    }
}
