import DesignExport
import Foundation

/// A structural check of the Mermaid the exporter writes, statement by statement, after Mermaid's
/// own grammar (flow.jison, erDiagram.jison and sequenceDiagram.jison): what each line may be, how ids and names are
/// written, that quoted text cannot end early, that no line reads as a direction statement or a
/// comment, that every edge's nodes are declared, and that the diagram is within the limits.
/// It checks the subset of Mermaid the exporter uses; anything else is reported.
enum MermaidChecker {
    static let identifier = #"[A-Za-z_][A-Za-z0-9_]*"#
    /// Label text inside double quotes: no `"`, and `#` only as an entity code.
    static let labelText = ##"(?:[^"#%;:\\]|#[A-Za-z0-9]+;)*"##

    static let flowKeywords: Set<String> = ["end", "subgraph", "graph", "flowchart", "style", "class", "classdef",
                                            "click", "linkstyle", "default", "direction", "call", "href"]
    static let erKeywords: Set<String> = ["erdiagram", "one", "many", "only", "zero", "to", "optionally", "end",
                                          "subgraph", "class", "classdef", "style", "direction", "u", "pk", "fk", "uk",
                                          "acctitle", "accdescr", "title"]

    static func matches(_ text: String, _ pattern: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: "^" + pattern + "$") else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: range) else { return nil }
        return (0..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }

    /// Problems found; empty when the diagram is well-formed.
    static func check(_ text: String, limits: MermaidLimits = .mermaidDefaults) -> [String] {
        var problems: [String] = []
        if text.utf16.count > limits.maxTextSize {
            problems.append("\(text.utf16.count) characters, over the limit of \(limits.maxTextSize)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first else { return ["empty diagram"] }
        for line in lines {
            if line.range(of: #"direction\s+(TB|BT|LR|RL|TD)"#, options: [.regularExpression, .caseInsensitive]) != nil {
                problems.append("reads as a direction statement: \(line)")
            }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("%%") || line.contains("%%{") {
                problems.append("reads as a comment or directive: \(line)")
            }
            if line.range(of: #"(style|classDef).*:\S*#.*;"#, options: .regularExpression) != nil {
                problems.append("Mermaid would strip the last ';' of: \(line)")
            }
        }
        var edges = 0
        switch first {
        case "flowchart LR", "flowchart TD", "flowchart TB", "flowchart RL", "flowchart BT":
            problems += checkFlowchart(Array(lines.dropFirst()), edges: &edges)
        case "erDiagram":
            problems += checkER(Array(lines.dropFirst()), edges: &edges)
        case "sequenceDiagram":
            problems += checkSequence(Array(lines.dropFirst()), edges: &edges)
        default:
            problems.append("unknown diagram type: \(first)")
        }
        if edges > limits.maxEdges { problems.append("\(edges) edges, over the limit of \(limits.maxEdges)") }
        return problems
    }

    static func checkFlowchart(_ lines: [String], edges: inout Int) -> [String] {
        var problems: [String] = []
        var declared: Set<String> = []
        var subgraphs: Set<String> = []
        var used: [String] = []
        var depth = 0
        func checkID(_ id: String, _ line: String) {
            if flowKeywords.contains(id.lowercased()) { problems.append("keyword as id in: \(line)") }
        }
        for line in lines where !line.isEmpty {
            let statement = line.trimmingCharacters(in: .whitespaces)
            if let m = matches(statement, "subgraph (\(identifier)) \\[\"(\(labelText))\"\\]") {
                checkID(m[1], line)
                if depth > 0 { problems.append("nested subgraph: \(line)") }
                if !subgraphs.insert(m[1]).inserted || declared.contains(m[1]) { problems.append("subgraph id reused: \(line)") }
                depth += 1
            } else if statement == "end" {
                if depth == 0 { problems.append("'end' without a subgraph") }
                depth -= 1
            } else if let m = matches(statement, "(\(identifier))(?:\\[\"(\(labelText))\"\\]|\\(\\[\"(\(labelText))\"\\]\\))") {
                checkID(m[1], line)
                if !declared.insert(m[1]).inserted || subgraphs.contains(m[1]) { problems.append("node declared twice: \(line)") }
            } else if let m = matches(statement, "(\(identifier)) (-->|-\\.->)\\|([A-Za-z]+)\\| (\(identifier))") {
                checkID(m[1], line)
                checkID(m[4], line)
                used += [m[1], m[4]]
                edges += 1
            } else {
                problems.append("not a flowchart statement the exporter writes: \(line)")
            }
        }
        if depth != 0 { problems.append("unbalanced subgraph/end") }
        for id in used where !declared.contains(id) { problems.append("edge to an undeclared node \(id)") }
        return problems
    }

    /// Text after `as`, `box transparent` or a message's `:`: Mermaid's lexer ends it at `#`, `;` or
    /// a line break, so those appear only as entity codes; `%` could start a comment.
    static let sequenceText = ##"(?:[^#;%\r\n]|#[A-Za-z0-9]+;)+"##
    static let participantID = #"p[0-9]+"#

    /// After sequenceDiagram.jison: participants declared once (in a box at most one level deep),
    /// messages and notes between declared participants only.
    static func checkSequence(_ lines: [String], edges: inout Int) -> [String] {
        var problems: [String] = []
        var declared: Set<String> = []
        var inBox = false
        func checkDeclared(_ id: String, _ line: String) {
            if !declared.contains(id) { problems.append("undeclared participant \(id) in: \(line)") }
        }
        for line in lines where !line.isEmpty {
            let statement = line.trimmingCharacters(in: .whitespaces)
            if let m = matches(statement, "(?:actor|participant) (\(participantID)) as (\(sequenceText))") {
                if !declared.insert(m[1]).inserted { problems.append("participant declared twice: \(line)") }
                if m[2] != m[2].trimmingCharacters(in: .whitespaces) { problems.append("alias with outer spaces: \(line)") }
            } else if matches(statement, "box transparent (\(sequenceText))") != nil {
                if inBox { problems.append("nested box: \(line)") }
                inBox = true
            } else if statement == "end" {
                if !inBox { problems.append("'end' without a box") }
                inBox = false
            } else if let m = matches(statement, "(\(participantID))(->>|--\\))(\(participantID)): (\(sequenceText))") {
                checkDeclared(m[1], line)
                checkDeclared(m[3], line)
                edges += 1
            } else if let m = matches(statement, "Note right of (\(participantID)): (\(sequenceText))") {
                checkDeclared(m[1], line)
            } else {
                problems.append("not a sequenceDiagram statement the exporter writes: \(line)")
            }
        }
        if inBox { problems.append("unclosed box") }
        return problems
    }

    static let erName = #"(?:[A-Za-z_][A-Za-z0-9_]*|"[^"%\\\r\n]+")"#
    static let erLeft = #"(?:\|o|\|\||\}o|\}\|)"#
    static let erRight = #"(?:o\||\|\||o\{|\|\{)"#

    static func checkER(_ lines: [String], edges: inout Int) -> [String] {
        var problems: [String] = []
        var inBlock = false
        var entities: Set<String> = []
        func checkName(_ name: String, _ line: String) {
            if !name.hasPrefix("\"") && erKeywords.contains(name.lowercased()) { problems.append("keyword as entity name: \(line)") }
            if name.hasPrefix("\""), name.replacingOccurrences(of: ##"#[A-Za-z0-9]+;"##, with: "", options: .regularExpression).contains("#") {
                problems.append("'#' outside an entity code: \(line)")
            }
        }
        for line in lines where !line.isEmpty {
            let statement = line.trimmingCharacters(in: .whitespaces)
            if inBlock {
                if statement == "}" {
                    inBlock = false
                } else if let m = matches(statement, #"([A-Za-z_][A-Za-z0-9_()\[\]]*) ([A-Za-z_][A-Za-z0-9_]*)(?: ((?:PK|FK|UK)(?:, (?:PK|FK|UK))*))?"#) {
                    for word in [m[1], m[2]] where ["pk", "fk", "uk"].contains(word.lowercased()) {
                        problems.append("attribute word read as a key: \(line)")
                    }
                } else {
                    problems.append("not an attribute: \(line)")
                }
            } else if let m = matches(statement, "(\(erName)) \\{") {
                checkName(m[1], line)
                if !entities.insert(m[1]).inserted { problems.append("entity declared twice: \(line)") }
                inBlock = true
            } else if let m = matches(statement, "(\(erName)) \(erLeft)(?:--|\\.\\.)\(erRight) (\(erName)) : \"([^\"]*)\"") {
                checkName(m[1], line)
                checkName(m[2], line)
                edges += 1
            } else if let m = matches(statement, "(\(erName))") {
                checkName(m[1], line)
                if !entities.insert(m[1]).inserted { problems.append("entity declared twice: \(line)") }
            } else {
                problems.append("not an erDiagram statement the exporter writes: \(line)")
            }
        }
        if inBlock { problems.append("unclosed entity block") }
        return problems
    }
}
