import DesignModel
import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Renders and writes a design's recovery journal off the main thread: rendering a large design
/// takes tens of milliseconds, which must not delay the next key. Jobs coalesce (only the
/// newest design waiting is rendered), and a save or quit (`discard`) wins over any job in
/// flight, so a journal never reappears after the save that made it obsolete.
final class JournalKeeper: Sendable {
    struct Job: Sendable {
        var design: Design
        var revision: Int
        var identity: FileIdentity?
        /// Also write the journal file; otherwise only render and publish for signal handlers.
        var write: Bool
    }

    private struct State {
        var waiting: Job?
        var running = false
        /// Bumped by `discard`: a job begun under an older generation leaves no trace.
        var generation = 0
        var rendered: (revision: Int, bytes: Data)?
        /// The journal on disk was written by this session (or recovered into it): a save or a
        /// clean quit removes it. Publishing alone does not count: until a write, the file
        /// there may be another session's.
        var owns = false
        /// Why the last journal write failed (nil after a success), and whether that was said.
        var writeFailure: String?
        var failureReported = false
        /// The writer of the journal recovered into this session, whose journal it may remove.
        var adoptedWriter: (pid: Int32?, host: String?)?
    }

    let designPath: String
    /// The editor's journal (`RecoveryJournal.path`), or a review session's own.
    let journalPath: String
    let publishesForSignals: Bool
    private let state = Mutex(State())
    private let busy = DispatchGroup()

    init(designPath: String, journalPath: String? = nil, publishesForSignals: Bool) {
        self.designPath = designPath
        self.journalPath = journalPath ?? RecoveryJournal.path(for: designPath)
        self.publishesForSignals = publishesForSignals
    }

    func submit(_ job: Job) {
        let start = state.withLock { state -> Bool in
            var job = job
            if let waiting = state.waiting { job.write = job.write || waiting.write }
            state.waiting = job
            if state.running { return false }
            state.running = true
            return true
        }
        guard start else { return }
        busy.enter()
        DispatchQueue.global(qos: .utility).async { self.work() }
    }

    /// A journal write failure not yet told to the user (once per run of failures).
    func newWriteFailure() -> String? {
        state.withLock { state in
            guard let failure = state.writeFailure, !state.failureReported else { return nil }
            state.failureReported = true
            return failure
        }
    }

    /// Waits until no job is running (before exiting, and in tests).
    func settle() { busy.wait() }

    /// The journal now holds this session's changes (they were recovered from it).
    func adopt(writtenBy header: RecoveryJournal.Header?) {
        state.withLock {
            $0.owns = true
            $0.adoptedWriter = header.map { ($0.pid, $0.host) }
        }
    }

    /// A save or a clean quit: withdraw the bytes from the signal handlers, then remove the
    /// journal this session wrote (in that order, so a signal in between cannot bring back
    /// what was just dropped). A journal of another session is left alone.
    func discard() {
        state.withLock { state in
            state.generation += 1
            state.waiting = nil
            state.rendered = nil
            if publishesForSignals { SignalSafeJournalWriter.shared.withdraw() }
            // Another workbench (edit anyway) may have written its own journal over ours since.
            if state.owns, let header = RecoveryJournal.header(ofJournal: journalPath, designPath: designPath) {
                let ours = header.isFromThisProcess
                let adopted = state.adoptedWriter.map { $0.pid == header.pid && $0.host == header.host } ?? false
                if ours || adopted { _ = try? RecoveryJournal.remove(journalAt: journalPath) }
            }
            state.owns = false
            state.adoptedWriter = nil
        }
    }

    /// Another workbench owns the journal now: drop pending work and the signal handlers'
    /// bytes, remove nothing.
    func stop() {
        state.withLock { state in
            state.generation += 1
            state.waiting = nil
            state.owns = false
            if publishesForSignals { SignalSafeJournalWriter.shared.withdraw() }
        }
    }

    private func work() {
        while let (job, generation, reusable) = state.withLock({ state -> (Job, Int, Data?)? in
            guard let job = state.waiting else {
                state.running = false
                return nil
            }
            state.waiting = nil
            let reusable = state.rendered.flatMap { $0.revision == job.revision ? $0.bytes : nil }
            return (job, state.generation, reusable)
        }) {
            let bytes = reusable ?? RecoveryJournal.render(design: job.design, for: designPath, loadedIdentity: job.identity)
            state.withLock { state in
                guard state.generation == generation else { return }
                state.rendered = (job.revision, bytes)
                if publishesForSignals {
                    SignalSafeJournalWriter.shared.publish(bytes, toJournal: journalPath, designPath: designPath)
                }
                // Under the lock, so a save's `discard` cannot run between the write and the
                // bookkeeping and leave an obsolete journal behind. A journal that cannot be
                // written (read-only folder, full disk) must not stop editing; a save will say
                // what is wrong with the folder.
                guard job.write else { return }
                do {
                    try RecoveryJournal.write(bytes, toJournal: journalPath, designPath: designPath)
                    state.owns = true
                    state.writeFailure = nil
                    state.failureReported = false
                } catch let error as DesignSaveError {
                    state.writeFailure = error.message
                } catch {
                    state.writeFailure = "\(error)"
                }
            }
        }
        busy.leave()
    }
}
