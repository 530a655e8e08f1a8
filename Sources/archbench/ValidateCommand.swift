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

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, github }
    enum MinimumSeverity: String, ExpressibleByArgument, CaseIterable { case info, warning, error }

    @Argument(help: "Design files.", completion: .file(extensions: ["yaml", "yml"])) var files: [String]
    @Option(help: "text: one line a finding; json: an array of objects; sarif: a SARIF 2.1.0 log (GitHub code scanning); github: GitHub Actions annotations.")
    var format: Format = .text
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
            } catch {
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
            for (file, finding) in reported { Console.line(FindingText.line(file: file, finding)) }
            Console.line(FindingText.summary(reported.map(\.finding), files: files.count, unreadable: loadFailures.isEmpty ? 0 : 1))
        case .json:
            Console.json(FindingText.json(reported))
        case .sarif:
            Console.json(SARIFLog.json(reported, version: Archbench.version))
        case .github:
            for (file, finding) in reported { Console.line(GitHubAnnotations.line(file: file, finding)) }
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

    /// "13 warnings, 8 infos in 1 file": a severity with none is not mentioned, and a clean
    /// run says "no findings".
    static func summary(_ findings: [Finding], files: Int, unreadable: Int) -> String {
        let counts: [String] = [(Severity.error, "error"), (.warning, "warning"), (.info, "info")].compactMap { severity, word in
            let n = findings.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
            return n == 0 ? nil : "\(n) \(word)\(n == 1 ? "" : "s")"
        }
        var text = "\(counts.isEmpty ? "no findings" : counts.joined(separator: ", ")) in \(files) file\(files == 1 ? "" : "s")"
        if unreadable > 0 { text += "; some files could not be loaded" }
        return text
    }

    /// One finding as JSON; keys come out sorted, so the same findings give the same bytes.
    struct Record: Encodable {
        var rule: String
        var severity: String
        var message: String
        var element: String?
        var file: String
        var line: Int?
        var column: Int?

        enum CodingKeys: String, CodingKey { case rule, severity, message, element, file, line, column }

        /// Written out so that a finding without a place still has its keys, as null.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule, forKey: .rule)
            try container.encode(severity, forKey: .severity)
            try container.encode(message, forKey: .message)
            try container.encode(element, forKey: .element)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
        }
    }

    /// An array of objects with keys rule, severity, message, element, file, line, column.
    static func json(_ findings: [(file: String, finding: Finding)]) -> String {
        let records = findings.map { file, finding in
            Record(rule: finding.ruleID, severity: finding.severity.rawValue, message: finding.message,
                   element: finding.element?.description, file: file, line: finding.location?.line,
                   column: finding.location?.column)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(records) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
