import DesignModel
import Foundation
import Testing

@Suite struct ReviewCommentTests {
    func temporaryCopy(of text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString).design.yaml").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func addReplyResolve() throws {
        var design = try Shared.shop()
        let added = design.addComment(on: .table("products"), author: "cy", text: "Index on name?",
                                      at: Date(timeIntervalSince1970: 1_764_000_000))
        #expect(added.id == 2)
        #expect(added.at == "2025-11-24T16:00:00Z")
        #expect(added.status == .open)
        design.comments[1].replies.append(Reply(author: "ana", at: "2026-11-21T10:00:00Z", text: "Yes."))
        design.comments[1].status = .resolved
        let reloaded = try DesignLoader.load(yaml: CanonicalWriter.yaml(for: design)).design
        #expect(reloaded.comments == design.comments)
        #expect(reloaded.comments.filter(\.isOpen).map(\.id) == [1])
    }

    @Test func aVerdictIsSavedLoadedAndListedFirst() throws {
        var design = try Shared.shop()
        let verdict = design.addVerdict(.approve, author: "ben", text: "Looks right.", at: Date(timeIntervalSince1970: 1_764_000_000))
        #expect(verdict.element == nil && verdict.verdict == .approve)
        design.addComment(on: .table("products"), author: "cy", text: "Index on name?")
        let yaml = CanonicalWriter.yaml(for: design)
        #expect(yaml.contains("    verdict: approve\n"))
        let reloaded = try DesignLoader.load(yaml: yaml).design
        #expect(reloaded.comments == design.comments)
        #expect(reloaded.comments.sorted(by: Comment.listedBefore).map(\.id) == [2, 1, 3])
        let refused = loadErrors(yaml.replacingOccurrences(of: "verdict: approve", with: "verdict: maybe"))
        #expect(refused.contains { $0.contains("verdict") && $0.contains("request-changes") }, "\(refused)")
    }

    @Test func defaultAuthorComesFromTheLogin() {
        #expect(ReviewClock.defaultAuthor(environment: ["USER": "dana"]) == "dana")
        #expect(ReviewClock.defaultAuthor(environment: ["LOGNAME": "eve"]) == "eve")
        #expect(!ReviewClock.defaultAuthor(environment: [:]).isEmpty)
        #expect(ReviewClock.defaultAuthor(environment: [:]) == ThisProcess.userName(environment: [:]))
        #expect(ThisProcess.userName(environment: ["USER": "", "LOGNAME": "eve"]) == "eve")
    }

    /// Two reviewers load the same file, each adds a comment and changes the same one; both saves keep everything.
    @Test func twoConcurrentReviewersBothKeepTheirComments() throws {
        let path = try temporaryCopy(of: Shared.shopText)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let base = try DesignLoader.load(contentsOf: path).design.comments

        var ana = base
        ana.append(Comment(id: 2, element: "service:orders", author: "ana", at: "2026-11-25T09:00:00Z", text: "Split checkout?", status: .open))
        ana[0].replies.append(Reply(author: "ana", at: "2026-11-25T09:01:00Z", text: "Agreed."))
        var ben = base
        ben.append(Comment(id: 2, element: "table:carts", author: "ben", at: "2026-11-25T09:02:00Z", text: "TTL for carts?", status: .open))
        ben[0].status = .resolved

        try DesignFile.saveComments(base: base, mine: ana, to: path)
        let written = try DesignFile.saveComments(base: base, mine: ben, to: path)
        let final = try DesignLoader.load(contentsOf: path).design.comments
        #expect(final == written)
        #expect(final.map(\.id) == [1, 2, 3])
        #expect(final[1].author == "ana" && final[2].author == "ben")
        #expect(final[0].status == .resolved)
        #expect(final[0].replies.map(\.author) == ["ben", "ana"])
    }

    @Test func savingCommentsLeavesEveryOtherByte() throws {
        // A hand-written, non-canonical file: flow lists, comments, odd spacing.
        let original = """
        # my design
        archbench: 1
        title:   Hand written
        owners: [a, b]   # two owners
        comments:
          - {id: 1, text: first, status: open}

        validation:
          disable: [doc-description]

        """
        let path = try temporaryCopy(of: original)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let base = try DesignLoader.load(contentsOf: path).design.comments
        var mine = base
        mine[0].status = .resolved
        mine.append(Comment(id: 2, author: "cy", at: "2026-11-25T10:00:00Z", text: "Whole design looks fine.", status: .open))
        try DesignFile.saveComments(base: base, mine: mine, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == """
        # my design
        archbench: 1
        title:   Hand written
        owners: [a, b]   # two owners
        comments:
          - id: 1
            text: first
            status: resolved
          - id: 2
            author: cy
            at: 2026-11-25T10:00:00Z
            text: Whole design looks fine.
            status: open

        validation:
          disable: [doc-description]

        """)
    }

    @Test func firstCommentAddsTheSectionInCanonicalPlace() throws {
        let original = "archbench: 1\ntitle: T\nvalidation:\n  disable:\n    - x\n"
        let path = try temporaryCopy(of: original)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DesignFile.saveComments(base: [], mine: [Comment(id: 1, text: "hi", status: .open)], to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8)
            == "archbench: 1\ntitle: T\ncomments:\n  - id: 1\n    text: hi\n    status: open\nvalidation:\n  disable:\n    - x\n")
    }
}
