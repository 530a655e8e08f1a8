import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Edits text in the user's editor: $VISUAL, else $EDITOR, else vi, on a temporary file.
package enum ExternalEditor {
    /// Edits text and returns the result; the runner suspends the screen around it.
    package typealias Run = (ExternalEdit) -> ExternalEditResult

    /// The editor command: $VISUAL, then $EDITOR, then vi. It may carry arguments (`code -w`).
    static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        return "vi"
    }

    /// Runs the editor on a temporary file in the foreground of this terminal and waits for it.
    package static func system(_ edit: ExternalEdit) -> ExternalEditResult {
        let folder = NSTemporaryDirectory()
        var template = Array((folder + (folder.hasSuffix("/") ? "" : "/") + "archbench-XXXXXX." + edit.fileExtension).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(edit.fileExtension.utf8.count + 1)) }
        guard fd >= 0 else { return .failed("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let data = Array(edit.text.utf8)
        var written = 0
        while written < data.count {
            let n = data[written...].withUnsafeBytes { Glibc_write(fd, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue }; close(fd); return .failed("cannot write the temporary file") }
            written += n
        }
        close(fd)

        // The shell splits an editor command with arguments; the file is passed as "$1" so
        // its name is never re-parsed.
        let argv = ["/bin/sh", "-c", command() + " \"$1\"", "sh", path]
        let status = spawnAndWait(argv)
        guard status == 0 else { return .failed("the editor (\(command())) exited with status \(status)") }
        guard let result = FileManager.default.contents(atPath: path) else { return .failed("the edited file is gone") }
        return .edited(String(decoding: result, as: UTF8.self))
    }

    /// posix_spawn with the terminal inherited; this process ignores SIGINT and SIGQUIT while
    /// the editor runs (as system(3) does), the editor gets them back at their defaults.
    static func spawnAndWait(_ argv: [String]) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let oldInt = signal(SIGINT, SIG_IGN)
        let oldQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, oldInt)
            signal(SIGQUIT, oldQuit)
        }
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], nil, &attributes, cArgs, environ) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

@inline(__always) private func Glibc_write(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
