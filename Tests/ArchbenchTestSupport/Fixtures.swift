import Foundation

/// Files the tests read, vendored under `Tests/Fixtures` so a clone with nothing beside it tests
/// itself. A missing fixture fails the test that reads it, with its path, never the whole run.
package enum Fixture {
    /// `Tests/` of this repository, found from this source file.
    package static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()
    package static let folder = testsFolder.appendingPathComponent("Fixtures")
    package static let repositoryRoot = testsFolder.deletingLastPathComponent()

    /// The complete shop design of the format reference.
    package static var shopPath: String { path("shop.design.yaml") }

    package static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A fixture's text; throws, naming the path, when it is missing.
    package static func text(_ name: String) throws -> String {
        let file = path(name)
        guard let data = FileManager.default.contents(atPath: file) else { throw FixtureError.missing(file) }
        return String(decoding: data, as: UTF8.self)
    }
}

package enum FixtureError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    package var description: String {
        switch self {
        case let .missing(path): "missing test fixture \(path)"
        }
    }
}
