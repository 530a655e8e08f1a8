import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Drives the real binary inside tmux, the way fzf's tests do: send keys, then poll
/// `capture-pane` until the expected text shows or a timeout passes.
package final class TmuxSession {
    package static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    package static var isAvailable: Bool { tmuxPath != nil }

    /// The terminal backend the tests run archbench with, when the test run names one.
    package static let terminalBackend: String? = ProcessInfo.processInfo.environment["ARCHBENCH_TERMINAL"].flatMap { $0.isEmpty ? nil : $0 }

    package let socket = "archbench-e2e-\(UUID().uuidString.prefix(8))"

    /// Starts a plain shell in a detached window of the given size; commands are typed into it.
    package init(width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PS1": "e2e$ ", "NO_COLOR": ""]
        // `ARCHBENCH_TERMINAL=ansi swift test` runs every end-to-end test with that backend.
        if let backend = TmuxSession.terminalBackend { env["ARCHBENCH_TERMINAL"] = backend }
        for (k, v) in environment { env[k] = v }
        let exports = env.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "env -i HOME=\"$HOME\" PATH=\"$PATH\" \(exports) bash --norc --noprofile"])
        // tmux sets TERM inside the pane from its own default-terminal; the env above wins for the shell.
        _ = try waitFor { $0.contains("e2e$") }
    }

    deinit {
        _ = try? tmux(["kill-server"])
        // The server leaves its socket file behind.
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socket)")
    }

    /// Runs one tmux command; returns what it printed (only capture-pane prints). Started by
    /// `Spawn`, with an empty signal mask: a tmux server with SIGTERM/SIGCHLD blocked never
    /// exits on kill-server.
    @discardableResult
    package func tmux(_ arguments: [String]) throws -> String {
        let argv = [TmuxSession.tmuxPath ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        if arguments.first == "capture-pane" { return try Spawn.output(argv) }
        _ = try Spawn.run(argv)
        return ""
    }


    /// Types a line into the shell.
    package func run(_ command: String) throws {
        try tmux(["send-keys", "-t", "0", "-l", command])
        try tmux(["send-keys", "-t", "0", "Enter"])
    }

    /// Sends tmux key names ("j", "Tab", "Enter", "C-p", "Escape").
    package func keys(_ names: String...) throws {
        try tmux(["send-keys", "-t", "0"] + names)
    }

    /// Sends literal text, one key per character.
    package func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "0", "-l", text])
    }

    /// What the pane shows, as text. Read with `-e`: a plain `capture-pane -p` prints a cell drawn
    /// through the DEC line-drawing set as the letter that was sent (`q` for `─`), and only `-e`
    /// marks those cells (with SO/SI), so the screen is read styled and turned into text here.
    package func screen() throws -> String { TmuxSession.visibleText(try tmux(["capture-pane", "-p", "-e", "-t", "0"])) }

    /// A styled capture as text: SGR and other CSI sequences dropped, the cells between SO and SI
    /// mapped from the DEC Special Graphics set, trailing blanks trimmed as `-p` does.
    package static func visibleText(_ styled: String) -> String {
        let graphics: [Character: Character] = [
            "`": "◆", "a": "▒", "f": "°", "g": "±", "j": "┘", "k": "┐", "l": "┌", "m": "└", "n": "┼", "o": "⎺", "p": "⎻",
            "q": "─", "r": "⎼", "s": "⎽", "t": "├", "u": "┤", "v": "┴", "w": "┬", "x": "│", "y": "≤", "z": "≥", "{": "π",
            "|": "≠", "}": "£", "~": "·",
        ]
        var lines: [String] = []
        var line = ""
        var shifted = false
        var characters = styled.makeIterator()
        while let c = characters.next() {
            switch c {
            case "\u{1B}":
                guard let next = characters.next() else { break }
                if next == "[" {
                    while let f = characters.next(), !(f.asciiValue.map { (0x40...0x7E).contains($0) } ?? true) {}
                } else if next == "(" {
                    _ = characters.next()
                }
            case "\u{0E}": shifted = true
            case "\u{0F}": shifted = false
            case "\n":
                lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
                line = ""
            default:
                line.append(shifted ? graphics[c] ?? c : c)
            }
        }
        if !line.isEmpty { lines.append(String(line.reversed().drop { $0 == " " }.reversed())) }
        return lines.joined(separator: "\n") + (styled.hasSuffix("\n") ? "\n" : "")
    }

    /// Polls the screen until `condition` holds; returns it, or fails with the last screen.
    package func waitFor(_ what: String = "", timeout: TimeInterval = 15, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) {
                // tmux may capture a frame half drawn: accept it only once it has settled.
                Thread.sleep(forTimeInterval: 0.1)
                let again = try screen()
                if again == last { return last }
                continue
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)")
        throw TmuxTimeout()
    }

    package func waitFor(text: String, timeout: TimeInterval = 15) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    package struct TmuxTimeout: Error { public init() {} }
}

