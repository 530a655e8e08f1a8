#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TerminalUI

/// The ANSI backend's signals. SIGWINCH (the window changed size) and a stop sent from outside
/// (`kill -TSTP`; Ctrl-Z is a key in raw mode and goes through `suspend`) are turned into bytes
/// on a pipe that `readKey` polls beside the terminal. A stop first gives the terminal back as
/// the shell had it (TerminalRescue), stops, and on SIGCONT takes the screen again before the
/// loop repaints. The handlers use only async-signal-safe calls on memory prepared beforehand.
enum TerminalSignals {
    struct Prepared {
        var input: Int32 = -1
        var output: Int32 = -1
        var raw = termios()
        var enterBytes: UnsafeMutablePointer<UInt8>?
        var enterCount = 0
        var wakeRead: Int32 = -1
        var wakeWrite: Int32 = -1
        /// 1 while the workbench has the screen (not suspended for the shell or an editor).
        var armed: Int32 = 0
        /// Whether SIGTSTP is ours: not when the shell ignores it (no job control).
        var handlesStop: Int32 = 0
    }

    /// Allocated once, never freed: a handler may read it at any time.
    nonisolated(unsafe) static let prepared: UnsafeMutablePointer<Prepared> = {
        let pointer = UnsafeMutablePointer<Prepared>.allocate(capacity: 1)
        pointer.initialize(to: Prepared())
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for fd in ends {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            pointer.pointee.wakeRead = ends[0]
            pointer.pointee.wakeWrite = ends[1]
        }
        return pointer
    }()

    static let resizedByte = UInt8(ascii: "W")
    static let continuedByte = UInt8(ascii: "C")

    static var wakeDescriptor: Int32 { prepared.pointee.wakeRead }

    enum Event { case resized, continued }

    static func install(input: Int32, output: Int32, raw: termios, enterBytes: [UInt8]) {
        let target = prepared
        target.pointee.armed = 0
        free(target.pointee.enterBytes)
        let bytes = malloc(max(1, enterBytes.count))!.assumingMemoryBound(to: UInt8.self)
        for (index, byte) in enterBytes.enumerated() { bytes[index] = byte }
        target.pointee.enterBytes = bytes
        target.pointee.enterCount = enterBytes.count
        target.pointee.input = input
        target.pointee.output = output
        target.pointee.raw = raw
        _ = takeEvents()
        setHandler(SIGWINCH, windowChanged)
        var current = sigaction()
        sigaction(SIGTSTP, nil, &current)
        let ignored = unsafeBitCast(current.handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        target.pointee.handlesStop = ignored ? 0 : 1
        if !ignored { setHandler(SIGTSTP, stopRequested) }
        // A process started from a thread that blocks them (a test runner's) would never hear of a resize.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGWINCH)
        if !ignored { sigaddset(&unblock, SIGTSTP) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        target.pointee.armed = 1
    }

    static func setArmed(_ armed: Bool) { prepared.pointee.armed = armed ? 1 : 0 }

    static func uninstall() {
        prepared.pointee.armed = 0
        signal(SIGWINCH, SIG_DFL)
        if prepared.pointee.handlesStop == 1 { signal(SIGTSTP, SIG_DFL) }
    }

    /// What the handlers reported since the last call; a return from a stop outweighs a resize
    /// (both repaint, the stop also took the screen again).
    static func takeEvents() -> Event? {
        var event: Event?
        var chunk = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(prepared.pointee.wakeRead, &chunk, chunk.count)
            guard n > 0 else { break }
            for byte in chunk[0..<n] {
                if byte == continuedByte { event = .continued } else if event == nil { event = .resized }
            }
        }
        return event
    }

    fileprivate static func setHandler(_ number: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(SA_RESTART)
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigaction(number, &action, nil)
    }

    fileprivate static func wake(_ byte: UInt8) {
        var value = byte
        _ = write(prepared.pointee.wakeWrite, &value, 1)
    }
}

extension sigaction {
    var handler: (@convention(c) (Int32) -> Void)? {
        #if os(Linux)
        __sigaction_handler.sa_handler
        #else
        __sigaction_u.__sa_handler
        #endif
    }
}

private func windowChanged(_ signal: Int32) {
    let saved = errno
    TerminalSignals.wake(TerminalSignals.resizedByte)
    errno = saved
}

private func stopRequested(_ number: Int32) {
    let saved = errno
    let target = TerminalSignals.prepared
    let hadScreen = target.pointee.armed == 1
    if hadScreen { TerminalRescue.restoreFromSignalHandler() }
    // Stop as the default action would, with the signal unblocked (the handler runs with it blocked).
    signal(SIGTSTP, SIG_DFL)
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGTSTP)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    raise(SIGTSTP)
    // Continued (fg): the handler again, and the screen again if this is the foreground now.
    TerminalSignals.setHandler(SIGTSTP, stopRequested)
    let foreground = tcgetpgrp(target.pointee.output)
    if hadScreen, foreground == -1 || foreground == getpgrp() {
        _ = tcsetattr(target.pointee.input, TCSADRAIN, &target.pointee.raw)
        if let bytes = target.pointee.enterBytes {
            var offset = 0
            while offset < target.pointee.enterCount {
                let n = write(target.pointee.output, bytes + offset, target.pointee.enterCount - offset)
                if n < 0 { if errno == EINTR { continue }; break }
                offset += n
            }
        }
    }
    TerminalSignals.wake(TerminalSignals.continuedByte)
    errno = saved
}
