#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts the terminal back as the shell had it from inside a signal handler, where a backend's own
/// restore may not be called (ncurses' endwin() allocates and takes locks). The backend
/// (`NCursesTerminal`, `ANSITerminal`) prepares the bytes (leave the alternate screen, show the
/// cursor, reset attributes) and the terminal settings it found at start, in memory allocated
/// once; `restoreFromSignalHandler` then needs only write(2) and tcsetattr(3), both
/// async-signal-safe.
package enum TerminalRescue {
    struct Prepared {
        var fd: Int32 = -1
        var settings = termios()
        var hasSettings = false
        var bytes: UnsafeMutablePointer<UInt8>?
        var count = 0
        /// 0 when prepared and not yet disarmed.
        var armed: Int32 = 0
    }

    /// Allocated on first use (`prepare`), never freed: a handler may read it at any time.
    nonisolated(unsafe) private static let prepared: UnsafeMutablePointer<Prepared> = {
        let pointer = UnsafeMutablePointer<Prepared>.allocate(capacity: 1)
        pointer.initialize(to: Prepared())
        return pointer
    }()

    /// Records how to restore the terminal on `fd`: the settings it had before the backend changed
    /// them and the bytes that undo the backend's screen modes.
    package static func prepare(fd: Int32, settings: termios?, resetBytes: [UInt8]) {
        let target = prepared
        target.pointee.armed = 0
        free(target.pointee.bytes)
        let bytes = malloc(max(1, resetBytes.count))!.assumingMemoryBound(to: UInt8.self)
        for (index, byte) in resetBytes.enumerated() { bytes[index] = byte }
        target.pointee.fd = fd
        target.pointee.settings = settings ?? termios()
        target.pointee.hasSettings = settings != nil
        target.pointee.bytes = bytes
        target.pointee.count = resetBytes.count
        target.pointee.armed = 1
    }

    /// The terminal was restored the normal way (for good, or while suspended for the shell or
    /// an editor); a signal now has nothing to undo, and must not impose the backend's start-up
    /// settings on the shell.
    package static func disarm() {
        prepared.pointee.armed = 0
    }

    /// The backend has the terminal again (after `disarm` for a suspension).
    package static func rearm() {
        if prepared.pointee.bytes != nil { prepared.pointee.armed = 1 }
    }

    /// Writes the reset bytes and restores the terminal settings. Async-signal-safe. Does
    /// nothing from a background process group (a stopped job being killed): the terminal is
    /// the shell's then, and touching it would stop the process with SIGTTOU.
    package static func restoreFromSignalHandler() {
        let target = prepared
        guard target.pointee.armed == 1, let bytes = target.pointee.bytes else { return }
        // -1: not this process's controlling terminal, where no SIGTTOU can come from.
        let foreground = tcgetpgrp(target.pointee.fd)
        guard foreground == -1 || foreground == getpgrp() else { return }
        var offset = 0
        while offset < target.pointee.count {
            let written = write(target.pointee.fd, bytes + offset, target.pointee.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        if target.pointee.hasSettings {
            _ = tcsetattr(target.pointee.fd, TCSADRAIN, &target.pointee.settings)
        }
    }
}
