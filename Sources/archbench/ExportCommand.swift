import ArgumentParser
import DesignExport
import DesignInterop
import DesignModel
import DesignRules
import Foundation

extension AsciiDiagrams.View: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a design: Markdown with Mermaid diagrams, its diagrams as plain text, OpenAPI 3.1, or PostgreSQL DDL.",
        discussion: """
            The document has a table of contents, the API with examples, the service map and ERD as \
            Mermaid diagrams, the tables, the stack, scaling, security, phases, review comments and \
            validation findings. The same design always gives the same bytes. \
            --format ascii prints the ERD, the service map or the flows' sequence diagrams (--view) as \
            text for a terminal, an e-mail or a code review comment. \
            --format openapi writes an OpenAPI 3.1 document (YAML, or JSON when -o names a .json file) \
            with schemas inferred from the JSON examples; --format sql writes PostgreSQL DDL, tables in \
            dependency order, each service's tables in a schema of its own with --schema-per-service.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, ascii, openapi, sql
    }

    @Argument(help: "The design file.", completion: .file(extensions: ["yaml", "yml"])) var file: String
    @Option(help: "markdown, ascii for a diagram as text, openapi (OpenAPI 3.1), or sql (PostgreSQL DDL).") var format: Format = .markdown
    @Flag(help: "With --format sql: each service's tables in a schema named after the service.") var schemaPerService = false
    @Option(help: "With --format ascii: erd, services or flows.") var view: AsciiDiagrams.View = .erd
    @Option(help: "With --format ascii --view flows: only this flow.") var flow: String?
    @Option(help: "With --format ascii: wrap disconnected parts of the diagram to this many columns.") var width: Int?
    @Flag(help: "With --format ascii: draw with Unicode box characters instead of plain ASCII.") var unicode = false
    @Option(help: "With --format ascii --view erd: only the tables of this service.") var service: String?
    @Flag(help: "With --format ascii --view erd: table names only.") var compact = false
    @Flag(help: "With --format ascii --view erd: group the tables by owning service.") var groupByService = false
    @Option(name: [.customShort("o"), .customLong("output")],
            help: "Write the document to this file (atomically) instead of standard output.",
            completion: .file())
    var output: String?
    @Flag(help: "With -o: write even over a file that holds a design.") var force = false
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
        if let output, !force {
            if DesignFile.sameFile(output, file) {
                throw CLIFailure.badInput(["\(output):1:1: is the design being exported; an export is not written over it (--force writes anyway)"])
            }
            if DesignFile.holdsDesign(output) {
                throw CLIFailure.badInput(["\(output):1:1: holds a design; an export is not written over it (--force writes anyway)"])
            }
        }
        if loaded.isNewerFormat {
            writeError("\(file):1:1: the design is of format \(loaded.design.formatVersion), newer than this archbench "
                + "(\(Design.supportedFormatVersion)); keys it does not know are left out of the document")
        }
        let document: String
        switch format {
        case .ascii:
            if let service, !loaded.design.services.contains(where: { $0.name == service }) {
                throw CLIFailure.badInput(["\(file):1:1: no service named '\(service)'"])
            }
            if let flow, !loaded.design.flows.contains(where: { $0.name == flow }) {
                throw CLIFailure.badInput(["\(file):1:1: no flow named '\(flow)'"])
            }
            let findings = Validator().validate(loaded.design, sourceMap: loaded.sourceMap)
            document = AsciiDiagrams.render(design: loaded.design, view: view, width: width, unicode: unicode,
                                            erd: ERDDiagramOptions(groupByService: groupByService, service: service,
                                                                   compact: compact),
                                            flow: flow, findings: findings)
        case .openapi:
            let encoding: OpenAPIExport.Encoding = output?.lowercased().hasSuffix(".json") == true ? .json : .yaml
            let result = try OpenAPIExport.document(for: loaded.design, as: encoding)
            for warning in result.warnings { writeError("\(file):1:1: \(warning)") }
            document = result.text
        case .sql:
            let result = PostgresSchemaExport.document(for: loaded.design, schemaPerService: schemaPerService)
            for warning in result.warnings { writeError("\(file):1:1: \(warning)") }
            document = result.sql
        case .markdown:
            let findings: [Finding]? = selected.contains(.findings)
                ? Validator().validate(loaded.design, sourceMap: loaded.sourceMap)
                : nil
            document = MarkdownExporter.document(for: loaded.design, findings: findings,
                                                 options: MarkdownExportOptions(sections: selected))
        }
        guard let output else {
            Console.write(document)
            return
        }
        do {
            try DesignFile.writeAtomically(Data(document.utf8), to: output)
        } catch let error as DesignSaveError {
            throw CLIFailure.badInput(["\(output):1:1: \(error.message)"])
        }
    }
}
