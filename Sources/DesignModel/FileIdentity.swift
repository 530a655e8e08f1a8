#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What a design file was when it was loaded or last saved: which file (device and inode), and
/// which contents (size, modification time and a SHA-256 of the bytes). Compared before a save so
/// that a change by someone else is never overwritten silently.
package struct FileIdentity: Equatable, Hashable, Sendable, CustomStringConvertible {
    package var device: UInt64
    package var inode: UInt64
    package var size: Int64
    /// Modification time in nanoseconds since 1970.
    package var modificationTimeNanoseconds: Int64
    package var contentHash: SHA256Digest

    package init(device: UInt64, inode: UInt64, size: Int64, modificationTimeNanoseconds: Int64, contentHash: SHA256Digest) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.contentHash = contentHash
    }

    /// The identity of the file at `path` now, reading and hashing its contents; nil when there is
    /// no such file.
    package static func current(of path: String) throws -> FileIdentity? {
        try read(path)?.identity
    }

    /// Reads a file once and returns its bytes with the identity of exactly those bytes, so the
    /// identity a design is loaded with cannot describe a later version of the file.
    /// - Returns: nil when there is no such file.
    /// Anything but a regular file is refused before a byte is read: a FIFO would block, a device
    /// such as /dev/zero would never end. The open does not wait (O_NONBLOCK) for a FIFO's writer.
    package static func read(_ path: String) throws(DesignSaveError) -> (data: Data, identity: FileIdentity)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw DesignSaveError(path: path, message: describeOpenError(errno, path: path), cause: .io(errno: errno))
        }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else {
            throw DesignSaveError(path: path, message: "cannot stat: \(String(cString: strerror(errno)))", cause: .io(errno: errno))
        }
        if let kind = nonRegularKind(opened.st_mode) {
            throw DesignSaveError(path: path, message: "it \(kind), not a regular file")
        }
        if opened.st_size > maximumSize {
            throw DesignSaveError(path: path, message:
                "the file is \(opened.st_size / 1_048_576) MB; a design file is at most \(maximumSize / 1_048_576) MB")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(opened.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DesignSaveError(path: path, message: "cannot read: \(String(cString: strerror(errno)))", cause: .io(errno: errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            // A file that grows while it is read is cut off at the same limit.
            if bytes.count > maximumSize {
                throw DesignSaveError(path: path, message: "the file grew past \(maximumSize / 1_048_576) MB while it was read")
            }
        }
        // fstat after reading: the size and time then describe the bytes just read, unless the
        // file is being rewritten in place this very moment, which a later check will notice.
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw DesignSaveError(path: path, message: "cannot stat: \(String(cString: strerror(errno)))", cause: .io(errno: errno))
        }
        let identity = FileIdentity(info, contentHash: ContentHash.sha256(bytes))
        return (Data(bytes), identity)
    }

    /// The largest design file read: 25 times the largest design measured in the benchmark, far
    /// below what would exhaust memory on a shared host.
    package static let maximumSize = 64 * 1_048_576

    /// What a file that is not a regular one is, for a message that says so; nil for a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a directory"
        case S_IFIFO: return "is a FIFO (named pipe)"
        case S_IFCHR: return "is a character device"
        case S_IFBLK: return "is a block device"
        case S_IFSOCK: return "is a socket"
        default: return "is a special file"
        }
    }

    /// Why `path` did not open; a socket, which open(2) answers with ENXIO, is named as such.
    static func describeOpenError(_ code: Int32, path: String) -> String {
        var info = stat()
        if code != ELOOP, stat(path, &info) == 0, let kind = nonRegularKind(info.st_mode) { return "it \(kind), not a regular file" }
        return code == ELOOP ? "a loop of symbolic links" : String(cString: strerror(code))
    }

    init(_ info: stat, contentHash: SHA256Digest) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modificationTimeNanoseconds: FileIdentity.nanoseconds(info), contentHash: contentHash)
    }

    static func nanoseconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }

    /// Whether a stat of the file gives the same device, inode, size and time: the cheap check a
    /// poll makes before it bothers to hash.
    func hasSameMetadata(as info: stat) -> Bool {
        device == UInt64(info.st_dev) && inode == UInt64(info.st_ino) && size == Int64(info.st_size)
            && modificationTimeNanoseconds == FileIdentity.nanoseconds(info)
    }

    /// One line, also the form kept in a recovery journal's header.
    package var description: String {
        "dev=\(device) ino=\(inode) size=\(size) mtime-ns=\(modificationTimeNanoseconds) sha256=\(contentHash.hex)"
    }

    /// Parses `description`.
    package init?(_ text: String) {
        var fields: [String: String] = [:]
        for part in text.split(separator: " ") {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        guard let device = fields["dev"].flatMap(UInt64.init), let inode = fields["ino"].flatMap(UInt64.init),
              let size = fields["size"].flatMap(Int64.init), let time = fields["mtime-ns"].flatMap(Int64.init),
              let hash = fields["sha256"].flatMap(SHA256Digest.init(hex:)) else { return nil }
        self.init(device: device, inode: inode, size: size, modificationTimeNanoseconds: time, contentHash: hash)
    }
}

/// How a design file on disk compares with the identity it was loaded or saved with.
package enum DiskChange: Equatable, Sendable {
    /// Same device, inode, size and time: the file is as it was.
    case unchanged
    /// Replaced, touched or rewritten, but with the same bytes (a `touch`, a checkout of the same
    /// content, another editor saving unchanged text): nothing would be lost by overwriting.
    case sameContent(FileIdentity)
    /// Other bytes than were loaded: someone else changed the file.
    case modified(FileIdentity)
    /// The file is gone.
    case deleted

    /// Whether saving over the file now would lose bytes someone else wrote.
    package var losesOthersWork: Bool {
        if case .modified = self { return true }
        return false
    }
}

/// A design loaded together with the identity of the exact bytes it was loaded from.
package struct OpenedDesign: Sendable {
    package var loaded: LoadedDesign
    package var identity: FileIdentity
}

/// Low-level calls `writeAtomically` makes for the bytes of the new file, replaceable so tests
/// can make a write fail the way a full disk or a dying device does.
package struct AtomicWriteCalls: Sendable {
    /// write(2): returns the count written, or -1 with `errno` set.
    package var write: @Sendable (_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int
    /// fsync(2): returns 0, or -1 with `errno` set.
    package var fsync: @Sendable (_ fd: Int32) -> Int32

    package init(write: @escaping @Sendable (Int32, UnsafeRawPointer, Int) -> Int,
                fsync: @escaping @Sendable (Int32) -> Int32) {
        self.write = write
        self.fsync = fsync
    }

    package static let system = AtomicWriteCalls(
        write: { fd, bytes, count in posixWrite(fd, bytes, count) },
        fsync: { fd in posixFsync(fd) })
}

// Named wrappers, because inside types with members called `read`, `write` and `fsync` (such as
// AtomicWriteCalls and FileIdentity) the bare C names resolve to those members instead.
@inline(__always) func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
@inline(__always) func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
@inline(__always) func posixFsync(_ fd: Int32) -> Int32 {
    fsync(fd)
}

extension DesignFile {
    /// Whether two paths name the same file: one inode, or (for files not there yet) the same
    /// resolved path.
    package static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 { return first.st_dev == second.st_dev && first.st_ino == second.st_ino }
        func resolved(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolved(a) == resolved(b)
    }

    /// Whether the file at `path` is a design (it loads as one): an export or a copy must not
    /// replace it by mistake.
    package static func holdsDesign(_ path: String) -> Bool {
        (try? DesignLoader.load(contentsOf: path)) != nil
    }

    /// The text of a design file, read as designs are (regular files only, within the size limit).
    package static func readText(_ path: String) throws -> String {
        guard let read = try FileIdentity.read(path) else {
            throw DesignSaveError(path: path, message: "cannot read: no such file", cause: .io(errno: ENOENT))
        }
        guard let text = String(data: read.data, encoding: .utf8) else {
            throw DesignSaveError(path: path, message: "the file is not UTF-8 text")
        }
        return text
    }

    /// Loads a design and the identity of the bytes it came from, for `save(_:to:expecting:)`.
    package static func loadWithIdentity(contentsOf path: String) throws(DesignLoadError) -> OpenedDesign {
        let read: (data: Data, identity: FileIdentity)?
        do {
            read = try FileIdentity.read(path)
        } catch {
            throw DesignLoadError(diagnostics: [DesignDiagnostic(
                file: path, location: SourceLocation(line: 1, column: 1), message: "cannot read file: \(error.message)")])
        }
        guard let read else {
            throw DesignLoadError(diagnostics: [DesignDiagnostic(
                file: path, location: SourceLocation(line: 1, column: 1), message: "cannot read file: no such file")])
        }
        return OpenedDesign(loaded: try DesignLoader.load(data: read.data, file: path), identity: read.identity)
    }

    /// Compares the file with the identity it had; hashes only when a stat says it may differ, so
    /// this is cheap enough to poll every second or two.
    package static func changedOnDisk(_ path: String, since identity: FileIdentity) throws -> DiskChange {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return .deleted }
            throw DesignSaveError(path: path, message: "cannot stat: \(String(cString: strerror(errno)))", cause: .io(errno: errno))
        }
        if identity.hasSameMetadata(as: info) { return .unchanged }
        guard let now = try FileIdentity.current(of: path) else { return .deleted }
        return now.contentHash == identity.contentHash ? .sameContent(now) : .modified(now)
    }

    /// Saves a design unless the file was changed by someone else since it had `identity`; then it
    /// throws a `DesignSaveError` with cause `.changedOnDisk` and leaves the file alone, so the
    /// workbench can offer reload, overwrite (`saveOverwriting`) or save as.
    /// - Parameter identity: the identity the design was loaded or last saved with; nil for a
    ///   design that had no file yet, which then refuses when a file has appeared meanwhile.
    /// - Returns: the identity of the file as written, to expect at the next save.
    /// The check and the rename are not one atomic step: a write landing in between (well under a
    /// millisecond) would still be lost, as with every editor that does not lock the file.
    @discardableResult
    package static func save(_ design: Design, to path: String, expecting identity: FileIdentity?,
                            calls: AtomicWriteCalls = .system) throws -> FileIdentity {
        if let identity {
            let change = try changedOnDisk(path, since: identity)
            if change.losesOthersWork {
                throw DesignSaveError(path: path, message:
                    "the file was changed on disk since it was loaded; reload it, overwrite it or save as another file",
                    cause: .changedOnDisk)
            }
        } else if FileManager.default.fileExists(atPath: path) {
            throw DesignSaveError(path: path, message:
                "a file was created there since this design was started; reload it, overwrite it or save as another file",
                cause: .changedOnDisk)
        }
        return try saveOverwriting(design, to: path, calls: calls)
    }

    /// Saves whatever is on disk now: the "overwrite" answer after `.changedOnDisk`.
    @discardableResult
    package static func saveOverwriting(_ design: Design, to path: String, calls: AtomicWriteCalls = .system) throws -> FileIdentity {
        try refuseNewerFormat(design, path: path)
        return try writeAtomically(Data(CanonicalWriter.yaml(for: design).utf8), to: path, calls: calls)
    }
}
