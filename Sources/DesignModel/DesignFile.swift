#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A save that did not happen; the file on disk is as it was.
public struct DesignSaveError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}

/// Reading and writing design files on disk.
public enum DesignFile {
    /// Writes the canonical form of a design atomically. A design from a newer format is refused,
    /// because keys this version does not know would be lost.
    public static func save(_ design: Design, to path: String) throws {
        guard design.formatVersion <= Design.supportedFormatVersion else {
            throw DesignSaveError(path: path, message:
                "the design is of format \(design.formatVersion), newer than this archbench (\(Design.supportedFormatVersion)); it is not saved over")
        }
        try writeAtomically(Data(CanonicalWriter.yaml(for: design).utf8), to: path)
    }

    /// Writes a temporary file in the same folder, fsyncs it, renames it over the target and fsyncs
    /// the folder, so a crash or a full disk leaves either the old file or the new one, never half.
    /// An existing file keeps its permissions.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        func fail(_ what: String, _ code: Int32 = errno) -> DesignSaveError {
            DesignSaveError(path: path, message: "\(what): \(String(cString: strerror(code)))")
        }
        var existing = stat()
        let hasExisting = stat(path, &existing) == 0
        if hasExisting && (existing.st_mode & S_IFMT) == S_IFDIR {
            throw DesignSaveError(path: path, message: "is a folder")
        }
        var template = Array((folder + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw fail("cannot create a temporary file in \(folder)") }
        let temporary = String(cString: template)
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            let mode: mode_t
            if hasExisting {
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
                    let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw fail("cannot write")
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw fail("cannot flush to disk") }
        }
        guard rename(temporary, path) == 0 else { throw fail("cannot replace the file") }
        committed = true
        let folderFD = open(folder, O_RDONLY)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
    }
}
