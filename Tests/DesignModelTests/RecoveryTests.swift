#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArchbenchTestSupport
import DesignModel
import Foundation
import Synchronization
import Testing

/// A fresh folder for one test, removed afterwards by the caller's defer.
private func scratchFolder(_ name: String = #function) throws -> String {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("archbench-recovery-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

private func filesIn(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
}

/// Sets a file's modification time, so newer/older comparisons do not depend on timing.
private func setModificationTime(_ path: String, secondsFromNow offset: Double) {
    let time = Date().timeIntervalSince1970 + offset
    var times = [timespec(tv_sec: Int(time), tv_nsec: 0), timespec(tv_sec: Int(time), tv_nsec: 0)]
    #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
}

/// A pid that surely belongs to no process: one that ran and was reaped.
private func deadPid() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

/// Recovery after a dropped link or a crash, locks, file identity and safe saves (issue 7); one
/// parent suite so `--filter RecoveryTests` runs them all.
@Suite struct RecoveryTests {}

private func editedShop() throws -> Design {
    var design = try Shared.shop()
    design.title = "Shop, edited before the link dropped"
    design.security.append("journal-test: an edit that must survive")
    return design
}

extension RecoveryTests {
    @Suite struct ContentHashTests {
        /// The FIPS 180-4 / NIST CSRC example vectors.
        @Test(arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ])
        func knownVectors(_ message: String, _ expected: String) {
            #expect(ContentHash.sha256(Array(message.utf8)).hex == expected)
        }

        @Test func millionAs() {
            #expect(ContentHash.sha256([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        /// Lengths around the padding boundary (55, 56, 63, 64, 65 bytes) against sha256sum.
        @Test func blockBoundaries() throws {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else { return }
            for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
                let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
                let folder = try scratchFolder()
                defer { try? FileManager.default.removeItem(atPath: folder) }
                let path = folder + "/bytes"
                #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
                process.arguments = [path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(ContentHash.sha256(bytes).hex == output.prefix(64).description, "length \(length)")
            }
        }

        @Test func hexRoundTrip() {
            let digest = ContentHash.sha256(Array("abc".utf8))
            #expect(SHA256Digest(hex: digest.hex) == digest)
            #expect(SHA256Digest(hex: "xyz") == nil)
        }
    }
}

extension RecoveryTests {
    @Suite struct RecoveryJournalTests {
        @Test func journalLivesNextToTheDesignAsAHiddenFile() {
            #expect(RecoveryJournal.path(for: "/a/b/shop.design.yaml") == "/a/b/.shop.design.yaml.archbench-recovery")
            #expect(RecoveryJournal.path(for: "shop.design.yaml") == ".shop.design.yaml.archbench-recovery")
            #expect(RecoveryJournal.path(for: "docs/shop.design.yaml") == "docs/.shop.design.yaml.archbench-recovery")
            #expect(DesignLock.path(for: "/a/b/shop.design.yaml") == "/a/b/.shop.design.yaml.archbench-lock")
        }

        @Test func theJournalIsAsPrivateAsTheDesignAndLeftoversGo() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/shop.design.yaml"
            try FileManager.default.copyItem(atPath: Shared.shopPath, toPath: path)
            chmod(path, 0o600)
            // What a write cut short by a signal leaves.
            let leftovers = [folder + "/..shop.design.yaml.archbench-recovery.tmp-AbC123",
                             folder + "/.shop.design.yaml.archbench-recovery.signal-tmp"]
            for leftover in leftovers { try Data("half".utf8).write(to: URL(fileURLWithPath: leftover)) }
            try RecoveryJournal.write(design: try editedShop(), for: path, loadedIdentity: nil)
            var info = stat()
            #expect(stat(RecoveryJournal.path(for: path), &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            for leftover in leftovers { #expect(!FileManager.default.fileExists(atPath: leftover)) }
            #expect(FileManager.default.fileExists(atPath: path))
        }

        @Test func writeThenReadGivesTheUnsavedDesignAndItsHeader() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/shop.design.yaml"
            try FileManager.default.copyItem(atPath: Shared.shopPath, toPath: path)
            let opened = try DesignFile.loadWithIdentity(contentsOf: path)
            let edited = try editedShop()
            #expect(edited != opened.loaded.design)

            try RecoveryJournal.write(design: edited, for: path, loadedIdentity: opened.identity)
            let recovered = try #require(try RecoveryJournal.read(for: path))
            #expect(recovered.design == edited)
            #expect(recovered.journalPath == folder + "/.shop.design.yaml.archbench-recovery")
            #expect(recovered.header.pid == getpid())
            #expect(recovered.header.host == ThisProcess.hostName)
            #expect(recovered.header.loadedIdentity == opened.identity)
            #expect(recovered.header.designPath.hasSuffix("/shop.design.yaml"))
            let written = try #require(recovered.header.written)
            #expect(abs(written.timeIntervalSinceNow) < 60)
            // The journal is itself a design file: the header is YAML comments.
            #expect(try DesignLoader.load(contentsOf: recovered.journalPath).design == edited)
            #expect(recovered.text.hasPrefix("# archbench recovery journal"))
            // The design file itself is untouched.
            #expect(contents(path) == Shared.shopText)
            // Only the design and the journal: no temporary files left behind.
            #expect(filesIn(folder) == [".shop.design.yaml.archbench-recovery", "shop.design.yaml"])
        }

        @Test func newerThanComparesWithTheFile() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            #expect(!RecoveryJournal.isNewer(than: path))  // neither exists
            try DesignFile.save(Design(title: "D"), to: path)
            #expect(!RecoveryJournal.isNewer(than: path))  // no journal
            #expect(try RecoveryJournal.read(for: path) == nil)

            try RecoveryJournal.write(design: Design(title: "D edited"), for: path, loadedIdentity: nil)
            setModificationTime(path, secondsFromNow: -60)
            #expect(RecoveryJournal.isNewer(than: path))

            // Saved after the journal was written: the journal is older and not offered.
            setModificationTime(path, secondsFromNow: 60)
            #expect(!RecoveryJournal.isNewer(than: path))
            #expect(RecoveryJournal.exists(for: path))

            // The design was deleted: a journal is all there is.
            try FileManager.default.removeItem(atPath: path)
            #expect(RecoveryJournal.isNewer(than: path))
        }

        @Test func removeDeletesOnlyTheJournal() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            try DesignFile.save(Design(title: "D"), to: path)
            try RecoveryJournal.write(design: Design(title: "D edited"), for: path, loadedIdentity: nil)
            #expect(try RecoveryJournal.remove(for: path))
            #expect(!RecoveryJournal.exists(for: path))
            #expect(try RecoveryJournal.remove(for: path) == false)
            #expect(filesIn(folder) == ["d.design.yaml"])
        }

        @Test func aJournalThatDoesNotLoadIsReportedNotDropped() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            try "# archbench recovery journal\ntitle: [broken\n".write(toFile: RecoveryJournal.path(for: path), atomically: false, encoding: .utf8)
            #expect(throws: DesignLoadError.self) { try RecoveryJournal.read(for: path) }
            #expect(RecoveryJournal.exists(for: path))
        }
    }
}

/// The writer a real signal handler uses in `signalHandlerWritesThePublishedJournal`; a C
/// handler cannot capture, so it is a global.
private let handlerTestWriter = SignalSafeJournalWriter()
/// What the handler got, as `Outcome` raw index (+1; 0 = handler did not run).
private let handlerOutcome = Atomic<Int>(0)

extension RecoveryTests {
    @Suite(.serialized) struct SignalSafeJournalWriterTests {
        static func index(_ outcome: SignalSafeJournalWriter.Outcome) -> Int {
            switch outcome {
            case .written: 1
            case .nothingToWrite: 2
            case .alreadyWriting: 3
            case .failed: 4
            }
        }

        @Test func signalHandlerWritesThePublishedJournal() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/shop.design.yaml"
            try FileManager.default.copyItem(atPath: Shared.shopPath, toPath: path)
            let opened = try DesignFile.loadWithIdentity(contentsOf: path)
            let edited = try editedShop()
            handlerTestWriter.publish(design: edited, for: path, loadedIdentity: opened.identity)

            // A real handler, run by a real signal: raise() delivers it to this thread before it returns.
            let previous = signal(SIGUSR1) { _ in
                let outcome = handlerTestWriter.writeFromSignalHandler()
                handlerOutcome.store(SignalSafeJournalWriterTests.index(outcome), ordering: .relaxed)
            }
            defer { signal(SIGUSR1, previous) }
            // Tests run on libdispatch worker threads, which block signals; unblock this one here
            // (a process-directed SIGHUP goes to a thread that does not block it, the main thread).
            var unblock = sigset_t(), previousMask = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGUSR1)
            #expect(pthread_sigmask(SIG_UNBLOCK, &unblock, &previousMask) == 0)
            defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
            handlerOutcome.store(0, ordering: .relaxed)
            raise(SIGUSR1)
            #expect(handlerOutcome.load(ordering: .relaxed) == Self.index(.written))

            let recovered = try #require(try RecoveryJournal.read(for: path))
            #expect(recovered.design == edited)
            #expect(recovered.header.loadedIdentity == opened.identity)
            #expect(RecoveryJournal.isNewer(than: path))
            #expect(filesIn(folder) == [".shop.design.yaml.archbench-recovery", "shop.design.yaml"])
            // The journal is as private as the design it copies.
            var info = stat()
            #expect(stat(recovered.journalPath, &info) == 0)
            var designInfo = stat()
            #expect(stat(path, &designInfo) == 0)
            #expect(info.st_mode & 0o777 == designInfo.st_mode & 0o777)

            // After a save the workbench withdraws: a signal then writes nothing.
            handlerTestWriter.withdraw()
            try RecoveryJournal.remove(for: path)
            raise(SIGUSR1)
            #expect(handlerOutcome.load(ordering: .relaxed) == Self.index(.nothingToWrite))
            #expect(!RecoveryJournal.exists(for: path))
        }

        @Test func theLatestPublishedBytesAreWrittenWhateverTheirSize() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let writer = SignalSafeJournalWriter()
            #expect(writer.writeFromSignalHandler() == .nothingToWrite)
            var design = Design(title: "small")
            // Alternates between the two slots and grows past each slot's capacity several times.
            for step in 0..<12 {
                design.security.append(String(repeating: "requirement \(step) ", count: 40 * (step + 1)))
                writer.publish(design: design, for: path, loadedIdentity: nil)
                #expect(writer.hasPublished)
                #expect(writer.writeFromSignalHandler() == .written)
                #expect(try RecoveryJournal.read(for: path)?.design == design, "step \(step)")
            }
            // Publishing for another path (save as) moves the journal with it.
            let other = folder + "/renamed.design.yaml"
            writer.publish(design: design, for: other, loadedIdentity: nil)
            #expect(writer.writeFromSignalHandler() == .written)
            #expect(try RecoveryJournal.read(for: other)?.design == design)
        }

        /// A journal a signal handler wrote says which signal in its first line; one written
        /// otherwise has no such line.
        @Test func aJournalWrittenOnASignalNamesIt() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let writer = SignalSafeJournalWriter()
            let design = Design(title: "signalled")
            writer.publish(design: design, for: path, loadedIdentity: nil)
            for (number, name) in [(SIGHUP, "SIGHUP"), (SIGTERM, "SIGTERM"), (SIGBUS, "SIGBUS"), (SIGQUIT, "SIGQUIT")] {
                #expect(writer.writeFromSignalHandler(signal: number) == .written)
                let recovered = try #require(try RecoveryJournal.read(for: path))
                #expect(recovered.text.hasPrefix("# written-on-signal: \(name)\n# archbench recovery journal"))
                #expect(recovered.header.writtenOnSignal == name)
                #expect(recovered.design == design)
            }
            #expect(writer.writeFromSignalHandler() == .written)
            #expect(try RecoveryJournal.read(for: path)?.header.writtenOnSignal == nil)
        }

        /// A second signal while the first is still writing must not wait or write over it: the
        /// first call is held inside open(2) on a FIFO placed at its temporary path.
        @Test func aSecondCallWhileOneIsWritingReturnsAtOnce() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let writer = SignalSafeJournalWriter()
            writer.publish(design: Design(title: "held"), for: path, loadedIdentity: nil)
            let fifo = RecoveryJournal.path(for: path) + ".signal-tmp"
            #expect(mkfifo(fifo, 0o600) == 0)

            let firstOutcome = Locked<SignalSafeJournalWriter.Outcome?>(nil)
            let finished = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                let outcome = writer.writeFromSignalHandler()
                firstOutcome.value.withLock { $0 = outcome }
                finished.signal()
            }
            // The first call has claimed the slot once nothing is published any more.
            let deadline = Date().addingTimeInterval(10)
            while writer.hasPublished, Date() < deadline { usleep(1000) }
            #expect(!writer.hasPublished)
            #expect(writer.writeFromSignalHandler() == .alreadyWriting)

            // Let the first one go: it can open the FIFO now, but fsync on a FIFO fails.
            let reader = open(fifo, O_RDONLY)
            #expect(reader >= 0)
            var sink = [UInt8](repeating: 0, count: 65536)
            while sink.withUnsafeMutableBytes({ read(reader, $0.baseAddress!, $0.count) }) > 0 {}
            close(reader)
            #expect(finished.wait(timeout: .now() + 10) == .success)
            #expect(firstOutcome.value.withLock { $0 } == .failed)
            // The failed write cleaned up after itself and the writer is usable again.
            #expect(!FileManager.default.fileExists(atPath: fifo))
            #expect(writer.hasPublished)
            #expect(writer.writeFromSignalHandler() == .written)
            #expect(try RecoveryJournal.read(for: path)?.design == Design(title: "held"))
        }
    }
}

extension RecoveryTests {
    @Suite struct DesignLockTests {
        func writeLock(_ owner: LockOwner, for path: String) throws {
            var text = "user: \(owner.user)\nhost: \(owner.host)\npid: \(owner.pid)\nstarted: \(owner.started)\n"
            if let ticks = owner.processStartTicks { text += "process-start-ticks: \(ticks)\n" }
            try text.write(toFile: DesignLock.path(for: path), atomically: false, encoding: .utf8)
        }

        @Test func firstAcquireCreatesTheLockWithWhoWhereAndWhen() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            guard case let .acquired(lock) = try DesignLock.acquire(for: path) else {
                Issue.record("expected to acquire a lock nobody holds")
                return
            }
            #expect(lock.owner.pid == getpid())
            #expect(lock.owner.host == ThisProcess.hostName)
            #expect(lock.owner.user == ThisProcess.userName())
            #expect(lock.owner.processStartTicks == ThisProcess.startTicks)
            let text = try #require(contents(DesignLock.path(for: path)))
            #expect(text.contains("pid: \(getpid())"))
            #expect(text.contains("host: \(ThisProcess.hostName)"))
            #expect(text.contains("started: "))
            #expect(lock.isStillHeld)
            // The same process asking again gets its own lock back.
            #expect(try DesignLock.acquire(for: path) == .acquired(lock))
            #expect(try lock.release())
            #expect(!FileManager.default.fileExists(atPath: DesignLock.path(for: path)))
        }

        /// A lock held by another live process (our parent, with its real start time) is shown with
        /// its owner and is not stale.
        @Test func aSecondInstanceSeesWhoHoldsTheLock() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let other = LockOwner(user: "ana", host: ThisProcess.hostName, pid: getppid(), started: "2025-05-01T09:00:00Z",
                                  processStartTicks: ThisProcess.startTicks(of: getppid()))
            try writeLock(other, for: path)
            #expect(try DesignLock.acquire(for: path) == .heldBy(other, stale: false))
            #expect(other.description == "ana on \(ThisProcess.hostName) (pid \(getppid())) since 2025-05-01T09:00:00Z")
            // Acquiring does not disturb the holder's lock.
            #expect(DesignLock.holder(for: path)?.owner == other)
        }

        @Test func aLockWhoseProcessIsGoneIsStale() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let gone = LockOwner(user: "ben", host: ThisProcess.hostName, pid: try deadPid(), started: "2025-05-01T09:00:00Z",
                                 processStartTicks: nil)
            try writeLock(gone, for: path)
            #expect(try DesignLock.acquire(for: path) == .heldBy(gone, stale: true))
        }

        @Test func aLockWhosePidWasReusedIsStale() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let parentTicks = try #require(ThisProcess.startTicks(of: getppid()))
            // Our parent runs under that pid, but it started at another time than the lock says.
            let reused = LockOwner(user: "ben", host: ThisProcess.hostName, pid: getppid(), started: "2025-05-01T09:00:00Z",
                                   processStartTicks: parentTicks + 12345)
            try writeLock(reused, for: path)
            #expect(try DesignLock.acquire(for: path) == .heldBy(reused, stale: true))
        }

        @Test func aLockOnAnotherHostIsNeverCalledStale() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let remote = LockOwner(user: "cy", host: "elsewhere-\(UUID().uuidString)", pid: try deadPid(), started: "2025-05-01T09:00:00Z",
                                   processStartTicks: nil)
            try writeLock(remote, for: path)
            #expect(try DesignLock.acquire(for: path) == .heldBy(remote, stale: false))
        }

        @Test func anUnreadableLockIsStaleOnlyOnceItIsOld() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            // Empty: its writer died between creating and writing it, or is writing it right now.
            #expect(FileManager.default.createFile(atPath: DesignLock.path(for: path), contents: Data()))
            #expect(try DesignLock.acquire(for: path) == .heldBy(.unreadable, stale: false))
            setModificationTime(DesignLock.path(for: path), secondsFromNow: -60)
            #expect(try DesignLock.acquire(for: path) == .heldBy(.unreadable, stale: true))
        }

        @Test func takeOverReplacesTheLockAndTheOldHolderDoesNotReleaseIt() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let gone = LockOwner(user: "ben", host: ThisProcess.hostName, pid: try deadPid(), started: "2025-05-01T09:00:00Z",
                                 processStartTicks: nil)
            try writeLock(gone, for: path)
            let mine = try DesignLock.takeOver(for: path)
            #expect(mine.owner.pid == getpid())
            #expect(mine.isStillHeld)
            #expect(DesignLock.holder(for: path)?.owner == mine.owner)

            // Someone else takes it over in turn ("edit anyway"): ours is no longer held, and our
            // release leaves their lock in place.
            let theirs = LockOwner(user: "cy", host: ThisProcess.hostName, pid: getppid(), started: "2025-05-02T09:00:00Z",
                                   processStartTicks: ThisProcess.startTicks(of: getppid()))
            try writeLock(theirs, for: path)
            #expect(!mine.isStillHeld)
            #expect(try mine.release() == false)
            #expect(DesignLock.holder(for: path)?.owner == theirs)
            #expect(filesIn(folder) == [".d.design.yaml.archbench-lock"])
        }

        @Test func aLockThatCannotBeCreatedSaysWhy() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let error = #expect(throws: DesignSaveError.self) {
                try DesignLock.acquire(for: folder + "/no/such/folder/d.design.yaml")
            }
            #expect(error?.message.contains("No such file or directory") == true)
        }
    }
}

extension RecoveryTests {
    @Suite struct FileIdentityTests {
        @Test func loadCapturesTheIdentityOfTheBytesLoaded() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/shop.design.yaml"
            try FileManager.default.copyItem(atPath: Shared.shopPath, toPath: path)
            let opened = try DesignFile.loadWithIdentity(contentsOf: path)
            #expect(opened.loaded.design == (try Shared.shop()))
            #expect(opened.identity.contentHash == ContentHash.sha256(Array(Shared.shopText.utf8)))
            #expect(opened.identity.size == Int64(Shared.shopText.utf8.count))
            #expect(try FileIdentity.current(of: path) == opened.identity)
            #expect(FileIdentity(opened.identity.description) == opened.identity)
            #expect(try DesignFile.changedOnDisk(path, since: opened.identity) == .unchanged)
            #expect(try FileIdentity.current(of: folder + "/missing") == nil)
            #expect(throws: DesignLoadError.self) { try DesignFile.loadWithIdentity(contentsOf: folder + "/missing") }
        }

        @Test func changedOnDiskTellsTouchedFromModifiedFromDeleted() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let identity = try DesignFile.save(Design(title: "D"), to: path, expecting: nil)
            #expect(try FileIdentity.current(of: path) == identity)
            #expect(try DesignFile.changedOnDisk(path, since: identity) == .unchanged)

            setModificationTime(path, secondsFromNow: 30)
            guard case .sameContent = try DesignFile.changedOnDisk(path, since: identity) else {
                Issue.record("a touch is not a change of content")
                return
            }
            try "archbench: 1\ntitle: Changed by someone else\n".write(toFile: path, atomically: true, encoding: .utf8)
            let change = try DesignFile.changedOnDisk(path, since: identity)
            #expect(change.losesOthersWork)
            #expect(change == .modified(try #require(try FileIdentity.current(of: path))))
            try FileManager.default.removeItem(atPath: path)
            #expect(try DesignFile.changedOnDisk(path, since: identity) == .deleted)
        }

        /// A same-size, same-second rewrite in place is still caught: the hash decides, not the size.
        @Test func saveRefusesWhenSomeoneElseChangedTheFile() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            try "archbench: 1\ntitle: Original\n".write(toFile: path, atomically: false, encoding: .utf8)
            let opened = try DesignFile.loadWithIdentity(contentsOf: path)
            var mine = opened.loaded.design
            mine.summary = "my unsaved edit"

            let theirs = "archbench: 1\ntitle: Originul\n"  // same size
            try theirs.write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: DesignSaveError.self) {
                try DesignFile.save(mine, to: path, expecting: opened.identity)
            }
            #expect(error?.cause == .changedOnDisk)
            #expect(error?.message.contains("changed on disk") == true)
            #expect(contents(path) == theirs)

            // "Overwrite" is a deliberate second call; then the next save expects what it wrote.
            let written = try DesignFile.saveOverwriting(mine, to: path)
            #expect(try DesignLoader.load(contentsOf: path).design == mine)
            mine.summary = "a second edit"
            let again = try DesignFile.save(mine, to: path, expecting: written)
            #expect(try FileIdentity.current(of: path) == again)
        }

        @Test func saveGoesAheadWhenOnlyTheTimeChangedOrTheFileWasDeleted() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            let identity = try DesignFile.save(Design(title: "D"), to: path, expecting: nil)
            setModificationTime(path, secondsFromNow: -30)
            let afterTouch = try DesignFile.save(Design(title: "D2"), to: path, expecting: identity)
            try FileManager.default.removeItem(atPath: path)
            try DesignFile.save(Design(title: "D3"), to: path, expecting: afterTouch)
            #expect(try DesignLoader.load(contentsOf: path).design.title == "D3")
        }

        @Test func aNewDesignRefusesAFileThatAppearedMeanwhile() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/d.design.yaml"
            try "archbench: 1\ntitle: Someone else's\n".write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: DesignSaveError.self) { try DesignFile.save(Design(title: "Mine"), to: path, expecting: nil) }
            #expect(error?.cause == .changedOnDisk)
            #expect(contents(path) == "archbench: 1\ntitle: Someone else's\n")
        }
    }
}

extension RecoveryTests {
    @Suite struct FailingSaveTests {
        /// Writes `limit` bytes and then fails the way a full disk does.
        static func fullDiskAfter(_ limit: Int) -> AtomicWriteCalls {
            let written = Locked(0)
            return AtomicWriteCalls(
                write: { fd, bytes, count in
                    let allowed = written.value.withLock { total -> Int in
                        let room = max(0, limit - total)
                        total += min(room, count)
                        return min(room, count)
                    }
                    if allowed == 0 {
                        errno = ENOSPC
                        return -1
                    }
                    return AtomicWriteCalls.system.write(fd, bytes, allowed)
                },
                fsync: AtomicWriteCalls.system.fsync)
        }

        func originalFile(in folder: String) throws -> String {
            let path = folder + "/shop.design.yaml"
            try "archbench: 1\ntitle: The original\n".write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }

        @Test func aFullDiskMidWriteLeavesTheOriginalAndNamesTheCause() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = try originalFile(in: folder)
            let identity = try #require(try FileIdentity.current(of: path))
            let error = #expect(throws: DesignSaveError.self) {
                try DesignFile.save(try Shared.shop(), to: path, expecting: identity, calls: Self.fullDiskAfter(1000))
            }
            #expect(error?.cause == .io(errno: ENOSPC))
            #expect(error?.message == "cannot write: No space left on device")
            #expect(contents(path) == "archbench: 1\ntitle: The original\n")
            #expect(filesIn(folder) == ["shop.design.yaml"])
            #expect(try DesignFile.changedOnDisk(path, since: identity) == .unchanged)
        }

        @Test func aFailedFlushLeavesTheOriginal() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = try originalFile(in: folder)
            let failingFlush = AtomicWriteCalls(write: AtomicWriteCalls.system.write, fsync: { _ in
                errno = EIO
                return -1
            })
            let error = #expect(throws: DesignSaveError.self) { try DesignFile.saveOverwriting(try Shared.shop(), to: path, calls: failingFlush) }
            #expect(error?.message == "cannot flush to disk: Input/output error")
            #expect(contents(path) == "archbench: 1\ntitle: The original\n")
            #expect(filesIn(folder) == ["shop.design.yaml"])
        }

        @Test func aFolderThatIsGoneOrIsAFileNamesTheCause() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let gone = #expect(throws: DesignSaveError.self) {
                try DesignFile.save(Design(title: "D"), to: folder + "/gone/d.design.yaml", expecting: nil)
            }
            #expect(gone?.message.hasSuffix("No such file or directory") == true)
            #expect(gone?.cause == .io(errno: ENOENT))

            let file = try originalFile(in: folder)
            let notAFolder = #expect(throws: DesignSaveError.self) {
                try DesignFile.save(Design(title: "D"), to: file + "/d.design.yaml", expecting: nil)
            }
            #expect(notAFolder?.message.hasSuffix("Not a directory") == true)
            #expect(contents(file) == "archbench: 1\ntitle: The original\n")
        }

        /// Root may write into any folder whatever its mode, so the read-only folder here is a
        /// read-only mount; without permission to mount, a non-root user gets a mode-0555 folder.
        @Test func aReadOnlyFolderLeavesTheOriginalAndNamesTheCause() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let expected: String
            var mounted = false
            defer { if mounted { TmpfsMount.unmount(folder) } }
            if TmpfsMount.mount(at: folder, size: "1m") {
                mounted = true
                _ = try originalFile(in: folder)
                #expect(TmpfsMount.remountReadOnly(folder))
                expected = "Read-only file system"
            } else if getuid() != 0 {
                _ = try originalFile(in: folder)
                chmod(folder, 0o555)
                expected = "Permission denied"
            } else {
                Issue.record("as root this test needs permission to mount a tmpfs: no other way makes a folder root cannot write")
                return
            }
            defer { chmod(folder, 0o755) }
            let path = folder + "/shop.design.yaml"
            let error = #expect(throws: DesignSaveError.self) { try DesignFile.saveOverwriting(try Shared.shop(), to: path) }
            #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
            #expect(contents(path) == "archbench: 1\ntitle: The original\n")
            #expect(filesIn(folder) == ["shop.design.yaml"])
            // The journal and the lock fail the same way, with the cause named.
            #expect(throws: DesignSaveError.self) { try RecoveryJournal.write(design: Design(title: "D"), for: path, loadedIdentity: nil) }
            let lockError = #expect(throws: DesignSaveError.self) { try DesignLock.acquire(for: path) }
            #expect(lockError?.message.contains(expected) == true)
        }

        /// A real full disk: a 64 KiB tmpfs filled up, then a save that does not fit.
        @Test(.enabled(if: TmpfsMount.testsRun, "needs permission to mount a tmpfs (under CI it must have it)"))
        func aRealFullDiskLeavesTheOriginalIntact() throws {
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try #require(TmpfsMount.mount(at: folder, size: "64k"))
            defer { TmpfsMount.unmount(folder) }
            let path = try originalFile(in: folder)
            let identity = try #require(try FileIdentity.current(of: path))
            // Fill what is left.
            let filler = open(folder + "/filler", O_WRONLY | O_CREAT, 0o600)
            #expect(filler >= 0)
            let chunk = [UInt8](repeating: 0x2e, count: 4096)
            while chunk.withUnsafeBytes({ write(filler, $0.baseAddress!, $0.count) }) > 0 {}
            #expect(errno == ENOSPC)
            close(filler)

            let error = #expect(throws: DesignSaveError.self) {
                try DesignFile.save(try Shared.shop(), to: path, expecting: identity)
            }
            #expect(error?.cause == .io(errno: ENOSPC))
            #expect(error?.message.contains("No space left on device") == true, "\(String(describing: error))")
            #expect(contents(path) == "archbench: 1\ntitle: The original\n")
            #expect(filesIn(folder) == ["filler", "shop.design.yaml"])
            #expect(throws: DesignSaveError.self) { try RecoveryJournal.write(design: try Shared.shop(), for: path, loadedIdentity: identity) }
            #expect(filesIn(folder) == ["filler", "shop.design.yaml"])

            // Room again: the same save goes through.
            unlink(folder + "/filler")
            try DesignFile.save(try Shared.shop(), to: path, expecting: identity)
            #expect(contents(path) == Shared.shopText)
        }
    }
}

/// A Mutex in a class, so escaping closures can share it (a Mutex itself cannot be captured).
final class Locked<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
}

