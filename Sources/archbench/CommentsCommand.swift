import ArgumentParser
import DesignExport
import DesignModel
import Foundation
import TerminalUI

struct CommentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comments", abstract: "Print a design's review comments: verdicts first, then open ones, then resolved ones.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Argument(help: "The design file.", completion: .file(extensions: ["yaml", "yml"])) var file: String
    @Option(help: "Only comments with this status: open or resolved.") var status: CommentStatus?
    @Option(help: "text, json or markdown.") var format: Format = .text

    func run() throws {
        let design = try loadDesign(file).design
        let comments = design.comments
            .filter { status == nil || ($0.status ?? .open) == status }
            .sorted(by: Comment.listedBefore)
        switch format {
        case .text: Console.write(text(comments))
        case .markdown: Console.write(CommentsMarkdown.document(comments))
        case .json: Console.json(try json(comments))
        }
    }

    func text(_ comments: [Comment]) -> String {
        var out = ""
        for comment in comments {
            // The heading is one line whatever a name holds.
            let target = ControlCharacters.escaped(comment.element ?? "design")
            out += "#\(comment.id) [\((comment.status ?? .open).rawValue)]"
            if let verdict = comment.verdict { out += " verdict: \(verdict.rawValue)" }
            out += " \(target) \(ControlCharacters.escaped(comment.author ?? "?"))"
            if let at = comment.at { out += " \(ControlCharacters.escaped(at))" }
            out += "\n"
            out += indented(comment.text ?? "", by: "    ")
            for reply in comment.replies {
                out += "    > \(ControlCharacters.escaped(reply.author ?? "?"))\(reply.at.map { " \(ControlCharacters.escaped($0))" } ?? ""):\n"
                out += indented(reply.text ?? "", by: "      ")
            }
        }
        out += "\(comments.count) comment\(comments.count == 1 ? "" : "s"), \(comments.filter(\.isOpen).count) open\n"
        return out
    }

    func json(_ comments: [Comment]) throws -> String {
        func reply(_ reply: Reply) -> [String: Any] {
            var object: [String: Any] = [:]
            object["author"] = reply.author
            object["at"] = reply.at
            object["text"] = reply.text
            return object
        }
        let objects: [[String: Any]] = comments.map { comment in
            var object: [String: Any] = ["id": comment.id, "status": (comment.status ?? .open).rawValue,
                                         "replies": comment.replies.map(reply)]
            object["element"] = comment.element ?? NSNull()
            object["author"] = comment.author
            object["at"] = comment.at
            object["text"] = comment.text
            object["verdict"] = comment.verdict?.rawValue
            return object
        }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private func indented(_ text: String, by prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n")
            .trimmingCharacters(in: .newlines) + "\n"
    }

}

extension CommentStatus: ExpressibleByArgument {}
