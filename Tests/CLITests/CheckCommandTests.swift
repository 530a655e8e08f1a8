import DesignModel
import DesignRules
import Foundation
import Testing

/// `validate`, `rules`, `export` and `comments` as a script or CI would run them.
@Suite struct CheckCommandTests {
    static let flawed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DesignRulesTests/Fixtures/rides-flawed.design.yaml").path

    @Test func validateExitCodes() throws {
        let shop = try CLI.run(["validate", CLI.shopPath])
        #expect(shop.status == 0)
        // A severity with no findings is not counted ("0 errors").
        #expect(shop.stdout.hasSuffix("\n14 warnings, 11 infos in 1 file\n"), "\(shop.stdout.suffix(60))")
        let flawed = try CLI.run(["validate", Self.flawed])
        #expect(flawed.status == 1)
        let line = try #require(flawed.stdout.split(separator: "\n").first.map(String.init))
        #expect(line.wholeMatch(of: #/.+rides-flawed\.design\.yaml:\d+:\d+: (error|warning|info): .+ \[[a-z]+-[a-z-]+\]/#) != nil, "\(line)")
        let missing = try CLI.run(["validate", "/nonexistent.design.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("/nonexistent.design.yaml:1:1:"))
    }

    /// README (Command line): errors go to stderr as `file:line:col: message`, one per problem; a
    /// file with several problems reports them all. Three problems on three lines: three stderr
    /// lines, in file order, each at its own place, and exit 2, from every command that loads it.
    @Test(arguments: [["validate"], ["fmt"], ["fmt", "--check"], ["export"], ["comments"]])
    func aFileWithSeveralProblemsGivesOneStderrLineEach(arguments: [String]) throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("three.design.yaml").path
        let text = "archbench: one\ntitle: [a]\nbogus: 1\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(arguments + [path])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(result.stderr.hasSuffix("\n"))
        #expect(lines.count == 3, "\(arguments): \(result.stderr)")
        let expected = [
            "\(path):1:12: 'archbench' in the design must be a whole number, found 'one'",
            "\(path):2:8: 'title' in the design must be text, found a list",
            "\(path):3:1: unknown key 'bogus' in the design",
        ]
        for (line, prefix) in zip(lines, expected) {
            #expect(line.hasPrefix(prefix), "\(arguments): \(line)")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func validateJSONAndMinimumSeverity() throws {
        let result = try CLI.run(["validate", Self.flawed, "--format", "json", "--min-severity", "error"])
        #expect(result.status == 1)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0["severity"] as? String == "error" })
        #expect(Set(findings[0].keys) == ["rule", "severity", "message", "element", "file", "line", "column"])
        #expect(findings.contains { $0["rule"] as? String == "arch-sync-call-cycle" && $0["element"] as? String == "service:dispatch" })
    }

    @Test func bundledExampleHasNoErrors() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ride.design.yaml").path
        try CLI.run(["new", path, "--template", "example"])
        let result = try CLI.run(["validate", path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(!result.stdout.contains("ref-unknown-rule"))
        #expect(!result.stdout.contains("ref-unused-ignore"))
    }

    @Test func rulesListAndExplain() throws {
        let list = try CLI.run(["rules"])
        #expect(list.status == 0)
        let ids = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first }.filter { $0.contains("-") }
        #expect(ids.count >= 45)
        let one = try CLI.run(["rules", "sec-public-write"])
        #expect(one.status == 0)
        #expect(one.stdout.contains("Fix:"))
        #expect(try CLI.run(["rules", "no-such-rule"]).status == 2)
        // The diff rules, each with its class and an explanation.
        #expect(list.stdout.contains("\nDesign changes (archbench diff)\n"))
        let diffIDs = ids.filter { $0.hasPrefix("diff-") }
        #expect(diffIDs.count >= 20)
        for id in diffIDs {
            let explained = try CLI.run(["rules", String(id)])
            #expect(explained.status == 0 && explained.stdout.contains("Fix:"), "\(id): \(explained.stdout)")
            #expect(explained.stdout.hasPrefix("\(id) (breaking, archbench diff)") || explained.stdout.hasPrefix("\(id) (risky, archbench diff)"))
        }
    }

    /// The README's counts of rules are `archbench rules`' own: "lists 138 rules" and "the 24
    /// `diff-` rules". A rule that disappears (or appears) without the README following is seen.
    @Test func theRuleCountsTheREADMEStatesAreTheListsOwn() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let stated = try #require(text.firstMatch(of: #/`archbench rules` lists (\d+) rules/#).flatMap { Int($0.1) },
                                  "README.md no longer says how many rules `archbench rules` lists")
        let statedDiff = try #require(text.firstMatch(of: #/the (\d+) `diff-` rules/#).flatMap { Int($0.1) },
                                      "README.md no longer says how many `diff-` rules there are")
        let list = try CLI.run(["rules"])
        #expect(list.status == 0)
        let ids = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first }
            .filter { $0.firstMatch(of: #/^[a-z]+-[a-z0-9-]+$/#) != nil }
        let diffIDs = ids.filter { $0.hasPrefix("diff-") }
        #expect(Set(ids).count == ids.count, "an id is listed twice")
        #expect(diffIDs.count == statedDiff, "README says \(statedDiff) diff- rules; `archbench rules` lists \(diffIDs.count)")
        #expect(ids.count - diffIDs.count == stated, "README says \(stated) rules; `archbench rules` lists \(ids.count - diffIDs.count)")
        #expect(list.stdout.contains("\n\(stated) rules and \(statedDiff) diff rules;"), "\(list.stdout.suffix(120))")
        #expect(DiffRules.all.count == statedDiff)
    }

    @Test func exportToStdoutAndAtomicallyToAFile() throws {
        let stdout = try CLI.run(["export", CLI.shopPath, "--format", "markdown"])
        #expect(stdout.status == 0)
        #expect(stdout.stdout.hasPrefix("# Shop Platform\n"))
        #expect(stdout.stdout.contains("```mermaid\nerDiagram"))
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("shop.md").path
        #expect(try CLI.run(["export", CLI.shopPath, "--format", "markdown", "-o", out]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == stdout.stdout)
        let sections = try CLI.run(["export", CLI.shopPath, "--sections", "erd"])
        #expect(sections.stdout.contains("erDiagram") && !sections.stdout.contains("## API Design"))
        #expect(try CLI.run(["export", CLI.shopPath, "--sections", "bogus"]).status == 2)
        #expect(try CLI.run(["export", CLI.shopPath, "--format", "pdf"]).status == 2)
    }

    @Test func commentsInEveryFormat() throws {
        let text = try CLI.run(["comments", CLI.shopPath])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("#1 [open] table:orders ana 2026-11-20T09:12:00Z\n"))
        #expect(text.stdout.contains("> ben 2026-11-20T10:03:00Z:"))
        let json = try CLI.run(["comments", CLI.shopPath, "--format", "json"])
        let comments = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(comments.count == 1)
        #expect(comments[0]["element"] as? String == "table:orders")
        #expect((comments[0]["replies"] as? [[String: Any]])?.first?["author"] as? String == "ben")
        let resolved = try CLI.run(["comments", CLI.shopPath, "--status", "resolved", "--format", "markdown"])
        #expect(resolved.stdout == "# Review comments\n\nNo comments.\n")
    }

    @Test func commentsListVerdictsFirst() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("verdict.design.yaml").path
        let text = try String(contentsOfFile: CLI.shopPath, encoding: .utf8)
            + "  - id: 2\n    author: ben\n    at: 2026-11-21T09:00:00Z\n    text: Ship it.\n    status: open\n    verdict: approve\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let listed = try CLI.run(["comments", path])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.hasPrefix("#2 [open] verdict: approve design ben 2026-11-21T09:00:00Z\n    Ship it.\n#1 [open]"), "\(listed.stdout)")
        let json = try CLI.run(["comments", path, "--format", "json"])
        let comments = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(comments.map { $0["verdict"] as? String } == ["approve", nil])
        let markdown = try CLI.run(["comments", path, "--format", "markdown"])
        #expect(markdown.stdout.contains("- **#2** (open, verdict **approve**) on the whole design by ben"), "\(markdown.stdout)")
    }

    @Test func commentsAsJSONKeepSlashesAsTheyAre() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("slashes.design.yaml").path
        let text = try String(contentsOfFile: CLI.shopPath, encoding: .utf8)
            .replacingOccurrences(of: "element: table:orders", with: "element: endpoint:POST /v1/orders")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let json = try CLI.run(["comments", path, "--format", "json"])
        #expect(json.status == 0)
        #expect(json.stdout.contains(#""element" : "endpoint:POST /v1/orders""#), "\(json.stdout)")
        #expect(!json.stdout.contains(#"\/"#))
    }
}

@Suite struct AsciiExportCommandTests {
    /// Names are the design's own in every alphabet; only the drawing is ASCII (issue 14).
    @Test func asciiExportKeepsNamesAsTheyAre() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cjk.design.yaml").path
        try """
            archbench: 1
            title: CJK
            tables:
              - name: 用户
                columns:
                  - name: id
                    type: uuid
                    primary_key: true
                  - name: 名前
                    type: text
              - name: orders
                columns:
                  - name: id
                    type: uuid
                    primary_key: true
                  - name: user_id
                    type: uuid
                    references: 用户.id

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let erd = try CLI.run(["export", path, "--format", "ascii", "--view", "erd"])
        #expect(erd.status == 0, "\(erd.stderr)")
        #expect(erd.stdout.contains("+ 用户 "))
        #expect(erd.stdout.contains("名前 text"))
        #expect(!erd.stdout.contains("?"))
        let drawing = erd.stdout.replacingOccurrences(of: "用户", with: "").replacingOccurrences(of: "名前", with: "")
        #expect(drawing.unicodeScalars.allSatisfy { $0 == "\n" || (0x20...0x7E).contains($0.value) })
    }

    @Test func erdAndServiceMapAsText() throws {
        let erd = try CLI.run(["export", CLI.shopPath, "--format", "ascii", "--view", "erd"])
        #expect(erd.status == 0)
        #expect(erd.stdout.unicodeScalars.allSatisfy { $0 == "\n" || (0x20...0x7E).contains($0.value) })
        #expect(erd.stdout.contains("+ categories "))
        #expect(erd.stdout.contains("| PK id   uuid ||--------<| FK category_id   uuid"))
        let map = try CLI.run(["export", CLI.shopPath, "--format", "ascii", "--view", "services", "--unicode"])
        #expect(map.status == 0)
        #expect(map.stdout.contains("order.placed"))
        #expect(map.stdout.contains("┌ orders "))
        let one = try CLI.run(["export", CLI.shopPath, "--format", "ascii", "--service", "catalog"])
        #expect(one.stdout.contains("products") && !one.stdout.contains("orders"))
        #expect(try CLI.run(["export", CLI.shopPath, "--format", "ascii", "--service", "nope"]).status == 2)
    }

    @Test func flowsAsText() throws {
        let none = try CLI.run(["export", CLI.shopPath, "--format", "ascii", "--view", "flows"])
        #expect(none.status == 0)
        #expect(none.stdout == "(no flows)\n")
        let missing = try CLI.run(["export", CLI.shopPath, "--format", "ascii", "--view", "flows", "--flow", "nope"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no flow named 'nope'"), "\(missing.stderr)")
    }
}
