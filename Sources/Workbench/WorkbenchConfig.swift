import Foundation
import TerminalUI

/// Settings from `$XDG_CONFIG_HOME/archbench/config.yaml` (`~/.config/archbench/config.yaml`
/// when XDG_CONFIG_HOME is unset). Only flat `key: value` lines are read, so the file stays
/// something a person writes by hand:
///
///     theme: light
///     journal-after-idle: 2s       # or 500ms, or off
///     journal-after-edits: 3       # or off
package struct WorkbenchConfig: Equatable, Sendable {
    package static let defaultJournalAfterIdle: Swift.Duration? = .seconds(2)
    package static let defaultJournalAfterEdits: Int? = 3
    static let keys = ["theme", "journal-after-idle", "journal-after-edits"]

    package var theme: String?
    /// How long after the last change the recovery journal is written; nil: never for idleness
    /// (signals, a closed terminal and Ctrl-Z still write it).
    package var journalAfterIdle: Swift.Duration?
    /// After how many changes the journal is written; nil: never for a count.
    package var journalAfterEdits: Int?

    package init(theme: String? = nil, journalAfterIdle: Swift.Duration? = defaultJournalAfterIdle,
                journalAfterEdits: Int? = defaultJournalAfterEdits) {
        self.theme = theme
        self.journalAfterIdle = journalAfterIdle
        self.journalAfterEdits = journalAfterEdits
    }

    package static func path(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/archbench/config.yaml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/archbench/config.yaml" }
        return nil
    }

    /// Reads the config file; a missing file is an empty config.
    package static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WorkbenchConfig {
        guard let path = path(environment: environment), FileManager.default.fileExists(atPath: path) else {
            return WorkbenchConfig()
        }
        return try parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    package static func parse(_ text: String, file: String = "config.yaml") throws -> WorkbenchConfig {
        var config = WorkbenchConfig()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ThemeError(file: file, line: n + 1, column: 1, message: "expected key: value")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let f = value.first, f == value.last, f == "\"" || f == "'" { value = String(value.dropFirst().dropLast()) }
            let valueColumn = line.distance(from: line.startIndex, to: colon) + 3
            func bad(_ message: String) -> ThemeError { ThemeError(file: file, line: n + 1, column: valueColumn, message: message) }
            switch key {
            case "theme": config.theme = value
            case "journal-after-idle":
                if value == "off" {
                    config.journalAfterIdle = nil
                } else if let ms = value.hasSuffix("ms") ? Int(value.dropLast(2)) : nil, ms > 0 {
                    config.journalAfterIdle = .milliseconds(ms)
                } else if let seconds = value.hasSuffix("s") ? Int(value.dropLast()) : nil, seconds > 0 {
                    config.journalAfterIdle = .seconds(seconds)
                } else {
                    throw bad("journal-after-idle: expected a time such as 2s or 500ms, or off; got '\(value)'")
                }
            case "journal-after-edits":
                if value == "off" {
                    config.journalAfterEdits = nil
                } else if let count = Int(value), count > 0 {
                    config.journalAfterEdits = count
                } else {
                    throw bad("journal-after-edits: expected a number of changes, or off; got '\(value)'")
                }
            default:
                throw ThemeError(file: file, line: n + 1, column: 1,
                                 message: "unknown setting '\(key)' (known: \(keys.joined(separator: ", ")))")
            }
        }
        return config
    }

    /// The theme to draw with: `--theme` wins over the config file, which wins over `default`.
    /// A user theme file of the same name overrides the shipped one (ThemeLoader's order).
    package static func theme(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        try theme(option: option, config: option == nil ? load(environment: environment) : WorkbenchConfig(), environment: environment)
    }

    static func theme(option: String?, config: WorkbenchConfig, environment: [String: String]) throws -> Theme {
        try ThemeLoader(environment: environment).load(option ?? config.theme ?? "default")
    }
}
