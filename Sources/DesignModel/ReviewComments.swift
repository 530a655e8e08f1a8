import Foundation

/// Review comments: adding, replying, resolving, and saving them without touching the rest of
/// a design, merged with what other reviewers saved meanwhile.
extension Design {
    /// The next free comment id.
    package var nextCommentID: Int { (comments.map(\.id).max() ?? 0) + 1 }

    /// Adds an open comment on an element (nil: the whole design) and returns it.
    @discardableResult
    package mutating func addComment(on element: ElementRef?, author: String, text: String, at time: Date = Date()) -> Comment {
        let comment = Comment(id: nextCommentID, element: element?.description, author: author,
                              at: ReviewClock.timestamp(time), text: text, status: .open)
        comments.append(comment)
        return comment
    }

    /// Records a reviewer's verdict on the whole design, as an open comment with `verdict`.
    @discardableResult
    package mutating func addVerdict(_ verdict: CommentVerdict, author: String, text: String?, at time: Date = Date()) -> Comment {
        var comment = Comment(id: nextCommentID, element: nil, author: author,
                              at: ReviewClock.timestamp(time), text: text, status: .open)
        comment.verdict = verdict
        comments.append(comment)
        return comment
    }
}

extension Comment {
    /// The order comments are listed in, by `archbench comments` and the comments panel:
    /// verdicts first, the latest on top (the decision on the newest version read), then open
    /// comments, then resolved ones, each by id.
    package static func listedBefore(_ a: Comment, _ b: Comment) -> Bool {
        func rank(_ comment: Comment) -> (Int, Int) {
            comment.verdict != nil ? (0, -comment.id) : (comment.isOpen ? 1 : 2, comment.id)
        }
        return rank(a) < rank(b)
    }
}

package enum ReviewClock {
    /// RFC 3339 in UTC, to the second, as the format writes `at`.
    package static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The name comments are signed with when none is given: `ThisProcess.userName`.
    package static func defaultAuthor(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        ThisProcess.userName(environment: environment)
    }
}

/// Merges the comments of one session with those on disk, so that two reviewers commenting
/// on the same file at the same time both keep every comment.
package enum CommentMerge {
    /// Comments recovered from a review journal, added to those in the file now. A comment or
    /// reply counts as already there when one with the same author, time and text is; the rest
    /// are added (comments under new ids), and a comment there takes the recovered one's
    /// resolved/open status where they differ. Nothing recovered is lost, and no text there is
    /// changed.
    /// - Returns: the comments, and how many comments, replies and statuses it changed.
    package static func recovered(_ recovered: [Comment], into disk: [Comment]) -> (comments: [Comment], added: Int) {
        func same(_ a: Comment, _ b: Comment) -> Bool { a.author == b.author && a.at == b.at && a.text == b.text }
        var result = disk
        var added = 0
        var nextID = (disk.map(\.id).max() ?? 0) + 1
        for comment in recovered {
            if let index = result.firstIndex(where: { same($0, comment) }) {
                if comment.status != result[index].status {
                    result[index].status = comment.status
                    added += 1
                }
                for reply in comment.replies where !result[index].replies.contains(where: {
                    $0.author == reply.author && $0.at == reply.at && $0.text == reply.text
                }) {
                    result[index].replies.append(reply)
                    added += 1
                }
                continue
            }
            var new = comment
            new.id = nextID
            nextID += 1
            result.append(new)
            added += 1
        }
        return (result, added)
    }

    /// - Parameters:
    ///   - base: the comments as this session loaded them.
    ///   - mine: the comments as this session has them now.
    ///   - disk: the comments in the file now, perhaps saved by someone else meanwhile.
    package static func merge(base: [Comment], mine: [Comment], disk: [Comment]) -> [Comment] {
        let baseByID = Dictionary(base.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var result = disk
        var indexByID = Dictionary(result.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var nextID = max(disk.map(\.id).max() ?? 0, mine.map(\.id).max() ?? 0) + 1

        for comment in mine {
            if let original = baseByID[comment.id] {
                guard comment != original else { continue }
                guard let index = indexByID[comment.id] else {
                    // Deleted on disk by someone else while changed here: keep ours.
                    indexByID[comment.id] = result.count
                    result.append(comment)
                    continue
                }
                result[index] = mergeChanged(original: original, mine: comment, theirs: result[index])
            } else if let index = indexByID[comment.id] {
                if result[index] == comment { continue }
                // Someone else took this new id first: ours moves to a free one.
                var moved = comment
                moved.id = nextID
                nextID += 1
                indexByID[moved.id] = result.count
                result.append(moved)
            } else {
                indexByID[comment.id] = result.count
                result.append(comment)
            }
        }
        return result.sorted { $0.id < $1.id }
    }

    /// Both sides changed one comment: our field changes win where we made them; replies are united.
    static func mergeChanged(original: Comment, mine: Comment, theirs: Comment) -> Comment {
        var merged = theirs
        if mine.status != original.status { merged.status = mine.status }
        if mine.text != original.text { merged.text = mine.text }
        if mine.element != original.element { merged.element = mine.element }
        if mine.verdict != original.verdict { merged.verdict = mine.verdict }
        for reply in mine.replies where !merged.replies.contains(reply) {
            merged.replies.append(reply)
        }
        return merged
    }
}

extension DesignFile {
    /// Rewrites only the `comments` section of a design file: every other byte stays as it is.
    /// The comments are first merged with those in the file now.
    /// - Returns: the comments as written.
    @discardableResult
    package static func saveComments(base: [Comment], mine: [Comment], to path: String) throws -> [Comment] {
        let text = try readText(path)
        let current: LoadedDesign
        do {
            current = try DesignLoader.load(yaml: text, file: path)
        } catch {
            throw DesignSaveError(path: path, message: "the file on disk does not load any more: \(error.diagnostics.first?.description ?? "")")
        }
        let merged = CommentMerge.merge(base: base, mine: mine, disk: current.design.comments)
        let spliced = try splice(comments: merged, into: text, path: path)
        try writeAtomically(Data(spliced.utf8), to: path)
        return merged
    }

    /// The file text without its `comments:` block: equal for two files that differ at most in
    /// their comments (by every byte, YAML comments and layout included). nil when it is not a
    /// YAML mapping.
    package static func textOutsideComments(_ text: String) -> String? {
        try? splice(comments: [], into: text, path: "")
    }

    /// The file text with its top-level `comments:` block replaced by the canonical one.
    static func splice(comments: [Comment], into text: String, path: String) throws -> String {
        guard case let .mapping(pairs, _)? = PlainYAML.compose(text, file: nil).root else {
            throw DesignSaveError(path: path, message: "the file is not a YAML mapping")
        }
        var section = Fields()
        section.list("comments", comments.map(CanonicalWriter.commentTree))
        var out = YAMLOut()
        out.mapping(section.fields, indent: 0)
        let block = out.text

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        let topKeys = pairs.map { (key: $0.key.string ?? "", line: Int($0.key.mark.line) - 1) }
        let blockLines = block.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)

        if let position = topKeys.firstIndex(where: { $0.key == "comments" }) {
            let start = topKeys[position].line
            var end = position + 1 < topKeys.count ? topKeys[position + 1].line : lines.count
            // Blank lines and comments before the next key belong to it, not to this section.
            while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty
                || lines[end - 1].hasPrefix("#") { end -= 1 }
            lines.replaceSubrange(start..<end, with: blockLines)
        } else if !blockLines.isEmpty {
            // A new section goes where the canonical order puts it: before any later top-level key.
            let later = Set(Design.sectionKeys.drop(while: { $0 != "comments" }).dropFirst())
            if let next = topKeys.first(where: { later.contains($0.key) }) {
                lines.insert(contentsOf: blockLines, at: next.line)
            } else {
                lines.append(contentsOf: blockLines)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
