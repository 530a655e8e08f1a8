import DesignModel
import ArchbenchTestSupport
import Foundation

/// The shop design, vendored under Tests/Fixtures.
enum Shared {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shopPath = Fixture.shopPath
    static var shopText: String { (try? String(contentsOfFile: shopPath, encoding: .utf8)) ?? "" }
    static func shop() throws -> Design { try DesignLoader.load(contentsOf: shopPath).design }
}

/// Loads YAML that is expected to fail and returns its messages as `line:col: message`.
func loadErrors(_ yaml: String) -> [String] {
    do {
        _ = try DesignLoader.load(yaml: yaml)
        return []
    } catch {
        return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }
}
