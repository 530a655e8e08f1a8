import ArgumentParser
import DesignModel
import Foundation

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Write a new design file (never over an existing one).")

    enum Template: String, ExpressibleByArgument, CaseIterable { case example, blank }

    @Argument(help: "The design file to create, by convention NAME.design.yaml.") var file: String
    @Option(help: "example: the bundled example design; blank: a title and nothing else.") var template: Template = .blank
    @Option(help: "The title of a blank design.") var title: String?
    @Option(help: ArgumentHelp("Where editors find the JSON Schema, for the modeline on the first line.",
                               discussion: "Without it, \(DesignJSONSchema.fileName) next to the design, written there when missing."),
            completion: .file(extensions: ["json"]))
    var schema: String?

    func run() throws {
        guard !FileManager.default.fileExists(atPath: file) else {
            throw CLIFailure.badInput(["\(file):1:1: already exists; archbench new never overwrites a file"])
        }
        var design: Design
        switch template {
        case .example: design = BundledExample.design
        case .blank:
            let name = URL(fileURLWithPath: file).lastPathComponent.replacingOccurrences(of: ".design.yaml", with: "")
            design = Design(title: title ?? name, version: "0.1.0", status: .draft)
        }
        design.modeline = DesignJSONSchema.modeline(schema ?? DesignJSONSchema.fileName)
        do {
            try DesignFile.save(design, to: file)
        } catch let error as DesignSaveError {
            throw CLIFailure.badInput(["\(file):1:1: \(error.message)"])
        }
        Console.line("wrote \(file)")
        // The modeline's default names a schema beside the design: put one there for editors.
        guard schema == nil else { return }
        let schemaPath = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(DesignJSONSchema.fileName).path
        guard !FileManager.default.fileExists(atPath: schemaPath) else { return }
        do {
            try Data(DesignJSONSchema.text.utf8).write(to: URL(fileURLWithPath: schemaPath))
            Console.line("wrote \(schemaPath) (the JSON Schema editors complete and check the design with)")
        } catch {
            Console.error("\(schemaPath):1:1: could not write the JSON Schema: \(error.localizedDescription)")
        }
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema (draft 2020-12) of the design format, for editors.",
        discussion: """
            Generated from the same field list the loader, the writer and the forms use. Save it beside \
            your designs and name it on a design's first line, \
            `# yaml-language-server: $schema=\(DesignJSONSchema.fileName)`, or in VS Code's `yaml.schemas` setting.
            """)

    func run() throws {
        Console.json(DesignJSONSchema.document.text(indent: 2))
    }
}

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt", abstract: "Rewrite design files in canonical form.")

    @Argument(help: "Design files.", completion: .file(extensions: ["yaml", "yml"])) var files: [String]
    @Flag(help: "Change nothing; exit 1 and name the files that are not canonical.") var check = false

    func run() throws {
        var failures: [String] = []
        var notCanonical: [String] = []
        for file in files {
            let loaded: LoadedDesign
            do {
                loaded = try DesignLoader.load(contentsOf: file)
            } catch {
                failures += error.diagnostics.map(\.description)
                continue
            }
            let canonical = Data(CanonicalWriter.yaml(for: loaded.design).utf8)
            let current = FileManager.default.contents(atPath: file)
            if current == canonical { continue }
            if check {
                notCanonical.append(file)
                continue
            }
            if loaded.isNewerFormat {
                failures.append("\(file):1:1: format \(loaded.design.formatVersion) is newer than this archbench; not rewritten")
                continue
            }
            do {
                try DesignFile.writeAtomically(canonical, to: file)
                Console.line("formatted \(file)")
            } catch let error as DesignSaveError {
                failures.append("\(file):1:1: \(error.message)")
            }
        }
        for file in notCanonical { Console.line("\(file): not in canonical form") }
        if !failures.isEmpty { throw CLIFailure.badInput(failures) }
        if !notCanonical.isEmpty { throw ExitCode(1) }
    }
}
