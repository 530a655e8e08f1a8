#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// mount(2) of a small tmpfs, for real full-disk and read-only-folder tests (needs root or
/// CAP_SYS_ADMIN; tests skip without it, except under CI, where they must run and fail).
package enum TmpfsMount {
    /// Whether the tests that mount run: where mounting is permitted, and always under CI (`CI`
    /// set and not false), where a refused mount fails them instead of skipping them unseen.
    package static let testsRun: Bool = isPermitted
        || ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && !["false", "0", "no"].contains($0.lowercased()) } == true

    package static let isPermitted: Bool = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-mount-probe-\(UUID().uuidString)").path
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard mount(at: folder, size: "16k") else { return false }
        unmount(folder)
        return true
    }()

    #if canImport(Glibc)
    package static func mount(at folder: String, size: String) -> Bool {
        Glibc.mount("tmpfs", folder, "tmpfs", 0, "size=\(size),mode=0755") == 0
    }

    package static func remountReadOnly(_ folder: String) -> Bool {
        Glibc.mount("tmpfs", folder, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0
    }

    package static func unmount(_ folder: String) {
        umount2(folder, Int32(MNT_DETACH))
    }

    /// The folder mounted over itself read-only (a bind mount): what root cannot write to,
    /// for the permission tests a `chmod` cannot make fail for root. Undo with `unmount`.
    package static func bindReadOnly(_ folder: String) -> Bool {
        guard Glibc.mount(folder, folder, nil, UInt(MS_BIND), nil) == 0 else { return false }
        guard Glibc.mount(nil, folder, nil, UInt(MS_REMOUNT | MS_BIND | MS_RDONLY), nil) == 0 else {
            unmount(folder)
            return false
        }
        return true
    }
    #else
    package static func mount(at folder: String, size: String) -> Bool { false }
    package static func remountReadOnly(_ folder: String) -> Bool { false }
    package static func unmount(_ folder: String) {}
    package static func bindReadOnly(_ folder: String) -> Bool { false }
    #endif
}
