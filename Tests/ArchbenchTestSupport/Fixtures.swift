import Foundation

/// Files the tests read, vendored under `Tests/Fixtures` so a clone with nothing beside it tests
/// itself. A missing fixture fails the test that reads it, with its path, never the whole run.
public enum Fixture {
    /// `Tests/` of this repository, found from this source file.
    public static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let folder = testsFolder.appendingPathComponent("Fixtures")
    public static let repositoryRoot = testsFolder.deletingLastPathComponent()

    /// The complete shop design of the format reference.
    public static var shopPath: String { path("shop.design.yaml") }

    public static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A fixture's text; throws, naming the path, when it is missing.
    public static func text(_ name: String) throws -> String {
        let file = path(name)
        guard let data = FileManager.default.contents(atPath: file) else { throw FixtureError.missing(file) }
        return String(decoding: data, as: UTF8.self)
    }
}

public enum FixtureError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    public var description: String {
        switch self {
        case let .missing(path): "missing test fixture \(path)"
        }
    }
}
