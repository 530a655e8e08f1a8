import DesignModel
import Synchronization
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signals that end the workbench. SIGHUP (the SSH link dropped, the pane was closed),
/// SIGTERM and SIGINT: write the recovery journal at once, put the terminal back and exit with
/// 128+signal. A crash (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT): the same, then the
/// handler that was there before (the Swift runtime's crash reporter, or the default) gets the
/// signal, so the crash is still reported where it happened. The handlers run only
/// async-signal-safe code on memory prepared earlier (SignalSafeJournalWriter, TerminalRescue);
/// a second SIGTERM or SIGINT while one is being handled exits straight away. SIGHUP stays
/// blocked while any handler runs: one hang-up brings several (tmux or sshd, the kernel's tty
/// hangup, the shell passing it on), and the second must not cut the first one's write short.
enum FatalSignals {
    static let terminating: [Int32] = [SIGHUP, SIGTERM, SIGINT]
    /// SIGQUIT too: its default dumps core, and the Swift runtime reports it as a crash.
    static let crashing: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT, SIGQUIT]
    /// Set while the workbench ends the normal way after its terminal hung up (it is writing the
    /// journal itself): a signal then has nothing to add and must not interrupt.
    static let endingNormally = Atomic<Bool>(false)
    /// Whether the handlers are in place, so a file session started later (`:saveas` on the
    /// bundled example) publishes its journal for them too.
    @MainActor static var isInstalled = false

    /// The actions replaced for crash signals, indexed by signal number; C memory, so the
    /// handler reads it without Swift runtime calls.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let table = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        table.initialize(repeating: sigaction(), count: 65)
        return table
    }()

    @MainActor
    static func install() {
        // Initialised lazily, which allocates: so here, not first inside a handler. (The terminal
        // has prepared TerminalRescue already.)
        _ = SignalSafeJournalWriter.shared
        _ = endingNormally.load(ordering: .relaxed)
        let table = previous
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        sigaddset(&action.sa_mask, SIGHUP)
        // NODEFER: the same signal again interrupts the handler, which then exits at once.
        action.sa_flags = Int32(SA_NODEFER)
        #if os(Linux)
        action.__sigaction_handler.sa_handler = terminatingSignal
        #else
        action.__sigaction_u.__sa_handler = terminatingSignal
        #endif
        for signal in terminating { sigaction(signal, &action, nil) }
        // SIGINFO tells a fault from a signal sent with kill; ONSTACK lets a stack overflow
        // still run the handler on the alternate stack the Swift runtime sets up.
        action.sa_flags = Int32(SA_SIGINFO | SA_ONSTACK)
        #if os(Linux)
        action.__sigaction_handler.sa_sigaction = crashSignal
        #else
        action.__sigaction_u.__sa_sigaction = crashSignal
        #endif
        for signal in crashing { sigaction(signal, &action, table + Int(signal)) }
        isInstalled = true
    }
}

private func terminatingSignal(_ signal: Int32) {
    if FatalSignals.endingNormally.load(ordering: .acquiring) { return }
    if SignalSafeJournalWriter.shared.writeFromSignalHandler(signal: signal) == .alreadyWriting { _exit(128 + signal) }
    TerminalRescue.restoreFromSignalHandler()
    _exit(128 + signal)
}

private func crashSignal(_ number: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    if SignalSafeJournalWriter.shared.writeFromSignalHandler(signal: number) != .alreadyWriting {
        TerminalRescue.restoreFromSignalHandler()
    }
    // Give the signal back to whoever had it (the runtime's crash reporter, or the default).
    sigaction(number, FatalSignals.previous + Int(number), nil)
    // A fault the kernel raised (si_code > 0) happens again when the handler returns, now with
    // the original handler and the faulting context intact.
    if let info, info.pointee.si_code > 0 { return }
    // Sent with kill or raise (abort): send it again, unblocked (the handler runs with it
    // blocked) so it is delivered now; should that handler return, end anyway.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, number)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    raise(number)
    signal(number, SIG_DFL)
    raise(number)
    _exit(128 + number)
}
