import DesignModel
import Foundation

/// The workbench's side of a design file on disk: the identity the design was loaded or saved
/// with (so a save never overwrites someone else's change), the lock taken on the first edit,
/// and the recovery journal (written after a few edits or a few idle seconds, and kept ready for
/// a signal handler). The runner calls it to carry out effects and on idle ticks; what it finds
/// goes back to the state as `FileEvent`s.
@MainActor
package final class FileSession {
    package private(set) var path: String
    package private(set) var identity: FileIdentity?
    package private(set) var lock: DesignLock?
    /// Write the journal after this many design changes since the last journal (nil: not
    /// for a count of changes)...
    package var journalAfterEdits: Int? = WorkbenchConfig.defaultJournalAfterEdits
    /// ...or when this long has passed since the last change (nil: not when idle). Signals, a
    /// closed terminal, Ctrl-Z and leaving an unlocked session still write it.
    package var journalAfterIdle: Swift.Duration? = WorkbenchConfig.defaultJournalAfterIdle
    /// How often an idle workbench looks whether the file changed on disk.
    package var diskCheckInterval: Swift.Duration = .seconds(2)
    /// Whether a signal handler gets the journal bytes (the real binary; tests keep it off
    /// because the writer is one per process).
    package var publishesForSignals = false {
        didSet { makeKeepers() }
    }
    private let writeCalls: AtomicWriteCalls
    private let clock = ContinuousClock()
    /// Renders, publishes and writes the journal off the main thread.
    private var journal: JournalKeeper
    /// A review session's own journal (its unsaved comments), one per process.
    private var reviewJournal: JournalKeeper
    /// The journal of edits made while the lock is not held (it could not be taken): a file of
    /// this process's own, never the shared one another workbench may be writing.
    private var unlockedJournal: JournalKeeper
    /// The journal offered at open: the shared one, or an unlocked session's that died.
    private var offeredJournalPath: String?
    /// Unlocked journals recovered into this session: removed once their edits are saved.
    private var adoptedJournals: [String] = []
    private var unlockedJournalInUse = false
    /// Review journals of dead sessions whose comments were recovered into this one: removed
    /// once they are saved, or on a clean quit.
    private var adoptedReviewJournals: [String] = []
    private var submittedRevision: Int?
    private var changesSinceJournal = 0
    private var lastChange: ContinuousClock.Instant
    private var lastDiskCheck: ContinuousClock.Instant
    /// The on-disk version already reported, so a change is said once, not every poll.
    private var reportedDiskIdentity: FileIdentity?
    private var reportedDeleted = false
    /// The identity the journal's edits began from: the file as loaded, or for recovered edits
    /// the one their journal named, so "the file changed since" survives a second crash.
    private var journalBase: FileIdentity?
    /// No journal is written: the one there does not load and is left for a person to see.
    private var journalBlocked = false

    /// The design as loaded or last saved, to tell a change on disk that only added review
    /// comments (merged at save) from one that needs the user's answer.
    private var base: Design?
    /// The file's text as loaded or last saved, to tell a change in the comments block alone.
    private var baseText: String?

    /// `loadedText` is the text `loaded` was read from, when the caller has it (else the file is read again).
    package init(path: String, identity: FileIdentity?, loaded: Design? = nil, loadedText: String? = nil,
                 writeCalls: AtomicWriteCalls = .system) {
        self.path = path
        self.identity = identity
        base = loaded
        baseText = loaded == nil ? nil : loadedText ?? (try? DesignFile.readText(path))
        self.writeCalls = writeCalls
        journalBase = identity
        journal = JournalKeeper(designPath: Self.anchor(of: path), publishesForSignals: false)
        reviewJournal = JournalKeeper(designPath: Self.anchor(of: path),
                                      journalPath: RecoveryJournal.reviewPath(for: Self.anchor(of: path)), publishesForSignals: false)
        unlockedJournal = JournalKeeper(designPath: Self.anchor(of: path),
                                        journalPath: RecoveryJournal.unlockedPath(for: Self.anchor(of: path)), publishesForSignals: false)
        lastChange = clock.now
        lastDiskCheck = clock.now
    }

    package var journalPath: String { RecoveryJournal.path(for: anchor) }

    private func makeKeepers() {
        journal = JournalKeeper(designPath: anchor, publishesForSignals: publishesForSignals)
        reviewJournal = JournalKeeper(designPath: anchor, journalPath: RecoveryJournal.reviewPath(for: anchor),
                                      publishesForSignals: publishesForSignals)
        unlockedJournal = JournalKeeper(designPath: anchor, journalPath: RecoveryJournal.unlockedPath(for: anchor),
                                        publishesForSignals: publishesForSignals)
    }

    /// The journal a state's edits go to: a read-only (review) session's comments to its own;
    /// edits made while the lock is not held to this process's own (another workbench may hold
    /// the lock and write the shared journal).
    private func keeper(for state: AppState) -> JournalKeeper {
        if state.isReadOnly { return reviewJournal }
        return lock == nil ? unlockedJournal : journal
    }

    /// Where this session's unsaved edits are journalled now.
    package func currentJournalPath(for state: AppState) -> String { keeper(for: state).journalPath }

    /// On opening for review: the unsaved comments of review sessions that died on this host.
    package func reviewEventsOnOpen() -> [FileEvent] {
        var comments: [Comment] = [], paths: [String] = [], writers: [String] = []
        for candidate in RecoveryJournal.reviewJournals(for: anchor) {
            guard let header = RecoveryJournal.header(ofJournal: candidate, designPath: anchor),
                  header.host == ThisProcess.hostName, let pid = header.pid,
                  !header.isFromThisProcess, !header.writerIsRunning,
                  let design = try? DesignLoader.load(contentsOf: candidate).design
            else { continue }
            comments += design.comments
            paths.append(candidate)
            writers.append("\(RecoveryJournal.displayTimestamp(header.written ?? Date())), pid \(pid)")
        }
        guard !paths.isEmpty else { return [] }
        let merged = CommentMerge.recovered(comments, into: base?.comments ?? [])
        guard merged.added > 0 else {
            // Everything in them is in the file already.
            for journalPath in paths { _ = try? RecoveryJournal.remove(journalAt: journalPath) }
            return []
        }
        return [.reviewRecoveryAvailable(ReviewRecoveryPrompt(comments: merged.comments, added: merged.added,
                                                              journalPaths: paths, writtenBy: writers.joined(separator: "; ")))]
    }

    package func adoptReviewJournals(_ paths: [String]) { adoptedReviewJournals += paths }

    package func discardReviewJournals(_ paths: [String]) -> FileEvent {
        for journalPath in paths { _ = try? RecoveryJournal.remove(journalAt: journalPath) }
        return .journalDiscarded("discarded the unsaved review comments of the earlier session")
    }

    private func removeAdoptedReviewJournals() {
        for journalPath in adoptedReviewJournals + adoptedJournals { _ = try? RecoveryJournal.remove(journalAt: journalPath) }
        adoptedReviewJournals = []
        adoptedJournals = []
    }

    /// Where the lock and journal live: next to the real file when the design was opened
    /// through a symbolic link, so two workbenches reaching it by different paths see one lock.
    private var anchor: String { Self.anchor(of: path) }

    static func anchor(of path: String) -> String { RecoveryJournal.anchor(of: path) }

    // MARK: - Opening

    /// What the workbench must ask before anything else: another workbench holds the lock, or
    /// a recovery journal is newer than the file.
    package func eventsOnOpen() -> [FileEvent] {
        if let holder = DesignLock.holder(for: anchor), !holder.stale, !holder.owner.isThisProcess {
            return [.lockHeldAtOpen(holder.owner)]
        }
        // Nobody else is writing a journal for this design: half-written ones are debris.
        RecoveryJournal.removeLeftovers(for: anchor)
        // An older journal is offered too (with a word of warning): a checkout or a pull that
        // touched the file must not make the last session's edits disappear unasked.
        // The shared journal, else the newest journal of a session that edited without the
        // lock and died.
        let offered: String
        if RecoveryJournal.exists(for: anchor) {
            offered = journalPath
        } else if let unlocked = RecoveryJournal.unlockedJournals(for: anchor).filter({ candidate in
            guard let header = RecoveryJournal.header(ofJournal: candidate, designPath: anchor) else { return false }
            return header.host == ThisProcess.hostName && !header.isFromThisProcess && !header.writerIsRunning
        }).max(by: { (RecoveryJournal.modificationTime($0) ?? 0) < (RecoveryJournal.modificationTime($1) ?? 0) }) {
            offered = unlocked
        } else {
            return []
        }
        offeredJournalPath = offered
        let newer = RecoveryJournal.isNewer(than: anchor, journalAt: offered)
        do {
            guard let journal = try RecoveryJournal.read(journalAt: offered, for: anchor) else { return [] }
            if let pid = journal.header.pid, !journal.header.isFromThisProcess, journal.header.writerIsRunning {
                // Its writer still runs (and will save or remove it): not ours to offer.
                return [.failed("archbench pid \(pid) is still running with unsaved changes to \(fileName) (\(journalPath))")]
            }
            let onDisk = (try? DesignFile.readText(path)) ?? ""
            let difference = LineDiff(old: onDisk, new: RecoveryJournal.designText(ofJournal: journal.text))
            if difference.isEmpty {
                // The file already holds exactly these changes (saved just before a signal).
                _ = try? RecoveryJournal.remove(journalAt: offered)
                return []
            }
            let changedSince: Bool
            if let loaded = journal.header.loadedIdentity {
                changedSince = (try? FileIdentity.current(of: path))?.map { $0.contentHash != loaded.contentHash } ?? false
            } else {
                changedSince = FileManager.default.fileExists(atPath: path)
            }
            var writer = RecoveryJournal.displayTimestamp(journal.header.written ?? journal.modificationDate)
            if let pid = journal.header.pid { writer += ", pid \(pid)" }
            if let host = journal.header.host { writer += " on \(host)" }
            return [.recoveryAvailable(RecoveryPrompt(
                design: journal.design, journalPath: journal.journalPath, writtenBy: writer, fileChangedSince: changedSince,
                difference: difference, olderThanFile: !newer))]
        } catch {
            let first = error.diagnostics.first.map { "\($0)" } ?? "\(error)"
            journalBlocked = true
            return [.failed("the recovery journal does not load (\(first)); no new one is kept until archbench recover \(path) deals with it")]
        }
    }

    // MARK: - Effects

    package func acquireLock() -> FileEvent {
        do {
            switch try DesignLock.acquire(for: anchor) {
            case let .acquired(lock):
                self.lock = lock
                return .lockAcquired(staleOwner: nil)
            case let .heldBy(owner, stale: true):
                lock = try DesignLock.takeOver(for: anchor)
                return .lockAcquired(staleOwner: owner)
            case let .heldBy(owner, stale: false):
                return .lockHeld(owner)
            }
        } catch let error as DesignSaveError {
            return .lockUnavailable(error.message)
        } catch {
            return .lockUnavailable("\(error)")
        }
    }

    package func takeOverLock() -> FileEvent {
        do {
            lock = try DesignLock.takeOver(for: anchor)
            return .lockAcquired(staleOwner: nil)
        } catch let error as DesignSaveError {
            return .lockUnavailable(error.message)
        } catch {
            return .lockUnavailable("\(error)")
        }
    }

    /// Saves unless the file changed on disk since it was loaded or last saved. A change that
    /// only touched the comments (a reviewer's save) is merged, not asked about.
    package func save(_ design: Design) -> FileEvent {
        do {
            identity = try DesignFile.save(design, to: path, expecting: identity, calls: writeCalls)
            saved(design)
            return .saved(path: path)
        } catch let error as DesignSaveError where error.cause == .changedOnDisk {
            return saveMergingComments(design) ?? .saveConflict(path: path, thenQuit: false)
        } catch {
            return .failed("not saved: \(error)")
        }
    }

    private func saveMergingComments(_ design: Design) -> FileEvent? {
        // Only when every byte outside the comments is as loaded (a note, a reformatting or
        // any edit elsewhere still asks), and the comments did change.
        guard let base, let baseText, let diskText = try? DesignFile.readText(path),
              let outside = DesignFile.textOutsideComments(diskText), outside == DesignFile.textOutsideComments(baseText),
              let disk = try? DesignFile.loadWithIdentity(contentsOf: path),
              disk.loaded.design.comments != base.comments else { return nil }
        var merged = design
        merged.comments = CommentMerge.merge(base: base.comments, mine: design.comments, disk: disk.loaded.design.comments)
        // The merge keeps what is on disk; a comment deleted here and untouched there stays deleted.
        let mine = Set(design.comments.map(\.id))
        let original = Dictionary(base.comments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        merged.comments.removeAll { comment in !mine.contains(comment.id) && original[comment.id] == comment }
        do {
            identity = try DesignFile.save(merged, to: path, expecting: disk.identity, calls: writeCalls)
        } catch {
            return nil
        }
        saved(merged)
        return .savedMergingComments(path: path, comments: merged.comments)
    }

    /// The "overwrite" answer to a save conflict.
    package func overwrite(_ design: Design) -> FileEvent {
        do {
            identity = try DesignFile.saveOverwriting(design, to: path, calls: writeCalls)
            saved(design)
            return .saved(path: path)
        } catch {
            return .failed("not saved: \(error)")
        }
    }

    /// Saves to a new file and goes on with that one: its journal, and its lock from the next
    /// edit on (`.savedAs` tells the state to ask for it).
    package func saveAs(_ design: Design, to newPath: String) -> FileEvent {
        guard !FileManager.default.fileExists(atPath: newPath) else {
            return .failed("not saved: \(newPath) exists; pick a new name (or :w \(newPath) to write a copy over it)")
        }
        do {
            let written = try DesignFile.save(design, to: newPath, expecting: nil, calls: writeCalls)
            saved(design)
            settle()
            _ = try? lock?.release()
            lock = nil
            path = newPath
            identity = written
            journalBase = written
            journalBlocked = false
            reportedDiskIdentity = nil
            reportedDeleted = false
            makeKeepers()
            return .savedAs(path: newPath)
        } catch {
            return .failed("not saved: \(error)")
        }
    }

    package func discardJournal() -> FileEvent {
        let discarded = offeredJournalPath ?? journalPath
        do {
            try RecoveryJournal.remove(journalAt: discarded)
            return .journalDiscarded("discarded the unsaved changes in \(discarded); \(fileName) is as it was")
        } catch {
            return .failed("\(error)")
        }
    }

    /// Loads the file as it is now, dropping unsaved edits (the "reload" answer).
    package func reload() -> FileEvent {
        do {
            let opened = try DesignFile.loadWithIdentity(contentsOf: path)
            identity = opened.identity
            reportedDiskIdentity = nil
            saved(opened.loaded.design)
            return .reloaded(opened.loaded, reason: "reloaded \(fileName) from disk; your unsaved edits were dropped")
        } catch {
            return .failed("cannot reload: \(error.diagnostics.first.map { "\($0)" } ?? "\(error)")")
        }
    }

    /// The file was written by this workbench another way (review mode's comment save, merged
    /// with what was on disk): take what it now holds, which may include others' changes to
    /// other sections, so the next poll does not take this write for someone else's.
    package func wroteFile(shown design: Design) -> FileEvent? {
        guard let opened = try? DesignFile.loadWithIdentity(contentsOf: path) else {
            saved(nil)
            return nil
        }
        identity = opened.identity
        saved(opened.loaded.design)
        reportedDiskIdentity = nil
        guard opened.loaded.design != design else { return nil }
        return .reloaded(opened.loaded, reason: "saved the comments; \(fileName) had other changes on disk, now shown")
    }

    /// Recovering adopts the journal: its changes are now this session's unsaved ones, begun
    /// from the file its header names.
    package func adoptJournal() {
        let offered = offeredJournalPath ?? journalPath
        let header = RecoveryJournal.header(ofJournal: offered, designPath: anchor)
        if offered != journalPath {
            // An unlocked session's journal: this session journals on in its own; the old one
            // goes once the edits are saved.
            adoptedJournals.append(offered)
        }
        if let header {
            journalBase = header.loadedIdentity
            // The edits began from another version of the file: saving them must ask, as it
            // would have in the session that made them.
            if let began = header.loadedIdentity, began.contentHash != identity?.contentHash {
                identity = began
                base = nil
            }
        }
        if offered == journalPath { journal.adopt(writtenBy: header) }
    }

    /// Before Ctrl-Z: a stopped job may be killed without a chance to write.
    package func flushJournal(_ state: AppState) {
        guard keepsJournal(for: state), submittedRevision != nil || changesSinceJournal > 0 else { return }
        changesSinceJournal = 0
        keeper(for: state).submit(job(state, write: true))
        settle()
    }

    private func keepsJournal(for state: AppState) -> Bool {
        // A read-only session's edits are comments, journalled to its own review journal.
        state.isModified && (state.isReadOnly || !journalBlocked)
    }

    private func job(_ state: AppState, write: Bool) -> JournalKeeper.Job {
        JournalKeeper.Job(design: state.design, revision: state.revision, identity: journalBase, write: write)
    }

    // MARK: - Journal

    /// After each key: hand a changed design to the journal keeper; ask for the file to be
    /// written once enough changes have piled up.
    /// - Returns: what it found about the lock, when another workbench took it over.
    @discardableResult
    package func noteChanges(in state: AppState) -> FileEvent? {
        guard keepsJournal(for: state), state.revision != submittedRevision else { return nil }
        if !state.isReadOnly, let event = checkLock() { return event }
        changesSinceJournal += 1
        lastChange = clock.now
        submittedRevision = state.revision
        let keeper = keeper(for: state)
        // The lock was taken after edits went to this session's own journal: the shared one
        // takes over at once, and the own one goes only once the shared one is written.
        let leavingUnlocked = keeper === journal && unlockedJournalInUse
        let write = journalAfterEdits.map { changesSinceJournal >= $0 } == true || leavingUnlocked
        if write { changesSinceJournal = 0 }
        keeper.submit(job(state, write: write))
        if keeper === unlockedJournal { unlockedJournalInUse = true }
        if leavingUnlocked {
            journal.settle()
            unlockedJournal.discard()
            unlockedJournalInUse = false
        }
        return nil
    }

    /// Whether this session's lock is still its own. A lock that vanished is taken again; one
    /// that another workbench took over ("edit anyway") ends this session's journal, and its
    /// bytes for the signal handlers, so neither writes over the other's journal.
    private func checkLock() -> FileEvent? {
        guard let lock, !lock.isStillHeld else { return nil }
        if DesignLock.holder(for: anchor) == nil, case let .acquired(again)? = try? DesignLock.acquire(for: anchor) {
            self.lock = again
            return nil
        }
        self.lock = nil
        journalBlocked = true
        journal.stop()
        return .lockTakenOver(DesignLock.holder(for: anchor)?.owner)
    }

    /// When no key came for a while: journal what is pending, and look at the file on disk.
    package func idle(_ state: AppState) -> FileEvent? {
        if let event = checkLock() { return event }
        if keepsJournal(for: state), changesSinceJournal > 0, let journalAfterIdle, clock.now - lastChange >= journalAfterIdle {
            changesSinceJournal = 0
            keeper(for: state).submit(job(state, write: true))
        }
        if let failure = journal.newWriteFailure() ?? reviewJournal.newWriteFailure() {
            return .failed("no recovery journal (\(failure)): unsaved edits are not safe from a dropped link; save soon")
        }
        guard clock.now - lastDiskCheck >= diskCheckInterval else { return nil }
        lastDiskCheck = clock.now
        return checkDisk(state)
    }

    /// Waits for journal work in flight.
    package func settle() {
        journal.settle()
        reviewJournal.settle()
        unlockedJournal.settle()
    }

    /// On end of input (the terminal hung up): keep the unsaved changes, let go of the lock.
    package func hangUp(_ state: AppState) {
        if keepsJournal(for: state) { keeper(for: state).submit(job(state, write: true)) }
        settle()
        _ = try? lock?.release()
    }

    /// A clean quit: the user saved or chose to drop the changes.
    package func quit() {
        journal.discard()
        reviewJournal.discard()
        unlockedJournal.discard()
        removeAdoptedReviewJournals()
        settle()
        _ = try? lock?.release()
        lock = nil
        // A lock left by a process that is gone (it was killed) goes with the session that
        // looked at its design, edited or not.
        if let holder = DesignLock.holder(for: anchor), holder.stale { unlink(DesignLock.path(for: anchor)) }
    }

    /// After a write or reload: `written` is what the file now holds (nil: unknown).
    private func saved(_ written: Design?) {
        base = written
        baseText = written == nil ? nil : try? DesignFile.readText(path)
        journal.discard()
        reviewJournal.discard()
        unlockedJournal.discard()
        removeAdoptedReviewJournals()
        changesSinceJournal = 0
        submittedRevision = nil
        journalBase = identity
    }

    // MARK: - Watching the file

    private func checkDisk(_ state: AppState) -> FileEvent? {
        guard let identity else { return nil }
        let change: DiskChange
        do {
            change = try DesignFile.changedOnDisk(path, since: identity)
        } catch {
            return nil
        }
        switch change {
        case .unchanged:
            return nil
        case let .sameContent(now):
            self.identity = now
            return nil
        case .deleted:
            guard !reportedDeleted else { return nil }
            reportedDeleted = true
            return .failed("\(fileName) was deleted on disk; :w writes it again")
        case let .modified(now):
            reportedDeleted = false
            guard now != reportedDiskIdentity else { return nil }
            // Not under an open form, prompt or panel: the reload waits until it is closed.
            guard case .normal = state.mode else { return nil }
            reportedDiskIdentity = now
            if state.isModified { return .changedOnDiskWhileModified }
            do {
                let opened = try DesignFile.loadWithIdentity(contentsOf: path)
                self.identity = opened.identity
                journalBase = opened.identity
                base = opened.loaded.design
                baseText = try? DesignFile.readText(path)
                return .reloaded(opened.loaded, reason: "reloaded \(fileName): it changed on disk")
            } catch {
                let first = error.diagnostics.first.map { "\($0)" } ?? "\(error)"
                return .failed("\(fileName) changed on disk and does not load (\(first)); showing the version loaded before")
            }
        }
    }

    private var fileName: String { (path as NSString).lastPathComponent }
}
