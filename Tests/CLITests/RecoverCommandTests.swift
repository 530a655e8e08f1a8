#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DesignModel
import Foundation
import Testing

/// `archbench recover FILE [--show-diff | --apply | --discard]` against journals written by the
/// same code the workbench uses.
@Suite struct RecoverCommandTests {
    struct Fixture {
        let folder: URL
        let path: String
        let journalPath: String
        let original: String
        let loaded: OpenedDesign
        let edited: Design

        /// A copy of the shop example with an unsaved edit in its journal, written after the file.
        init() throws {
            folder = try CLI.temporaryFolder()
            path = folder.appendingPathComponent("shop.design.yaml").path
            try FileManager.default.copyItem(atPath: CLI.shopPath, toPath: path)
            original = try String(contentsOfFile: path, encoding: .utf8)
            loaded = try DesignFile.loadWithIdentity(contentsOf: path)
            var design = loaded.loaded.design
            design.title = "Shop after the link dropped"
            edited = design
            journalPath = RecoveryJournal.path(for: path)
            try RecoveryJournal.write(design: edited, for: path, loadedIdentity: loaded.identity)
            Self.setModificationTime(path, secondsAgo: 60)
        }

        static func setModificationTime(_ path: String, secondsAgo: Double) {
            let time = Int(Date().timeIntervalSince1970 - secondsAgo)
            var times = [timespec(tv_sec: time, tv_nsec: 0), timespec(tv_sec: time, tv_nsec: 0)]
            _ = utimensat(AT_FDCWD, path, &times, 0)
        }

        func fileText() -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
        var journalExists: Bool { FileManager.default.fileExists(atPath: journalPath) }
        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func withoutAJournalThereIsNothingToRecover() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("shop.design.yaml").path
        try FileManager.default.copyItem(atPath: CLI.shopPath, toPath: path)
        for arguments in [["recover", path], ["recover", "--show-diff", path], ["recover", "--apply", path],
                          ["recover", "--discard", path]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("no recovery journal"), "\(result.stderr)")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == String(contentsOfFile: CLI.shopPath, encoding: .utf8))
    }

    @Test func withoutAnOptionItSaysWhenWhoAndWhatCanBeDone() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let result = try CLI.run(["recover", fixture.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("has unsaved changes in a recovery journal"))
        #expect(result.stdout.contains(fixture.journalPath))
        #expect(result.stdout.contains("by: archbench pid \(getpid()) on \(ThisProcess.hostName)"))
        #expect(result.stdout.contains("written: "))
        for option in ["--show-diff", "--apply", "--discard"] { #expect(result.stdout.contains("recover \(option)")) }
        #expect(!result.stdout.contains("changed after the journal"))
        // Looking changes nothing.
        #expect(fixture.fileText() == fixture.original)
        #expect(fixture.journalExists)
    }

    @Test func aJournalOlderThanTheFileIsToldAsSuch() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        Fixture.setModificationTime(fixture.journalPath, secondsAgo: 3600)
        Fixture.setModificationTime(fixture.path, secondsAgo: 0)
        let result = try CLI.run(["recover", fixture.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("recovery journal older than the file"), "\(result.stdout)")
    }

    @Test func showDiffPrintsAUnifiedDiffFromFileToJournal() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let result = try CLI.run(["recover", "--show-diff", fixture.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("--- \(fixture.path) (on disk)"))
        #expect(result.stdout.contains("+++ \(fixture.path) (recovery journal"))
        #expect(result.stdout.contains("-title: \(fixture.loaded.loaded.design.title)"))
        #expect(result.stdout.contains("+title: Shop after the link dropped"))
        // Only the title changed: exactly one line out and one in.
        let changed = result.stdout.split(separator: "\n").filter {
            ($0.hasPrefix("-") && !$0.hasPrefix("---")) || ($0.hasPrefix("+") && !$0.hasPrefix("+++"))
        }
        #expect(changed.count == 2, "\(changed)")
        #expect(fixture.fileText() == fixture.original)
        #expect(fixture.journalExists)
    }

    @Test func showDiffOfAJournalThatChangesNothingSaysSo() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try RecoveryJournal.write(design: fixture.loaded.loaded.design, for: fixture.path, loadedIdentity: fixture.loaded.identity)
        let result = try CLI.run(["recover", "--show-diff", fixture.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("no differences"), "\(result.stdout)")
    }

    @Test func applyWritesTheJournalOverTheFileAndRemovesIt() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let result = try CLI.run(["recover", "--apply", fixture.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("recovered \(fixture.path)"))
        #expect(try DesignLoader.load(contentsOf: fixture.path).design == fixture.edited)
        #expect(fixture.fileText() == CanonicalWriter.yaml(for: fixture.edited))
        #expect(!fixture.journalExists)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)
        #expect(leftovers == ["shop.design.yaml"])
    }

    @Test func applyRefusesWhenTheFileChangedAfterTheJournalBeganUnlessForced() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let theirs = fixture.original + "# a note someone else saved meanwhile\n"
        try theirs.write(toFile: fixture.path, atomically: true, encoding: .utf8)
        Fixture.setModificationTime(fixture.path, secondsAgo: 60)

        let described = try CLI.run(["recover", fixture.path])
        #expect(described.stdout.contains("changed after the journal's edits began"))

        let refused = try CLI.run(["recover", "--apply", fixture.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("changed after the journal's edits began"), "\(refused.stderr)")
        #expect(fixture.fileText() == theirs)
        #expect(fixture.journalExists)

        let forced = try CLI.run(["recover", "--apply", "--force", fixture.path])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try DesignLoader.load(contentsOf: fixture.path).design == fixture.edited)
    }

    @Test func applyRefusesWhileALiveWorkbenchHoldsTheLock() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // This test process stands for the workbench still editing the file.
        guard case .acquired(let lock) = try DesignLock.acquire(for: fixture.path) else {
            Issue.record("could not take the lock")
            return
        }
        defer { _ = try? lock.release() }
        let result = try CLI.run(["recover", "--apply", fixture.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is being edited by \(lock.owner.user) on \(lock.owner.host) (pid \(getpid()))"), "\(result.stderr)")
        #expect(fixture.fileText() == fixture.original)
        #expect(fixture.journalExists)
    }

    @Test func discardRemovesTheJournalAndKeepsTheFile() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let result = try CLI.run(["recover", "--discard", fixture.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("removed the recovery journal"))
        #expect(!fixture.journalExists)
        #expect(fixture.fileText() == fixture.original)
    }

    @Test func aJournalThatDoesNotLoadIsBadInputButCanBeDiscarded() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try "# archbench recovery journal\ntitle: [cut off by a crash\n".write(toFile: fixture.journalPath, atomically: false, encoding: .utf8)
        for option in [[], ["--show-diff"], ["--apply"]] {
            let result = try CLI.run(["recover"] + option + [fixture.path])
            #expect(result.status == 2, "\(option)")
            #expect(result.stderr.contains("the recovery journal does not load"), "\(result.stderr)")
            #expect(fixture.fileText() == fixture.original)
        }
        let discarded = try CLI.run(["recover", "--discard", fixture.path])
        #expect(discarded.status == 0)
        #expect(!fixture.journalExists)
    }

    @Test func badArgumentsExitTwo() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        for arguments in [["recover"], ["recover", "--apply", "--discard", fixture.path], ["recover", "--nope", fixture.path]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
        #expect(fixture.fileText() == fixture.original)
        #expect(fixture.journalExists)
    }
}
