import DesignModel
import DesignRules
import Foundation

/// `validate --format sarif`: the findings as a SARIF 2.1.0 log, the format GitHub code scanning
/// and other SARIF viewers read. One run, with every rule of the rule set described on the
/// driver (so a viewer can explain a rule that found nothing here too) and one result per
/// finding, pointing at its file, line and column.
enum SARIFLog {
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    static let informationURI = "https://github.com/archbench/archbench"

    struct Log: Encodable {
        var schema = SARIFLog.schemaURI
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        /// libyaml counts columns in characters, not bytes or UTF-16 units.
        var columnKind = "unicodeCodePoints"
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "archbench"
        var version: String
        var semanticVersion: String
        var informationUri = SARIFLog.informationURI
        var rules: [ReportingDescriptor]
    }

    struct Text: Encodable { var text: String }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Text
        var defaultConfiguration: Configuration
        var properties: Properties

        struct Configuration: Encodable { var level: String }
        struct Properties: Encodable { var tags: [String] }
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    struct LogicalLocation: Encodable {
        var fullyQualifiedName: String
        var kind: String
    }

    /// SARIF's three levels; archbench's `info` is SARIF's `note`.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// `api-path-shape` → `ApiPathShape`: SARIF's `name` is an identifier-like form of the rule.
    static func ruleName(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative path stays relative to the folder the check ran in (`%SRCROOT%`, which GitHub
    /// code scanning takes to be the repository); an absolute one becomes a `file://` URI. Both
    /// are percent-encoded, as SARIF's URIs must be.
    static func artifactLocation(_ path: String) -> ArtifactLocation {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#[]")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        if path.hasPrefix("/") { return ArtifactLocation(uri: "file://" + encoded, uriBaseId: nil) }
        return ArtifactLocation(uri: encoded, uriBaseId: "%SRCROOT%")
    }

    static func log(_ findings: [(file: String, finding: Finding)], version: String) -> Log {
        let rules = Validator.allRules
        let indexOfRule = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let descriptors = rules.map { rule in
            let firstParagraph = rule.explanation.components(separatedBy: "\n\n").first ?? rule.explanation
            return ReportingDescriptor(
                id: rule.id, name: ruleName(rule.id),
                shortDescription: Text(text: rule.title),
                fullDescription: Text(text: firstParagraph),
                help: Text(text: rule.explanation),
                defaultConfiguration: .init(level: level(rule.defaultSeverity)),
                properties: .init(tags: [rule.category?.title ?? "Other"]))
        }
        let results = findings.map { file, finding in
            let place = finding.location ?? SourceLocation(line: 1, column: 1)
            let logical = finding.element.map {
                [LogicalLocation(fullyQualifiedName: $0.description, kind: "element")]
            }
            return Result(
                ruleId: finding.ruleID, ruleIndex: indexOfRule[finding.ruleID] ?? -1,
                level: level(finding.severity), message: Text(text: finding.message),
                locations: [Location(
                    physicalLocation: PhysicalLocation(
                        artifactLocation: artifactLocation(file),
                        region: Region(startLine: place.line, startColumn: place.column)),
                    logicalLocations: logical)])
        }
        return Log(runs: [Run(
            tool: Tool(driver: Driver(version: version, semanticVersion: version, rules: descriptors)),
            results: results)])
    }

    /// The log as JSON with sorted keys, so the same findings give the same bytes.
    static func json(_ findings: [(file: String, finding: Finding)], version: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log(findings, version: version)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// `validate --format github`: GitHub Actions workflow commands, one per finding, which the
/// Actions runner turns into annotations on the pull request's changed lines.
enum GitHubAnnotations {
    static func line(file: String, _ finding: Finding) -> String {
        let place = finding.location ?? SourceLocation(line: 1, column: 1)
        let command = switch finding.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        let properties = [
            "file=\(escapedProperty(file))", "line=\(place.line)", "col=\(place.column)",
            "title=\(escapedProperty(finding.ruleID))",
        ].joined(separator: ",")
        return "::\(command) \(properties)::\(escapedData(finding.message))"
    }

    /// The runner's own escaping (actions/toolkit `escapeData`): a line break would end the
    /// command, and `%` introduces an escape.
    static func escapedData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values also lose `:` and `,`, which separate the properties (`escapeProperty`).
    static func escapedProperty(_ text: String) -> String {
        escapedData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
