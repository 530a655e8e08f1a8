import ArchbenchTestSupport
import DesignModel
import DesignRules
import Foundation
import TerminalUI
@testable import Workbench

/// The shop example every screen test opens.
enum Fixtures {
    static let shopPath = Fixture.shopPath

    static func shop() throws -> LoadedDesign { try DesignLoader.load(contentsOf: shopPath) }

    /// Two findings with known text, so screens can be asserted whatever the real rules say.
    static let checker = FunctionChecker { design, _ in
        var findings: [Finding] = []
        if design.endpoints.contains(where: { $0.name == "POST /v1/orders" }) {
            findings.append(Finding(ruleID: "api-error-responses", severity: .warning,
                                    message: "takes input but declares no 400 or 422", element: .endpoint("POST /v1/orders")))
        }
        if design.tables.contains(where: { $0.name == "categories" }) {
            findings.append(Finding(ruleID: "doc-description", severity: .info, message: "no description",
                                    element: .table("categories")))
        }
        return findings
    }
}

/// A workbench on a MemoryTerminal: type keys, then read the screen.
@MainActor
final class Bench {
    let terminal: MemoryTerminal
    var state: AppState
    /// Where each save went, in order. Saves go through the real file code (`DesignFile.save`)
    /// into `folder`, so a test about what is saved reads the bytes back (`savedDesign`).
    var saved: [String] = []
    /// A fresh folder of this bench's own; the design's file is `path` in it.
    let folder: URL
    let path: String

    init(_ loaded: LoadedDesign, width: Int = 80, height: Int = 24, readOnly: Bool = false, unicode: Bool = true,
         checker: (any DesignChecking)? = Fixtures.checker, filePath: String? = nil) {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = filePath ?? folder.appendingPathComponent("shop.design.yaml").path
        terminal = MemoryTerminal(width: width, height: height,
                                  capabilities: TerminalCapabilities(colors: .basic8, unicode: unicode))
        state = AppState(loaded: loaded, fileName: "shop.design.yaml", filePath: path, readOnly: readOnly,
                         checker: checker, screenSize: terminal.size, glyphs: terminal.glyphs)
        run()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A file in the bench's folder.
    func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The design as the last save wrote it to `path` (default: the design's own file).
    func savedDesign(at path: String? = nil) throws -> Design {
        try DesignLoader.load(contentsOf: path ?? self.path).design
    }

    convenience init(width: Int = 80, height: Int = 24, readOnly: Bool = false, unicode: Bool = true) throws {
        self.init(try Fixtures.shop(), width: width, height: height, readOnly: readOnly, unicode: unicode)
    }

    /// Feeds keys through the real event loop and draws as it would.
    /// Stands in for $EDITOR: gets the text the workbench hands out, returns the edited text.
    var editor: (ExternalEdit) -> ExternalEditResult = { .edited($0.text) }
    var edits: [ExternalEdit] = []

    func run() {
        WorkbenchRunner.run(&state, on: terminal, save: { [unowned self] design, path in
                                self.saved.append(path)
                                try DesignFile.save(design, to: path)
                            },
                            editor: { [unowned self] edit in
                                self.edits.append(edit)
                                return self.editor(edit)
                            })
    }

    func type(_ input: String) {
        terminal.type(input)
        run()
    }

    func press(_ keys: Key...) {
        terminal.enqueue(keys)
        run()
    }

    var lines: [String] { terminal.lines() }
    var text: String { lines.joined(separator: "\n") }

    /// The screen row containing `needle`, if any.
    func line(containing needle: String) -> String? { lines.first { $0.contains(needle) } }
}

extension Design {
    static func small(services: [Service] = [], endpoints: [Endpoint] = [], tables: [DesignModel.Table] = []) -> LoadedDesign {
        let design = Design(title: "Small", version: "1.0", services: services, endpoints: endpoints, tables: tables)
        return try! DesignLoader.load(yaml: CanonicalWriter.yaml(for: design), file: "small.design.yaml")
    }
}
