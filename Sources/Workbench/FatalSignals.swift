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
/// handler that was there before (the Swift runtime's backtracer, or the default) takes over,
/// so the crash is still reported. The handlers run only async-signal-safe code on memory
/// prepared earlier (SignalSafeJournalWriter, TerminalRescue); a second SIGTERM or SIGINT while
/// one is being handled exits straight away. SIGHUP stays blocked while any handler runs: one
/// hang-up brings several (tmux or sshd, the kernel's tty hangup, the shell passing it on), and
/// the second must not cut the journal write of the first short.
enum FatalSignals {
    static let terminating: [Int32] = [SIGHUP, SIGTERM, SIGINT]
    static let crashing: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]
    /// Set while the workbench ends the normal way after its terminal hung up (it is writing the
    /// journal itself): a signal then has nothing to add and must not interrupt.
    static let endingNormally = Atomic<Bool>(false)

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
        setHandler(&action, terminatingSignal)
        for signal in terminating { sigaction(signal, &action, nil) }
        setHandler(&action, crashSignal)
        for signal in crashing { sigaction(signal, &action, table + Int(signal)) }
    }

    private static func setHandler(_ action: inout sigaction, _ handler: @escaping @convention(c) (Int32) -> Void) {
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
    }
}

private func terminatingSignal(_ signal: Int32) {
    if FatalSignals.endingNormally.load(ordering: .acquiring) { return }
    if SignalSafeJournalWriter.shared.writeFromSignalHandler() == .alreadyWriting { _exit(128 + signal) }
    TerminalRescue.restoreFromSignalHandler()
    _exit(128 + signal)
}

private func crashSignal(_ signal: Int32) {
    if SignalSafeJournalWriter.shared.writeFromSignalHandler() != .alreadyWriting {
        TerminalRescue.restoreFromSignalHandler()
    }
    // Hand the signal to whoever had it (the backtracer prints the crash; the default dumps
    // core) by reinstalling that action and raising again.
    sigaction(signal, FatalSignals.previous + Int(signal), nil)
    raise(signal)
}
