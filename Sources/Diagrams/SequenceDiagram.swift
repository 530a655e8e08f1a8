import TerminalUI

/// One lifeline of a sequence diagram.
package struct SequenceParticipant: Hashable, Sendable {
    /// What the participant is, shown by how its title is framed: `client`, `orders`, `[orders]`
    /// (a store), `<order.placed>` (a queue or topic), `(payment-provider)` (outside the system).
    package enum Kind: String, Hashable, Sendable, CaseIterable {
        case actor, service, store, queue, external
    }

    /// Unique within the diagram; messages name their ends by it.
    package var id: String
    package var title: String
    package var kind: Kind
    /// Participants of one group stand side by side under a bracket naming the group (a service
    /// and the tables it owns). Only a run of two or more adjacent members gets a bracket.
    package var group: String?
    /// The title's colour: `.title` normally, a finding's role to flag it.
    package var role: StyleRole

    package init(id: String, title: String? = nil, kind: Kind = .service, group: String? = nil, role: StyleRole = .title) {
        self.id = id
        self.title = title ?? id
        self.kind = kind
        self.group = group
        self.role = role
    }

    /// The title as drawn, framed by its kind.
    var framedTitle: String {
        switch kind {
        case .actor, .service: title
        case .store: "[\(title)]"
        case .queue: "<\(title)>"
        case .external: "(\(title))"
        }
    }
}

/// One arrow between two lifelines, in the order the messages happen.
package struct SequenceMessage: Hashable, Sendable {
    package var from: String
    package var to: String
    /// Written above the arrow (`3. Read the prices`), cut to the room there is.
    package var label: String
    /// Solid for a call the sender waits for, dashed for one it does not (async, events).
    package var line: EdgeLineKind
    /// Whether the message has a compensation, which the diagram marks before its label.
    package var isCompensated: Bool
    /// Shown whole in the position line while the message is selected (the full action, the
    /// compensation).
    package var detail: String?
    package var role: StyleRole

    package init(from: String, to: String, label: String, line: EdgeLineKind = .solid, isCompensated: Bool = false,
                detail: String? = nil, role: StyleRole = .muted) {
        self.from = from
        self.to = to
        self.label = label
        self.line = line
        self.isCompensated = isCompensated
        self.detail = detail
        self.role = role
    }
}

/// Participants and the messages between them, in order; knows nothing of what they stand for.
package struct SequenceDiagram: Hashable, Sendable {
    package var participants: [SequenceParticipant]
    package var messages: [SequenceMessage]

    package init(participants: [SequenceParticipant] = [], messages: [SequenceMessage] = []) {
        self.participants = participants
        self.messages = messages
    }

    package func index(of id: String) -> Int? { participants.firstIndex { $0.id == id } }

    /// The message a typed text picks: the first whose label, or one of whose ends' titles,
    /// starts with it (ignoring case), then the first that contains it.
    package func message(named query: String) -> Int? {
        let q = query.lowercased()
        guard !q.isEmpty else { return nil }
        func texts(_ m: SequenceMessage) -> [String] {
            [m.label] + [m.from, m.to].compactMap { id in participants.first { $0.id == id }?.title }
        }
        return messages.indices.first { texts(messages[$0]).contains { $0.lowercased().hasPrefix(q) } }
            ?? messages.indices.first { texts(messages[$0]).contains { $0.lowercased().contains(q) } }
    }
}

/// Where everything of a sequence diagram goes on a canvas of `size` cells.
package struct SequenceLayout: Hashable, Sendable {
    /// A bracket over the titles of a group's adjacent members.
    package struct GroupBracket: Hashable, Sendable {
        package var name: String
        /// The columns of its two corners.
        package var left: Int
        package var right: Int
    }

    package var size: Size
    /// Per participant: the column of its lifeline, the row of its title and the title as drawn
    /// (cut to the room there is).
    package var lifelineX: [Int]
    package var titleRow: [Int]
    package var titles: [String]
    package var brackets: [GroupBracket]
    /// The first row below the titles, where the lifelines start.
    package var lifelineTop: Int
    /// Per message, its label row (the arrow is on the row below; a message to itself turns
    /// back on the row after that) and the cells it covers.
    package var messageRows: [Int]
    package var messageRects: [Rect]
    /// Per message, the label as drawn.
    package var labels: [String]

    /// Lays a diagram out within `width` columns where it can: lifelines as close as their
    /// titles allow, titles on two alternating rows when they would not fit side by side, and
    /// cut when even that is too wide. Labels start at the left end of their arrow and may run
    /// past its right end, over the lifelines, up to the canvas edge.
    package static func layout(_ diagram: SequenceDiagram, width: Int? = nil, glyphs: DiagramGlyphs = .unicode) -> SequenceLayout {
        let ellipsis = glyphs.box.ellipsis
        let count = diagram.participants.count
        let minGap = 8
        var titles = diagram.participants.map(\.framedTitle)
        var stagger = false
        var xs = positions(titles.map(\.displayWidth), minGap: minGap, stagger: false)
        func end(_ xs: [Int], _ widths: [Int]) -> Int {
            var end = 0
            for p in xs.indices { end = max(end, titleEnd(xs[p], widths[p]) + 1) }
            return end
        }
        if let width, end(xs, titles.map(\.displayWidth)) > width {
            stagger = count > 2
            xs = positions(titles.map(\.displayWidth), minGap: minGap, stagger: stagger)
            // Still too wide: cut the longest titles, one column at a time, while that helps.
            var cap = titles.map(\.displayWidth).max() ?? 0
            var widths = titles.map(\.displayWidth)
            while cap > 6, end(xs, widths) > width {
                cap -= 1
                widths = titles.map { min($0.displayWidth, cap) }
                xs = positions(widths, minGap: minGap, stagger: stagger)
            }
            if cap < (titles.map(\.displayWidth).max() ?? 0) {
                titles = titles.map { $0.displayWidth > cap ? $0.truncated(toWidth: cap, ellipsis: ellipsis) : $0 }
            }
        }

        // A bracket spans its members' titles, and at least its own name, clear of the one before.
        var brackets: [GroupBracket] = []
        var i = 0
        while i < count {
            guard let group = diagram.participants[i].group else { i += 1; continue }
            var j = i
            while j + 1 < count, diagram.participants[j + 1].group == group { j += 1 }
            if j > i {
                let members = i...j
                var left = members.map { xs[$0] - titles[$0].displayWidth / 2 }.min() ?? xs[i]
                if let previous = brackets.last { left = max(left, previous.right + 2) }
                let right = max(members.map { titleEnd(xs[$0], titles[$0].displayWidth) - 1 }.max() ?? xs[j],
                                left + group.displayWidth + 3)
                brackets.append(GroupBracket(name: group, left: max(0, left), right: right))
            }
            i = j + 1
        }
        let firstTitleRow = brackets.isEmpty ? 0 : 1
        let titleRow = (0..<count).map { firstTitleRow + (stagger && $0 % 2 == 1 ? 1 : 0) }
        let lifelineTop = firstTitleRow + (stagger ? 2 : 1)

        var diagramWidth = 0
        for p in 0..<count { diagramWidth = max(diagramWidth, titleEnd(xs[p], titles[p].displayWidth) + 1) }
        for bracket in brackets { diagramWidth = max(diagramWidth, bracket.right + 2) }
        let canvasWidth = max(width ?? 0, diagramWidth)
        var rows: [Int] = [], rects: [Rect] = [], labels: [String] = []
        var y = lifelineTop
        for message in diagram.messages {
            guard let a = diagram.index(of: message.from), let b = diagram.index(of: message.to) else {
                rows.append(y)
                rects.append(Rect(x: 0, y: y, width: 0, height: 0))
                labels.append("")
                continue
            }
            let left = min(xs[a], xs[b]), right = max(xs[a], xs[b])
            let start = left + 2
            let mark = message.isCompensated ? glyphs.compensation + " " : ""
            let room = max(1, canvasWidth - start)
            var label = mark + message.label
            if label.displayWidth > room { label = label.truncated(toWidth: room, ellipsis: ellipsis) }
            let height = a == b ? 3 : 2
            let arrowRight = a == b ? left + 4 : right
            rows.append(y)
            rects.append(Rect(x: left, y: y, width: max(arrowRight, start + label.displayWidth) - left + 1, height: height))
            labels.append(label)
            y += height
        }
        let size = Size(width: canvasWidth, height: y + 1)
        return SequenceLayout(size: size, lifelineX: xs, titleRow: titleRow, titles: titles, brackets: brackets,
                              lifelineTop: lifelineTop, messageRows: rows, messageRects: rects, labels: labels)
    }

    /// The column after a title of `width` centred on the lifeline at `x`.
    static func titleEnd(_ x: Int, _ width: Int) -> Int { x - width / 2 + width }

    /// Lifeline columns for titles of these widths: each title centred on its lifeline, clear of
    /// its neighbour on the same row (every other one when staggered), at least `minGap` apart.
    private static func positions(_ widths: [Int], minGap: Int, stagger: Bool) -> [Int] {
        var xs: [Int] = []
        for (i, w) in widths.enumerated() {
            var x = w / 2
            if i > 0 { x = max(x, xs[i - 1] + minGap) }
            let neighbour = stagger ? i - 2 : i - 1
            // Title `neighbour` ends at titleEnd; this one starts at x - w/2, one blank column after.
            if neighbour >= 0 { x = max(x, titleEnd(xs[neighbour], widths[neighbour]) + 1 + w / 2) }
            if stagger, i > 0 { x = max(x, xs[i - 1] + 2) }
            xs.append(x)
        }
        return xs
    }
}

/// Draws a laid-out sequence diagram: group brackets, titles, dashed lifelines, then each
/// message's label and arrow (solid or dashed, the head at the receiver).
package struct SequenceRenderer: Sendable {
    package var glyphs: DiagramGlyphs
    /// The selected message: its label and arrow take the selection role.
    package var selected: Int?

    package init(glyphs: DiagramGlyphs = .unicode, selected: Int? = nil) {
        self.glyphs = glyphs
        self.selected = selected
    }

    package func canvas(_ diagram: SequenceDiagram, _ layout: SequenceLayout) -> Buffer {
        var buffer = Buffer(size: layout.size)
        draw(diagram, layout, into: &buffer)
        return buffer
    }

    package func draw(_ diagram: SequenceDiagram, _ layout: SequenceLayout, into buffer: inout Buffer) {
        func put(_ symbol: String, _ x: Int, _ y: Int, _ style: Style) {
            guard x >= 0, y >= 0, x < buffer.width, y < buffer.height else { return }
            buffer[x, y] = Cell(symbol, width: 1, style: style)
        }
        let box = glyphs.box
        let muted = Style(.muted)
        for bracket in layout.brackets {
            put(box.topLeft, bracket.left, 0, muted)
            put(box.topRight, bracket.right, 0, muted)
            for x in (bracket.left + 1)..<bracket.right { put(glyphs.horizontal, x, 0, muted) }
            let name = " \(bracket.name) "
            buffer.write(name, x: bracket.left + 1, y: 0, style: Style(.header, bold: true),
                         maxWidth: max(0, bracket.right - bracket.left - 1))
        }
        // Lifelines first, from under their own title: an upper-row title's lifeline crosses the
        // lower title row, and a title written there afterwards wins over it.
        for p in diagram.participants.indices {
            for y in (layout.titleRow[p] + 1)..<layout.size.height {
                put(glyphs.dashedVertical, layout.lifelineX[p], y, muted)
            }
        }
        for (p, participant) in diagram.participants.enumerated() {
            let title = layout.titles[p]
            let x = layout.lifelineX[p] - title.displayWidth / 2
            buffer.write(title, x: x, y: layout.titleRow[p], style: Style(participant.role, bold: true))
        }
        for (m, message) in diagram.messages.enumerated() {
            guard let a = diagram.index(of: message.from), let b = diagram.index(of: message.to) else { continue }
            let isSelected = m == selected
            let style = isSelected ? Style(.selection, bold: true) : Style(message.role == .muted ? .text : message.role)
            let lineStyle = isSelected ? Style(.selection, bold: true) : Style(message.role, bold: message.role != .muted)
            let y = layout.messageRows[m]
            let xa = layout.lifelineX[a], xb = layout.lifelineX[b]
            buffer.write(layout.labels[m], x: min(xa, xb) + 2, y: y, style: style)
            let horizontal = message.line == .solid ? glyphs.horizontal : glyphs.dashedHorizontal
            if a == b {
                // To itself: out to the right, down a row, and back with the head at the lifeline.
                for x in (xa + 1)...(xa + 3) { put(horizontal, x, y + 1, lineStyle) }
                put(glyphs.junctions[6], xa + 4, y + 1, lineStyle)
                put(glyphs.arrows[1], xa + 1, y + 2, lineStyle)
                for x in (xa + 2)...(xa + 3) { put(horizontal, x, y + 2, lineStyle) }
                put(glyphs.junctions[5], xa + 4, y + 2, lineStyle)
                continue
            }
            let step = xb > xa ? 1 : -1
            var x = xa + step
            while x != xb - step {
                put(horizontal, x, y + 1, lineStyle)
                x += step
            }
            put(glyphs.arrows[step > 0 ? 0 : 1], xb - step, y + 1, lineStyle)
        }
    }
}

extension SequenceDiagram {
    /// The same diagram with every character outside printable ASCII replaced by `?` (one per
    /// column it would take), for an ASCII terminal.
    package func asciiTransliterated() -> SequenceDiagram {
        var copy = self
        copy.participants = participants.map { p in
            var q = p
            q.title = printableASCII(p.title)
            q.group = p.group.map(printableASCII)
            return q
        }
        copy.messages = messages.map { m in
            var n = m
            n.label = printableASCII(m.label)
            n.detail = m.detail.map(printableASCII)
            return n
        }
        return copy
    }
}

/// A sequence diagram ready for a pane, as `DiagramScene` is for boxes: the layout, the drawn
/// canvas, the selected message and the viewport. Tab walks the messages in order; selecting
/// one scrolls it into view.
package struct SequenceScene: Sendable {
    package let diagram: SequenceDiagram
    package let layout: SequenceLayout
    package let glyphs: DiagramGlyphs
    package private(set) var canvas: Buffer
    package private(set) var selected: Int?
    package var viewport: DiagramViewport

    /// Laid out to the view's width, so a flow of a handful of services needs no sideways panning.
    package init(diagram: SequenceDiagram, glyphs: DiagramGlyphs = .unicode, viewSize: Size) {
        self.diagram = glyphs.isUnicode ? diagram : diagram.asciiTransliterated()
        self.glyphs = glyphs
        layout = SequenceLayout.layout(self.diagram, width: viewSize.width, glyphs: glyphs)
        canvas = SequenceRenderer(glyphs: glyphs).canvas(self.diagram, layout)
        viewport = DiagramViewport(canvas: layout.size, view: viewSize)
    }

    /// Selects a message (nil clears) and scrolls it into view.
    package mutating func select(_ index: Int?) {
        selected = index.flatMap { diagram.messages.indices.contains($0) ? $0 : nil }
        canvas = SequenceRenderer(glyphs: glyphs, selected: selected).canvas(diagram, layout)
        guard let selected else { return }
        // A message that fits on the first screen is shown with the titles above it.
        let rect = layout.messageRects[selected]
        viewport.reveal(rect.bottom <= viewport.viewSize.height ? Rect(x: rect.x, y: 0, width: rect.width, height: rect.bottom) : rect)
    }

    /// Tab and Shift-Tab: the next or previous message, wrapping around; the first (or last)
    /// when none is selected.
    package mutating func selectNext(forward: Bool = true) {
        let count = diagram.messages.count
        guard count > 0 else { return }
        guard let current = selected else { return select(forward ? 0 : count - 1) }
        select((current + (forward ? 1 : count - 1)) % count)
    }

    /// Selects by a typed text (a participant or words of a label); false when nothing matches.
    @discardableResult
    package mutating func select(named name: String) -> Bool {
        guard let index = diagram.message(named: name) else { return false }
        select(index)
        return true
    }

    /// "orders → [carts]: 2. Load the cart": the selected message whole, for the position line.
    package var selectedText: String? {
        guard let selected else { return nil }
        let message = diagram.messages[selected]
        func title(_ id: String) -> String { diagram.participants.first { $0.id == id }?.framedTitle ?? id }
        let arrow = glyphs.isUnicode ? "→" : "->"
        return "\(title(message.from)) \(arrow) \(title(message.to)): \(message.detail ?? message.label)"
    }

    package func render(_ area: Rect, in buffer: inout Buffer, showsPosition: Bool = true) {
        viewport.render(canvas, area, in: &buffer, selectedText: selectedText, showsPosition: showsPosition)
    }
}
