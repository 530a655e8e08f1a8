import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing

/// Hostile designs through the real binary: nothing a design file holds reaches the terminal as
/// control, no command expands an alias bomb, and an export never replaces the design.
@Suite struct HostileInputCommandTests {
    static let inject = Fixture.path("hostile/inject.design.yaml")

    /// Raw control bytes that are not a line break or a tab: ESC, BEL, C1 (UTF-8 C2 80–9F), DEL.
    static func rawControls(_ text: String) -> [UInt32] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            .map(\.value)
    }

    @Test(arguments: [
        ["validate"], ["validate", "--format", "json"], ["comments"], ["comments", "--format", "markdown"],
        ["comments", "--format", "json"], [], ["export"], ["export", "--format", "ascii"], ["fmt", "--check"],
    ])
    func noCommandPrintsAControlCharacterFromTheDesign(arguments: [String]) throws {
        let result = try CLI.run(arguments + [Self.inject])
        #expect(Self.rawControls(result.stdout).isEmpty, "\(arguments): \(result.stdout.debugDescription)")
        #expect(Self.rawControls(result.stderr).isEmpty, "\(arguments): \(result.stderr.debugDescription)")
    }

    /// The diff against the shop (everything in the hostile design is new): names full of
    /// controls come out escaped in every format, and the JSON still parses.
    @Test(arguments: ["text", "markdown", "json"])
    func theDiffPrintsNoControlCharacterFromEitherDesign(format: String) throws {
        let result = try CLI.run(["diff", CLI.shopPath, Self.inject, "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.rawControls(result.stdout).isEmpty, "\(format): \(result.stdout.debugDescription)")
        if format == "json" { #expect(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) is [String: Any]) }
        if format == "text" { #expect(result.stdout.contains("service orders\\x1b[2J added"), "\(result.stdout)") }
    }

    @Test func eachFindingStaysOneLineAndShowsTheEscapes() throws {
        let result = try CLI.run(["validate", Self.inject])
        let lines = result.stdout.split(separator: "\n").dropLast()
        #expect(!lines.isEmpty)
        // Every finding line starts with the file name: a line break in a table name does not split one.
        #expect(lines.allSatisfy { $0.hasPrefix(Self.inject + ":") }, "\(result.stdout)")
        #expect(result.stdout.contains("service 'orders\\x1b[2J'"))
        #expect(result.stdout.contains("'GET /v1/x\\u{9b}2J'"))
        #expect(result.stdout.contains("t\\nsplit"))
    }

    @Test func jsonStaysValidAndKeepsTheTextExactly() throws {
        let result = try CLI.run(["comments", "--format", "json", Self.inject])
        let comments = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(comments.first?["author"] as? String == "mallory\u{1B}]0;title\u{07}")
        let findings = try CLI.run(["validate", "--format", "json", Self.inject])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(findings.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.contains { ($0["element"] as? String) == "endpoint:GET /v1/x\u{9B}2J" })
    }

    @Test func commentsMarkdownEscapesHTMLLinksAndControls() throws {
        let result = try CLI.run(["comments", "--format", "markdown", Self.inject])
        #expect(result.status == 0)
        // No `<` that opens HTML and no `[`…`](` that makes a link: each is escaped with a backslash.
        #expect(result.stdout.firstMatch(of: #/[^\\]</#) == nil, "\(result.stdout)")
        #expect(result.stdout.firstMatch(of: #/[^\\]\]\(/#) == nil, "\(result.stdout)")
        #expect(result.stdout.contains("\\<img src=x onerror=alert(1)\\>"))
        #expect(result.stdout.contains("\\<script\\>alert(2)\\</script\\>"))
        #expect(result.stdout.contains("\\[x\\](javascript:alert(3))"))
    }

    @Test func aFileNameWithControlsIsShownEscapedInErrors() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("evil\u{1B}]0;x\u{07}.design.yaml").path
        try Data("archbench: 1\ntitle: [unclosed\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["validate", path])
        #expect(result.status == 2)
        #expect(Self.rawControls(result.stderr).isEmpty, "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains("evil\\x1b]0;x\\x07.design.yaml:"))
    }

    @Test(arguments: [["validate"], ["fmt"], ["export"], ["comments"], ["edit"], ["review"]])
    func theAliasBombIsRefusedAtOnceByEveryCommand(arguments: [String]) throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("laughs.design.yaml").path
        let text = try Fixture.text("hostile/laughs.design.yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let started = Date()
        let result = try CLI.run(arguments + [path])
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(result.status == 2)
        #expect(result.stderr.contains("laughs.design.yaml:3:7: YAML anchor '&a0' is not allowed"), "\(result.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test(arguments: [["validate"], ["fmt"], ["export"], ["comments"], ["edit"], ["review"]])
    func nonRegularFilesAreRefusedByEveryCommand(arguments: [String]) throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.design.yaml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let zero = folder.appendingPathComponent("zero.design.yaml").path
        try FileManager.default.createSymbolicLink(atPath: zero, withDestinationPath: "/dev/zero")
        let dir = folder.appendingPathComponent("dir.design.yaml").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        for (path, message) in [(fifo, "it is a FIFO (named pipe), not a regular file"),
                                (zero, "it is a character device, not a regular file"),
                                (dir, "it is a directory, not a regular file")] {
            let result = try CLI.run(arguments + [path])
            #expect(result.status == 2, "\(arguments) \(path)")
            #expect(result.stderr.contains("\(path):1:1: cannot read file: \(message)"), "\(arguments): \(result.stderr)")
        }
    }

    /// README (Security): files over 64 MB are refused with a message that says what it is,
    /// before a byte is read. The file is sparse (no disk used), one byte over the limit; the
    /// message gives its size from stat, which only the check before reading says (a read cut off
    /// at the limit says the file "grew"), and the file is left as it was.
    @Test(arguments: [["validate"], ["fmt"], ["export"], ["comments"], ["edit"], ["review"]])
    func aFileOver64MBIsRefusedBeforeAByteIsRead(arguments: [String]) throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.design.yaml").path
        let size = 64 * 1_048_576 + 1
        #expect(FileManager.default.createFile(atPath: path, contents: Data("archbench: 1\n".utf8)))
        #expect(truncate(path, off_t(size)) == 0)
        var before = stat()
        #expect(stat(path, &before) == 0)
        #expect(Int(before.st_size) == size)
        let result = try CLI.run(arguments + [path])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("\(path):1:1: cannot read file: the file is 64 MB; a design file is at most 64 MB\n"),
                "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("grew"), "\(arguments): \(result.stderr)")
        var after = stat()
        #expect(stat(path, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_blocks == before.st_blocks)
        #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        #expect(try handle.read(upToCount: 13) == Data("archbench: 1\n".utf8))
    }

    @Test func exportRefusesToWriteOverTheDesignOrAnyDesignUnlessForced() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = folder.appendingPathComponent("shop.design.yaml").path
        let text = try Fixture.text("shop.design.yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: design))
        let other = folder.appendingPathComponent("notes.yaml").path
        try Data("archbench: 1\ntitle: Notes\n".utf8).write(to: URL(fileURLWithPath: other))

        let own = try CLI.run(["export", design, "--format", "markdown", "-o", design])
        #expect(own.status == 2)
        #expect(own.stderr.contains("is the design being exported"))
        let throughLink = folder.appendingPathComponent("link.yaml").path
        try FileManager.default.createSymbolicLink(atPath: throughLink, withDestinationPath: design)
        #expect(try CLI.run(["export", design, "-o", throughLink]).status == 2)
        let another = try CLI.run(["export", design, "-o", other])
        #expect(another.status == 2)
        #expect(another.stderr.contains("\(other):1:1: holds a design"))
        #expect(try String(contentsOfFile: design, encoding: .utf8) == text)

        let forced = try CLI.run(["export", design, "-o", other, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: other, encoding: .utf8).hasPrefix("# "))
        // An ordinary Markdown file is replaced as before.
        #expect(try CLI.run(["export", design, "-o", other]).status == 0)
    }
}
