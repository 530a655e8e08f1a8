import DesignModel
import DesignRules
import TerminalUI

/// Whatever checks a design for the workbench. The workbench asks once per model change and
/// caches the answer in its state, so a checker may be as slow as a full validation run.
public protocol DesignChecking: Sendable {
    func findings(for design: Design, sourceMap: SourceMap) -> [Finding]
}

/// A checker built from a function, for the real validator and for tests that need findings
/// the rules would not produce on their own.
public struct FunctionChecker: DesignChecking {
    private let check: @Sendable (Design, SourceMap) -> [Finding]
    public init(_ check: @escaping @Sendable (Design, SourceMap) -> [Finding]) { self.check = check }
    public func findings(for design: Design, sourceMap: SourceMap) -> [Finding] { check(design, sourceMap) }
}

/// Finding totals by severity, for the status line and the findings panel title.
public struct FindingCounts: Equatable, Sendable {
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    public init(_ findings: [Finding] = []) {
        for f in findings {
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
    }
    public var total: Int { errors + warnings + infos }
}

/// How many findings a list row carries and the worst of them (which colours its marker).
public struct RowMarker: Equatable, Sendable {
    public var count: Int
    public var worst: Severity
}

extension Severity {
    /// The style role of a severity's marker and glyph.
    var role: StyleRole {
        switch self {
        case .error: .error
        case .warning: .warning
        case .info: .info
        }
    }

    func glyph(_ glyphs: Glyphs) -> String {
        switch self {
        case .error: glyphs.error
        case .warning: glyphs.warning
        case .info: glyphs.info
        }
    }
}
