import Foundation

/// Earlier versions of a design file from the git repository it lives in, read with the `git`
/// command itself (`git show REV:./NAME`, `git log -- NAME`), run in the file's folder.
package enum DesignHistory {
    /// The revision word that means "the last commit whose version of the file holds an `approve` verdict".
    package static let approved = "approved"

    /// Why an earlier version could not be read; `message` is what git said.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package let message: String
        package var description: String { message }
    }

    /// The file's bytes as committed in `revision` (a commit, a tag, a branch, `HEAD~2`, or
    /// `approved`), and the commit that was.
    package static func text(of path: String, at revision: String) throws(Failure) -> (text: String, commit: String) {
        let commit: String
        if revision == approved {
            guard let found = try lastApproved(path) else {
                throw Failure(message: "no commit of \(name(path)) holds a comment with 'verdict: approve'")
            }
            commit = found
        } else {
            guard !revision.hasPrefix("-") else { throw Failure(message: "'\(revision)' is not a revision") }
            commit = try git(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: path,
                             failure: "'\(revision)' is not a commit of the repository of \(name(path))")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let text = try git(["show", "\(commit):./\(name(path))"], in: path, failure: "\(name(path)) is not in \(revision)")
        return (text, commit)
    }

    /// The commit that recorded the latest `verdict: approve` comment: the newest version of
    /// the file with one names the approval, and the oldest commit since which the file has
    /// held that same comment is the version that was approved (later commits carry the
    /// comment along with their changes). Nil when no version has an approval.
    package static func lastApproved(_ path: String) throws(Failure) -> String? {
        let log = try git(["log", "--format=%H", "--", name(path)], in: path, failure: "cannot read the history of \(name(path))")
        var approval: Comment?, approved: String?
        for commit in log.split(separator: "\n").map(String.init) where !commit.isEmpty {
            guard let text = try? git(["show", "\(commit):./\(name(path))"], in: path, failure: ""),
                  let design = try? DesignLoader.load(yaml: text).design else {
                if approval != nil { break } else { continue }
            }
            if let approval {
                guard design.comments.contains(where: { $0.verdict == .approve && $0.author == approval.author && $0.at == approval.at
                    && $0.text == approval.text }) else { break }
            } else {
                approval = design.comments.filter { $0.verdict == .approve }.max { $0.id < $1.id }
            }
            if approval != nil { approved = commit }
        }
        return approved
    }

    private static func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// Runs git in the file's folder; its standard output, or `failure` with git's own message.
    private static func git(_ arguments: [String], in path: String, failure: String) throws(Failure) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(message: "cannot run git: \(error.localizedDescription)")
        }
        // Both pipes are read before waiting, so a large file cannot block git.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: said.isEmpty ? failure : "\(failure): \(said.split(separator: "\n").first ?? "")")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
