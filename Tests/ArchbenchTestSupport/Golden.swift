import Foundation
import Testing

/// Compares text with a golden file; `UPDATE_GOLDEN=1 swift test` writes the golden files instead.
/// A difference is recorded with the first line that differs; a missing golden file is a failure.
package func expectGolden(_ text: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record(Comment(rawValue: "missing golden file \(url.path); run with UPDATE_GOLDEN=1"), sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard expected != text else { return }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let first = Array(zip(expectedLines, actualLines)).firstIndex { $0 != $1 } ?? min(expectedLines.count, actualLines.count)
    let want = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
    let got = first < actualLines.count ? String(actualLines[first]) : "<end>"
    Issue.record(Comment(rawValue: "\(url.lastPathComponent) differs from the golden file at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)\n"
        + "(UPDATE_GOLDEN=1 swift test rewrites it)"), sourceLocation: sourceLocation)
}
