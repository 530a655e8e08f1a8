import DesignInterop
import DesignModel
import Foundation

/// `:import openapi FILE [SERVICE]` and `:import sql FILE [SERVICE]`: an OpenAPI document or a
/// PostgreSQL schema merged into the open design as the CLI's `import --into` does, as one edit
/// that one undo takes back.
package struct ImportRequest: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable { case openapi, sql }
    package var kind: Kind
    package var path: String
    /// Every imported element's service; without it OpenAPI tags name the services and SQL
    /// tables stay unassigned.
    package var service: String?
}

/// What an import gave: the design with it merged, and what changed.
package struct ImportOutcome: Sendable, Equatable {
    package var design: Design
    package var label: String
    /// "16 added, 0 changed, 1 unchanged, 23 left as they were", and what was skipped.
    package var summary: String
}

extension ImportRequest {
    /// Reads and merges into `design`; the runner calls it, so the file is read outside `update`.
    package func run(into design: Design) -> Result<ImportOutcome, ImportFailure> {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return .failure(ImportFailure(message: "\(path): cannot read: \(error.localizedDescription)"))
        }
        var merge = DesignMerge(into: design)
        let skipped: Int
        do {
            switch kind {
            case .openapi:
                let result = try OpenAPIImport.read(text, file: path, services: service.map { .named($0) } ?? .fromTags)
                merge.merge(result)
                skipped = result.skipped.count
            case .sql:
                let result = try PostgresSchemaImport.read(text, file: path, service: service)
                merge.merge(result)
                skipped = result.skipped.count
            }
        } catch {
            return .failure(ImportFailure(message: error.diagnostics.first.map { "\($0)" } ?? "\(path): not imported"))
        }
        let counts = merge.summary.lines[0]
        return .success(ImportOutcome(design: merge.design, label: "import \(kind.rawValue) \((path as NSString).lastPathComponent)",
                                      summary: counts + (skipped > 0 ? "; \(skipped) skipped (archbench import lists them)" : "")))
    }
}

package struct ImportFailure: Error, Sendable, Equatable {
    package var message: String
}

extension AppState {
    /// `:import KIND FILE [SERVICE]`: asks the runner to read and merge the file.
    mutating func importFile(_ arguments: [String]) -> [WorkbenchEffect] {
        guard arguments.count >= 2, let kind = ImportRequest.Kind(rawValue: arguments[0].lowercased()) else {
            message = StatusMessage(text: "usage: :import openapi|sql FILE [SERVICE]", severity: .warning)
            return []
        }
        guard !isReadOnly else {
            message = StatusMessage(text: "read-only: nothing can be imported into this design", severity: .warning)
            return []
        }
        let service = arguments.count >= 3 ? arguments[2] : nil
        return [.importFile(ImportRequest(kind: kind, path: AppState.expandingHome(arguments[1]), service: service))]
    }

    /// The runner's answer: the merged design becomes this one as one edit, after the lock.
    mutating func imported(_ result: Result<ImportOutcome, ImportFailure>) -> [WorkbenchEffect] {
        switch result {
        case let .failure(failure):
            message = StatusMessage(text: failure.message, severity: .error)
            return []
        case let .success(outcome):
            if editLock == .notTaken || editLock == .unavailable {
                pendingEdit = .become(outcome)
                return [.acquireLock]
            }
            apply(imported: outcome)
            return []
        }
    }

    mutating func apply(imported outcome: ImportOutcome) {
        do {
            try history.perform(.become(outcome.design), on: &design, label: outcome.label)
            editDone("\(outcome.label): \(outcome.summary)  (u undoes)")
        } catch {
            message = StatusMessage(text: "not imported: \(error)", severity: .error)
        }
    }
}
