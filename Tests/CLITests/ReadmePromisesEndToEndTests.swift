import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// README promises about the binary itself (issue 22): what it prints when its output is not a
/// terminal, `--theme`, a real window resize, and `archbench` with no file.
@Suite struct PipedOutlineTests {
    /// README: "When standard output is not a terminal, `archbench FILE` prints an outline of the
    /// design (its services, endpoints and tables) instead."
    /// README, Command line: `--terminal` or ARCHBENCH_TERMINAL naming no backend exits 2, in a
    /// terminal or piped; a known one changes nothing about the piped outline.
    @Test func anUnknownTerminalBackendIsBadInput() throws {
        let option = try CLI.run(["review", CLI.shopPath, "--terminal", "foo"])
        #expect(option.status == 2)
        #expect(option.stderr.contains("unknown --terminal 'foo' (ansi or ncurses)"))
        let variable = try CLI.run([CLI.shopPath], environment: ["ARCHBENCH_TERMINAL": "bar"])
        #expect(variable.status == 2)
        #expect(variable.stderr.contains("unknown ARCHBENCH_TERMINAL='bar' (ansi or ncurses)"))
        let known = try CLI.run([CLI.shopPath, "--terminal", "ansi"], environment: ["ARCHBENCH_TERMINAL": "bar"])
        #expect(known.status == 0, "the option wins over the variable: \(known.stderr)")
        let s = try TmuxSession()
        try s.run("'\(CLI.binary.path)' review '\(CLI.shopPath)' --terminal foo; echo archbench-exited-$?")
        let screen = try s.waitFor(text: "archbench-exited-2")
        #expect(screen.contains("unknown --terminal 'foo'"))
    }

    @Test func pipedOutputIsThePlainOutlineOfTheDesign() throws {
        let design = try DesignLoader.load(contentsOf: CLI.shopPath).design
        for arguments in [[CLI.shopPath], ["edit", CLI.shopPath]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stderr.isEmpty)
            let out = result.stdout
            // Plain text: no escape sequence of a full-screen UI.
            #expect(!out.contains("\u{1b}"), "\(arguments) wrote escape sequences")
            let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first == "Shop Platform 0.3.0 [review]")
            #expect(out.contains("\nServices (\(design.services.count))\n"))
            #expect(out.contains("\nEndpoints (\(design.endpoints.count))\n"))
            #expect(out.contains("\nTables (\(design.tables.count))\n"))
            // Every service, endpoint and table, each on a line of its own.
            for service in design.services {
                #expect(lines.contains { $0.hasPrefix("  \(service.name)") }, "service \(service.name)")
            }
            for endpoint in design.endpoints {
                #expect(lines.contains { $0.hasPrefix("  ") && $0.contains(" \(endpoint.path)") && $0.contains(endpoint.method.rawValue) },
                        "endpoint \(endpoint.name)")
            }
            for table in design.tables {
                #expect(lines.contains { $0.hasPrefix("  \(table.name)  \(table.columns.count) columns") }, "table \(table.name)")
            }
            // Nothing but the title, three headings, their rows and the blank lines between.
            #expect(lines.count == 1 + 3 * 2 + design.services.count + design.endpoints.count + design.tables.count + 1)
        }
        // Without a file: the bundled example's outline.
        let bundled = try CLI.run([])
        #expect(bundled.status == 0)
        #expect(bundled.stdout.hasPrefix("Ride-Hailing Platform"))
        #expect(bundled.stdout.contains("\nEndpoints ("))
    }
}

@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct ReadmePromisesEndToEndTests {
    /// A folder with a config folder of its own (`XDG_CONFIG_HOME`), so no user setting counts.
    struct Home {
        let folder: URL
        var config: URL { folder.appendingPathComponent("config") }
        init() throws {
            folder = try CLI.temporaryFolder()
            try FileManager.default.createDirectory(at: config.appendingPathComponent("archbench/themes"), withIntermediateDirectories: true)
        }
        func theme(_ name: String, _ yaml: String) throws {
            try Data(yaml.utf8).write(to: config.appendingPathComponent("archbench/themes/\(name).yaml"))
        }
        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// The screen with its colours and attributes, as tmux holds them.
    static func styledScreen(_ s: TmuxSession) throws -> String { try s.tmux(["capture-pane", "-p", "-e", "-t", "0"]) }

    /// Whether a line turns reverse video on: an SGR with parameter 7, however tmux combines it
    /// with others (`ESC[7m`, `ESC[0;7m`).
    static func setsReverse(_ line: some StringProtocol) -> Bool {
        var rest = Substring(line)
        while let start = rest.range(of: "\u{1b}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !"0123456789;".contains($0) }) else { break }
            if rest[end] == "m", rest[..<end].split(separator: ";").contains("7") { return true }
            rest = rest[end...]
        }
        return false
    }

    /// The SGR parameters a line sets, colour ones only (`31`, `46`, `38;5;208`...), in order.
    static func colours(in line: some StringProtocol) -> [String] {
        var found: [String] = []
        var rest = Substring(line)
        while let start = rest.range(of: "\u{1b}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !"0123456789;".contains($0) }) else { break }
            let isSGR = rest[end] == "m"
            var params = rest[..<end].split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            rest = rest[rest.index(after: end)...]
            guard isSGR else { continue }
            while !params.isEmpty {
                let p = params.removeFirst()
                switch p {
                case 38, 48:
                    // 38;5;N or 38;2;R;G;B
                    let count = params.first == 5 ? 2 : params.first == 2 ? 4 : 0
                    found.append(([p] + params.prefix(count)).map(String.init).joined(separator: ";"))
                    params.removeFirst(min(count, params.count))
                case 30...37, 40...47, 90...97, 100...107:
                    found.append(String(p))
                default: break
                }
            }
        }
        return found
    }

    /// Runs archbench in the session (in `folder`, with `home`'s config) and waits for it to
    /// show `text`.
    func open(_ s: TmuxSession, _ arguments: String, home: Home, in folder: URL? = nil, waitingFor text: String = "1 Overview") throws {
        let cd = folder.map { "cd '\($0.path)' && " } ?? ""
        try s.run("\(cd)XDG_CONFIG_HOME='\(home.config.path)' '\(CLI.binary.path)' \(arguments); echo archbench-exited-$?")
        _ = try s.waitFor(text: text)
    }

    func quit(_ s: TmuxSession) throws {
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
        try s.run("clear")
        _ = try s.waitFor("the shell alone") { !$0.contains("archbench-exited") }
    }

    /// README: "`--theme NAME` picks one"; "A theme file in `$XDG_CONFIG_HOME/archbench/themes/
    /// NAME.yaml` overrides the shipped one of the same name". Read from the colours tmux holds
    /// for the selected row (the `selection` role) and for the whole screen.
    @Test func themeOptionPicksTheColours() throws {
        let home = try Home()
        defer { home.remove() }
        try home.theme("mine", "name: mine\nbase: default\nroles:\n  selection: { fg: black, bg: magenta }\n")
        let s = try TmuxSession()
        func selectedRow() throws -> String {
            let screen = try ReadmePromisesEndToEndTests.styledScreen(s)
            return try #require(screen.split(separator: "\n").first { $0.contains("▸") && $0.contains("Summary") }.map(String.init))
        }
        // The shipped default: the selection is black on cyan.
        try open(s, "'\(CLI.shopPath)'", home: home)
        let standard = try selectedRow()
        #expect(ReadmePromisesEndToEndTests.colours(in: standard).contains("46"), "default: \(standard)")
        try quit(s)
        // monochrome: not one colour on the screen, the selection in reverse video.
        try open(s, "--theme monochrome '\(CLI.shopPath)'", home: home)
        let mono = try ReadmePromisesEndToEndTests.styledScreen(s)
        #expect(mono.contains("Shop Platform"))
        #expect(ReadmePromisesEndToEndTests.colours(in: mono).isEmpty, "monochrome shows colours: \(ReadmePromisesEndToEndTests.colours(in: mono))")
        let monoRow = try selectedRow()
        #expect(ReadmePromisesEndToEndTests.setsReverse(monoRow), "monochrome selection: \(monoRow)")
        try quit(s)
        // A theme of the user's own, by name: its selection is black on magenta.
        try open(s, "--theme mine '\(CLI.shopPath)'", home: home)
        let mine = try selectedRow()
        let mineColours = ReadmePromisesEndToEndTests.colours(in: mine)
        #expect(mineColours.contains("45") && !mineColours.contains("46"), "mine: \(mine)")
        try quit(s)
        // A user file named like a shipped theme overrides it, with or without --theme.
        try home.theme("default", "name: default\nbase: default\nroles:\n  selection: { fg: black, bg: red }\n")
        for option in ["", "--theme default "] {
            try open(s, "\(option)'\(CLI.shopPath)'", home: home)
            let overridden = try selectedRow()
            let colours = ReadmePromisesEndToEndTests.colours(in: overridden)
            #expect(colours.contains("41") && !colours.contains("46"), "\(option): \(overridden)")
            try quit(s)
        }
    }

    /// A theme that cannot be loaded is bad input: exit 2 and a message (a theme file's own
    /// problem located as `file:line:col:`), before the full-screen UI starts.
    @Test func aThemeThatCannotBeLoadedExits2WithAMessage() throws {
        let home = try Home()
        defer { home.remove() }
        try home.theme("bad", "name: bad\nroles:\n  accent: { fg: purplish }\n")
        let s = try TmuxSession()
        let cases = [
            ("nope", "theme 'nope' not found; looked for nope.yaml in: \(home.config.path)/archbench/themes"),
            ("bad", "\(home.config.path)/archbench/themes/bad.yaml:3:17: unknown colour 'purplish'"),
        ]
        for (name, message) in cases {
            try s.run("XDG_CONFIG_HOME='\(home.config.path)' '\(CLI.binary.path)' --theme \(name) '\(CLI.shopPath)'; echo archbench-exited-$?")
            let screen = try s.waitFor(text: "archbench-exited-")
            #expect(screen.contains("archbench-exited-2"), "--theme \(name):\n\(screen)")
            #expect(screen.replacingOccurrences(of: "\n", with: "").contains(message), "--theme \(name):\n\(screen)")
            #expect(!screen.contains("1 Overview"))
            try s.run("clear")
            _ = try s.waitFor("the shell alone") { !$0.contains("archbench-exited") }
            // The same with the output piped: an option that is wrong is wrong whatever the output.
            let piped = try CLI.run(["--theme", name, CLI.shopPath], environment: ["XDG_CONFIG_HOME": home.config.path])
            #expect(piped.status == 2, "piped --theme \(name): \(piped.stdout)")
            #expect(piped.stderr.contains(message))
        }
    }

    /// README: "Windows smaller than 60×16 get a message instead of a broken layout; a resize
    /// redraws." A real window resize (tmux resize-window sends SIGWINCH through the pty).
    @Test func aResizeRedrawsAtTheNewSize() throws {
        let home = try Home()
        defer { home.remove() }
        let s = try TmuxSession(width: 120, height: 40)
        try open(s, "'\(CLI.shopPath)'", home: home, waitingFor: "┌ Overview (13) ")
        /// The layout fills the window: the title bar on the first row (the design's title gives
        /// way to the pane tabs when narrow), the panes' borders across the whole width, the
        /// status line on the last row. Waited for whole: tmux crops the old frame at once, and
        /// that frame's last rows can show the status line before archbench redraws.
        func expectLayout(width: Int, height: Int) throws {
            func fits(_ screen: String) -> Bool {
                let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                guard rows.count >= height else { return false }
                return rows[0].contains("1 Overview") && rows[0].hasSuffix("?: help")
                    && rows[1].hasPrefix("┌ Overview (13) ") && rows[1].hasSuffix("┐") && rows[1].count == width
                    && rows[height - 2].hasPrefix("└") && rows[height - 2].hasSuffix("┘") && rows[height - 2].count == width
                    && rows[height - 1].contains("shop.design.yaml")
                    && rows.dropFirst(height).allSatisfy(\.isEmpty)
                    && !screen.contains("Window too small")
            }
            _ = try s.waitFor("the layout at \(width)x\(height)", fits)
        }
        func resize(_ width: Int, _ height: Int) throws {
            try s.tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
        }
        try expectLayout(width: 120, height: 40)
        try resize(100, 30)
        try expectLayout(width: 100, height: 30)
        // The smallest size that gets the layout, and one row or one column less.
        try resize(60, 16)
        try expectLayout(width: 60, height: 16)
        for (width, height) in [(59, 16), (60, 15), (50, 12)] {
            try resize(width, height)
            let small = try s.waitFor(text: "Window too small: \(width)x\(height)")
            #expect(small.contains("archbench needs at least 60x16."))
            #expect(!small.contains("┌ Overview"))
        }
        try resize(120, 40)
        try expectLayout(width: 120, height: 40)
        try quit(s)
    }

    /// README: "With no file, `swift run archbench` opens the bundled example." Quitting it
    /// writes nothing: no design, lock or journal in the folder it ran in.
    @Test func noFileOpensTheBundledExampleAndWritesNothing() throws {
        let home = try Home()
        defer { home.remove() }
        let folder = home.folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let s = try TmuxSession()
        try open(s, "", home: home, in: folder, waitingFor: "Ride-Hailing Platform")
        var screen = try s.waitFor(text: "┌ Overview (")
        #expect(screen.contains("ride-hailing.design.yaml"))
        // Browse a little: another pane, a row down, a form opened and closed unchanged.
        try s.keys("2", "j", "e")
        _ = try s.waitFor(text: "edit endpoint ")
        try s.keys("C-c")
        screen = try s.waitFor(text: "NORMAL")
        #expect(!screen.contains("modified"))
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [], "written in the current folder")
    }
}
