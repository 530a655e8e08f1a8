import ArgumentParser
import DesignInterop
import DesignModel
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring an OpenAPI document or a PostgreSQL schema into a design.",
        discussion: """
            --into merges into an existing design: new endpoints and tables are added, existing ones \
            (the same METHOD path, the same table name) are updated key by key, and nothing of the \
            design is removed. -o writes a new design and never overwrites a file. What the design \
            has no place for is kept under x_openapi or x_postgres on the element, or listed on \
            standard error as skipped. Nothing is written when the input or the result has an error.
            """,
        subcommands: [ImportOpenAPICommand.self, ImportSQLCommand.self])
}

/// Where an import goes: into a design (`--into`) or a new file (`-o`).
struct ImportTarget: ParsableArguments {
    @Option(help: "Merge into this design.", completion: .file(extensions: ["yaml", "yml"])) var into: String?
    @Option(name: [.customShort("o"), .customLong("output")], help: "Write a new design to this file (never over an existing one).",
            completion: .file())
    var output: String?

    func validate() throws {
        if (into == nil) == (output == nil) { throw ValidationError("give either --into DESIGN or -o NEW") }
    }

    /// The design to merge into: the one named by --into, or a new one titled by the import.
    func startingDesign(title: String, version: String?) throws -> Design {
        if let into {
            let loaded = try loadDesign(into)
            if loaded.isNewerFormat {
                throw CLIFailure.badInput(["\(into):1:1: the design is of format \(loaded.design.formatVersion), newer than this "
                    + "archbench (\(Design.supportedFormatVersion)); it is not written over"])
            }
            return loaded.design
        }
        let path = output ?? ""
        if FileManager.default.fileExists(atPath: path) {
            throw CLIFailure.badInput(["\(path):1:1: already exists; archbench import -o never overwrites a file (--into merges into a design)"])
        }
        return Design(title: title, version: version, status: .draft)
    }

    /// Checks that the merged design loads (every reference resolves), then saves it.
    func save(_ design: Design, summary: DesignMerge.Summary) throws {
        let path = into ?? output ?? ""
        let yaml = CanonicalWriter.yaml(for: design)
        do {
            _ = try DesignLoader.load(yaml: yaml, file: path)
        } catch {
            throw CLIFailure.badInput(error.diagnostics.map { "\(path): the imported design would not load, nothing written: \($0.message)" })
        }
        do {
            try DesignFile.writeAtomically(Data(yaml.utf8), to: path)
        } catch let error as DesignSaveError {
            throw CLIFailure.badInput(["\(path):1:1: \(error.message)"])
        }
        for line in summary.lines { Console.line(line) }
        Console.line("wrote \(path)")
    }
}

func readInput(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIFailure.badInput(["\(path):1:1: cannot read the file"])
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CLIFailure.badInput(["\(path):1:1: not UTF-8 text"])
    }
    return text
}

struct ImportOpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Import an OpenAPI 3.0, 3.1 or 3.2 document (YAML or JSON): endpoints, auth schemes, base URL, services from tags.")

    enum ServiceSource: String, ExpressibleByArgument, CaseIterable { case tags }

    @Argument(help: "The OpenAPI document.", completion: .file(extensions: ["yaml", "yml", "json"])) var spec: String
    @OptionGroup var target: ImportTarget
    @Option(help: "tags: one service per tag, each operation in the service of its first tag.") var serviceFrom: ServiceSource?
    @Option(help: "Put every endpoint in this service.") var service: String?

    func validate() throws {
        if serviceFrom != nil, service != nil { throw ValidationError("give either --service-from tags or --service NAME") }
    }

    func run() throws {
        let assignment: OpenAPIImport.ServiceAssignment = service.map { .named($0) } ?? (serviceFrom == .tags ? .fromTags : .none)
        let imported: OpenAPIImport.Result
        do {
            imported = try OpenAPIImport.read(try readInput(spec), file: spec, services: assignment)
        } catch let error as DesignLoadError {
            throw CLIFailure.badInput(error)
        }
        for line in imported.skipped { writeError(line) }
        var merge = DesignMerge(into: try target.startingDesign(title: imported.title, version: imported.version))
        merge.merge(imported)
        try target.save(merge.design, summary: merge.summary)
    }
}

struct ImportSQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Import a PostgreSQL schema (as pg_dump --schema-only writes it), read by PostgreSQL's own parser.")

    enum Dialect: String, ExpressibleByArgument, CaseIterable { case postgres }

    @Argument(help: "The SQL file.", completion: .file(extensions: ["sql"])) var schema: String
    @Option(help: "The SQL dialect; PostgreSQL is the one there is.") var dialect: Dialect = .postgres
    @OptionGroup var target: ImportTarget
    @Option(help: "The service that owns the tables (without it, a table in schema S belongs to service S, one in public to none).")
    var service: String?

    func run() throws {
        let imported: PostgresSchemaImport.Result
        do {
            imported = try PostgresSchemaImport.read(try readInput(schema), file: schema, service: service)
        } catch let error as DesignLoadError {
            throw CLIFailure.badInput(error)
        }
        for line in imported.skipped { writeError(line) }
        let title = URL(fileURLWithPath: schema).deletingPathExtension().lastPathComponent
        var merge = DesignMerge(into: try target.startingDesign(title: title, version: nil))
        merge.merge(imported)
        try target.save(merge.design, summary: merge.summary)
    }
}
