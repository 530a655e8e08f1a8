import DesignModel
import TerminalUI

/// The first screen of a served session: the designs of the folder with their title, status,
/// open comments and who is on each; Enter opens one, q leaves.
struct DesignPicker {
    struct Entry: Equatable {
        var path: String
        var title: String
        var status: String
        var openComments: Int
        /// Why the design cannot be opened (it does not load), shown instead of its title.
        var problem: String?
    }

    enum Action: Equatable {
        case open(String)
        case quit
    }

    var entries: [Entry]
    var selected = 0
    var message: String?

    init(folder: DesignFolder) {
        entries = folder.designs().map { relative in
            do {
                let opened = try DesignFile.loadWithIdentity(contentsOf: try folder.resolve(relative))
                let design = opened.loaded.design
                return Entry(path: relative, title: design.title, status: design.status?.rawValue ?? "draft",
                             openComments: design.comments.filter { $0.status != .resolved }.count, problem: nil)
            } catch let error as DesignLoadError {
                return Entry(path: relative, title: "", status: "", openComments: 0,
                             problem: error.diagnostics.first.map { "\($0.message)" } ?? "does not load")
            } catch {
                return Entry(path: relative, title: "", status: "", openComments: 0, problem: "\(error)")
            }
        }
    }

    mutating func handle(_ key: Key) -> Action? {
        message = nil
        switch key {
        case .down, .char("j"), .ctrl("n"): selected = min(selected + 1, max(entries.count - 1, 0))
        case .up, .char("k"), .ctrl("p"): selected = max(selected - 1, 0)
        case .home, .char("g"): selected = 0
        case .end, .char("G"): selected = max(entries.count - 1, 0)
        case .pageDown: selected = min(selected + 10, max(entries.count - 1, 0))
        case .pageUp: selected = max(selected - 10, 0)
        case .char("q"), .ctrl("c"), .ctrl("d"): return .quit
        case .enter:
            guard entries.indices.contains(selected) else { return nil }
            if let problem = entries[selected].problem {
                message = "\(entries[selected].path) does not load: \(problem)"
                return nil
            }
            return .open(entries[selected].path)
        default: break
        }
        return nil
    }

    /// The screen: a title bar, one row a design, a status line. Every text from a file or a
    /// key comment is drawn through `Buffer.write`, which shows control characters as escapes.
    func render(size: Size, person: String, folderName: String, connected: [String: [String]]) -> Buffer {
        var buffer = Buffer(size: size)
        guard size.width >= 20, size.height >= 5 else {
            buffer.write("window too small", x: 0, y: 0, style: Style(.warning))
            return buffer
        }
        buffer.fill(Rect(x: 0, y: 0, width: size.width, height: 1), style: Style(.title))
        buffer.write(" archbench serve · \(folderName) · \(person)", x: 0, y: 0, style: Style(.title, bold: true))
        let header = "  design" .padding(toLength: 34, withPad: " ", startingAt: 0) + "status    open  title / who is on it"
        buffer.write(header, x: 0, y: 2, style: Style(.header, bold: true))
        let visibleRows = size.height - 5
        let first = max(0, min(selected - visibleRows / 2, entries.count - visibleRows))
        if entries.isEmpty {
            buffer.write("  no *.design.yaml files in this folder", x: 0, y: 3, style: Style(.muted))
        }
        for (row, index) in (first..<min(entries.count, first + visibleRows)).enumerated() {
            let entry = entries[index]
            let y = 3 + row
            let style = index == selected ? Style(.selection) : Style(.text)
            if index == selected { buffer.fill(Rect(x: 0, y: y, width: size.width, height: 1), style: style) }
            var x = buffer.write((index == selected ? "▸ " : "  ") + entry.path, x: 0, y: y, style: style, maxWidth: 33)
            x = 34
            if let problem = entry.problem {
                buffer.write("does not load: \(problem)", x: x, y: y, style: index == selected ? style : Style(.error))
                continue
            }
            buffer.write(entry.status, x: x, y: y, style: style, maxWidth: 9)
            buffer.write(String(entry.openComments), x: x + 10, y: y, style: style, maxWidth: 5)
            let who = connected[entry.path] ?? []
            let rest = entry.title + (who.isEmpty ? "" : " — " + who.joined(separator: ", "))
            buffer.write(rest, x: x + 16, y: y, style: style, maxWidth: max(0, size.width - x - 16))
        }
        let status = message ?? "Enter: open · j/k: move · q: leave"
        buffer.fill(Rect(x: 0, y: size.height - 1, width: size.width, height: 1), style: Style(.statusBar))
        buffer.write(" " + status, x: 0, y: size.height - 1, style: Style(message == nil ? .statusBar : .warning))
        return buffer
    }
}
