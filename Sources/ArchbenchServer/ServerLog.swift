import Foundation
import TerminalUI

/// One line on stderr per event (a connection, an authentication result, a refusal, a save),
/// stamped with the UTC time. Names and commands come from clients and key files: every field
/// goes through `ControlCharacters`, so a name cannot move the cursor of whoever reads the log.
package struct ServerLog: Sendable {
    private let write: @Sendable (String) -> Void

    /// Writes to standard error.
    package static let standardError = ServerLog { line in
        try? FileHandle.standardError.write(contentsOf: Data(line.utf8))
    }

    package init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// `2026-12-05T19:30:00Z connect from=127.0.0.1:50122`: the event word, then `key=value`
    /// fields in the order given; a value with a space is quoted.
    package func event(_ name: String, _ fields: KeyValuePairs<String, String>) {
        var line = ServerLog.timestamp() + " " + name
        for (key, value) in fields {
            let shown = ControlCharacters.escaped(value)
            line += " \(key)=" + (shown.contains(" ") || shown.isEmpty ? "\"\(shown.replacingOccurrences(of: "\"", with: "\\\""))\"" : shown)
        }
        write(line + "\n")
    }

    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
