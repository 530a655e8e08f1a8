#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The unsaved changes of a design, kept next to it (`.NAME.archbench-recovery`) so that a dropped
/// SSH link, a kill or a crash loses at most the last few seconds of work.
///
/// A journal is the canonical YAML of the unsaved design below a header of `# key: value` comment
/// lines, so it is itself a design file: DesignLoader ignores the comments, and a person can read
/// it, diff it or copy it over the design by hand.
///
/// The workbench writes it after a few edits or a few idle seconds (`write`), removes it after a
/// successful save or a clean quit (`remove`), and on open offers recovery when `isNewer` says so.
/// For SIGHUP and SIGTERM it keeps the same bytes pre-rendered in `SignalSafeJournalWriter`.
package enum RecoveryJournal {
    /// The header line a signal handler puts first: `# written-on-signal: SIGHUP`.
    package static let signalField = "written-on-signal"

    /// What the header says: which file, when, by which process, and the identity of the file the
    /// unsaved design was loaded from (nil for a design that had no file yet).
    package struct Header: Equatable, Sendable {
        package var designPath: String
        package var written: Date?
        package var pid: Int32?
        package var host: String?
        package var loadedIdentity: FileIdentity?
        /// The writer's start time (as `DesignLock` keeps it), to tell it from a later process
        /// that got the same pid.
        package var processStartTicks: UInt64?
        /// The signal whose handler wrote the journal as the workbench ended (`SIGHUP`), if one did.
        package var writtenOnSignal: String?

        package init(designPath: String, written: Date?, pid: Int32?, host: String?, loadedIdentity: FileIdentity?,
                    processStartTicks: UInt64? = nil, writtenOnSignal: String? = nil) {
            self.designPath = designPath
            self.written = written
            self.pid = pid
            self.host = host
            self.loadedIdentity = loadedIdentity
            self.processStartTicks = processStartTicks
            self.writtenOnSignal = writtenOnSignal
        }

        /// Written by this very process.
        package var isFromThisProcess: Bool {
            host == ThisProcess.hostName && pid == ThisProcess.pid
                && (processStartTicks == nil || processStartTicks == ThisProcess.startTicks)
        }

        /// Its writer still runs on this host (another process, or this one).
        package var writerIsRunning: Bool {
            guard host == ThisProcess.hostName, let pid, ThisProcess.isRunning(pid: pid) else { return false }
            if let recorded = processStartTicks, let now = ThisProcess.startTicks(of: pid) { return recorded == now }
            return true
        }
    }

    /// A journal read back from disk.
    package struct Recovered: Sendable {
        package var journalPath: String
        package var header: Header
        package var design: Design
        /// The whole journal file, header included.
        package var text: String
        /// The modification time of the journal file, which `isNewer` compares.
        package var modificationDate: Date
    }

    /// The path the journal and lock are named after: the real file when `designPath` is a
    /// symbolic link, so every way of reaching a design finds the same journal and lock.
    package static func anchor(of designPath: String) -> String {
        var info = stat()
        guard lstat(designPath, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return designPath }
        return URL(fileURLWithPath: designPath).resolvingSymlinksInPath().path
    }

    /// `.NAME.archbench-recovery` in the design's folder: the same file system, so it survives
    /// whatever the design survives, and hidden like vim's `.NAME.swp`.
    package static func path(for designPath: String) -> String {
        sibling(of: designPath, prefix: ".", suffix: ".archbench-recovery")
    }

    /// The journal bytes for an unsaved design, header then canonical YAML.
    package static func render(design: Design, for designPath: String, loadedIdentity: FileIdentity?,
                              written: Date = Date(), pid: Int32 = ThisProcess.pid,
                              host: String = ThisProcess.hostName,
                              processStartTicks: UInt64? = ThisProcess.startTicks) -> Data {
        let name = URL(fileURLWithPath: designPath).lastPathComponent
        var header = "# archbench recovery journal: unsaved changes to \(KeyValueLines.oneLine(name)).\n"
        header += "# Recover with `archbench recover \(KeyValueLines.oneLine(name))`, or open the design in archbench.\n"
        header += "# design-file: \(KeyValueLines.oneLine(absolute(designPath)))\n"
        header += "# written: \(ThisProcess.timestamp(written))\n"
        header += "# pid: \(pid)\n"
        header += "# host: \(KeyValueLines.oneLine(host))\n"
        if let processStartTicks { header += "# process-start-ticks: \(processStartTicks)\n" }
        header += "# loaded-identity: \(loadedIdentity?.description ?? "none")\n"
        return Data((header + CanonicalWriter.yaml(for: design)).utf8)
    }

    /// Writes the journal atomically and fsynced, so a crash during this write leaves the previous
    /// journal rather than half of this one.
    package static func write(design: Design, for designPath: String, loadedIdentity: FileIdentity?) throws {
        try write(render(design: design, for: designPath, loadedIdentity: loadedIdentity), for: designPath)
    }

    /// Writes already rendered journal bytes (e.g. those just published to the signal writer).
    /// The journal gets the design's permission bits, since the design's contents are in it.
    package static func write(_ bytes: Data, for designPath: String) throws {
        try write(bytes, toJournal: path(for: designPath), designPath: designPath)
    }

    /// Writes journal bytes to a journal path of its own (a review session's, `reviewPath`).
    package static func write(_ bytes: Data, toJournal journalPath: String, designPath: String) throws {
        var info = stat()
        let mode: mode_t = stat(designPath, &info) == 0 ? info.st_mode & 0o666 : 0o600
        try DesignFile.writeAtomically(bytes, to: journalPath, calls: .system, mode: mode)
        removeLeftovers(ofJournal: journalPath)
    }

    /// A review session's journal: one per process, since several people may review a design
    /// at once while its editor owns `path(for:)`. It holds the design with the reviewer's
    /// unsaved comments; only the comments are ever recovered from it.
    package static func reviewPath(for designPath: String, pid: Int32 = ThisProcess.pid) -> String {
        sibling(of: designPath, prefix: ".", suffix: ".archbench-review-\(pid)")
    }

    /// The journal of a session that edits without the lock (it could not be taken: a full
    /// disk, a read-only folder): one per process, so two such sessions, or one and the lock's
    /// holder, never write over each other's journal.
    package static func unlockedPath(for designPath: String, pid: Int32 = ThisProcess.pid) -> String {
        sibling(of: designPath, prefix: ".", suffix: ".archbench-unlocked-\(pid)")
    }

    /// The review journals next to a design, of any process.
    package static func reviewJournals(for designPath: String) -> [String] {
        journals(for: designPath, like: reviewPath)
    }

    /// The journals of sessions that edited without the lock, of any process.
    package static func unlockedJournals(for designPath: String) -> [String] {
        journals(for: designPath, like: unlockedPath)
    }

    private static func journals(for designPath: String, like path: (String, Int32) -> String) -> [String] {
        let probe = URL(fileURLWithPath: path(designPath, 0))
        let prefix = String(probe.lastPathComponent.dropLast(1))
        let folderPath = String(path(designPath, 0).dropLast(probe.lastPathComponent.count))
        let folder = probe.deletingLastPathComponent().path
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return entries.filter { $0.hasPrefix(prefix) && Int32($0.dropFirst(prefix.count)) != nil }
            .sorted().map { folderPath + $0 }
    }

    /// Removes the temporary files of journal writes that a signal or a crash cut short (they
    /// hold a whole copy of the design and would pile up, each with its own name). Called after
    /// a journal write or removal, when no write of this process is in flight.
    package static func removeLeftovers(for designPath: String) {
        removeLeftovers(ofJournal: path(for: designPath))
    }

    package static func removeLeftovers(ofJournal journalPath: String) {
        let journal = URL(fileURLWithPath: journalPath)
        let name = journal.lastPathComponent
        let folder = journal.deletingLastPathComponent().path
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix("." + name + ".tmp-") || entry == name + ".signal-tmp" {
            unlink(folder + "/" + entry)
        }
    }

    /// The journal for a design, or nil when there is none.
    /// - Throws: `DesignLoadError` when the journal exists but does not load (then it is left for
    ///   a person to look at, never removed automatically).
    package static func read(for designPath: String) throws(DesignLoadError) -> Recovered? {
        try read(journalAt: path(for: designPath), for: designPath)
    }

    /// A journal of its own path (an unlocked session's) for a design.
    package static func read(journalAt journalPath: String, for designPath: String) throws(DesignLoadError) -> Recovered? {
        let data: Data
        do {
            guard let read = try FileIdentity.read(journalPath) else { return nil }
            data = read.data
        } catch {
            throw DesignLoadError(diagnostics: [DesignDiagnostic(
                file: journalPath, location: SourceLocation(line: 1, column: 1), message: "cannot read the journal: \(error.message)")])
        }
        let text = String(decoding: data, as: UTF8.self)
        let design = try DesignLoader.load(yaml: text, file: journalPath).design
        let header = parseHeader(text, designPath: designPath)
        let date = modificationTime(journalPath).map { Date(timeIntervalSince1970: Double($0) / 1e9) } ?? Date()
        return Recovered(journalPath: journalPath, header: header, design: design, text: text, modificationDate: date)
    }

    /// Whether there is a journal at least as new as the design file, i.e. changes made after the
    /// file was last written. A journal older than the file (someone saved the file since) is
    /// not offered; `exists` still tells of it. Equal times count as newer, so that a file system
    /// with coarse timestamps errs towards offering recovery.
    package static func isNewer(than designPath: String, journalAt journalPath: String? = nil) -> Bool {
        guard let journalTime = modificationTime(journalPath ?? path(for: designPath)) else { return false }
        guard let fileTime = modificationTime(designPath) else { return true }
        return journalTime >= fileTime
    }

    package static func exists(for designPath: String) -> Bool {
        modificationTime(path(for: designPath)) != nil
    }

    /// Removes the journal after a save or a clean quit, and fsyncs the folder so the removal
    /// itself survives a crash (else a stale journal could reappear and be offered).
    /// - Returns: whether there was one.
    @discardableResult
    package static func remove(for designPath: String) throws -> Bool {
        try remove(journalAt: path(for: designPath))
    }

    /// `remove(for:)` for a journal path of its own (a review session's).
    @discardableResult
    package static func remove(journalAt journalPath: String) throws -> Bool {
        removeLeftovers(ofJournal: journalPath)
        return try removeSynced(journalPath, what: "the recovery journal")
    }

    /// Only the header of the journal (read from its first few kilobytes, not the whole design):
    /// who wrote it. nil when there is no journal.
    package static func header(for designPath: String) -> Header? {
        header(ofJournal: path(for: designPath), designPath: designPath)
    }

    package static func header(ofJournal journalPath: String, designPath: String) -> Header? {
        let fd = open(journalPath, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, FileIdentity.nonRegularKind(info.st_mode) == nil else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = posixRead(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return parseHeader(String(decoding: buffer[0..<count], as: UTF8.self), designPath: designPath)
    }

    /// The journal without its `#` header: the design's YAML, as recovering would write it.
    package static func designText(ofJournal text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.hasPrefix("#") { lines = lines.dropFirst() }
        return lines.joined(separator: "\n")
    }

    /// A journal's time as people read it: local time with the zone.
    package static func displayTimestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss ZZZZZ"
        return formatter.string(from: date)
    }

    static func parseHeader(_ text: String, designPath: String) -> Header {
        let commentLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix(while: { $0.hasPrefix("#") })
            .map { $0.dropFirst() }
        let fields = KeyValueLines.parse(commentLines)
        return Header(designPath: fields["design-file"] ?? absolute(designPath),
                      written: fields["written"].flatMap(ThisProcess.date(fromTimestamp:)),
                      pid: fields["pid"].flatMap(Int32.init),
                      host: fields["host"],
                      loadedIdentity: fields["loaded-identity"].flatMap(FileIdentity.init),
                      processStartTicks: fields["process-start-ticks"].flatMap(UInt64.init),
                      writtenOnSignal: fields[signalField])
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    package static func modificationTime(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity.nanoseconds(info)
    }
}

/// A file next to a design: same folder, the design's name with a prefix and suffix.
func sibling(of designPath: String, prefix: String, suffix: String) -> String {
    let url = URL(fileURLWithPath: designPath)
    let name = prefix + url.lastPathComponent + suffix
    // Keep a relative design path relative, so messages show what the user typed.
    if let slash = designPath.lastIndex(of: "/") {
        return String(designPath[...slash]) + name
    }
    return name
}

/// Unlinks a file and fsyncs its folder, so the removal survives a crash.
/// - Returns: whether there was a file.
func removeSynced(_ path: String, what: String) throws -> Bool {
    if unlink(path) != 0 {
        if errno == ENOENT { return false }
        throw DesignSaveError(path: path, message: "cannot remove \(what): \(String(cString: strerror(errno)))",
                              cause: .io(errno: errno))
    }
    syncFolder(of: path)
    return true
}

func syncFolder(of path: String) {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let fd = open(folder, O_RDONLY | O_CLOEXEC)
    if fd >= 0 {
        fsync(fd)
        close(fd)
    }
}
