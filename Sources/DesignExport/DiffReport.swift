import DesignModel
import DesignRules

/// The semantic diff as text, Markdown (a pull-request comment) and JSON. Text from the designs
/// is data: the Markdown goes through `Markdown`'s escaping, the JSON through `JSONValue`'s
/// writer, and whoever prints the text sanitises it (`ControlCharacters`).
package enum DiffReport {
    /// How the text report marks a class; the caller turns these into colours or leaves them out.
    package enum Tone: Sendable { case plain, breaking, risky, safe, muted }

    /// One line of the text report as runs of text, each with its tone.
    package typealias Line = [(text: String, tone: Tone)]

    package static func tone(_ changeClass: ChangeClass) -> Tone {
        switch changeClass {
        case .breaking: .breaking
        case .risky: .risky
        case .safe: .safe
        }
    }

    /// `+ added`, `- removed`, `→ renamed`, `~ changed`.
    package static func marker(_ action: ChangeAction) -> String {
        switch action {
        case .added: "+"
        case .removed: "-"
        case .renamed: "→"
        case .changed: "~"
        }
    }

    /// What a change is, in a few words: "endpoint GET /x › param id added".
    package static func title(_ change: DesignChange) -> String {
        var text = change.path.joined(separator: " › ")
        switch change.action {
        case .renamed: text += " renamed from '\(change.oldName ?? "")'"
        default: text += " \(change.action.rawValue)"
        }
        return text
    }

    /// `label: old → new`, unset shown as `(none)`.
    package static func fieldLine(_ field: FieldChange) -> String {
        "\(field.label): \(oneLine(field.old ?? "(none)")) → \(oneLine(field.new ?? "(none)"))"
    }

    /// Long or multi-line values shortened to one line a reader can scan.
    package static func oneLine(_ text: String, limit: Int = 120) -> String {
        let flat = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    // MARK: Text

    /// The changes by section, in the design's order, each section's breaking first.
    package static func bySection(_ diff: DesignDiff) -> [(section: String, changes: [DesignChange])] {
        var groups: [(section: String, changes: [DesignChange])] = []
        for change in diff.designChanges {
            if let i = groups.firstIndex(where: { $0.section == change.section }) { groups[i].changes.append(change) } else {
                groups.append((change.section, [change]))
            }
        }
        let order = Schemas.definitions(of: .design).map(\.key)
        return groups.sorted { (order.firstIndex(of: $0.section) ?? order.count) < (order.firstIndex(of: $1.section) ?? order.count) }
    }

    /// The changes grouped by section (a `section:` line each), breaking first within one:
    /// `file:line: class: what`, its reasons and changed fields indented under it; comments
    /// apart; a summary line last.
    package static func textLines(_ diff: DesignDiff, file: String) -> [Line] {
        var lines: [Line] = []
        for group in bySection(diff) {
            lines.append([("\(group.section):", .plain)])
            lines += changeLines(group.changes, file: file)
        }
        let comments = diff.commentChanges
        if !comments.isEmpty {
            lines.append([("Comments:", .plain)])
            for change in comments {
                lines.append([("  \(marker(change.action)) \(commentTitle(change))", .plain)])
                for field in change.fields where field.key != "replies" { lines.append([("    " + fieldLine(field), .muted)]) }
            }
        }
        lines.append([(summary(diff), .plain)])
        return lines
    }

    static func changeLines(_ changes: [DesignChange], file: String) -> [Line] {
        var lines: [Line] = []
        for change in changes {
            let place = change.location.map { "\(file):\($0.line): " } ?? "\(file): "
            lines.append([(place, .muted), (change.changeClass.rawValue, tone(change.changeClass)),
                          (": \(change.section): \(marker(change.action)) \(title(change))", .plain)])
            for reason in change.reasons {
                lines.append([("    ", .plain), (reason.message, tone(reason.changeClass)), (" [\(reason.rule)]", .muted)])
            }
            for field in change.fields { lines.append([("    " + fieldLine(field), .plain)]) }
        }
        return lines
    }

    package static func summary(_ diff: DesignDiff) -> String {
        let counts = ChangeClass.allCases.map { "\(diff.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        let total = diff.designChanges.count
        var text = "\(total) change\(total == 1 ? "" : "s"): \(counts)"
        let comments = diff.commentChanges.count
        if comments > 0 { text += "; \(comments) comment change\(comments == 1 ? "" : "s")" }
        return text
    }

    /// "comment 3 by ana on table:orders added".
    static func commentTitle(_ change: DesignChange) -> String {
        let node = change.new ?? change.old
        var text = "comment \(node?.name ?? "?")"
        if let author = node?.text("author") { text += " by \(author)" }
        text += " on \(node?.text("element") ?? "the design")"
        if let verdict = node?.text("verdict") { text += " (verdict: \(verdict))" }
        if change.path.count > 1 { text += " › " + change.path.dropFirst().joined(separator: " › ") }
        return text + " " + change.action.rawValue
    }

    // MARK: Markdown

    /// For a pull-request comment: a table of counts by class, then the changes, breaking first,
    /// with their reasons and fields, then the comments.
    package static func markdown(_ diff: DesignDiff, title: String) -> String {
        var out = "## Design changes: \(Markdown.headingText(title))\n\n"
        let comments = diff.commentChanges.count
        Markdown.table(["class", "changes"], ChangeClass.allCases.map { [$0.rawValue, String(diff.count($0))] }
                       + (comments > 0 ? [["comments", String(comments)]] : []), into: &out)
        let changes = diff.designChanges
        if changes.isEmpty { out += "\nNo change to the design.\n" }
        for changeClass in ChangeClass.allCases {
            let group = changes.filter { $0.changeClass == changeClass }
            guard !group.isEmpty else { continue }
            out += "\n### \(changeClass.rawValue.capitalized) (\(group.count))\n\n"
            for change in group {
                out += "- **\(Markdown.inline(change.section))**: \(Markdown.inline(marker(change.action))) \(Markdown.inline(Self.title(change)))"
                if let line = change.location?.line { out += " (line \(line))" }
                out += "\n"
                for reason in change.reasons {
                    out += "  - \(Markdown.inline(reason.message)) \(Markdown.code(reason.rule))\n"
                }
                for field in change.fields {
                    out += "  - \(Markdown.inline(field.label)): \(Markdown.code(oneLine(field.old ?? "(none)"))) → "
                        + "\(Markdown.code(oneLine(field.new ?? "(none)")))\n"
                }
            }
        }
        let commentChanges = diff.commentChanges
        if !commentChanges.isEmpty {
            out += "\n### Comments (\(commentChanges.count))\n\n"
            for change in commentChanges { out += "- \(Markdown.inline(commentTitle(change)))\n" }
        }
        return out
    }

    // MARK: JSON

    /// `{"summary": {...}, "changes": [...], "comments": [...]}`.
    package static func json(_ diff: DesignDiff, file: String) -> String {
        func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        func member(_ key: String, _ value: JSONValue) -> JSONValue.Member { JSONValue.Member(key: key, value: value) }
        func object(_ change: DesignChange) -> JSONValue {
            var members = [
                member("class", .string(change.changeClass.rawValue)),
                member("action", .string(change.action.rawValue)),
                member("section", .string(change.section)),
                member("kind", .string(change.kind.rawValue)),
                member("path", .array(change.path.map(JSONValue.string))),
                member("element", string(change.element?.description)),
                member("file", .string(file)),
                member("line", change.location.map { .number(String($0.line)) } ?? .null),
            ]
            if let oldName = change.oldName { members.append(member("old_name", .string(oldName))) }
            members.append(member("reasons", .array(change.reasons.map { reason in
                .object([member("rule", .string(reason.rule)), member("class", .string(reason.changeClass.rawValue)),
                         member("message", .string(reason.message))])
            })))
            members.append(member("fields", .array(change.fields.map { field in
                .object([member("key", .string(field.key)), member("old", string(field.old)), member("new", string(field.new))])
            })))
            return .object(members)
        }
        let summary = JSONValue.object(ChangeClass.allCases.map { member($0.rawValue, .number(String(diff.count($0)))) }
                                       + [member("comments", .number(String(diff.commentChanges.count)))])
        return JSONValue.object([
            member("summary", summary),
            member("changes", .array(diff.designChanges.map(object))),
            member("comments", .array(diff.commentChanges.map(object))),
        ]).text(indent: 2)
    }
}
