import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Drives the real binary inside tmux, the way fzf's tests do: send keys, then poll
/// `capture-pane` until the expected text shows or a timeout passes.
public final class TmuxSession {
    public static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    public static var isAvailable: Bool { tmuxPath != nil }

    public let socket = "archbench-e2e-\(UUID().uuidString.prefix(8))"

    /// Starts a plain shell in a detached window of the given size; commands are typed into it.
    public init(width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PS1": "e2e$ ", "NO_COLOR": ""]
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
    public func tmux(_ arguments: [String]) throws -> String {
        let argv = [TmuxSession.tmuxPath ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        if arguments.first == "capture-pane" { return try Spawn.output(argv) }
        _ = try Spawn.run(argv)
        return ""
    }


    /// Types a line into the shell.
    public func run(_ command: String) throws {
        try tmux(["send-keys", "-t", "0", "-l", command])
        try tmux(["send-keys", "-t", "0", "Enter"])
    }

    /// Sends tmux key names ("j", "Tab", "Enter", "C-p", "Escape").
    public func keys(_ names: String...) throws {
        try tmux(["send-keys", "-t", "0"] + names)
    }

    /// Sends literal text, one key per character.
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "0", "-l", text])
    }

    public func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "0"]) }

    /// Polls the screen until `condition` holds; returns it, or fails with the last screen.
    public func waitFor(_ what: String = "", timeout: TimeInterval = 15, _ condition: (String) -> Bool) throws -> String {
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

    public func waitFor(text: String, timeout: TimeInterval = 15) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    public struct TmuxTimeout: Error { public init() {} }
}

