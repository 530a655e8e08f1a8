import ArgumentParser
import DesignExport
import DesignModel
import DesignRules
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a design as a document: Markdown with Mermaid diagrams, for a pull request, a wiki or an e-mail.",
        discussion: """
            The document has a table of contents, the API with examples, the service map and ERD as \
            Mermaid diagrams, the tables, the stack, scaling, security, phases, review comments and \
            validation findings. The same design always gives the same bytes.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown
    }

    @Argument(help: "The design file.") var file: String
    @Option(help: "The document format: markdown.") var format: Format = .markdown
    @Option(name: [.customShort("o"), .customLong("output")],
            help: "Write the document to this file (atomically) instead of standard output.")
    var output: String?
    @Option(help: ArgumentHelp(
        "Only these sections, comma-separated: \(ExportSection.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "list"))
    var sections: String?

    func validate() throws {
        if let sections {
            do {
                _ = try ExportSection.parseList(sections)
            } catch let error as ExportSectionError {
                throw ValidationError("--sections: \(error)")
            }
        }
    }

    func run() throws {
        let selected = try sections.map(ExportSection.parseList) ?? ExportSection.allCases
        let loaded = try loadDesign(file)
        if loaded.isNewerFormat {
            writeError("\(file):1:1: the design is of format \(loaded.design.formatVersion), newer than this archbench "
                + "(\(Design.supportedFormatVersion)); keys it does not know are left out of the document")
        }
        let findings: [ExportFinding]? = selected.contains(.findings)
            ? Validator().validate(loaded.design, sourceMap: loaded.sourceMap).map(ExportFinding.init)
            : nil
        let document: String
        switch format {
        case .markdown:
            document = MarkdownExporter.document(for: loaded.design, findings: findings,
                                                 options: MarkdownExportOptions(sections: selected))
        }
        let data = Data(document.utf8)
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try DesignFile.writeAtomically(data, to: output)
        } catch let error as DesignSaveError {
            throw CLIFailure.badInput(["\(output):1:1: \(error.message)"])
        }
    }
}
