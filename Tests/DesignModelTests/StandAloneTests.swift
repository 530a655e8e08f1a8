import ArchbenchTestSupport
import Foundation
import Testing

/// A clone with nothing beside it tests itself (issue 14): no test, source or document reads a
/// file outside the repository, and a missing fixture fails one test with its path.
@Suite struct StandAloneTests {
    @Test func nothingReadsOutsideTheRepository() throws {
        let root = Fixture.repositoryRoot
        var offenders: [String] = []
        for folder in ["Sources", "Tests"] {
            let walker = try #require(FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path))
            for case let name as String in walker where name.hasSuffix(".swift") || name.hasSuffix(".py") || name.hasSuffix(".sh") {
                let path = root.appendingPathComponent(folder).appendingPathComponent(name).path
                let text = try String(contentsOfFile: path, encoding: .utf8)
                // This file names the pattern it looks for.
                if name.hasSuffix("StandAloneTests.swift") { continue }
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains("../shared") || line.contains("shared/examples") || line.contains("shared/format") {
                    offenders.append("\(folder)/\(name):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for (n, line) in readme.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains("../shared") || line.contains("shared/format/design-format.md") {
            offenders.append("README.md:\(n + 1): \(line)")
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }

    @Test func aMissingFixtureFailsWithItsPath() {
        #expect(throws: FixtureError.missing(Fixture.path("no-such-fixture.yaml"))) {
            _ = try Fixture.text("no-such-fixture.yaml")
        }
        #expect(FileManager.default.fileExists(atPath: Fixture.shopPath))
    }

    /// The terminal core, the diagrams and everything below them build without ncurses
    /// (issue 19): only the ncurses backend imports it, and only the workbench imports that.
    @Test func onlyTheBackendKnowsNCurses() throws {
        let root = Fixture.repositoryRoot.appendingPathComponent("Sources")
        var offenders: [String] = []
        for target in ["DesignModel", "DesignRules", "DesignExport", "Diagrams", "TerminalUI"] {
            let walker = try #require(FileManager.default.enumerator(atPath: root.appendingPathComponent(target).path))
            for case let name as String in walker where name.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(target).appendingPathComponent(name), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import CNCurses") || line.hasPrefix("import TerminalNCurses")
                    || line.hasPrefix("@testable import TerminalNCurses") {
                    offenders.append("\(target)/\(name): \(line)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
        let manifest = try String(contentsOf: Fixture.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let core = try #require(manifest.range(of: "name: \"TerminalUI\","))
        let coreTarget = manifest[core.lowerBound...].prefix { $0 != ")" }
        #expect(!coreTarget.contains("CNCurses"), "\(coreTarget)")
    }
}
