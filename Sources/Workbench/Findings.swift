import DesignModel
import DesignRules
import TerminalUI

/// Whatever checks a design for the workbench. The workbench asks once per model change and
/// caches the answer in its state, so a checker may be as slow as a full validation run.
package protocol DesignChecking: Sendable {
    func findings(for design: Design, sourceMap: SourceMap) -> [Finding]
}

/// A checker built from a function, for the real validator and for tests that need findings
/// the rules would not produce on their own.
package struct FunctionChecker: DesignChecking {
    private let check: @Sendable (Design, SourceMap) -> [Finding]
    package init(_ check: @escaping @Sendable (Design, SourceMap) -> [Finding]) { self.check = check }
    package func findings(for design: Design, sourceMap: SourceMap) -> [Finding] { check(design, sourceMap) }
}

/// Finding totals by severity, for the status line and the findings panel title.
package struct FindingCounts: Equatable, Sendable {
    package var errors = 0
    package var warnings = 0
    package var infos = 0
    package init(_ findings: [Finding] = []) {
        for f in findings {
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
    }
    package var total: Int { errors + warnings + infos }
}

/// How many findings a list row carries and the worst of them (which colours its marker).
package struct RowMarker: Equatable, Sendable {
    package var count: Int
    package var worst: Severity
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
