#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Keeps the latest recovery journal bytes ready for a signal handler, which may call only
/// async-signal-safe functions: no allocation, no locks, no Swift strings or arrays. The
/// workbench renders and publishes the bytes after each edit batch (normal code, allocation
/// allowed); on SIGHUP or SIGTERM the handler calls `writeFromSignalHandler()`, which does
/// nothing but open(2), write(2), fsync(2), close(2) and rename(2) on memory prepared earlier.
///
/// How the workbench uses it:
/// 1. At start, before installing handlers, touch `SignalSafeJournalWriter.shared` (so its lazy
///    initialisation, which allocates, never first runs inside a handler).
/// 2. After each edit batch (when it also writes the journal with `RecoveryJournal.write`), call
///    `shared.publish(design:for:loadedIdentity:)`; after a save or when the design is
///    unmodified again, call `shared.withdraw()`.
/// 3. The SIGHUP/SIGTERM handler (installed with sigaction, no captures) calls
///    `SignalSafeJournalWriter.shared.writeFromSignalHandler()`, writes the pre-rendered terminal
///    reset sequence with write(2), and `_exit`s. A second signal arriving while the first is
///    being handled gets `.alreadyWriting` and should `_exit` straight away.
///
/// Concurrency: a process-directed signal may run its handler on any thread, concurrently with
/// `publish`. So the bytes live in two slots: publishers fill the slot that is not published and
/// then publish it with a compare-and-exchange; the handler claims the published slot with one
/// atomic exchange, after which no publisher touches it. Handler-visible data lives in raw
/// malloc'ed memory, not in Swift properties, so no exclusivity check or reference counting
/// runs on it inside the handler.
@available(macOS 15.0, *)
package final class SignalSafeJournalWriter: Sendable {
    /// The instance signal handlers use (a C handler cannot capture one).
    package static let shared = SignalSafeJournalWriter()

    package enum Outcome: Equatable, Sendable {
        case written
        /// Nothing was published, or it was withdrawn: there are no unsaved changes to keep.
        case nothingToWrite
        /// Another call is writing right now (a second signal during the first).
        case alreadyWriting
        /// A system call failed (errno then says why); the previous journal, if any, is intact
        /// because the new one is written to a temporary file and renamed.
        case failed
    }

    /// One prepared journal: all C memory, owned by this writer.
    struct Slot {
        var bytes: UnsafeMutableRawPointer?
        var count = 0
        var capacity = 0
        var journalPath: UnsafeMutablePointer<CChar>?
        var temporaryPath: UnsafeMutablePointer<CChar>?
        var folderPath: UnsafeMutablePointer<CChar>?
        var mode: mode_t = 0o600
    }

    private static let nothingPublished = -1
    private static let claimed = 2

    /// -1: nothing published; 0 or 1: that slot is published; 2: a handler is writing.
    private let state = Atomic<Int>(SignalSafeJournalWriter.nothingPublished)
    /// Two slots in memory allocated once. `nonisolated(unsafe)` because the pointer itself never
    /// changes and access to the pointee is coordinated by `state` (see the type's comment), which
    /// the compiler cannot see.
    nonisolated(unsafe) private let slots: UnsafeMutablePointer<Slot>
    /// Serialises publishers with each other; the handler never takes it.
    private let publishing = Mutex<Void>(())

    /// "# written-on-signal: SIGHUP\n" for each signal a handler may pass, indexed by signal
    /// number and prepared here, so the handler only writes them.
    nonisolated(unsafe) private let signalLines: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private static let signalLineCapacity = 65

    /// The names a journal's `written-on-signal` line gives.
    package static let signalNames: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS",
        SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGFPE: "SIGFPE", SIGABRT: "SIGABRT",
    ]

    package init() {
        slots = .allocate(capacity: 2)
        slots.initialize(repeating: Slot(), count: 2)
        signalLines = .allocate(capacity: Self.signalLineCapacity)
        signalLines.initialize(repeating: nil, count: Self.signalLineCapacity)
        for (number, name) in Self.signalNames where number > 0 && Int(number) < Self.signalLineCapacity {
            signalLines[Int(number)] = strdup("# \(RecoveryJournal.signalField): \(name)\n")
        }
    }

    deinit {
        for index in 0..<2 { Self.release(&slots[index]) }
        slots.deinitialize(count: 2)
        slots.deallocate()
        for index in 0..<Self.signalLineCapacity { free(signalLines[index]) }
        signalLines.deallocate()
    }

    /// Renders the journal for an unsaved design and makes it the one a signal writes.
    package func publish(design: Design, for designPath: String, loadedIdentity: FileIdentity?) {
        publish(RecoveryJournal.render(design: design, for: designPath, loadedIdentity: loadedIdentity), for: designPath)
    }

    /// Makes these journal bytes the ones a signal writes, to `RecoveryJournal.path(for:)`.
    /// The journal gets the design file's permission bits, as the design's contents are in it.
    package func publish(_ journal: Data, for designPath: String) {
        publish(journal, toJournal: RecoveryJournal.path(for: designPath), designPath: designPath)
    }

    /// `publish(_:for:)` to a journal path of its own (a review session's).
    package func publish(_ journal: Data, toJournal journalPath: String, designPath: String) {
        var designInfo = stat()
        let mode: mode_t = stat(designPath, &designInfo) == 0 ? designInfo.st_mode & 0o666 : 0o600
        publishing.withLock { _ in
            let current = state.load(ordering: .acquiring)
            if current == Self.claimed { return }
            let spare = current == 0 ? 1 : 0
            fill(&slots[spare], journal: journal, journalPath: journalPath, mode: mode)
            // Fails only when a handler claimed meanwhile; it then writes the older slot, and the
            // process is about to exit anyway.
            _ = state.compareExchange(expected: current, desired: spare, ordering: .acquiringAndReleasing)
        }
    }

    /// No unsaved changes any more (saved, or undone back to the file): a signal writes nothing.
    package func withdraw() {
        publishing.withLock { _ in
            let current = state.load(ordering: .acquiring)
            if current == Self.claimed || current == Self.nothingPublished { return }
            _ = state.compareExchange(expected: current, desired: Self.nothingPublished, ordering: .acquiringAndReleasing)
        }
    }

    /// Whether there are published bytes a signal would write.
    package var hasPublished: Bool {
        let current = state.load(ordering: .acquiring)
        return current == 0 || current == 1
    }

    /// Writes the published journal with async-signal-safe calls only: to a temporary file, fsync,
    /// rename over the journal, fsync the folder. Safe to call from a signal handler. With a
    /// `signal` it knows, the journal's first line names it (`# written-on-signal: SIGHUP`), so
    /// whoever reads the journal knows how the session ended.
    package func writeFromSignalHandler(signal: Int32 = 0) -> Outcome {
        let index = state.exchange(Self.claimed, ordering: .acquiring)
        if index == Self.claimed { return .alreadyWriting }
        // Give the claim back when done, so the writer stays usable if the process goes on.
        defer { state.store(index, ordering: .releasing) }
        guard index == 0 || index == 1 else { return .nothingToWrite }
        let slot = slots[index]
        guard let bytes = slot.bytes, let journalPath = slot.journalPath, let temporaryPath = slot.temporaryPath,
              let folderPath = slot.folderPath else { return .nothingToWrite }
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, slot.mode)
        if fd < 0 { return .failed }
        func writeAll(_ start: UnsafeRawPointer, _ count: Int) -> Bool {
            var offset = 0
            while offset < count {
                let written = posixWrite(fd, start + offset, count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
        let signalLine = signal > 0 && Int(signal) < Self.signalLineCapacity ? signalLines[Int(signal)] : nil
        var written = true
        if let signalLine { written = writeAll(signalLine, strlen(signalLine)) }
        if !written || !writeAll(bytes, slot.count) {
            close(fd)
            unlink(temporaryPath)
            return .failed
        }
        if posixFsync(fd) != 0 {
            close(fd)
            unlink(temporaryPath)
            return .failed
        }
        close(fd)
        if rename(temporaryPath, journalPath) != 0 {
            unlink(temporaryPath)
            return .failed
        }
        let folder = open(folderPath, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            _ = posixFsync(folder)
            close(folder)
        }
        return .written
    }

    /// Fills a slot no handler can be reading (the caller holds `publishing` and the slot is not
    /// the published one); memory is reused when large enough.
    private func fill(_ slot: inout Slot, journal: Data, journalPath: String, mode: mode_t) {
        if slot.capacity < journal.count {
            free(slot.bytes)
            // Room to grow, so a design growing by a few bytes per edit does not reallocate each time.
            slot.capacity = max(journal.count + journal.count / 2, 4096)
            slot.bytes = malloc(slot.capacity)
        }
        journal.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 { slot.bytes!.copyMemory(from: base, byteCount: buffer.count) }
        }
        slot.count = journal.count
        slot.mode = mode
        let folder = URL(fileURLWithPath: journalPath).deletingLastPathComponent().path
        let temporary = journalPath + ".signal-tmp"
        if slot.journalPath.map({ String(cString: $0) }) != journalPath {
            free(slot.journalPath)
            free(slot.temporaryPath)
            free(slot.folderPath)
            slot.journalPath = strdup(journalPath)
            slot.temporaryPath = strdup(temporary)
            slot.folderPath = strdup(folder)
        }
    }

    private static func release(_ slot: inout Slot) {
        free(slot.bytes)
        free(slot.journalPath)
        free(slot.temporaryPath)
        free(slot.folderPath)
        slot = Slot()
    }
}
