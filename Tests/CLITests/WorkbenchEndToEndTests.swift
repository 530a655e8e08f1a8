import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Drives the real binary inside tmux, the way fzf's tests do: send keys, then poll
/// `capture-pane` until the expected text shows or a timeout passes.
final class TmuxSession {
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isAvailable: Bool { tmuxPath != nil }

    let socket = "archbench-e2e-\(UUID().uuidString.prefix(8))"

    /// Starts a plain shell in a detached window of the given size; commands are typed into it.
    init(width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
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

    /// Runs one tmux command; returns what it printed (only capture-pane prints).
    ///
    /// tmux is started with posix_spawn and an empty signal mask: a child started by
    /// Foundation's Process from a test thread inherits that thread's blocked signals, and a
    /// tmux server with SIGTERM/SIGCHLD blocked never exits on kill-server (and the client that
    /// forked it is never reaped by waitUntilExit).
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let argv = [TmuxSession.tmuxPath ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TmuxError(message: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let prints = arguments.first == "capture-pane"
        if prints {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard result == 0 else { throw TmuxError(message: "cannot start tmux: \(result)") }
        var output = Data()
        if prints {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n <= 0 { break }
                output.append(contentsOf: buffer[0..<n])
            }
        }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }

    struct TmuxError: Error { var message: String }

    /// Types a line into the shell.
    func run(_ command: String) throws {
        try tmux(["send-keys", "-t", "0", "-l", command])
        try tmux(["send-keys", "-t", "0", "Enter"])
    }

    /// Sends tmux key names ("j", "Tab", "Enter", "C-p", "Escape").
    func keys(_ names: String...) throws {
        try tmux(["send-keys", "-t", "0"] + names)
    }

    /// Sends literal text, one key per character.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "0", "-l", text])
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "0"]) }

    /// Polls the screen until `condition` holds; returns it, or fails with the last screen.
    func waitFor(_ what: String = "", timeout: TimeInterval = 15, _ condition: (String) -> Bool) throws -> String {
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

    func waitFor(text: String, timeout: TimeInterval = 15) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    struct TmuxTimeout: Error {}
}

@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct WorkbenchEndToEndTests {
    func open(_ session: TmuxSession, _ arguments: String = "'\(CLI.shopPath)'") throws {
        try session.run("'\(CLI.binary.path)' \(arguments); echo archbench-exited-$?")
        _ = try session.waitFor(text: "1 Overview")
    }

    @Test func everyPaneShowsItsContent() throws {
        let s = try TmuxSession()
        try open(s)
        var screen = try s.waitFor(text: "┌ Overview (13) ")
        #expect(screen.contains("Shop Platform  0.3.0  [review]"))
        #expect(screen.contains("shop.design.yaml"))
        try s.keys("2")
        screen = try s.waitFor(text: "┌ Endpoints (6) ")
        #expect(screen.contains("GET    /v1/products/{product_id}"))
        #expect(screen.contains("List and search products"))
        try s.keys("3")
        screen = try s.waitFor(text: "┌ Services (4) ")
        #expect(screen.contains("┌ service catalog "))
        #expect(screen.contains("Responsibilities"))
        try s.keys("4")
        screen = try s.waitFor(text: "┌ ERD (7) ")
        #expect(screen.contains("┌ table categories "))
        #expect(screen.contains("PK id"))
        try s.keys("5")
        screen = try s.waitFor(text: "┌ Scaling (9) ")
        #expect(screen.contains("┌ bottleneck product-reads "))
        // Tab wraps around to the first pane.
        try s.keys("Tab")
        _ = try s.waitFor(text: "┌ Overview (13) ")
        try s.keys("?")
        screen = try s.waitFor(text: "┌ Keys ")
        #expect(screen.contains("next row / scroll down"))
        // Esc and q sent together would read as Alt-q.
        try s.keys("Escape")
        _ = try s.waitFor("the help to close") { !$0.contains("┌ Keys ") }
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func searchFindsAnEndpoint() throws {
        let s = try TmuxSession()
        try open(s)
        try s.keys("2")
        _ = try s.waitFor(text: "┌ Endpoints (6) ")
        try s.type("/order_id")
        try s.keys("Enter")
        let screen = try s.waitFor(text: "▸ GET    /v1/orders/{order_id}")
        #expect(screen.contains("┌ GET /v1/orders/{order_id} "))
        #expect(screen.contains("Fetch one of my orders"))
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func aFindingJumpsToItsElement() throws {
        let s = try TmuxSession()
        try open(s)
        try s.keys("f")
        let panel = try s.waitFor(text: "┌ Findings ")
        // The selected finding names its element; Enter must show that element.
        let selected = try #require(panel.split(separator: "\n").first { $0.contains("▸ ") && $0.contains(":") && !$0.contains("Summary") })
        let element = try #require(selected.split(separator: " ").first { $0.hasPrefix("endpoint:") || $0.hasPrefix("table:") || $0.hasPrefix("service:") })
        try s.keys("Enter")
        let screen = try s.waitFor("the jump") { !$0.contains("┌ Overview (") }
        if element.hasPrefix("endpoint:") {
            #expect(screen.contains("┌ Endpoints ("))
            let method = element.dropFirst("endpoint:".count)
            let path = try #require(selected.split(separator: " ").drop { $0 != element }.dropFirst().first)
            #expect(screen.contains("┌ \(method) \(path)"), "jumped to \(method) \(path)")
        } else if element.hasPrefix("table:") {
            #expect(screen.contains("┌ table \(element.dropFirst("table:".count))"))
        } else {
            #expect(screen.contains("┌ service \(element.dropFirst("service:".count))"))
        }
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func qQuitsAndRestoresTheTerminal() throws {
        let s = try TmuxSession(width: 80, height: 24)
        try open(s)
        try s.keys("j", "2", "q")
        let screen = try s.waitFor(text: "archbench-exited-0")
        // The alternate screen is gone: the shell's own lines are back, the workbench is not.
        #expect(!screen.contains("┌ Endpoints"))
        #expect(screen.contains("e2e$ "))
        // The tty is back in cooked mode with echo.
        try s.run("stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo")
        let stty = try s.waitFor(text: "icanon echo")
        #expect(!stty.contains("-icanon"))
    }

    @Test func reviewModeSaysReadOnly() throws {
        let s = try TmuxSession()
        try open(s, "review '\(CLI.shopPath)'")
        var screen = try s.waitFor(text: "REVIEW")
        #expect(screen.contains("[review]"))
        try s.keys("2", "d")
        screen = try s.waitFor(text: "read-only review: d would change the design")
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func asciiBordersWithoutAUTF8Locale() throws {
        let s = try TmuxSession(environment: ["TERM": "screen", "LANG": "C", "LC_ALL": "C"])
        try open(s)
        let screen = try s.waitFor(text: "+ Overview (13) ")
        #expect(screen.contains("| > Summary"))
        #expect(screen.contains("+----"))
        #expect(!screen.contains("┌"))
        #expect(!screen.contains("│"))
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func dumbTerminalIsRefusedWithAMessage() throws {
        let s = try TmuxSession(environment: ["TERM": "dumb"])
        try s.run("'\(CLI.binary.path)' '\(CLI.shopPath)'; echo archbench-exited-$?")
        let screen = try s.waitFor(text: "archbench-exited-2")
        #expect(screen.contains("cannot run the full-screen UI on TERM=dumb"))
    }
}
