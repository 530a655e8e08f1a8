import ArgumentParser
import DesignModel
import Foundation

/// `archbench recover FILE`: what the workbench offers on open when a recovery journal is newer
/// than the design, from the command line (for a design whose workbench died over SSH, or for
/// looking before opening it).
struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Recover unsaved changes kept in a design's recovery journal after a dropped link or a crash.",
        discussion: """
            Without an option, says whether a recovery journal exists, when and by which process it \
            was written, and what can be done. Exit 0 on success, 1 when there is no journal, \
            2 on bad input.
            """)

    enum Action: String, EnumerableFlag {
        case showDiff, apply, discard

        static func help(for value: Action) -> ArgumentHelp? {
            switch value {
            case .showDiff: "Print a unified diff from the file on disk to the journal."
            case .apply: "Write the journal's design over the file (atomically) and remove the journal."
            case .discard: "Remove the journal; the file stays as it is."
            }
        }
    }

    @Argument(help: "The design file (not the journal).", completion: .file(extensions: ["yaml", "yml"])) var file: String
    @Flag var action: Action?
    @Flag(help: "With --apply: apply even when the file was changed after the journal's edits began.")
    var force = false

    /// The journal and lock are next to the real file when FILE is a symbolic link.
    var anchor: String { RecoveryJournal.anchor(of: file) }

    func run() throws {
        let journalPath = RecoveryJournal.path(for: anchor)
        guard RecoveryJournal.exists(for: anchor) else {
            throw CLIFailure(messages: ["\(file): no recovery journal (\(journalPath)); nothing to recover"], exitCode: 1)
        }
        if action == .discard {
            // Needs no loading: a journal that does not load must still be removable.
            try RecoveryJournal.remove(for: anchor)
            Console.line("removed the recovery journal \(journalPath); \(file) is as it was")
            return
        }
        let read: RecoveryJournal.Recovered?
        do {
            read = try RecoveryJournal.read(for: anchor)
        } catch {
            throw CLIFailure.badInput(error.diagnostics.map(\.description)
                + ["\(journalPath): the recovery journal does not load; look at it, or remove it with `archbench recover --discard \(file)`"])
        }
        guard let journal = read else {
            throw CLIFailure(messages: ["\(file): no recovery journal (\(journalPath)); nothing to recover"], exitCode: 1)
        }
        switch action {
        case nil: describe(journal)
        case .showDiff: try showDiff(journal)
        case .apply: try apply(journal)
        case .discard: break
        }
    }

    func describe(_ journal: RecoveryJournal.Recovered) {
        let newer = RecoveryJournal.isNewer(than: anchor)
        var lines: [String] = []
        if newer {
            lines.append("\(file) has unsaved changes in a recovery journal: \(journal.journalPath)")
        } else {
            lines.append("\(file) has a recovery journal older than the file: \(journal.journalPath)")
            lines.append("The file was saved after the journal was written, so the journal may hold older work.")
        }
        lines.append("  written: \(RecoveryJournal.displayTimestamp(journal.header.written ?? journal.modificationDate))")
        let process = [journal.header.pid.map { "pid \($0)" }, journal.header.host.map { "on \($0)" }]
            .compactMap { $0 }.joined(separator: " ")
        if !process.isEmpty { lines.append("  by: archbench \(process)") }
        if let pid = journal.header.pid, journal.header.host == ThisProcess.hostName, pid != ThisProcess.pid,
           ThisProcess.isRunning(pid: pid) {
            lines.append("  note: a process \(pid) is still running; if that is the archbench that wrote the journal, recover there instead")
        }
        if fileChangedSinceJournalBegan(journal) {
            lines.append("  note: the file was changed after the journal's edits began; --apply replaces those changes (see --show-diff)")
        }
        lines.append("Options:")
        lines.append("  archbench recover --show-diff \(file)   show what the journal changes")
        lines.append("  archbench recover --apply \(file)       write the journal over the file and remove it")
        lines.append("  archbench recover --discard \(file)     remove the journal, keep the file")
        lines.append("  archbench edit \(file)                  open it; the workbench offers the same")
        Console.write(lines.joined(separator: "\n") + "\n")
    }

    func showDiff(_ journal: RecoveryJournal.Recovered) throws {
        let body = RecoveryJournal.designText(ofJournal: journal.text)
        let current = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) }
        if current == body {
            Console.line("no differences: the journal holds exactly what \(file) holds")
            return
        }
        let fileLabel = current == nil ? "\(file) (not on disk)" : "\(file) (on disk)"
        let journalLabel = "\(file) (recovery journal, \(RecoveryJournal.displayTimestamp(journal.header.written ?? journal.modificationDate)))"
        if let diff = try Self.systemDiff(current ?? "", body, labels: (fileLabel, journalLabel)) {
            Console.write(diff)
        } else {
            Console.write(LineDiff(old: current ?? "", new: body).unifiedText(labels: (fileLabel, journalLabel)))
        }
    }

    func apply(_ journal: RecoveryJournal.Recovered) throws {
        if let holder = DesignLock.holder(for: anchor), !holder.stale {
            throw CLIFailure.badInput(["\(file):1:1: is being edited by \(holder.owner); recover in that workbench or quit it first (lock: \(DesignLock.path(for: anchor)))"])
        }
        if fileChangedSinceJournalBegan(journal), !force {
            throw CLIFailure.badInput(["\(file):1:1: the file was changed after the journal's edits began; applying would replace those changes. Look with --show-diff, then use --apply --force to apply anyway"])
        }
        do {
            try DesignFile.saveOverwriting(journal.design, to: file)
        } catch let error as DesignSaveError {
            throw CLIFailure.badInput(["\(file):1:1: not recovered: \(error.message); the file and the journal are as they were"])
        }
        try RecoveryJournal.remove(for: anchor)
        Console.line("recovered \(file) from the journal written \(RecoveryJournal.displayTimestamp(journal.header.written ?? journal.modificationDate)); journal removed")
    }

    /// Whether the file's bytes differ from those the journal's design was loaded from.
    func fileChangedSinceJournalBegan(_ journal: RecoveryJournal.Recovered) -> Bool {
        let now = try? FileIdentity.current(of: file)
        guard let now else { return false }  // no file: nothing to replace
        guard let loaded = journal.header.loadedIdentity else { return true }  // started without a file; one appeared
        return now.contentHash != loaded.contentHash
    }

    /// `diff -u` when there is one; nil when not, so the caller falls back to `simpleDiff`.
    static func systemDiff(_ old: String, _ new: String, labels: (String, String)) throws -> String? {
        guard let diff = ["/usr/bin/diff", "/bin/diff"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-recover-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let oldURL = folder.appendingPathComponent("old"), newURL = folder.appendingPathComponent("new")
        try Data(old.utf8).write(to: oldURL)
        try Data(new.utf8).write(to: newURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: diff)
        process.arguments = ["-u", "--label", labels.0, "--label", labels.1, oldURL.path, newURL.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // diff exits 0 for equal, 1 for different, 2 for trouble (then fall back).
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
