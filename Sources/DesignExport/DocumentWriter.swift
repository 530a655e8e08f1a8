import DesignModel

/// Collects the document. Headings get GitHub anchors in the order they are written; links to
/// elements and the table of contents are placeholders resolved at the end, so a link may point at
/// a heading further down, and a link to an element that has no heading in this export (its section
/// left out) comes out as plain text.
struct DocumentWriter {
    private enum Segment {
        case text(String)
        case link(ElementRef, label: String)
        case contents
    }

    struct ContentsEntry {
        var level: Int
        var text: String
        var anchor: String
    }

    private var segments: [Segment] = []
    private var buffer = ""
    private var slugger = GitHubSlugger()
    private(set) var anchors: [ElementRef: String] = [:]
    private(set) var contents: [ContentsEntry] = []

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func text(_ markdown: String) { buffer += markdown }

    /// A block followed by a blank line.
    mutating func block(_ markdown: String) {
        buffer += markdown
        buffer += "\n\n"
    }

    /// A link to an element's section; `label` is Markdown already escaped.
    mutating func link(_ ref: ElementRef, label: String) {
        flush()
        segments.append(.link(ref, label: label))
    }

    /// The place where the table of contents goes.
    mutating func contentsPlaceholder() {
        flush()
        segments.append(.contents)
    }

    /// Writes a heading and returns its anchor. `refs` are the elements whose links lead here.
    @discardableResult
    mutating func heading(_ level: Int, _ text: String, refs: [ElementRef] = [], inContents: Bool? = nil) -> String {
        let plain = text.trimmingSpaces
        let anchor = slugger.slug(plain)
        buffer += String(repeating: "#", count: level) + " " + Markdown.headingText(plain) + "\n\n"
        for ref in refs where anchors[ref] == nil { anchors[ref] = anchor }
        if inContents ?? (level == 2 || level == 3) {
            contents.append(ContentsEntry(level: level, text: plain, anchor: anchor))
        }
        return anchor
    }

    /// Lets links to `ref` lead to an anchor written already (a whole section, a shared table).
    mutating func alias(_ ref: ElementRef, to anchor: String) {
        if anchors[ref] == nil { anchors[ref] = anchor }
    }

    private mutating func flush() {
        if !buffer.isEmpty {
            segments.append(.text(buffer))
            buffer = ""
        }
    }

    func anchor(for ref: ElementRef) -> String? {
        if let anchor = anchors[ref] { return anchor }
        if let parts = ref.columnParts { return anchors[.table(parts.table)] }
        return nil
    }

    mutating func finish() -> String {
        flush()
        var output = ""
        output.reserveCapacity(segments.reduce(0) {
            if case let .text(text) = $1 { return $0 + text.utf8.count }
            return $0 + 64
        })
        for segment in segments {
            switch segment {
            case let .text(text):
                output += text
            case let .link(ref, label):
                if let anchor = anchor(for: ref) {
                    output += "[\(label)](#\(anchor))"
                } else {
                    output += label
                }
            case .contents:
                let top = contents.map(\.level).min() ?? 2
                for entry in contents {
                    output += String(repeating: "  ", count: entry.level - top)
                    output += "- [\(Markdown.inline(entry.text))](#\(entry.anchor))\n"
                }
                output += "\n"
            }
        }
        while output.hasSuffix("\n") { output.removeLast() }
        output += "\n"
        return output
    }
}
