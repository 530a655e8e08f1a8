import DesignModel

/// The parts of the exported document, in the order they appear.
package enum ExportSection: String, CaseIterable, Sendable, Hashable {
    case overview, api, services, erd, flows, stack, scaling, security, phases, comments, findings

    /// Other names accepted on the command line.
    static let aliases: [String: ExportSection] = [
        "requirements": .overview, "endpoints": .api, "architecture": .services, "events": .services,
        "database": .erd, "schema": .erd, "tables": .erd, "db": .erd, "technology": .stack, "deployment": .stack,
        "performance": .scaling, "review": .comments, "validation": .findings, "flow": .flows, "sequences": .flows,
        "consistency": .flows,
    ]

    package init?(argument: String) {
        let key = argument.trimmingSpaces.lowercased()
        if let section = ExportSection(rawValue: key) ?? ExportSection.aliases[key] {
            self = section
        } else {
            return nil
        }
    }

    /// A comma-separated list such as `api,erd`; the document keeps its own order whatever the list's.
    package static func parseList(_ text: String) throws -> [ExportSection] {
        var sections: [ExportSection] = []
        var unknown: [String] = []
        for part in text.split(separator: ",") {
            let name = String(part).trimmingSpaces
            if name.isEmpty { continue }
            if let section = ExportSection(argument: name) {
                if !sections.contains(section) { sections.append(section) }
            } else {
                unknown.append(name)
            }
        }
        if !unknown.isEmpty || sections.isEmpty {
            throw ExportSectionError(unknown: unknown)
        }
        return ExportSection.allCases.filter(sections.contains)
    }
}

package struct ExportSectionError: Error, Equatable, Sendable, CustomStringConvertible {
    package var unknown: [String]
    package init(unknown: [String]) { self.unknown = unknown }
    package var description: String {
        let known = ExportSection.allCases.map(\.rawValue).joined(separator: ", ")
        if unknown.isEmpty { return "no section named; known sections: \(known)" }
        return "unknown section\(unknown.count == 1 ? "" : "s") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
            + "known sections: \(known)"
    }
}

package struct MarkdownExportOptions: Sendable {
    /// The sections to include; the title, metadata and contents always are.
    package var sections: [ExportSection]
    /// Past these a diagram is split; Mermaid's defaults unless a test wants smaller.
    package var mermaidLimits: MermaidLimits

    package init(sections: [ExportSection] = ExportSection.allCases, mermaidLimits: MermaidLimits = .mermaidDefaults) {
        self.sections = sections
        self.mermaidLimits = mermaidLimits
    }
}
