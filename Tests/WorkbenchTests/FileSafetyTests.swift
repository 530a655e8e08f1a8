import ArchbenchTestSupport
@testable import DesignModel
import Foundation
import TerminalUI
import Testing
@testable import Workbench
#if canImport(Glibc)
import Glibc
#endif

/// A workbench on a MemoryTerminal with a real FileSession on a copy of the shop design in a
/// folder of its own: locks, journals and saves happen on disk as in the binary.
@MainActor
final class FileBench {
    let folder: URL
    let path: String
    let terminal = MemoryTerminal(width: 100, height: 30)
    var state: AppState
    let files: FileSession
    var stops = 0
    var lastOutcome: RunOutcome?

    init(readOnly: Bool = false, writeCalls: AtomicWriteCalls = .system, prepare: (String) throws -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("shop.design.yaml").path
        try Data(contentsOf: URL(fileURLWithPath: Fixtures.shopPath)).write(to: URL(fileURLWithPath: path))
        try prepare(path)
        let opened = try DesignFile.loadWithIdentity(contentsOf: path)
        files = FileSession(path: path, identity: opened.identity, loaded: opened.loaded.design, writeCalls: writeCalls)
        // Idle work on every idle read, so tests need not wait for real seconds.
        files.journalAfterIdle = .zero
        files.diskCheckInterval = .zero
        state = AppState(loaded: opened.loaded, fileName: "shop.design.yaml", filePath: path, readOnly: readOnly,
                         checker: nil, screenSize: terminal.size)
        // As WorkbenchLauncher does.
        if !readOnly {
            state.editLock = .notTaken
            for event in files.eventsOnOpen() { state.update(.file(event)) }
        } else {
            for event in files.reviewEventsOnOpen() { state.update(.file(event)) }
        }
        run()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func run() {
        lastOutcome = WorkbenchRunner.run(&state, on: terminal, files: files, stopProcess: { [unowned self] in self.stops += 1 })
        // The journal is written off the main thread; wait for it before looking at the files.
        files.settle()
    }

    func type(_ input: String) {
        terminal.type(input)
        run()
    }

    func press(_ keys: Key...) {
        terminal.enqueue(keys)
        run()
    }

    /// A read that times out: the loop's idle work (journal, disk check) runs.
    func idle() {
        terminal.enqueueIdle()
        run()
    }

    /// Renames the first service (catalog) in the Services pane.
    func renameCatalog(to name: String = "renamedsvc") {
        type("3r\u{15}\(name)\r")
    }

    var text: String { terminal.lines().joined(separator: "\n") }
    var fileText: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    var journalPath: String { RecoveryJournal.path(for: path) }
    var lockPath: String { DesignLock.path(for: path) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// A pid that is certainly not running: a child that has exited and been reaped.
func deadPid() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

func writeLock(for path: String, pid: Int32) throws {
    let owner = LockOwner(user: "someone", host: ThisProcess.hostName, pid: pid, started: "2026-11-25T06:00:00Z",
                          processStartTicks: nil)
    try Data(owner.fileText.utf8).write(to: URL(fileURLWithPath: DesignLock.path(for: path)))
}

@MainActor
@Suite struct LockTests {
    @Test func theFirstEditTakesTheLockAndACleanQuitReleasesIt() throws {
        let bench = try FileBench()
        bench.type("3j")
        #expect(!bench.exists(bench.lockPath), "browsing takes no lock")
        bench.renameCatalog()
        #expect(bench.state.design.services.contains { $0.name == "renamedsvc" })
        #expect(bench.state.editLock == .held)
        let lock = try String(contentsOfFile: bench.lockPath, encoding: .utf8)
        #expect(lock.contains("pid: \(getpid())"))
        bench.type(":q!\r")
        #expect(bench.lastOutcome == .quit)
        #expect(!bench.exists(bench.lockPath))
    }

    @Test func aLockHeldByAnotherWorkbenchIsShownOnOpen() throws {
        let holder = getppid()
        let bench = try FileBench { try writeLock(for: $0, pid: holder) }
        #expect(bench.text.contains("shop.design.yaml is being edited by"))
        #expect(bench.text.contains("someone on \(ThisProcess.hostName) (pid \(holder))"))
        bench.type("o")
        #expect(bench.state.isReadOnly)
        #expect(bench.state.message?.text.hasPrefix("read-only: shop.design.yaml is being edited by someone") == true)
        bench.renameCatalog()
        #expect(!bench.state.design.services.contains { $0.name == "renamedsvc" })
        // The other workbench's lock is left alone.
        #expect(try String(contentsOfFile: bench.lockPath, encoding: .utf8).contains("pid: \(holder)"))
    }

    @Test func editAnywayTakesOverTheLockAndRunsTheEdit() throws {
        let bench = try FileBench()
        // Someone locks it after this workbench opened it.
        try writeLock(for: bench.path, pid: getppid())
        bench.type("3r")
        #expect(bench.text.contains("being edited by"))
        guard case .lockHeld = bench.state.mode else {
            Issue.record("expected the lock prompt, mode is \(bench.state.mode)")
            return
        }
        // Esc drops the edit and leaves the lock alone.
        bench.press(.escape)
        #expect(bench.state.message?.text.hasPrefix("not changed") == true)
        #expect(bench.state.mode == .normal)
        bench.type("r")
        bench.type("e")
        #expect(bench.state.editLock == .held)
        #expect(try String(contentsOfFile: bench.lockPath, encoding: .utf8).contains("pid: \(getpid())"))
        // The edit that waited for the lock goes on: the rename prompt is up.
        bench.type("\u{15}renamedsvc\r")
        #expect(bench.state.design.services.contains { $0.name == "renamedsvc" })
    }

    @Test func quitFromTheLockPromptQuits() throws {
        let bench = try FileBench { try writeLock(for: $0, pid: getppid()) }
        bench.type("q")
        #expect(bench.lastOutcome == .quit)
        #expect(bench.exists(bench.lockPath), "the holder's lock stays")
    }

    @Test func aStaleLockIsTakenOverOnTheFirstEdit() throws {
        let dead = try deadPid()
        let bench = try FileBench { try writeLock(for: $0, pid: dead) }
        #expect(!bench.text.contains("being edited by"), "a stale lock is no reason to ask")
        bench.type("3r")
        #expect(bench.state.message?.text.contains("took over a stale lock left by someone on \(ThisProcess.hostName) (pid \(dead))") == true)
        bench.type("\u{15}renamedsvc\r")
        #expect(bench.state.design.services.contains { $0.name == "renamedsvc" })
        #expect(try String(contentsOfFile: bench.lockPath, encoding: .utf8).contains("pid: \(getpid())"))
    }

    @Test func aFolderWithoutWriteAccessStillAllowsEditingWithAWarning() throws {
        let bench = try FileBench()
        // Root writes through any mode bits: for root (CI) the folder is mounted read-only.
        let asRoot = getuid() == 0
        if asRoot {
            try #require(TmpfsMount.bindReadOnly(bench.folder.path), "as root this test needs a read-only bind mount (mount permission)")
        } else {
            chmod(bench.folder.path, 0o555)
        }
        defer { if asRoot { TmpfsMount.unmount(bench.folder.path) } else { chmod(bench.folder.path, 0o755) } }
        bench.renameCatalog()
        #expect(bench.state.design.services.contains { $0.name == "renamedsvc" })
        // The warning said why; the next message (the rename's) replaces it, and the status line
        // keeps saying the edits are unlocked.
        #expect(bench.state.editLock == .unavailable)
        #expect(bench.terminal.lines()[29].contains(" NO LOCK"), "\(bench.terminal.lines()[29])")
        #expect((try FileManager.default.contentsOfDirectory(atPath: bench.folder.path)) == ["shop.design.yaml"])
    }
}

/// A lock that could not be taken (a real full disk) is tried again at the next edit, and the
/// edits made meanwhile never go to the shared journal another workbench may be writing.
@MainActor
@Suite(.enabled(if: TmpfsMount.testsRun, "needs permission to mount a tmpfs (under CI it must have it)"))
struct LockAfterFailureTests {
    /// A workbench on a design in a full 256 KiB tmpfs; `free` makes room again.
    final class FullDisk {
        let mountPoint: String
        let filler: String
        init() throws {
            mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("wb-full-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            filler = mountPoint + "/filler"
        }
        func mountAndFill(design path: String) throws {
            let text = try Data(contentsOf: URL(fileURLWithPath: path))
            try #require(TmpfsMount.mount(at: mountPoint, size: "256k"))
            let inside = mountPoint + "/shop.design.yaml"
            try text.write(to: URL(fileURLWithPath: inside))
            // Fill every block left: a write of the lock then fails with ENOSPC.
            let fd = open(filler, O_WRONLY | O_CREAT, 0o644)
            let block = [UInt8](repeating: 0x61, count: 4096)
            while write(fd, block, block.count) > 0 {}
            close(fd)
        }
        func free() { unlink(filler) }
        deinit {
            TmpfsMount.unmount(mountPoint)
            try? FileManager.default.removeItem(atPath: mountPoint)
        }
    }

    /// A bench whose design (reached through a symbolic link) lies in a full tmpfs; the
    /// anchor is the real file, next to which the lock and journals go.
    static func benchOnAFullDisk() throws -> (FullDisk, FileBench, String) {
        let disk = try FullDisk()
        let bench = try FileBench(prepare: { path in
            try disk.mountAndFill(design: path)
            unlink(path)
            symlink(disk.mountPoint + "/shop.design.yaml", path)
        })
        return (disk, bench, disk.mountPoint + "/shop.design.yaml")
    }

    @Test func theLockIsTriedAgainAndUnlockedEditsKeepAJournalOfTheirOwn() throws {
        let (disk, bench, anchor) = try Self.benchOnAFullDisk()
        bench.type("3r")
        #expect(bench.state.editLock == .unavailable)
        #expect(bench.state.message?.text.hasPrefix("editing without a lock") == true, "\(String(describing: bench.state.message))")
        bench.type("\u{15}renamedsvc\r")
        #expect(bench.state.design.services.contains { $0.name == "renamedsvc" })
        #expect(DesignLock.holder(for: anchor) == nil)

        // Room again: the unlocked edits are journalled to this session's own file, never the shared one.
        disk.free()
        bench.type("3j")
        bench.idle()
        let own = RecoveryJournal.unlockedPath(for: anchor)
        #expect(FileManager.default.fileExists(atPath: own))
        #expect(!FileManager.default.fileExists(atPath: RecoveryJournal.path(for: anchor)))

        // Another workbench takes the lock meanwhile: the next edit here asks instead of sharing a journal.
        try writeLock(for: anchor, pid: getppid())
        bench.type("3r")
        guard case .lockHeld = bench.state.mode else {
            Issue.record("expected the Locked prompt, got \(bench.state.mode)")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: RecoveryJournal.path(for: anchor)))
    }

    @Test func theLockTakenOnRetryMovesTheJournalToTheSharedFile() throws {
        let (disk, bench, anchor) = try Self.benchOnAFullDisk()
        bench.renameCatalog()
        #expect(bench.state.editLock == .unavailable)
        disk.free()
        bench.idle()
        #expect(FileManager.default.fileExists(atPath: RecoveryJournal.unlockedPath(for: anchor)))
        bench.renameCatalog(to: "again")
        #expect(bench.state.editLock == .held)
        #expect(try String(contentsOfFile: DesignLock.path(for: anchor), encoding: .utf8).contains("pid: \(getpid())"))
        #expect(try String(contentsOfFile: RecoveryJournal.path(for: anchor), encoding: .utf8).contains("name: again"))
        #expect(!FileManager.default.fileExists(atPath: RecoveryJournal.unlockedPath(for: anchor)))
    }

    @Test func theJournalOfADeadUnlockedSessionIsOfferedAtOpen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-unlocked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bench = try FileBench(prepare: { path in
            var design = try DesignLoader.load(contentsOf: path).design
            design.title = "Edited without a lock"
            let dead = try deadPid()
            var bytes = RecoveryJournal.render(design: design, for: path, loadedIdentity: nil)
            // The journal of a process that is gone.
            let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "# pid: \(getpid())", with: "# pid: \(dead)")
            bytes = Data(text.utf8)
            try RecoveryJournal.write(bytes, toJournal: RecoveryJournal.unlockedPath(for: path, pid: dead), designPath: path)
        })
        guard case let .recovery(prompt) = bench.state.mode else {
            Issue.record("expected the Recovery prompt, got \(bench.state.mode)")
            return
        }
        #expect(prompt.journalPath.contains(".archbench-unlocked-"))
        bench.type("r")
        #expect(bench.state.design.title == "Edited without a lock")
        bench.type(":w\r")
        #expect(RecoveryJournal.unlockedJournals(for: bench.path).isEmpty)
    }
}

@MainActor
@Suite struct JournalTests {
    @Test func theJournalIsWrittenWhenIdleAndRemovedBySaving() throws {
        let bench = try FileBench()
        let original = bench.fileText
        bench.renameCatalog()
        #expect(!bench.exists(bench.journalPath), "one edit, no pause yet")
        bench.idle()
        let journal = try String(contentsOfFile: bench.journalPath, encoding: .utf8)
        #expect(journal.contains("name: renamedsvc"))
        #expect(journal.hasPrefix("# archbench recovery journal"))
        #expect(bench.fileText == original, "the journal is not a save")
        bench.press(.ctrl("s"))
        #expect(bench.state.message?.text == "saved shop.design.yaml")
        #expect(!bench.exists(bench.journalPath))
        #expect(bench.fileText.contains("name: renamedsvc"))
    }

    @Test func theJournalIsWrittenAfterAFewEditsWithoutAPause() throws {
        let bench = try FileBench()
        bench.files.journalAfterIdle = nil
        bench.renameCatalog(to: "one")
        bench.type("\u{12}")  // nothing to redo: not a change
        bench.type("r\u{15}two\r")
        #expect(!bench.exists(bench.journalPath))
        bench.type("r\u{15}three\r")
        #expect(try String(contentsOfFile: bench.journalPath, encoding: .utf8).contains("name: three"))
    }

    @Test func aCleanQuitRemovesTheJournal() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        bench.idle()
        #expect(bench.exists(bench.journalPath))
        bench.type("qd")
        #expect(bench.lastOutcome == .quit)
        #expect(!bench.exists(bench.journalPath))
        #expect(!bench.exists(bench.lockPath))
    }

    @Test func endOfInputKeepsTheEditsInTheJournalAndReleasesTheLock() throws {
        let bench = try FileBench()
        bench.files.journalAfterIdle = nil
        bench.renameCatalog()
        #expect(bench.lastOutcome == .inputEnded)
        #expect(!bench.exists(bench.journalPath))
        // What runInTerminal does when the terminal hangs up.
        bench.files.hangUp(bench.state)
        #expect(try String(contentsOfFile: bench.journalPath, encoding: .utf8).contains("name: renamedsvc"))
        #expect(!bench.exists(bench.lockPath))
    }
}

@MainActor
@Suite struct RecoveryPromptTests {
    /// A design file with a journal from an earlier session that renamed catalog.
    static func withJournal(_ path: String) throws {
        var design = try DesignLoader.load(contentsOf: path).design
        var history = EditHistory()
        try history.perform(.rename(.service("catalog"), to: "recoveredsvc"), on: &design, label: "rename")
        let identity = try FileIdentity.current(of: path)
        try RecoveryJournal.write(design: design, for: path, loadedIdentity: identity)
    }

    @Test func openingOffersTheJournalAndRecoverLoadsItAsUnsavedChanges() throws {
        let bench = try FileBench(prepare: Self.withJournal)
        #expect(bench.text.contains("shop.design.yaml has unsaved changes from an earlier session"))
        #expect(bench.text.contains("r  recover: load them as unsaved changes"))
        #expect(bench.text.contains("RECOVER"))
        let original = bench.fileText
        bench.type("r")
        #expect(bench.state.isModified)
        #expect(bench.state.design.services[0].name == "recoveredsvc")
        #expect(bench.state.message?.text.hasPrefix("recovered the unsaved changes") == true)
        #expect(bench.fileText == original, "recovering does not save")
        #expect(bench.exists(bench.lockPath))
        bench.type(":wq\r")
        #expect(bench.lastOutcome == .quit)
        #expect(bench.fileText.contains("name: recoveredsvc"))
        #expect(!bench.exists(bench.journalPath))
        #expect(!bench.exists(bench.lockPath))
    }

    @Test func theDifferenceShowsWhatTheJournalChanges() throws {
        let bench = try FileBench(prepare: Self.withJournal)
        bench.type("d")
        #expect(bench.text.contains("Difference: file → recovery journal"))
        #expect(bench.text.contains("-   - name: catalog"))
        #expect(bench.text.contains("+   - name: recoveredsvc"))
        bench.type("x")
        #expect(bench.text.contains("r  recover"), "any other key goes back to the choices")
        #expect(bench.exists(bench.journalPath), "that x was not discard")
    }

    @Test func discardRemovesTheJournalAndKeepsTheFile() throws {
        let bench = try FileBench(prepare: Self.withJournal)
        let original = bench.fileText
        bench.type("x")
        #expect(!bench.exists(bench.journalPath))
        #expect(bench.state.design.services[0].name == "catalog")
        #expect(!bench.state.isModified)
        #expect(bench.fileText == original)
        #expect(bench.state.message?.text.hasPrefix("discarded the unsaved changes") == true)
    }

    @Test func readOnlyKeepsTheJournal() throws {
        let bench = try FileBench(prepare: Self.withJournal)
        bench.type("o")
        #expect(bench.state.isReadOnly)
        #expect(bench.exists(bench.journalPath))
        bench.type("q")
        #expect(bench.lastOutcome == .quit)
        #expect(bench.exists(bench.journalPath), "quitting does not remove a journal this session did not write")
    }

    /// README: in Recovery `q` quits. Nothing is recovered or discarded: the journal stays as
    /// it was (to be offered again), the file as it was, and no lock is left behind. Ctrl-C, the
    /// prompt's other quit key, the same.
    @Test(arguments: ["q", "\u{03}"])
    func quitFromTheRecoveryPromptLeavesTheJournalAndTheFile(key: String) throws {
        let bench = try FileBench(prepare: Self.withJournal)
        #expect(bench.text.contains("q  quit"))
        let journal = try Data(contentsOf: URL(fileURLWithPath: bench.journalPath))
        let original = bench.fileText
        bench.type(key)
        #expect(bench.lastOutcome == .quit)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: bench.journalPath))) == journal, "the journal was changed or removed")
        #expect(bench.fileText == original)
        #expect(!bench.exists(bench.lockPath))
        #expect(!bench.state.isModified)
        // Offered again on the next open.
        let again = try FileBench { path in
            try FileManager.default.removeItem(atPath: path)
            try Data(original.utf8).write(to: URL(fileURLWithPath: path))
            try journal.write(to: URL(fileURLWithPath: RecoveryJournal.path(for: path)))
        }
        #expect(again.text.contains("shop.design.yaml has unsaved changes from an earlier session"))
    }

    @Test func anOlderJournalIsOfferedWithAWarning() throws {
        let bench = try FileBench { path in
            try Self.withJournal(path)
            // The file was saved after the journal was written.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)],
                                                  ofItemAtPath: RecoveryJournal.path(for: path))
        }
        #expect(bench.text.contains("unsaved changes from an earlier session"))
        #expect(bench.text.contains("before the file was last written: it may hold older work."))
    }
}

@MainActor
@Suite struct SaveConflictTests {
    static func changeTitleOnDisk(_ path: String, to title: String = "Changed Elsewhere") throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "title: Shop Platform", with: "title: \(title)")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func aSaveOverAChangedFileAsksAndWritesNothing() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        try Self.changeTitleOnDisk(bench.path)
        let theirs = bench.fileText
        bench.press(.ctrl("s"))
        #expect(bench.text.contains("shop.design.yaml was changed on disk since it was loaded."))
        #expect(bench.fileText == theirs)
        bench.press(.escape)
        #expect(bench.fileText == theirs)
        #expect(bench.state.isModified)
        #expect(bench.state.message?.text.hasPrefix("not saved") == true)
    }

    @Test func overwriteWritesThisVersion() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        try Self.changeTitleOnDisk(bench.path)
        bench.press(.ctrl("s"))
        bench.type("o")
        #expect(bench.fileText.contains("name: renamedsvc"))
        #expect(!bench.fileText.contains("Changed Elsewhere"))
        #expect(!bench.state.isModified)
        // The identity is the new file's: the next save asks nothing.
        bench.type("r\u{15}again\r\u{13}")
        #expect(bench.state.message?.text == "saved shop.design.yaml")
    }

    @Test func reloadTakesTheirVersion() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        try Self.changeTitleOnDisk(bench.path)
        bench.press(.ctrl("s"))
        bench.type("r")
        #expect(bench.state.design.title == "Changed Elsewhere")
        #expect(bench.state.design.services[0].name == "catalog")
        #expect(!bench.state.isModified)
        #expect(bench.state.message?.text.hasPrefix("reloaded shop.design.yaml from disk") == true)
    }

    @Test func saveAsWritesANewFileAndLeavesTheirs() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        try Self.changeTitleOnDisk(bench.path)
        let theirs = bench.fileText
        bench.press(.ctrl("s"))
        let copy = bench.folder.appendingPathComponent("mine.design.yaml").path
        bench.type("s\(copy)\r")
        #expect(bench.fileText == theirs)
        #expect(try String(contentsOfFile: copy, encoding: .utf8).contains("name: renamedsvc"))
        #expect(bench.state.filePath == copy)
        #expect(bench.state.fileName == "mine.design.yaml")
        #expect(!bench.exists(bench.lockPath), "the old file's lock went with it")
        // :saveas onto an existing file is refused.
        bench.type(":saveas \(bench.path)\r")
        #expect(bench.state.message?.text.contains("exists") == true)
        #expect(bench.fileText == theirs)
    }

    @Test func aFullDiskLeavesTheFileAndSaysWhy() throws {
        let full = AtomicWriteCalls(write: { _, _, _ in errno = ENOSPC; return -1 }, fsync: { fsync($0) })
        let bench = try FileBench(writeCalls: full)
        let original = bench.fileText
        bench.renameCatalog()
        bench.press(.ctrl("s"))
        #expect(bench.state.message?.text.contains("No space left on device") == true)
        #expect(bench.state.message?.severity == .error)
        #expect(bench.fileText == original)
        #expect(bench.state.isModified)
        // :wq does not quit after a failed save.
        bench.type(":wq\r")
        #expect(bench.lastOutcome == .inputEnded)
    }
}

@MainActor
@Suite struct DiskWatchTests {
    @Test func anUnmodifiedDesignReloadsWhenTheFileChanges() throws {
        let bench = try FileBench()
        try SaveConflictTests.changeTitleOnDisk(bench.path)
        bench.idle()
        #expect(bench.state.design.title == "Changed Elsewhere")
        #expect(bench.state.message?.text == "reloaded shop.design.yaml: it changed on disk")
        #expect(bench.text.contains("Changed Elsewhere"))
    }

    @Test func theReloadWaitsWhileAFormIsOpen() throws {
        let bench = try FileBench()
        bench.type("3e")
        try SaveConflictTests.changeTitleOnDisk(bench.path)
        bench.idle()
        #expect(bench.state.design.title == "Shop Platform")
        bench.press(.escape)
        bench.idle()
        #expect(bench.state.design.title == "Changed Elsewhere")
    }

    @Test func aModifiedDesignIsNotReloadedButWarned() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        try SaveConflictTests.changeTitleOnDisk(bench.path)
        bench.idle()
        #expect(bench.state.design.services[0].name == "renamedsvc")
        #expect(bench.state.message?.text.contains("changed on disk; your edits are unsaved") == true)
        // Said once, not on every poll.
        bench.type("j")
        bench.idle()
        #expect(bench.state.message?.text.contains("changed on disk") != true)
    }

    @Test func aChangeThatDoesNotLoadIsReportedAndTheDesignKept() throws {
        let bench = try FileBench()
        try Data("title: [unclosed\n".utf8).write(to: URL(fileURLWithPath: bench.path))
        bench.idle()
        #expect(bench.state.design.title == "Shop Platform")
        #expect(bench.state.message?.text.contains("changed on disk and does not load") == true)
        #expect(bench.state.message?.severity == .error)
    }
}

@MainActor
@Suite struct ReviewFileTests {
    @Test func aReviewCommentSaveIsNotMistakenForSomeoneElsesChange() throws {
        let bench = try FileBench(readOnly: true)
        bench.type("4jc")
        bench.type("Index on category_id?\r")
        bench.idle()
        #expect(!bench.exists(bench.lockPath), "a reviewer takes no lock")
        #expect(!bench.exists(bench.journalPath), "nor writes over the editor's journal")
        bench.press(.ctrl("s"))
        #expect(bench.state.message?.text.hasPrefix("saved comments") == true)
        bench.idle()
        #expect(bench.state.message?.text.hasPrefix("saved comments") == true, "no reload of its own write")
    }

    @Test func aReviewersUnsavedCommentsAreKeptAndRecoveredInTheNextReview() throws {
        var reviewJournal = ""
        do {
            let bench = try FileBench(readOnly: true)
            bench.type("4jc")
            bench.type("Index on category_id?\r")
            bench.idle()
            let own = RecoveryJournal.reviewPath(for: bench.path)
            #expect(try String(contentsOfFile: own, encoding: .utf8).contains("Index on category_id?"))
            // The link drops: the journal stays. Make it look like a dead process's.
            bench.files.hangUp(bench.state)
            let dead = try deadPid()
            reviewJournal = RecoveryJournal.reviewPath(for: bench.path, pid: dead)
            let text = try String(contentsOfFile: own, encoding: .utf8)
                .replacingOccurrences(of: "# pid: \(getpid())", with: "# pid: \(dead)")
            try Data(text.utf8).write(to: URL(fileURLWithPath: reviewJournal))
            unlink(own)
            let again = try FileBench(readOnly: true) { path in
                try FileManager.default.removeItem(atPath: path)
                try FileManager.default.copyItem(atPath: bench.path, toPath: path)
                try FileManager.default.copyItem(atPath: reviewJournal,
                                                 toPath: RecoveryJournal.reviewPath(for: path, pid: dead))
            }
            #expect(again.text.contains("Unsaved review comments on shop.design.yaml"))
            #expect(again.text.contains("1 comment, reply or resolution not in the file."))
            again.type("r")
            #expect(again.state.isModified)
            #expect(again.state.design.comments.contains { $0.text == "Index on category_id?" })
            again.press(.ctrl("s"))
            #expect(again.fileText.contains("Index on category_id?"))
            #expect(RecoveryJournal.reviewJournals(for: again.path).isEmpty, "recovered and saved: gone")
        }
    }

    /// README: the next review offers a dead review session's comments, and `x` discards them:
    /// its journal goes, nothing is added to the design or the file, and the session goes on.
    @Test func discardFromTheReviewRecoveryPromptRemovesTheDeadSessionsJournal() throws {
        let first = try FileBench(readOnly: true)
        first.type("4jc")
        first.type("Index on category_id?\r")
        first.idle()
        let own = RecoveryJournal.reviewPath(for: first.path)
        first.files.hangUp(first.state)
        // Make it look like a dead process's journal.
        let dead = try deadPid()
        let text = try String(contentsOfFile: own, encoding: .utf8)
            .replacingOccurrences(of: "# pid: \(getpid())", with: "# pid: \(dead)")
        #expect(text.contains("Index on category_id?"))
        unlink(own)
        let original = first.fileText
        let bench = try FileBench(readOnly: true) { path in
            try Data(text.utf8).write(to: URL(fileURLWithPath: RecoveryJournal.reviewPath(for: path, pid: dead)))
        }
        let deadJournal = RecoveryJournal.reviewPath(for: bench.path, pid: dead)
        #expect(bench.text.contains("Unsaved review comments on shop.design.yaml"))
        #expect(bench.text.contains("x  discard them"))
        #expect(bench.fileText == original)
        bench.type("x")
        #expect(bench.lastOutcome != .quit)
        #expect(!bench.exists(deadJournal), "the dead session's journal is still there")
        #expect(RecoveryJournal.reviewJournals(for: bench.path).isEmpty)
        #expect(!bench.text.contains("Unsaved review comments"))
        #expect(bench.state.message?.text == "discarded the unsaved review comments of the earlier session")
        #expect(!bench.state.isModified)
        #expect(!bench.state.design.comments.contains { $0.text == "Index on category_id?" })
        #expect(bench.fileText == original)
        // The session goes on; quitting saves nothing.
        bench.type("q")
        #expect(bench.lastOutcome == .quit)
        #expect(bench.fileText == original)
        #expect(RecoveryJournal.reviewJournals(for: bench.path).isEmpty)
    }

    @Test func aReviewerLeavesAnEditorsJournalAlone() throws {
        let bench = try FileBench(readOnly: true, prepare: RecoveryPromptTests.withJournal)
        let journal = try String(contentsOfFile: bench.journalPath, encoding: .utf8)
        #expect(!bench.text.contains("unsaved changes from an earlier session"), "review offers no recovery")
        bench.type("4jc")
        bench.type("Looks fine\r")
        bench.idle()
        bench.press(.ctrl("s"))
        bench.type("q")
        #expect(try String(contentsOfFile: bench.journalPath, encoding: .utf8) == journal)
    }

    @Test func aCommentSaveShowsWhatOthersChangedMeanwhile() throws {
        let bench = try FileBench(readOnly: true)
        bench.type("4jc")
        bench.type("Index on category_id?\r")
        try SaveConflictTests.changeTitleOnDisk(bench.path)
        bench.press(.ctrl("s"))
        #expect(bench.state.design.title == "Changed Elsewhere")
        #expect(bench.state.design.comments.contains { $0.text == "Index on category_id?" })
        #expect(bench.fileText.contains("Changed Elsewhere"))
        #expect(bench.fileText.contains("Index on category_id?"))
    }
}

@MainActor
@Suite struct FileSafetyEdgeTests {
    @Test func recoverRefusedTheLockDoesNotAdoptTheJournal() throws {
        let bench = try FileBench(prepare: RecoveryPromptTests.withJournal)
        // Someone else started editing after this workbench opened.
        try writeLock(for: bench.path, pid: getppid())
        bench.type("r")
        #expect(bench.text.contains("being edited by"))
        bench.type("o")
        bench.type("q")
        #expect(bench.lastOutcome == .quit)
        #expect(bench.exists(bench.journalPath), "the journal was not applied, so it is not this session's")
    }

    @Test func writingToTheDesignsOwnPathChecksForChangesOnDisk() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        try SaveConflictTests.changeTitleOnDisk(bench.path)
        let theirs = bench.fileText
        bench.type(":w \(bench.path)\r")
        #expect(bench.text.contains("was changed on disk since it was loaded"))
        #expect(bench.fileText == theirs)
    }

    @Test func quitFromTheLockPromptAsksAboutUnsavedChanges() throws {
        let bench = try FileBench()
        bench.type("4jc")
        bench.type("A comment\r")
        #expect(bench.state.isModified)
        // Someone took the lock over meanwhile; this workbench asks again at its next edit.
        try writeLock(for: bench.path, pid: getppid())
        bench.state.editLock = .notTaken
        bench.type("r")
        bench.type("q")
        #expect(bench.state.mode == .confirmQuit)
        #expect(bench.lastOutcome == .inputEnded)
    }

    @Test func aCommentIsAnEditAndTakesTheLock() throws {
        let bench = try FileBench()
        bench.type("4jc")
        #expect(bench.exists(bench.lockPath))
        #expect(bench.state.editLock == .held)
    }

    @Test func aJournalIdenticalToTheFileIsNotOfferedAndGoes() throws {
        let bench = try FileBench { path in
            let design = try DesignLoader.load(contentsOf: path).design
            try Data(CanonicalWriter.yaml(for: design).utf8).write(to: URL(fileURLWithPath: path))
            try RecoveryJournal.write(design: design, for: path, loadedIdentity: nil)
        }
        #expect(!bench.text.contains("unsaved changes from an earlier session"))
        #expect(!bench.exists(bench.journalPath))
    }

    @Test func aJournalWhoseWriterStillRunsIsNotOffered() throws {
        let bench = try FileBench { path in
            try RecoveryPromptTests.withJournal(path)
            // Written by the parent process (a live one); its start time is not recorded.
            let text = try String(contentsOfFile: RecoveryJournal.path(for: path), encoding: .utf8)
                .replacingOccurrences(of: "# pid: \(getpid())", with: "# pid: \(getppid())")
                .split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("# process-start-ticks:") }.joined(separator: "\n")
            try Data(text.utf8).write(to: URL(fileURLWithPath: RecoveryJournal.path(for: path)))
        }
        #expect(!bench.text.contains("unsaved changes from an earlier session"))
        #expect(bench.state.message?.text.contains("pid \(getppid()) is still running") == true)
        #expect(bench.exists(bench.journalPath))
    }

    @Test func saveAsLeavesTheNextEditToTakeTheNewFilesLock() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        let copy = bench.folder.appendingPathComponent("copy.design.yaml").path
        bench.type(":saveas \(copy)\r")
        #expect(bench.state.filePath == copy)
        #expect(bench.state.editLock == .notTaken)
        #expect(!bench.exists(bench.lockPath))
        bench.type("r\u{15}again\r")
        #expect(bench.exists(DesignLock.path(for: copy)))
    }
}

@MainActor
@Suite struct WalkthroughFindingTests {
    @Test func aSecondQDoesNotDropTheEdits() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        bench.idle()
        bench.type("qq")
        #expect(bench.lastOutcome == .inputEnded, "still running")
        #expect(bench.state.message?.text == "quit cancelled")
        #expect(bench.exists(bench.journalPath))
        bench.type("qd")
        #expect(bench.lastOutcome == .quit)
    }

    @Test func saveAndQuitOverAChangedFileQuitsAfterOverwrite() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        try SaveConflictTests.changeTitleOnDisk(bench.path)
        bench.type(":wq\r")
        #expect(bench.text.contains("o  overwrite it with your version and quit"))
        bench.type("o")
        #expect(bench.lastOutcome == .quit)
        #expect(bench.fileText.contains("name: renamedsvc"))
    }

    @Test func aReviewersCommentsSavedMeanwhileAreMergedNotAskedAbout() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        // A reviewer saves a comment to the file meanwhile (review mode's comment-only save).
        var reviewed = try DesignLoader.load(contentsOf: bench.path).design
        let base = reviewed.comments
        _ = reviewed.addComment(on: .table("orders"), author: "reviewer", text: "Why is checkout sync?")
        _ = try DesignFile.saveComments(base: base, mine: reviewed.comments, to: bench.path)
        bench.press(.ctrl("s"))
        #expect(!bench.text.contains("was changed on disk"))
        #expect(bench.state.message?.text.hasPrefix("saved shop.design.yaml, with the review comments saved to it meanwhile") == true)
        #expect(bench.fileText.contains("name: renamedsvc"))
        #expect(bench.fileText.contains("Why is checkout sync?"))
        #expect(bench.state.design.comments.contains { $0.text == "Why is checkout sync?" })
        // Anything beyond comments still asks.
        bench.type("r\u{15}again\r")
        try SaveConflictTests.changeTitleOnDisk(bench.path)
        bench.press(.ctrl("s"))
        #expect(bench.text.contains("was changed on disk since it was loaded"))
    }

    @Test func aJournalThatCannotBeWrittenIsSaidOnce() throws {
        let bench = try FileBench()
        // Something in the way of the journal (as a full disk or a read-only folder would be).
        try FileManager.default.createDirectory(atPath: bench.journalPath, withIntermediateDirectories: false)
        bench.renameCatalog()
        bench.idle()
        bench.idle()
        #expect(bench.state.message?.text.hasPrefix("no recovery journal (") == true)
        #expect(bench.state.message?.text.hasSuffix("unsaved edits are not safe from a dropped link; save soon") == true)
        bench.type("j")
        bench.idle()
        #expect(bench.state.message?.text.hasPrefix("no recovery journal") != true, "said once")
    }

    @Test func messagesShowsWhatTheStatusLineCut() throws {
        let bench = try FileBench()
        try writeLock(for: bench.path, pid: try deadPid())
        bench.type("3r")
        let full = try #require(bench.state.message?.text)
        #expect(full.hasPrefix("took over a stale lock left by someone on"))
        bench.type("\u{15}renamedsvc\r")
        bench.type(":messages\r")
        #expect(bench.text.contains("┌ Messages"))
        // The whole text, wrapped, where the status line had room for its start only.
        let shown = bench.terminal.lines().map { $0.replacingOccurrences(of: "│", with: " ").trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        #expect(shown.contains("took over a stale lock left by someone on"))
        #expect(shown.contains("renamed service:catalog to renamedsvc"))
        bench.press(.escape)
        #expect(bench.state.mode == .normal)
    }

    @Test func recoveredEditsOverAChangedFileAskBeforeSaving() throws {
        let bench = try FileBench { path in
            try RecoveryPromptTests.withJournal(path)
            // Someone changes the file after the journal's edits began.
            try SaveConflictTests.changeTitleOnDisk(path)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: path)
        }
        #expect(bench.text.contains("The file was changed after these edits began"))
        bench.type("r")
        bench.press(.ctrl("s"))
        #expect(bench.text.contains("was changed on disk since it was loaded"))
        #expect(bench.fileText.contains("Changed Elsewhere"))
    }

    @Test func aNoteAddedOnDiskIsNotMistakenForACommentOnlyChange() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        let noted = "# NOTE from Ana: keep catalog stateless\n" + bench.fileText
        try Data(noted.utf8).write(to: URL(fileURLWithPath: bench.path))
        bench.press(.ctrl("s"))
        #expect(bench.text.contains("was changed on disk since it was loaded"))
        #expect(bench.fileText == noted)
    }

    @Test func aCommentDeletedHereStaysDeletedWhenReviewCommentsAreMerged() throws {
        let bench = try FileBench()
        let first = try #require(bench.state.design.comments.first)
        // Delete the first comment in this session (through the comments panel's model).
        var design = bench.state.design
        design.comments.removeAll { $0.id == first.id }
        bench.state.design = design
        bench.state.isModified = true
        var reviewed = try DesignLoader.load(contentsOf: bench.path).design
        let base = reviewed.comments
        _ = reviewed.addComment(on: nil, author: "reviewer", text: "One more thing")
        _ = try DesignFile.saveComments(base: base, mine: reviewed.comments, to: bench.path)
        bench.press(.ctrl("s"))
        #expect(bench.state.message?.text.contains("with the review comments saved to it meanwhile") == true)
        let saved = try DesignLoader.load(contentsOf: bench.path).design.comments
        #expect(!saved.contains { $0.id == first.id && $0.text == first.text })
        #expect(saved.contains { $0.text == "One more thing" })
    }

    @Test func aVanishedLockIsTakenAgainAndJournallingGoesOn() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        unlink(bench.lockPath)
        bench.idle()
        #expect(bench.exists(bench.lockPath))
        #expect(bench.state.message?.text.contains("took over the lock") != true)
        #expect(try String(contentsOfFile: bench.journalPath, encoding: .utf8).contains("name: renamedsvc"))
    }

    @Test func aJournalReachedThroughALinkIsOfferedAsNewer() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        bench.idle()
        bench.type(":q!\r")
        try RecoveryPromptTests.withJournal(bench.path)
        let link = bench.folder.appendingPathComponent("link.yaml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: bench.path)
        let viaLink = FileSession(path: link, identity: try FileIdentity.current(of: link))
        guard case let .recoveryAvailable(prompt)? = viaLink.eventsOnOpen().first else {
            Issue.record("no recovery offered through the link")
            return
        }
        #expect(!prompt.olderThanFile)
    }

    @Test func recoveringAReviewKeepsItsResolutions() {
        let open = Comment(id: 1, author: "ana", at: "2026-11-25T06:00:00Z", text: "Why?", status: .open)
        var resolved = open
        resolved.status = .resolved
        let result = CommentMerge.recovered([resolved], into: [open])
        #expect(result.added == 1)
        #expect(result.comments == [resolved])
        #expect(CommentMerge.recovered([open], into: [open]).added == 0)
    }

    @Test func exportWillNotWriteOverTheDesign() throws {
        let bench = try FileBench()
        let original = bench.fileText
        bench.type(":export markdown \(bench.path)\r")
        #expect(bench.fileText == original)
        #expect(bench.state.message?.severity == .error)
    }

    @Test func exportWillNotWriteOverAnotherDesign() throws {
        let bench = try FileBench()
        let other = (bench.path as NSString).deletingLastPathComponent + "/other.design.yaml"
        let text = "archbench: 1\ntitle: Other\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: other))
        bench.type(":export markdown \(other)\r")
        #expect(try String(contentsOfFile: other, encoding: .utf8) == text)
        #expect(bench.state.message?.text.contains("holds a design") == true)
    }

    @Test func aLockTakenOverElsewhereIsNoticedAndItsJournalLeftAlone() throws {
        let bench = try FileBench()
        bench.renameCatalog()
        // Another workbench answers "edit anyway" and journals its own edits.
        try writeLock(for: bench.path, pid: getppid())
        var theirs = try DesignLoader.load(contentsOf: bench.path).design
        theirs.title = "Theirs"
        let journal = RecoveryJournal.render(design: theirs, for: bench.path, loadedIdentity: nil, pid: getppid())
        try RecoveryJournal.write(journal, for: bench.path)
        bench.idle()
        #expect(bench.state.message?.text.contains("took over the lock of shop.design.yaml") == true)
        bench.press(.ctrl("s"))
        #expect(bench.state.message?.text == "saved shop.design.yaml")
        #expect(try String(contentsOfFile: bench.journalPath, encoding: .utf8).contains("title: Theirs"),
                "the other workbench's journal stays")
    }

    @Test func aDesignOpenedThroughALinkIsLockedNextToTheRealFile() throws {
        let bench = try FileBench()
        let link = bench.folder.appendingPathComponent("link.yaml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: bench.path)
        #expect(FileSession.anchor(of: link) == URL(fileURLWithPath: bench.path).resolvingSymlinksInPath().path)
        let viaLink = FileSession(path: link, identity: try FileIdentity.current(of: link))
        _ = viaLink.acquireLock()
        #expect(FileManager.default.fileExists(atPath: DesignLock.path(for: URL(fileURLWithPath: bench.path).resolvingSymlinksInPath().path)))
        #expect(!FileManager.default.fileExists(atPath: DesignLock.path(for: link)))
        viaLink.quit()
    }
}

@MainActor
@Suite struct BundledExampleSaveTests {
    @Test func saveAsGivesTheBundledExampleAFileAndRefusesToOverwrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-bundled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let precious = folder.appendingPathComponent("precious.yaml").path
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: precious))
        let terminal = MemoryTerminal(width: 100, height: 30)
        var state = AppState(loaded: try DesignLoader.load(yaml: BundledExample.yaml, file: BundledExample.fileName), fileName: BundledExample.fileName, filePath: nil,
                             readOnly: false, checker: nil, screenSize: terminal.size)
        terminal.type(":saveas \(precious)\r")
        WorkbenchRunner.run(&state, on: terminal)
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me\n")
        #expect(state.message?.text.contains("exists") == true)
        let fresh = folder.appendingPathComponent("mine.design.yaml").path
        terminal.type(":saveas \(fresh)\r")
        WorkbenchRunner.run(&state, on: terminal)
        #expect(state.filePath == fresh)
        #expect(try DesignLoader.load(contentsOf: fresh).design == state.design)
        #expect(state.editLock == .notTaken, "the next edit takes the new file's lock")
    }
}

@MainActor
@Suite struct SuspendTests {
    @Test func ctrlZStopsForTheShellAndRepaintsOnReturn() throws {
        let bench = try FileBench()
        let framesBefore = bench.terminal.frameCount
        bench.press(.ctrl("z"))
        #expect(bench.stops == 1)
        #expect(!bench.terminal.isSuspended)
        #expect(bench.terminal.frameCount > framesBefore)
        #expect(bench.state.message?.text == "welcome back")
    }

    @Test func ctrlZInAFormStillUndoes() throws {
        let bench = try FileBench()
        bench.type("3e")
        bench.press(.ctrl("z"))
        #expect(bench.stops == 0)
    }
}
