#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Starts programs for the tests with posix_spawn and an empty signal mask. A child of
/// Foundation's Process started from a test thread inherits that thread's blocked signals: a
/// tmux server or an sshd with SIGTERM or SIGCHLD blocked neither stops nor reaps its children.
package enum Spawn {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Starts `argv` with stdin from /dev/null; stdout to `stdout` (a descriptor of the test's,
    /// such as a pipe's write end) or appended to `log`, stderr to `log`.
    package static func start(_ argv: [String], stdout: Int32? = nil, log: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let stdout {
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_addclose(&actions, stdout)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 2, 1)
        }
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
        guard result == 0 else { throw Failure(description: "cannot start \(argv[0]): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Waits for `pid`; its exit status (-1 when a signal ended it).
    package static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    /// Stops `pid`: SIGTERM, then SIGKILL when it is still there after `grace` seconds. An ssh
    /// that gets SIGTERM while it is still connecting sets a flag it never looks at again.
    package static func stop(_ pid: pid_t, grace: TimeInterval = 2) {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(pid, SIGKILL)
        _ = wait(pid)
    }

    /// Runs `argv` to the end; returns its exit status (-1 when a signal ended it).
    package static func run(_ argv: [String], log: String = "/dev/null") throws -> Int32 {
        wait(try start(argv, log: log))
    }

    /// Runs `argv` to the end and returns what it printed on stdout.
    package static func output(_ argv: [String]) throws -> String {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe failed") }
        let pid: pid_t
        do {
            pid = try start(argv, stdout: fds[1])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        defer { close(fds[0]) }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        _ = wait(pid)
        return String(decoding: output, as: UTF8.self)
    }
}
