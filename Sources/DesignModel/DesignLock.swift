#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Who holds a design's lock, as written in the lock file.
package struct LockOwner: Equatable, Sendable, CustomStringConvertible {
    package var user: String
    package var host: String
    package var pid: Int32
    /// When the lock was taken, as ISO 8601 text (kept as written, for showing).
    package var started: String
    /// The holder's start time in clock ticks since boot (Linux /proc), so that a pid reused by
    /// another process after a crash is not mistaken for the holder.
    package var processStartTicks: UInt64?

    package init(user: String, host: String, pid: Int32, started: String, processStartTicks: UInt64?) {
        self.user = user
        self.host = host
        self.pid = pid
        self.started = started
        self.processStartTicks = processStartTicks
    }

    /// This process, now.
    package static func current() -> LockOwner {
        LockOwner(user: ThisProcess.userName(), host: ThisProcess.hostName, pid: ThisProcess.pid,
                  started: ThisProcess.timestamp(), processStartTicks: ThisProcess.startTicks)
    }

    /// A lock file that could not be read as one (empty because its writer died between creating
    /// and writing it, or written by something else).
    package static let unreadable = LockOwner(user: "unknown", host: "unknown", pid: 0, started: "unknown", processStartTicks: nil)

    /// "ana on build-3 (pid 4242) since 2025-05-01T09:00:00Z", for the prompt.
    package var description: String { "\(user) on \(host) (pid \(pid)) since \(started)" }

    var fileText: String {
        var text = "# archbench lock: this design is being edited. archbench recognises a lock whose process is gone.\n"
        text += "user: \(KeyValueLines.oneLine(user))\n"
        text += "host: \(KeyValueLines.oneLine(host))\n"
        text += "pid: \(pid)\n"
        text += "started: \(started)\n"
        if let processStartTicks { text += "process-start-ticks: \(processStartTicks)\n" }
        return text
    }

    init?(fileText: String) {
        let fields = KeyValueLines.parse(fileText.split(separator: "\n").filter { !$0.hasPrefix("#") })
        guard let user = fields["user"], let host = fields["host"], let pid = fields["pid"].flatMap(Int32.init),
              let started = fields["started"] else { return nil }
        self.init(user: user, host: host, pid: pid, started: started,
                  processStartTicks: fields["process-start-ticks"].flatMap(UInt64.init))
    }

    /// Whether this names the very process running now.
    package var isThisProcess: Bool {
        host == ThisProcess.hostName && pid == ThisProcess.pid && processStartTicks == ThisProcess.startTicks
    }
}

/// What trying to lock a design gave.
package enum LockResult: Equatable, Sendable {
    case acquired(DesignLock)
    /// Someone holds it. `stale` when the holder is known to be gone: on this host with no such
    /// process (or a different process under the same pid), or an unreadable lock older than a
    /// few seconds. A lock held on another host is never called stale: its process cannot be seen.
    case heldBy(LockOwner, stale: Bool)
}

/// A lock next to a design (`.NAME.archbench-lock`) saying who is editing it, so a second
/// workbench can warn and offer read-only, edit anyway or quit. It is advisory, like vim's swap
/// file and Emacs' `.#NAME`: nothing stops a program that does not look. The workbench takes it
/// on the first edit and releases it on save-and-quit or quit.
package struct DesignLock: Equatable, Sendable {
    package let designPath: String
    package let lockPath: String
    package let owner: LockOwner

    /// An unreadable lock younger than this may be one being written this very moment.
    static let unreadableGraceSeconds: TimeInterval = 10

    package static func path(for designPath: String) -> String {
        sibling(of: designPath, prefix: ".", suffix: ".archbench-lock")
    }

    /// Creates the lock with O_CREAT|O_EXCL, so of two workbenches starting together exactly one
    /// gets it. A lock this process already holds counts as acquired.
    /// - Throws: `DesignSaveError` when the lock can be neither created nor read (e.g. the folder
    ///   is not writable); the workbench can then still open the design read-only.
    package static func acquire(for designPath: String) throws -> LockResult {
        try acquire(for: designPath, attempts: 3)
    }

    static func acquire(for designPath: String, attempts: Int) throws -> LockResult {
        let lockPath = path(for: designPath)
        let owner = LockOwner.current()
        let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd >= 0 {
            do {
                try writeAll(Data(owner.fileText.utf8), to: fd, path: lockPath)
            } catch {
                close(fd)
                unlink(lockPath)
                throw error
            }
            close(fd)
            syncFolder(of: lockPath)
            return .acquired(DesignLock(designPath: designPath, lockPath: lockPath, owner: owner))
        }
        guard errno == EEXIST else {
            throw DesignSaveError(path: lockPath, message: "cannot create the lock: \(String(cString: strerror(errno)))",
                                  cause: .io(errno: errno))
        }
        guard let existing = holder(for: designPath) else {
            // Released between our attempt and our look: try again, a few times at most.
            if attempts > 1 { return try acquire(for: designPath, attempts: attempts - 1) }
            throw DesignSaveError(path: lockPath, message: "the lock keeps appearing and disappearing; another program is busy with it")
        }
        if existing.owner.isThisProcess {
            return .acquired(DesignLock(designPath: designPath, lockPath: lockPath, owner: existing.owner))
        }
        return .heldBy(existing.owner, stale: existing.stale)
    }

    /// Who holds the lock now and whether that holder is gone; nil when there is no lock.
    package static func holder(for designPath: String) -> (owner: LockOwner, stale: Bool)? {
        let lockPath = path(for: designPath)
        let data: Data
        do {
            guard let read = try FileIdentity.read(lockPath) else { return nil }
            data = read.data
        } catch {
            // A lock that cannot be read (a folder, a FIFO someone put there) is held by nobody known.
            return (LockOwner.unreadable, false)
        }
        if let owner = LockOwner(fileText: String(decoding: data, as: UTF8.self)) {
            return (owner, isStale(owner))
        }
        var info = stat()
        let age = stat(lockPath, &info) == 0
            ? Date().timeIntervalSince1970 - Double(FileIdentity.nanoseconds(info)) / 1e9 : .infinity
        return (LockOwner.unreadable, age > unreadableGraceSeconds)
    }

    /// Whether the holder is known to be gone. Only a holder on this host can be checked.
    package static func isStale(_ owner: LockOwner) -> Bool {
        guard owner.host == ThisProcess.hostName else { return false }
        guard ThisProcess.isRunning(pid: owner.pid) else { return true }
        // The pid runs; is it the same process? Only when both start times are known can a
        // mismatch be told apart from a missing /proc.
        if let recorded = owner.processStartTicks, let now = ThisProcess.startTicks(of: owner.pid) {
            return recorded != now
        }
        return false
    }

    /// Replaces whatever lock there is with one for this process: the "edit anyway" answer, and
    /// the way to take over a stale lock. Written atomically, so a reader sees either lock whole.
    package static func takeOver(for designPath: String) throws -> DesignLock {
        let lockPath = path(for: designPath)
        let owner = LockOwner.current()
        try DesignFile.writeAtomically(Data(owner.fileText.utf8), to: lockPath, calls: .system)
        return DesignLock(designPath: designPath, lockPath: lockPath, owner: owner)
    }

    /// Whether the lock file still names this lock's owner (someone may have taken it over).
    package var isStillHeld: Bool {
        guard let data = FileManager.default.contents(atPath: lockPath),
              let current = LockOwner(fileText: String(decoding: data, as: UTF8.self)) else { return false }
        return current == owner
    }

    /// Removes the lock if it is still ours; a lock someone took over is left to them.
    /// - Returns: whether a lock was removed.
    @discardableResult
    package func release() throws -> Bool {
        guard isStillHeld else { return false }
        return try removeSynced(lockPath, what: "the lock")
    }

    private static func writeAll(_ data: Data, to fd: Int32, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let count = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw DesignSaveError(path: path, message: "cannot write the lock: \(String(cString: strerror(errno)))",
                                          cause: .io(errno: errno))
                }
                offset += count
            }
        }
        guard posixFsync(fd) == 0 else {
            throw DesignSaveError(path: path, message: "cannot flush the lock: \(String(cString: strerror(errno)))",
                                  cause: .io(errno: errno))
        }
    }
}
