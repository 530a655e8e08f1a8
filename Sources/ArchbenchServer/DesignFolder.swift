import DesignModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The designs a server offers: the regular `*.design.yaml` files under its folder. Nothing
/// outside the folder is listed or opened: symbolic links are never followed (neither to
/// folders nor to files, wherever they point), hidden folders are skipped, and a path is
/// checked again, component by component, when it is opened.
package struct DesignFolder: Sendable {
    package let root: String
    /// At most this many designs are listed, this deep.
    static let maxDesigns = 1000
    static let maxDepth = 8

    package struct Failure: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    /// `folder` resolved to its real path, so the checks compare real paths.
    package init(_ folder: String) throws {
        guard let resolved = realpath(folder, nil) else {
            throw Failure(description: "\(folder): \(String(cString: strerror(errno)))")
        }
        defer { free(resolved) }
        root = String(cString: resolved)
        var status = stat()
        guard stat(root, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw Failure(description: "\(folder): not a folder")
        }
    }

    /// The designs' paths relative to the folder, sorted.
    package func designs() -> [String] {
        var found: [String] = []
        walk("", depth: 0, into: &found)
        return found.sorted()
    }

    private func walk(_ relative: String, depth: Int, into found: inout [String]) {
        guard depth <= DesignFolder.maxDepth, found.count < DesignFolder.maxDesigns else { return }
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard lstat(root + "/" + child, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                walk(child, depth: depth + 1, into: &found)
            case S_IFREG where name.hasSuffix(".design.yaml"):
                if found.count < DesignFolder.maxDesigns { found.append(child) }
            default:
                continue
            }
        }
    }

    /// The absolute path of a design named relative to the folder, or why it is refused: an
    /// absolute path, an empty, `.` or `..` component, a symbolic link or anything but a regular
    /// `*.design.yaml` file on the way.
    package func resolve(_ relative: String) throws -> String {
        guard !relative.hasPrefix("/") else { throw Failure(description: "an absolute path is not served") }
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw Failure(description: "only paths inside the served folder")
        }
        guard relative.hasSuffix(".design.yaml") else { throw Failure(description: "only *.design.yaml files are served") }
        var path = root
        for (index, component) in components.enumerated() {
            path += "/" + component
            var status = stat()
            guard lstat(path, &status) == 0 else { throw Failure(description: "\(relative): no such design") }
            let kind = status.st_mode & S_IFMT
            let isLast = index == components.count - 1
            guard kind == (isLast ? S_IFREG : S_IFDIR) else {
                throw Failure(description: "\(relative): \(kind == S_IFLNK ? "a symbolic link" : "not a regular file") is not served")
            }
        }
        return path
    }
}
