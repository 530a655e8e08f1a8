import ArchbenchTestSupport
import Foundation
import Testing

/// `archbench diff` as a person and as git run it: two files, `--since` a revision of a real
/// repository, and git's external diff driver.
@Suite struct DiffCommandTests {
    static var shopText: String { (try? String(contentsOfFile: CLI.shopPath, encoding: .utf8)) ?? "" }

    /// The shop with one endpoint moved (breaking) and a column's type changed on a big table (risky).
    static var shopWithBreakingChange: String {
        shopText.replacingOccurrences(of: "/v1/products/{product_id}", with: "/v1/items/{product_id}")
            .replacingOccurrences(of: "      - name: total_cents\n        type: integer\n", with: "      - name: total_cents\n        type: bigint\n")
    }

    static let git = URL(fileURLWithPath: "/usr/bin/env")
    static let gitEnvironment = ["GIT_AUTHOR_NAME": "ana", "GIT_AUTHOR_EMAIL": "ana@example.com", "GIT_COMMITTER_NAME": "ana",
                                 "GIT_COMMITTER_EMAIL": "ana@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
                                 "GIT_PAGER": "cat", "NO_COLOR": "1"]

    @discardableResult
    static func git(_ arguments: [String], in folder: URL) throws -> CLI.Result {
        let result = try CLI.run(executable: git, ["git"] + arguments, environment: gitEnvironment, in: folder)
        #expect(result.status == 0, "git \(arguments): \(result.stderr)")
        return result
    }

    func twoFiles(old: String, new: String) throws -> (folder: URL, old: String, new: String) {
        let folder = try CLI.temporaryFolder()
        let oldPath = folder.appendingPathComponent("old.design.yaml").path, newPath = folder.appendingPathComponent("new.design.yaml").path
        try old.write(toFile: oldPath, atomically: true, encoding: .utf8)
        try new.write(toFile: newPath, atomically: true, encoding: .utf8)
        return (folder, oldPath, newPath)
    }

    @Test func twoFilesInTextWithExitCodesByClass() throws {
        let files = try twoFiles(old: Self.shopText, new: Self.shopWithBreakingChange)
        defer { try? FileManager.default.removeItem(at: files.folder) }
        let text = try CLI.run(["diff", files.old, files.new])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "archbench diff \(files.old) → \(files.new)")
        // By section, breaking first within one, located in the new file.
        #expect(lines[1] == "endpoints:")
        let sections = lines.filter { !$0.contains(" ") && $0.hasSuffix(":") }
        #expect(sections == ["endpoints:", "tables:", "scaling:"], "in the design's order: \(lines)")
        #expect(lines[2].hasPrefix("\(files.new):121: breaking: endpoints: → endpoint GET /v1/items/{product_id} renamed from 'GET /v1/products/{product_id}'"), "\(lines)")
        #expect(text.stdout.contains("[diff-endpoint-moved]"))
        #expect(text.stdout.contains(": risky: tables: ~ table orders › column total_cents changed"))
        #expect(text.stdout.contains("    type: integer → bigint\n"))
        #expect(lines.last?.contains(" changes: 1 breaking, 1 risky, ") == true, "\(text.stdout)")
        #expect(!text.stdout.contains("\u{1b}["), "no colour into a pipe")

        #expect(try CLI.run(["diff", files.old, files.new, "--fail-on", "breaking"]).status == 1)
        #expect(try CLI.run(["diff", files.old, files.new, "--fail-on", "risky"]).status == 1)
        // Only the risky change: --fail-on breaking passes, --fail-on risky does not.
        let riskyOnly = Self.shopText.replacingOccurrences(of: "      - name: total_cents\n        type: integer\n",
                                                           with: "      - name: total_cents\n        type: bigint\n")
        try riskyOnly.write(toFile: files.new, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["diff", files.old, files.new, "--fail-on", "breaking"]).status == 0)
        #expect(try CLI.run(["diff", files.old, files.new, "--fail-on", "risky"]).status == 1)
        #expect(try CLI.run(["diff", files.old, files.old, "--fail-on", "risky"]).stdout.hasSuffix("0 changes: 0 breaking, 0 risky, 0 safe\n"))
    }

    /// On a terminal (util-linux `script` gives it one) the classes are coloured; NO_COLOR turns it off.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "script(1) is not installed"))
    func textIsColouredOnATerminalOnly() throws {
        let files = try twoFiles(old: Self.shopText, new: Self.shopWithBreakingChange)
        defer { try? FileManager.default.removeItem(at: files.folder) }
        let command = "'\(CLI.binary.path)' diff '\(files.old)' '\(files.new)'"
        let script = URL(fileURLWithPath: "/usr/bin/script")
        let coloured = try CLI.run(executable: script, ["-qec", command, "/dev/null"], environment: ["NO_COLOR": ""])
        #expect(coloured.stdout.contains("\u{1b}[1;31mbreaking\u{1b}[0m: endpoints:"), "\(coloured.stdout.debugDescription)")
        #expect(coloured.stdout.contains("\u{1b}[33mrisky\u{1b}[0m: tables:"))
        let plain = try CLI.run(executable: script, ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"])
        #expect(plain.stdout.contains("breaking: endpoints:") && !plain.stdout.contains("\u{1b}["), "\(plain.stdout.debugDescription)")
    }

    @Test func jsonHasEveryChangeWithItsReasons() throws {
        let files = try twoFiles(old: Self.shopText, new: Self.shopWithBreakingChange)
        defer { try? FileManager.default.removeItem(at: files.folder) }
        let result = try CLI.run(["diff", files.old, files.new, "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["breaking"] == 1 && summary["risky"] == 1)
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.first?["class"] as? String == "breaking")
        #expect(changes.first?["old_name"] as? String == "GET /v1/products/{product_id}")
        #expect((changes.first?["reasons"] as? [[String: Any]])?.first?["rule"] as? String == "diff-endpoint-moved")
        #expect(changes.first?["line"] as? Int == 121)
    }

    @Test func badInputExitsTwoWithALocatedMessage() throws {
        let files = try twoFiles(old: Self.shopText, new: "archbench: 1\ntitle: [unclosed\n")
        defer { try? FileManager.default.removeItem(at: files.folder) }
        let broken = try CLI.run(["diff", files.old, files.new])
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("\(files.new):"), "\(broken.stderr)")
        #expect(try CLI.run(["diff", files.old]).status == 2, "one file without --since")
        #expect(try CLI.run(["diff", files.old, files.new, files.new]).status == 2)
        #expect(try CLI.run(["diff", files.old, files.folder.appendingPathComponent("missing.yaml").path]).status == 2)
        // --since outside a repository, and a revision git does not know.
        let outside = try CLI.run(["diff", files.new.replacingOccurrences(of: "new", with: "old"), "--since", "HEAD"])
        #expect(outside.status == 2 && outside.stderr.contains("old.design.yaml:1:1: "), "\(outside.stderr)")
    }

    @Test func sinceARevisionATagAndTheLastApproval() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = folder.appendingPathComponent("shop.design.yaml").path
        try Self.git(["init", "-q", "-b", "main"], in: folder)
        // v1, approved by ben.
        let approved = Self.shopText + "  - id: 2\n    author: ben\n    at: 2026-11-21T09:00:00Z\n    text: Ship it.\n    verdict: approve\n"
        try approved.write(toFile: design, atomically: true, encoding: .utf8)
        try Self.git(["add", "."], in: folder)
        try Self.git(["commit", "-q", "-m", "v1"], in: folder)
        try Self.git(["tag", "v1"], in: folder)
        // v2 moves an endpoint; the working copy then also changes a column type.
        let moved = approved.replacingOccurrences(of: "/v1/products/{product_id}", with: "/v1/items/{product_id}")
        try moved.write(toFile: design, atomically: true, encoding: .utf8)
        try Self.git(["commit", "-q", "-am", "v2"], in: folder)
        try moved.replacingOccurrences(of: "      - name: total_cents\n        type: integer\n", with: "      - name: total_cents\n        type: bigint\n")
            .write(toFile: design, atomically: true, encoding: .utf8)

        let sinceHead = try CLI.run(["diff", design, "--since", "HEAD", "--format", "json"], in: folder)
        #expect(sinceHead.status == 0, "\(sinceHead.stderr)")
        #expect(sinceHead.stdout.contains(#""risky": 1"#) && sinceHead.stdout.contains(#""breaking": 0"#), "\(sinceHead.stdout)")
        for revision in ["v1", "approved", "HEAD~1", "main~1"] {
            let result = try CLI.run(["diff", design, "--since", revision, "--fail-on", "breaking"], in: folder)
            #expect(result.status == 1, "--since \(revision): \(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("[diff-endpoint-moved]") && result.stdout.contains("[diff-column-type-changed]"))
        }
        let unknown = try CLI.run(["diff", design, "--since", "no-such-tag"], in: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("'no-such-tag' is not a commit"), "\(unknown.stderr)")
    }

    @Test func gitRunsItAsTheExternalDiffDriver() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.git(["init", "-q", "-b", "main"], in: folder)
        // What the README tells people to do.
        try "*.design.yaml diff=archbench\n".write(to: folder.appendingPathComponent(".gitattributes"), atomically: true, encoding: .utf8)
        try Self.git(["config", "diff.archbench.command", "\(CLI.binary.path) diff"], in: folder)
        let design = folder.appendingPathComponent("shop.design.yaml")
        try Self.shopText.write(to: design, atomically: true, encoding: .utf8)
        try Self.git(["add", "."], in: folder)
        try Self.git(["commit", "-q", "-m", "v1"], in: folder)
        try Self.shopWithBreakingChange.write(to: design, atomically: true, encoding: .utf8)

        let worktree = try Self.git(["diff"], in: folder)
        #expect(worktree.stdout.contains("shop.design.yaml:121: breaking: endpoints: → endpoint GET /v1/items/{product_id}"), "\(worktree.stdout)")
        #expect(worktree.stdout.contains("[diff-column-type-changed]"))
        #expect(!worktree.stdout.contains("@@"), "git's own text diff was not used")

        try Self.git(["commit", "-q", "-am", "v2"], in: folder)
        let commits = try Self.git(["diff", "HEAD~1", "HEAD"], in: folder)
        #expect(commits.stdout.contains("1 breaking, 1 risky"), "\(commits.stdout)")
        // A design added in a commit: everything in it is added, against git's /dev/null.
        let added = try Self.git(["show", "--ext-diff", "--format=", "HEAD~1"], in: folder)
        #expect(added.stdout.contains("safe: endpoints: + endpoint GET /v1/products"), "\(added.stdout)")
    }
}

/// The real binary in tmux: `:diff HEAD` in a review of a design whose working copy moved an endpoint.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct DiffWorkbenchEndToEndTests {
    @Test func diffHeadMarksTheMovedEndpointAndTheChangesPanelGoesToIt() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try DiffCommandTests.git(["init", "-q", "-b", "main"], in: folder)
        let design = folder.appendingPathComponent("shop.design.yaml").path
        try DiffCommandTests.shopText.write(toFile: design, atomically: true, encoding: .utf8)
        try DiffCommandTests.git(["add", "."], in: folder)
        try DiffCommandTests.git(["commit", "-q", "-m", "v1"], in: folder)
        try DiffCommandTests.shopWithBreakingChange.write(toFile: design, atomically: true, encoding: .utf8)

        let s = try TmuxSession()
        try s.run("cd '\(folder.path)' && '\(CLI.binary.path)' review shop.design.yaml; echo archbench-exited-$?")
        _ = try s.waitFor(text: "1 Overview")
        try s.type(":diff HEAD")
        try s.keys("Enter")
        _ = try s.waitFor(text: "since HEAD: ")
        try s.keys("2")
        let endpoints = try s.waitFor(text: "/v1/items/{product_id}")
        let row = try #require(endpoints.split(separator: "\n").first { $0.contains("GET    /v1/items/{product_id}") })
        #expect(row.contains("→"), "\(endpoints)")
        try s.keys("~")
        let panel = try s.waitFor(text: "┌ Changes ")
        #expect(panel.contains("1 breaking") && panel.contains("1 risky"), "\(panel)")
        #expect(panel.contains("[diff-endpoint-moved]"), "the first change, breaking, is selected: \(panel)")
        try s.keys("Enter")
        let detail = try s.waitFor(text: "Changes since HEAD")
        #expect(detail.contains("path: /v1/products/{product_id} → /v1/items/{product_id}"), "\(detail)")
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }
}
