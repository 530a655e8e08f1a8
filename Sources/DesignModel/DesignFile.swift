#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A save that did not happen; the file on disk is as it was.
package struct DesignSaveError: Error, Equatable, Sendable, CustomStringConvertible {
    package var path: String
    package var message: String
    /// Why, for a caller that answers differently to each (the workbench offers reload,
    /// overwrite or save as only for `.changedOnDisk`).
    package var cause: Cause

    package enum Cause: Equatable, Sendable {
        /// A system call failed with this errno; the message names it ("No space left on device").
        case io(errno: Int32)
        /// Someone else changed the file since it was loaded; nothing was written.
        case changedOnDisk
        /// The design is of a newer format than this archbench; saving would drop what it does not know.
        case newerFormat
        case other
    }

    package init(path: String, message: String, cause: Cause = .other) {
        self.path = path
        self.message = message
        self.cause = cause
    }
    package var description: String { "\(path): \(message)" }
}

/// Reading and writing design files on disk.
package enum DesignFile {
    /// Writes the canonical form of a design atomically. A design from a newer format is refused,
    /// because keys this version does not know would be lost.
    package static func save(_ design: Design, to path: String) throws {
        try refuseNewerFormat(design, path: path)
        try writeAtomically(Data(CanonicalWriter.yaml(for: design).utf8), to: path)
    }

    static func refuseNewerFormat(_ design: Design, path: String) throws {
        guard design.formatVersion <= Design.supportedFormatVersion else {
            throw DesignSaveError(path: path, message:
                "the design is of format \(design.formatVersion), newer than this archbench (\(Design.supportedFormatVersion)); it is not saved over",
                cause: .newerFormat)
        }
    }

    /// Writes a temporary file in the same folder, fsyncs it, renames it over the target and fsyncs
    /// the folder, so a crash or a full disk leaves either the old file or the new one, never half.
    /// An existing file keeps its permissions.
    package static func writeAtomically(_ data: Data, to path: String) throws {
        try writeAtomically(data, to: path, calls: .system)
    }

    /// `writeAtomically(_:to:)` with the write and fsync calls given, so a test can fail them.
    /// - Returns: the identity of the file as written.
    @discardableResult
    /// - Parameter mode: the new file's permission bits; by default those of the file it
    ///   replaces, or 0666 less the umask for a new one.
    package static func writeAtomically(_ data: Data, to path: String, calls: AtomicWriteCalls,
                                       mode requestedMode: mode_t? = nil) throws -> FileIdentity {
        // A design reached through a symbolic link is written where the link points: renaming over
        // the link itself would replace it with a copy and leave the real file as it was.
        var link = stat()
        let isLink = lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
        let url = isLink ? URL(fileURLWithPath: path).resolvingSymlinksInPath() : URL(fileURLWithPath: path)
        let target = url.path
        let folder = url.deletingLastPathComponent().path
        func fail(_ what: String, _ code: Int32 = errno) -> DesignSaveError {
            DesignSaveError(path: path, message: "\(what): \(String(cString: strerror(code)))", cause: .io(errno: code))
        }
        var existing = stat()
        let hasExisting = stat(target, &existing) == 0
        if hasExisting && (existing.st_mode & S_IFMT) == S_IFDIR {
            throw DesignSaveError(path: path, message: "is a folder")
        }
        var template = Array((folder + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw fail("cannot create a temporary file in \(folder)") }
        let temporary = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        var written = stat()
        do {
            defer { close(fd) }
            let mode: mode_t
            if let requestedMode {
                mode = requestedMode
            } else if hasExisting {
                mode = existing.st_mode & 0o7777
            } else {
                let mask = umask(0)
                umask(mask)
                mode = 0o666 & ~mask
            }
            guard fchmod(fd, mode) == 0 else { throw fail("cannot set permissions") }
            try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < buffer.count {
                    let count = calls.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw fail("cannot write")
                    }
                    offset += count
                }
            }
            guard calls.fsync(fd) == 0 else { throw fail("cannot flush to disk") }
            // The rename keeps inode and times, so this is the identity the file will have.
            guard fstat(fd, &written) == 0 else { throw fail("cannot stat the temporary file") }
        }
        guard rename(temporary, target) == 0 else { throw fail("cannot replace the file") }
        committed = true
        let folderFD = open(folder, O_RDONLY)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
        return FileIdentity(written, contentHash: ContentHash.sha256(data))
    }
}
