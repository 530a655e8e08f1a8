import DesignModel
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGHUP (the SSH link dropped, the pane was closed), SIGTERM and SIGINT: write the recovery
/// journal at once, put the terminal back and exit. The handler runs only async-signal-safe code
/// on memory prepared earlier (SignalSafeJournalWriter, TerminalRescue); a second signal while
/// the first is being handled exits straight away.
enum FatalSignals {
    static let handled: [Int32] = [SIGHUP, SIGTERM, SIGINT]

    @MainActor
    static func install() {
        // Initialised lazily, which allocates: so here, not first inside a handler. (The terminal
        // has prepared TerminalRescue already.)
        _ = SignalSafeJournalWriter.shared
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = fatalSignal
        #else
        action.__sigaction_u.__sa_handler = fatalSignal
        #endif
        sigemptyset(&action.sa_mask)
        // NODEFER: the same signal again interrupts the handler, which then exits at once.
        action.sa_flags = Int32(SA_NODEFER)
        for signal in handled { sigaction(signal, &action, nil) }
    }
}

private func fatalSignal(_ signal: Int32) {
    if SignalSafeJournalWriter.shared.writeFromSignalHandler() == .alreadyWriting { _exit(128 + signal) }
    TerminalRescue.restoreFromSignalHandler()
    _exit(128 + signal)
}
