#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Facts about a process that locks and recovery journals record, so that another archbench can
/// tell who wrote them and whether that process is still running.
package enum ThisProcess {
    package static var pid: Int32 { getpid() }

    package static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        let name = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown-host" : name
    }

    /// The one lookup of who runs archbench, for locks, journals and comment signatures: the login
    /// name ($USER, then $LOGNAME), then the name of the account the process runs as, then `uid N`.
    package static func userName(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let user = environment["USER"], !user.isEmpty { return user }
        if let user = environment["LOGNAME"], !user.isEmpty { return user }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }

    /// This process's start time in clock ticks since boot (Linux), which with the pid names one
    /// process even after the pid is reused.
    package static var startTicks: UInt64? { startTicks(of: getpid()) }

    /// Field 22 of /proc/PID/stat; nil where there is no /proc or no such process.
    package static func startTicks(of pid: Int32) -> UInt64? {
        guard let fields = statFields(of: pid), fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// The fields of /proc/PID/stat from field 3 (state) on.
    private static func statFields(of pid: Int32) -> [Substring]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses,
        // so the fields are counted from the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// Whether a process with this pid is alive on this host: kill(pid, 0) fails with ESRCH only
    /// when there is none (EPERM means it exists but belongs to someone else). A zombie (exited,
    /// not yet reaped by its parent or init) is not alive: it will never release a lock.
    package static func isRunning(pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        return statFields(of: pid)?.first != "Z"
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func date(fromTimestamp text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

/// `key: value` lines, the form of a lock file and of a journal header (there behind `# `).
enum KeyValueLines {
    static func parse<Lines: Sequence>(_ lines: Lines) -> [String: String] where Lines.Element == Substring {
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty, fields[key] == nil { fields[key] = value }
        }
        return fields
    }

    /// A value on one line: a path or a host name with a line break would otherwise break the form.
    static func oneLine(_ value: String) -> String {
        value.replacingOccurrences(of: "\n", with: "?").replacingOccurrences(of: "\r", with: "?")
    }
}
