import DesignModel
import DesignRules
import Synchronization

/// The checker the CLI gives the workbench: the full rule set of DesignRules.
package enum WorkbenchChecks {
    /// A new checker with the full rule set that revalidates incrementally: after an edit it runs
    /// only the rules (and, for endpoint rules, the endpoints) the edit can have changed. Its
    /// findings are a full run's. Each workbench session takes its own, so that sessions never
    /// trade each other's last design.
    package static var standard: any DesignChecking { IncrementalChecker() }
}

/// A checker that keeps an `IncrementalValidator` between calls.
package final class IncrementalChecker: DesignChecking {
    /// The validator between calls; taken out for a call, so that the lock is never held while
    /// the rules run (a second caller meanwhile starts from a fresh validator, which is slower but
    /// gives the same findings).
    private let validator = Mutex<IncrementalValidator?>(IncrementalValidator())

    package init() {}

    package func findings(for design: Design, sourceMap: SourceMap) -> [Finding] {
        var current = validator.withLock { $0.take() } ?? IncrementalValidator()
        let findings = current.validate(design, sourceMap: sourceMap)
        validator.withLock { $0 = current }
        return findings
    }

    /// How the rules of the last call were run, for the bench.
    package var lastRun: IncrementalValidator.RunCounts? { validator.withLock { $0?.lastRun } }
}
