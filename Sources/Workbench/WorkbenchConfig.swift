import Foundation
import TerminalUI

/// Settings from `$XDG_CONFIG_HOME/archbench/config.yaml` (`~/.config/archbench/config.yaml`
/// when XDG_CONFIG_HOME is unset). Only flat `key: value` lines are read, so the file stays
/// something a person writes by hand:
///
///     theme: light
public struct WorkbenchConfig: Equatable, Sendable {
    public var theme: String?

    public init(theme: String? = nil) { self.theme = theme }

    public static func path(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/archbench/config.yaml" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/archbench/config.yaml" }
        return nil
    }

    /// Reads the config file; a missing file is an empty config.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WorkbenchConfig {
        guard let path = path(environment: environment), FileManager.default.fileExists(atPath: path) else {
            return WorkbenchConfig()
        }
        return try parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    public static func parse(_ text: String, file: String = "config.yaml") throws -> WorkbenchConfig {
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
            switch key {
            case "theme": config.theme = value
            default:
                throw ThemeError(file: file, line: n + 1, column: 1, message: "unknown setting '\(key)' (known: theme)")
            }
        }
        return config
    }

    /// The theme to draw with: `--theme` wins over the config file, which wins over `default`.
    /// A user theme file of the same name overrides the shipped one (ThemeLoader's order).
    public static func theme(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        let name = try option ?? load(environment: environment).theme ?? "default"
        return try ThemeLoader(environment: environment).load(name)
    }
}
