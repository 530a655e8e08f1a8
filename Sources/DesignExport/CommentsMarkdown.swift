import DesignModel

/// Review comments as a Markdown list, escaped by the same `Markdown` functions as the design
/// export: a comment's text can hold `<script>`, `[x](javascript:…)` or a control character and
/// still come out as the text it is.
package enum CommentsMarkdown {
    package static func document(_ comments: [Comment]) -> String {
        var out = "# Review comments\n\n"
        for comment in comments {
            let target = comment.element.map { Markdown.code($0) } ?? "the whole design"
            let verdict = comment.verdict.map { ", verdict **\($0.rawValue)**" } ?? ""
            out += "- **#\(comment.id)** (\((comment.status ?? .open).rawValue)\(verdict)) on \(target) by \(Markdown.inline(comment.author ?? "?"))"
            if let at = comment.at { out += ", \(Markdown.inline(at))" }
            out += ": \(Markdown.inline(comment.text ?? ""))\n"
            for reply in comment.replies {
                out += "  - \(Markdown.inline(reply.author ?? "?"))\(reply.at.map { ", \(Markdown.inline($0))" } ?? ""): "
                    + "\(Markdown.inline(reply.text ?? ""))\n"
            }
        }
        if comments.isEmpty { out += "No comments.\n" }
        return out
    }
}
