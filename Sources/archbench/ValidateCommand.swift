import ArgumentParser
import DesignModel
import DesignRules
import Foundation

/// `archbench validate FILE...`: runs every rule over each design and reports the findings.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check designs against the rule set (API, security, database, architecture, scaling, docs).",
        discussion: """
            Prints `file:line:col: severity: message [rule-id]` for each finding, then a summary line. \
            Exit status: 0 when no finding is an error, 1 when one is, 2 when a file cannot be read or loaded.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    enum MinimumSeverity: String, ExpressibleByArgument, CaseIterable { case info, warning, error }

    @Argument(help: "Design files.") var files: [String]
    @Option(help: "text: one line a finding; json: an array of objects.") var format: Format = .text
    @Option(name: .customLong("min-severity"), help: "Leave out findings below this severity.")
    var minSeverity: MinimumSeverity = .info

    func run() throws {
        let minimum = Severity(rawValue: minSeverity.rawValue) ?? .info
        let validator = Validator()
        var loadFailures: [String] = []
        var reported: [(file: String, finding: Finding)] = []
        var hasErrors = false
        for file in files {
            let loaded: LoadedDesign
            do {
                loaded = try DesignLoader.load(contentsOf: file)
            } catch let error as DesignLoadError {
                loadFailures += error.diagnostics.map(\.description)
                continue
            }
            for finding in validator.validate(loaded.design, sourceMap: loaded.sourceMap) {
                if finding.severity == .error { hasErrors = true }
                if finding.severity >= minimum { reported.append((file, finding)) }
            }
        }
        switch format {
        case .text:
            for (file, finding) in reported { print(FindingText.line(file: file, finding)) }
            print(FindingText.summary(reported.map(\.finding), files: files.count, unreadable: loadFailures.isEmpty ? 0 : 1))
        case .json:
            print(FindingText.json(reported))
        }
        if !loadFailures.isEmpty { throw CLIFailure.badInput(loadFailures) }
        if hasErrors { throw ExitCode(1) }
    }
}

/// The text and JSON forms of findings, shared by `validate` and anything else that prints them.
enum FindingText {
    static func line(file: String, _ finding: Finding) -> String {
        let place = finding.location ?? SourceLocation(line: 1, column: 1)
        return "\(file):\(place.line):\(place.column): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)]"
    }

    static func summary(_ findings: [Finding], files: Int, unreadable: Int) -> String {
        func count(_ severity: Severity, _ word: String) -> String {
            let n = findings.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
            return "\(n) \(word)\(n == 1 ? "" : "s")"
        }
        var text = "\(count(.error, "error")), \(count(.warning, "warning")), \(count(.info, "info")) in \(files) file\(files == 1 ? "" : "s")"
        if unreadable > 0 { text += "; some files could not be loaded" }
        return text
    }

    /// An array of objects with keys rule, severity, message, element, file, line, column, in that order.
    static func json(_ findings: [(file: String, finding: Finding)]) -> String {
        if findings.isEmpty { return "[]" }
        var out = "[\n"
        for (i, (file, finding)) in findings.enumerated() {
            out += "  {\"rule\": \(quote(finding.ruleID)), \"severity\": \(quote(finding.severity.rawValue)), "
            out += "\"message\": \(quote(finding.message)), \"element\": \(finding.element.map { quote($0.description) } ?? "null"), "
            out += "\"file\": \(quote(file)), \"line\": \(finding.location.map { String($0.line) } ?? "null"), "
            out += "\"column\": \(finding.location.map { String($0.column) } ?? "null")}"
            out += i == findings.count - 1 ? "\n" : ",\n"
        }
        return out + "]"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
