import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// A reviewer's workflow in the workbench: comment, list, reply, resolve, save.
@MainActor
@Suite struct CommentTests {
    nonisolated static let fixedTime = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24T16:00:00Z

    /// A copy of the shop example in a fresh file, for tests that save.
    func shopCopy() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("comments-\(UUID().uuidString).design.yaml").path
        try FileManager.default.copyItem(atPath: Fixtures.shopPath, toPath: path)
        return path
    }

    /// A workbench on a file, signing comments as `author` at a fixed time.
    func bench(_ path: String? = nil, readOnly: Bool, author: String = "rita", width: Int = 80, height: Int = 24,
               unicode: Bool = true) throws -> Bench {
        let loaded = try path.map { try DesignLoader.load(contentsOf: $0) } ?? Fixtures.shop()
        let bench = Bench(loaded, width: width, height: height, readOnly: readOnly, unicode: unicode,
                          filePath: path)
        bench.state.commenting.author = author
        bench.state.commenting.now = { CommentTests.fixedTime }
        return bench
    }

    /// The file's text without its top-level `comments:` block: what a review save must keep.
    static func withoutComments(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var inComments = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("comments:") { inComments = true; continue }
            if inComments, let first = line.first, first != " ", first != "-" { inComments = false }
            if !inComments { out.append(line) }
        }
        return out
    }

    @Test func openCommentsShowAMarkerInTheList() throws {
        let bench = try bench(readOnly: false)
        bench.type("4jjjj")
        #expect(bench.state.selectedRef == .table("orders"))
        #expect(bench.line(containing: "▸ orders")?.contains("✎1") == true)
        // Only open comments count: resolving the one on orders removes its marker.
        bench.type("C")
        bench.type("x")
        bench.press(.escape)
        #expect(bench.state.design.comments[0].status == .resolved)
        #expect(bench.line(containing: "▸ orders")?.contains("✎") == false)
    }

    @Test func asciiMarkerWithoutUTF8() throws {
        let bench = try bench(readOnly: true, unicode: false)
        bench.type("4jjjj")
        let row = try #require(bench.line(containing: "> orders"))
        #expect(row.contains("#1 |"))
        for line in bench.lines { let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }; #expect(ascii, "\(line)") }
        bench.type("C")
        for line in bench.lines { let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }; #expect(ascii, "\(line)") }
    }

    @Test func cCommentsOnTheSelectedTableAsTheAuthor() throws {
        let bench = try bench(readOnly: false)
        bench.type("4j")
        #expect(bench.state.selectedRef == .table("products"))
        bench.type("c")
        #expect(bench.line(containing: "Comment on table:products") != nil)
        #expect(bench.lines[23].contains("COMMENT"))
        bench.type("Needs a slug colunm")
        bench.press(.backspace, .backspace, .backspace)
        bench.type("umn\r")
        let added = try #require(bench.state.design.comments.last)
        #expect(added.id == 2)
        #expect(added.element == "table:products")
        #expect(added.author == "rita")
        #expect(added.at == "2025-11-24T16:00:00Z")
        #expect(added.text == "Needs a slug column")
        #expect(added.status == .open)
        #expect(bench.state.isModified)
        #expect(bench.line(containing: "▸ products")?.contains("✎1") == true)
        // The detail pane shows it under Comments.
        #expect(bench.line(containing: "Needs a slug column") != nil)
    }

    @Test func editModeUndoTakesBackTheLastCommentChange() throws {
        let bench = try bench(readOnly: false)
        bench.type("4jc")
        bench.type("first\r")
        bench.type("C")
        bench.type("x")  // resolves #1, the first listed (open first)
        bench.press(.escape)
        #expect(bench.state.design.comments.map(\.isOpen) == [false, true])
        bench.type("u")
        #expect(bench.lines[23].contains("undid resolved #1"))
        #expect(bench.state.design.comments.map(\.isOpen) == [true, true])
        bench.type("u")
        #expect(bench.lines[23].contains("undid comment #2"))
        #expect(bench.state.design.comments.count == 1)
        bench.press(.ctrl("r"))
        #expect(bench.state.design.comments.last?.text == "first")
    }

    @Test func escCancelsAndAnEmptyCommentAddsNothing() throws {
        let bench = try bench(readOnly: true)
        bench.type("c")
        bench.type("never mind")
        bench.press(.escape)
        #expect(bench.state.mode == .normal)
        bench.type("c")
        bench.type("   \r")
        #expect(bench.state.design.comments.count == 1)
        #expect(bench.state.isModified == false)
    }

    @Test func theSummaryRowCommentsOnTheWholeDesign() throws {
        let bench = try bench(readOnly: true)
        #expect(bench.state.selectedRef == .section("summary"))
        bench.type("c")
        #expect(bench.line(containing: "Comment on the whole design") != nil)
        bench.type("Looks good overall\r")
        #expect(bench.state.design.comments.last?.element == nil)
        #expect(bench.line(containing: "▸ Summary")?.contains("✎1") == true)
        // A row that shows part of a section comments on the section.
        bench.type("jj")
        bench.type(":comment What about burst load?\r")
        #expect(bench.state.design.comments.last?.element == "section:requirements")
        #expect(bench.state.design.comments.last?.text == "What about burst load?")
    }

    @Test func panelListsOpenFirstAndFilters() throws {
        let bench = try bench(readOnly: true, width: 120, height: 40)
        bench.type("2c")
        bench.type("Paginate?\r")
        bench.type("C")
        bench.type("x")  // resolve #1
        bench.type("C")
        #expect(bench.state.mode == .normal)
        bench.type("C")
        #expect(bench.lines[39].contains("COMMENTS"))
        #expect(bench.state.listedComments.map(\.id) == [2, 1])
        let open = try #require(bench.line(containing: "#2"))
        #expect(open.contains("open") && open.contains("endpoint:GET /v1/products") && open.contains("rita") && open.contains("Paginate?"))
        #expect(bench.line(containing: "#1")?.contains("resolved") == true)
        #expect(bench.line(containing: "1 open of 2") != nil)
        bench.type("s")
        #expect(bench.state.listedComments.map(\.id) == [2])
        bench.type("s")
        #expect(bench.state.listedComments.map(\.id) == [1])
        #expect(bench.line(containing: "Own table, owned by orders") != nil)  // the selected comment's reply
        bench.type("s")
        bench.type("a")
        #expect(bench.state.commenting.panel.author == "ana")
        #expect(bench.state.listedComments.map(\.id) == [1])
        bench.type("a")
        #expect(bench.state.commenting.panel.author == "rita")
        bench.type("a")
        #expect(bench.state.commenting.panel.author == nil)
        #expect(bench.state.listedComments.count == 2)
        // :comments with filters opens the panel with them.
        bench.press(.escape)
        bench.type(":comments resolved ana\r")
        #expect(bench.state.mode == .comments)
        #expect(bench.state.listedComments.map(\.id) == [1])
        #expect(bench.line(containing: "status resolved   author ana") != nil)
    }

    @Test func enterJumpsToTheElementAndEscComesBack() throws {
        let bench = try bench(readOnly: true)
        bench.type("C")
        bench.press(.enter)
        #expect(bench.state.mode == .normal)
        #expect(bench.state.pane == .erd)
        #expect(bench.state.selectedRef == .table("orders"))
        #expect(bench.lines[1].hasPrefix("┌ ERD "))
        bench.press(.escape)
        #expect(bench.state.pane == .overview)
    }

    @Test func replyAndResolveFromThePanel() throws {
        let bench = try bench(readOnly: true)
        bench.type("C")
        bench.type("r")
        #expect(bench.line(containing: "Reply to #1") != nil)
        bench.type("Then resolve it here.\r")
        #expect(bench.state.mode == .comments)
        let comment = bench.state.design.comments[0]
        #expect(comment.replies.map(\.author) == ["ben", "rita"])
        #expect(comment.replies.last?.text == "Then resolve it here.")
        #expect(comment.replies.last?.at == "2025-11-24T16:00:00Z")
        #expect(bench.line(containing: "Then resolve it here.") != nil)
        bench.type("x")
        #expect(bench.state.design.comments[0].status == .resolved)
        bench.type("x")
        #expect(bench.state.design.comments[0].status == .open)
        #expect(bench.lines[23].contains("reopened #1"))
    }

    @Test func reviewSaveWritesOnlyTheCommentsSection() throws {
        let path = try shopCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let bench = try bench(path, readOnly: true)
        // Design changes stay refused; comments do not.
        bench.type("4jd")
        #expect(bench.lines[23].contains("read-only review: d would change the design"))
        bench.type("c")
        bench.type("Index on category_id?\r")
        bench.type("C")
        bench.type("r")
        bench.type("Agreed, own table.\r")
        bench.press(.escape)
        #expect(bench.state.isModified)
        bench.press(.ctrl("s"))
        #expect(bench.saved.isEmpty)  // never the whole-design save
        #expect(bench.state.isModified == false)
        #expect(bench.lines[23].contains("saved comments"))

        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written != original)
        #expect(CommentTests.withoutComments(written) == CommentTests.withoutComments(original))
        let comments = try DesignLoader.load(contentsOf: path).design.comments
        #expect(comments.count == 2)
        #expect(comments[1].element == "table:products" && comments[1].author == "rita" && comments[1].text == "Index on category_id?")
        #expect(comments[0].replies.last?.text == "Agreed, own table.")
        #expect(bench.state.commenting.base == comments)

        // Nothing new: a save writes nothing and says so.
        let stamp = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        bench.type(":w\r")
        #expect(bench.lines[23].contains("no comment changes to save"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == stamp)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
    }

    @Test func twoReviewersSavingTheSameFileKeepEachOthersComments() throws {
        let path = try shopCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ana = try bench(path, readOnly: true, author: "ana")
        let ben = try bench(path, readOnly: true, author: "ben")
        ana.type("2c")
        ana.type("Cursor pagination?\r")
        ben.type("3c")
        ben.type("Who owns payments?\r")
        ben.type("C")
        ben.type("x")  // ben resolves #1
        ben.press(.escape)
        // Both took id 2 for their new comment.
        #expect(ana.state.design.comments.last?.id == 2 && ben.state.design.comments.last?.id == 2)

        ana.press(.ctrl("s"))
        ben.press(.ctrl("s"))
        #expect(ben.state.message?.text == "saved comments to shop.design.yaml; 1 new from others")
        let onDisk = try DesignLoader.load(contentsOf: path).design.comments
        #expect(onDisk.map(\.id) == [1, 2, 3])
        #expect(onDisk[1].author == "ana" && onDisk[1].text == "Cursor pagination?")
        #expect(onDisk[2].author == "ben" && onDisk[2].text == "Who owns payments?")
        #expect(onDisk[0].status == .resolved)
        // Ben's session now holds what the file holds, ana's comment included.
        #expect(ben.state.design.comments == onDisk)

        // Ana replies to #1 on her stale copy: ben's resolve survives her save.
        ana.type("C")
        ana.type("g")
        #expect(ana.state.selectedComment?.id == 1)
        ana.type("r")
        ana.type("Reopen if refunds grow.\r")
        ana.press(.escape)
        ana.press(.ctrl("s"))
        let final = try DesignLoader.load(contentsOf: path).design.comments
        #expect(final.map(\.id) == [1, 2, 3])
        #expect(final[0].status == .resolved)
        #expect(final[0].replies.map(\.author) == ["ben", "ana"])
    }

    @Test func quittingReviewWithUnsavedCommentsAsksFirst() throws {
        let path = try shopCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try bench(path, readOnly: true)
        first.type("c")
        first.type("Keep me\r")
        first.type(":q\r")
        #expect(first.lines[23].contains("unsaved changes"))
        first.type("q")
        #expect(first.state.mode == .confirmQuit)
        first.type("s")
        #expect(try DesignLoader.load(contentsOf: path).design.comments.last?.text == "Keep me")

        // A save that fails keeps the session open with the comment.
        let failing = try bench(path, readOnly: true)
        failing.type("c")
        failing.type("Not lost\r")
        try FileManager.default.removeItem(atPath: path)
        failing.type("qs")
        #expect(failing.lines[23].contains("not saved"))
        #expect(failing.state.design.comments.last?.text == "Not lost")
        #expect(failing.state.isModified)
    }

    @Test func editModeSavesCommentsWithTheDesign() throws {
        let bench = try bench(readOnly: false)
        bench.type("c")
        bench.type("Ship it\r")
        bench.press(.ctrl("s"))
        #expect(bench.saved == [bench.path])
        #expect(try bench.savedDesign().comments.last?.text == "Ship it")
    }

    @Test func aNewerFormatFileTakesNoComments() throws {
        var text = try String(contentsOfFile: Fixtures.shopPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "archbench: 1\n", with: "archbench: 9\n")
        let loaded = try DesignLoader.load(yaml: text, file: "future.design.yaml")
        let bench = Bench(loaded)
        bench.type("c")
        #expect(bench.state.mode == .normal)
        #expect(bench.lines[23].contains("is newer: comments cannot be saved"))
        #expect(bench.state.design.comments.count == 1)
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func panelScreenFitsTheWindow(width: Int, height: Int) throws {
        let bench = try bench(readOnly: true, width: width, height: height)
        bench.type("C")
        let lines = bench.lines
        #expect(lines.count == height)
        for line in lines { #expect(line.displayWidth == width) }
        #expect(bench.line(containing: "┌ Comments ") != nil)
        #expect(bench.line(containing: "1 open of 1") != nil)
        #expect(bench.line(containing: "status all   author everyone   signing as rita") != nil)
        #expect(bench.line(containing: "Should refunds live here or in their own table?") != nil)
        #expect(bench.line(containing: "Enter: go to the comment's element") != nil)
        #expect(lines[height - 1].contains("COMMENTS"))
    }

    @Test func helpListsTheCommentKeys() throws {
        let bench = try bench(readOnly: true, width: 120, height: 40)
        bench.type("?")
        #expect(bench.line(containing: "Comments (c, C) are allowed") != nil)
        // Review's help lists the comment keys, and save, which writes the comments there.
        let review = WorkbenchKeys.map(readOnly: true).bindings.map(\.action)
        #expect(review.contains(.comment) && review.contains(.commentsPanel) && review.contains(.save))
        let text = WorkbenchKeys.map(readOnly: true).helpLines().map(\.plainText) + CommentKeys.helpLines().map(\.plainText)
        #expect(text.contains { $0.contains("comment on the selected element") })
        #expect(text.contains { $0.contains("resolve / reopen") })
    }

    @Test func readmeListsTheCommentsPanelKeys() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let table = CommentKeys.markdownTable()
        #expect(text.contains(table), "README.md should contain:\n\(table)")
        #expect(CommentKeys.map.conflicts.isEmpty)
    }
}

/// A reviewer's verdict from the comments panel.
@MainActor
@Suite struct VerdictTests {
    @Test func vApprovesTheDesignFromTheCommentsPanelAndReviewSavesIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-\(UUID().uuidString).design.yaml").path
        try FileManager.default.copyItem(atPath: Fixtures.shopPath, toPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bench = Bench(try DesignLoader.load(contentsOf: path), width: 100, height: 30, readOnly: true, unicode: true, filePath: path)
        bench.state.commenting.author = "ben"
        bench.state.commenting.now = { CommentTests.fixedTime }
        bench.type("C")
        #expect(CommentKeys.helpLines().contains { $0.plainText.contains("verdict: approve the design") })
        bench.type("v")
        #expect(bench.line(containing: "Approve the design") != nil)
        bench.type("Ship it.\r")
        let verdict = try #require(bench.state.design.comments.last)
        #expect(verdict.verdict == .approve && verdict.element == nil && verdict.author == "ben" && verdict.text == "Ship it.")
        // Listed first, its verdict in the row and the detail.
        #expect(bench.state.listedComments.first?.id == verdict.id)
        #expect(bench.line(containing: "#2")?.contains("approve") == true, "\(bench.lines)")
        #expect(bench.line(containing: "verdict: approve") != nil)
        bench.type("V\r")
        #expect(bench.state.design.comments.last?.verdict == .requestChanges && bench.state.design.comments.last?.text == nil)
        bench.press(.ctrl("s"))
        bench.run()
        let saved = try DesignLoader.load(contentsOf: path).design.comments
        #expect(saved.map(\.verdict) == [nil, .approve, .requestChanges], "\(saved)")
    }
}
