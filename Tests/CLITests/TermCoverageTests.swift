import ArchbenchTestSupport
import Foundation
import Testing

/// The terminals people reach a shared host with: the real binary runs `review` under each
/// TERM inside tmux, whose own emulator then holds what a person would see. tmux translates
/// what the program sent (through that TERM's terminfo) into cells, so a wrong capability
/// shows up as a broken screen here.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct TermCoverageTests {
    /// How many colours a TERM's terminfo entry offers.
    enum Colours: Sendable { case indexed256, basic8, none }

    static let terminals: [(String, Colours)] = [
        ("xterm-256color", .indexed256), ("xterm", .basic8), ("screen-256color", .indexed256), ("screen", .basic8),
        ("tmux-256color", .indexed256), ("linux", .basic8), ("vt100", .none),
    ]

    /// The SGR colour parameters on a captured screen (`capture-pane -e`): foreground and
    /// background, normal (30-37, 40-47), bright (90-97, 100-107) and indexed (38;5;N).
    static func colourParameters(_ screen: String) -> Set<Int> {
        var found: Set<Int> = []
        var rest = Substring(screen)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
            if rest[end] == "m" {
                let numbers = rest[..<end].split(separator: ";").compactMap { Int($0) }
                var i = 0
                while i < numbers.count {
                    let n = numbers[i]
                    if n == 38 || n == 48 { found.insert(n); i += 3; continue }  // 38;5;N: indexed colour
                    if (30...37).contains(n) || (40...47).contains(n) || (90...97).contains(n) || (100...107).contains(n) {
                        found.insert(n)
                    }
                    i += 1
                }
            }
            rest = rest[end...]
        }
        return found
    }

    func open(_ session: TmuxSession, _ arguments: String) throws {
        try session.run("'\(CLI.binary.path)' \(arguments); echo archbench-exited-$?")
    }

    @Test(arguments: terminals)
    func reviewRendersUnder(term: String, colours: Colours) throws {
        let s = try TmuxSession(width: 100, height: 30, environment: ["TERM": term])
        try open(s, "review '\(CLI.shopPath)'")
        var screen = try s.waitFor(text: "┌ Overview (13) ")
        #expect(screen.contains("[review]"))
        #expect(screen.contains("REVIEW"))
        #expect(screen.contains("│ ▸ Summary"))
        #expect(screen.contains("└───"))
        try s.keys("4")
        screen = try s.waitFor(text: "┌ ERD (7) ")
        // The open comment on orders is marked in the list.
        #expect(screen.split(separator: "\n").first { $0.contains(" orders  ") && $0.contains(" col") }?.contains("✎1") == true)
        try s.keys("C")
        screen = try s.waitFor(text: "┌ Comments ")
        #expect(screen.contains("Should refunds live here or in their own table?"))

        let parameters = TermCoverageTests.colourParameters(try s.tmux(["capture-pane", "-p", "-e", "-t", "0"]))
        let bright = parameters.filter { (90...107).contains($0) }
        let basic = parameters.filter { (30...47).contains($0) && $0 != 38 }
        switch colours {
        case .indexed256:
            // The default theme's muted grey is bright black, which only 16+ colours have.
            #expect(!bright.isEmpty, "no bright colours on \(term): \(parameters.sorted())")
        case .basic8:
            #expect(!basic.isEmpty, "no colours on \(term)")
            #expect(bright.isEmpty && !parameters.contains(38), "more than 8 colours sent to \(term): \(parameters.sorted())")
        case .none:
            #expect(parameters.isEmpty, "colours sent to \(term): \(parameters.sorted())")
        }

        try s.keys("Escape")
        _ = try s.waitFor("the panel to close") { !$0.contains("┌ Comments ") }
        try s.keys("q")
        screen = try s.waitFor(text: "archbench-exited-0")
        #expect(!screen.contains("┌ ERD"))
    }

    /// Outside a UTF-8 locale every cell is ASCII: `+-|` borders, `>` pointer, `#1` comment marker.
    @Test(arguments: ["xterm-256color", "screen", "vt100"])
    func asciiUnderLangC(term: String) throws {
        let s = try TmuxSession(width: 100, height: 30, environment: ["TERM": term, "LANG": "C", "LC_ALL": "C"])
        try open(s, "review '\(CLI.shopPath)'")
        _ = try s.waitFor(text: "+ Overview (13) ")
        try s.keys("4")
        let screen = try s.waitFor(text: "+ ERD (7) ")
        #expect(screen.contains("| > categories"))
        #expect(screen.split(separator: "\n").first { $0.contains(" orders  ") && $0.contains(" col") }?.contains("#1") == true)
        let nonASCII = screen.unicodeScalars.filter { !$0.isASCII }
        #expect(nonASCII.isEmpty, "non-ASCII on screen: \(String(String.UnicodeScalarView(nonASCII)))")
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    /// README: an unset TERM exits 2 with a message. The real binary on a real terminal (a tmux
    /// pane), TERM removed from its environment only (`env -u TERM`), under each backend and for
    /// `edit` and `review`: one line on stderr naming the cause, nothing drawn, the shell's
    /// terminal as it was, and no lock or journal next to the design.
    @Test(arguments: [("ansi", "edit"), ("ncurses", "edit"), ("ansi", "review"), ("ncurses", "review")])
    func unsetTermIsRefusedWithAMessage(backend: String, command: String) throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = folder.appendingPathComponent("shop.design.yaml")
        try FileManager.default.copyItem(atPath: CLI.shopPath, toPath: design.path)
        chmod(design.path, 0o644)
        let original = try Data(contentsOf: design)
        let errors = folder.appendingPathComponent("stderr")
        let s = try TmuxSession()
        // Once on the terminal, as a person sees it; once with stderr in a file, to read it exactly.
        let line = "env -u TERM '\(CLI.binary.path)' \(command) --terminal \(backend) '\(design.path)'"
        try s.run("\(line); echo archbench-exited-$?")
        let screen = try s.waitFor(text: "archbench-exited-")
        #expect(screen.contains("archbench: cannot run the full-screen UI on TERM=(unset): TERM is not set\narchbench-exited-2"),
                "\(screen)")
        #expect(!screen.contains("Overview"))
        try s.run("clear; \(line) 2>'\(errors.path)'; echo second-exited-$?")
        _ = try s.waitFor(text: "second-exited-2")
        #expect(try String(contentsOf: errors, encoding: .utf8)
            == "archbench: cannot run the full-screen UI on TERM=(unset): TERM is not set\n")
        // The shell's terminal is untouched: still in cooked mode with echo.
        try s.run("clear; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo tty-$((6*7))-checked")
        let stty = try s.waitFor(text: "tty-42-checked")
        #expect(stty.contains("icanon echo"), "stty said:\n\(stty)")
        #expect(try Data(contentsOf: design) == original)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "\(hidden)")
    }

    /// A terminal that cannot be driven gets a message and exit 2, and the screen is left alone.
    @Test(arguments: [("dumb", "a dumb terminal cannot position the cursor"),
                      ("no-such-terminal-xyz", "unknown to terminfo")])
    func refusedTerminal(term: String, reason: String) throws {
        let s = try TmuxSession(environment: ["TERM": term])
        try open(s, "review '\(CLI.shopPath)'")
        let screen = try s.waitFor(text: "archbench-exited-2")
        #expect(screen.contains("cannot run the full-screen UI on TERM=\(term)"))
        #expect(screen.contains(reason))
        #expect(!screen.contains("Overview"))
    }
}
