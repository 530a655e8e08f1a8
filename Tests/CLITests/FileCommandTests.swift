import DesignModel
import Foundation
import Testing

@Suite struct FileCommandTests {
    /// Each kind of bad input: exit 2, a `file:line:col: message` on stderr, the file untouched.
    @Test(arguments: [
        ("malformed", "archbench: 1\ntitle: [oops\n", "malformed YAML"),
        ("wrong type", "archbench: 1\ntitle: T\nowners: 3\n", "must be a list"),
        ("missing key", "archbench: 1\nservices:\n  - name: a\n", "missing required key 'title'"),
        ("unknown key", "archbench: 1\ntitle: T\nservices:\n  - name: a\n    domian: x\n", "did you mean 'domain'?"),
        ("duplicate name", "archbench: 1\ntitle: T\nservices:\n  - name: a\n  - name: a\n", "duplicate service name 'a'"),
        ("dangling reference", "archbench: 1\ntitle: T\nendpoints:\n  - method: GET\n    path: /a\n    service: nope\n", "which does not exist"),
        ("bad JSON", "archbench: 1\ntitle: T\nevents:\n  - name: e\n    payload: '{nope'\n", "is not valid JSON"),
        ("bad duration", "archbench: 1\ntitle: T\nscaling:\n  caches:\n    - name: c\n      ttl: soon\n", "must be a duration"),
    ])
    func badInputExitsTwoWithLocationAndLeavesTheFile(_ name: String, _ yaml: String, _ expected: String) throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.design.yaml").path
        try yaml.write(toFile: path, atomically: false, encoding: .utf8)
        for arguments in [["fmt", path], ["fmt", "--check", path]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(name): \(arguments)")
            let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(firstLine.wholeMatch(of: #/.+bad\.design\.yaml:\d+:\d+: .+/#) != nil, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == yaml)
        }
    }

    @Test func fmtCheckNamesNonCanonicalFilesAndChangesNothing() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let canonical = folder.appendingPathComponent("shop.design.yaml").path
        try FileManager.default.copyItem(atPath: CLI.shopPath, toPath: canonical)
        let messy = folder.appendingPathComponent("messy.design.yaml").path
        let messyText = "title: Messy\narchbench: 1\nowners: [a, b]\n"
        try messyText.write(toFile: messy, atomically: false, encoding: .utf8)

        let check = try CLI.run(["fmt", "--check", canonical, messy])
        #expect(check.status == 1)
        #expect(check.stdout.contains("messy.design.yaml"))
        #expect(!check.stdout.contains("shop.design.yaml"))
        #expect(try String(contentsOfFile: messy, encoding: .utf8) == messyText)

        let format = try CLI.run(["fmt", canonical, messy])
        #expect(format.status == 0)
        #expect(try String(contentsOfFile: messy, encoding: .utf8) == "archbench: 1\ntitle: Messy\nowners:\n  - a\n  - b\n")
        #expect(try String(contentsOfFile: canonical, encoding: .utf8) == (try String(contentsOfFile: CLI.shopPath, encoding: .utf8)))
        #expect(try CLI.run(["fmt", "--check", canonical, messy]).status == 0)
    }

    @Test func newWritesTemplatesAndNeverOverwrites() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = folder.appendingPathComponent("ride.design.yaml").path
        #expect(try CLI.run(["new", example, "--template", "example"]).status == 0)
        #expect(try String(contentsOfFile: example, encoding: .utf8) == "# yaml-language-server: $schema=archbench.schema.json\n" + BundledExample.yaml)
        let again = try CLI.run(["new", example])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: example, encoding: .utf8) == "# yaml-language-server: $schema=archbench.schema.json\n" + BundledExample.yaml)

        let blank = folder.appendingPathComponent("payments.design.yaml").path
        #expect(try CLI.run(["new", blank]).status == 0)
        let design = try DesignLoader.load(contentsOf: blank).design
        #expect(design.title == "payments")
        #expect(try CLI.run(["fmt", "--check", blank]).status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        let result = try CLI.run(["fmt", "--no-such-flag", "x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-flag"))
        let missing = try CLI.run(["fmt", "/no/such/file.design.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("/no/such/file.design.yaml:1:1: cannot read file"))
    }
}
