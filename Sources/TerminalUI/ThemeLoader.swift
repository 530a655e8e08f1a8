import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package enum ThemeLoaderError: Error, CustomStringConvertible, Equatable {
    case notFound(name: String, searched: [String])
    case invalidName(String)

    package var description: String {
        switch self {
        case let .notFound(name, searched):
            return "theme '\(name)' not found; looked for \(name).yaml in: " + searched.joined(separator: ", ")
        case let .invalidName(name):
            return "invalid theme name '\(name)': use letters, digits, '-' and '_'"
        }
    }
}

/// Finds and loads themes by name. Search order, first match wins:
/// 1. the user's `$XDG_CONFIG_HOME/archbench/themes/NAME.yaml`
///    (`~/.config/...` when XDG_CONFIG_HOME is unset),
/// 2. `$ARCHBENCH_THEMES/NAME.yaml`,
/// 3. the shipped `Themes/` found by walking up from the real path of the
///    running executable (a checkout's `.build/debug/archbench`) or an
///    install prefix's `share/archbench/Themes`,
/// 4. the compiled-in `default` and `monochrome`.
/// A theme may say `base: NAME` to start from another theme; a user theme
/// with the same name as its base extends the next one in the order.
package struct ThemeLoader: Sendable {
    package var environment: [String: String]
    package var executablePath: String?

    package init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String? = ThemeLoader.currentExecutablePath()) {
        self.environment = environment
        self.executablePath = executablePath
    }

    /// The running binary with symlinks resolved, so a symlink in ~/bin to
    /// a checkout's build still finds that checkout's Themes/.
    package static func currentExecutablePath() -> String? {
        #if os(Linux)
        if let p = realPath("/proc/self/exe") { return p }
        #endif
        guard let arg0 = CommandLine.arguments.first, !arg0.isEmpty else { return nil }
        if arg0.contains("/") { return realPath(arg0) ?? arg0 }
        // Bare name: resolve through PATH like the shell did.
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(arg0)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return realPath(candidate) ?? candidate }
        }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    package var userThemeDirectory: String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty, xdg.hasPrefix("/") {
            return xdg + "/archbench/themes"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.config/archbench/themes"
        }
        return nil
    }

    /// Shipped theme directories, nearest ancestor of the executable first.
    package var shippedThemeDirectories: [String] {
        guard let exe = executablePath else { return [] }
        let resolved = ThemeLoader.realPath(exe) ?? exe
        var dirs: [String] = []
        var dir = (resolved as NSString).deletingLastPathComponent
        while !dir.isEmpty {
            for candidate in [dir + "/Themes", dir + "/share/archbench/Themes"] {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue {
                    dirs.append(candidate.replacingOccurrences(of: "//", with: "/"))
                }
            }
            if dir == "/" { break }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return dirs
    }

    /// Every directory searched, in order.
    package var searchDirectories: [String] {
        var dirs: [String] = []
        if let user = userThemeDirectory { dirs.append(user) }
        if let env = environment["ARCHBENCH_THEMES"], !env.isEmpty { dirs.append(env) }
        dirs.append(contentsOf: shippedThemeDirectories)
        return dirs
    }

    /// Theme files for `name`, in search order.
    package func candidates(for name: String) throws -> [String] {
        guard ThemeLoader.isValidName(name) else { throw ThemeLoaderError.invalidName(name) }
        return searchDirectories.map { "\($0)/\(name).yaml" }.filter { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// Where `name` would be loaded from: a file path, or nil for the
    /// compiled-in copy (or nowhere).
    package func locate(_ name: String) throws -> String? {
        try candidates(for: name).first
    }

    package func load(_ name: String) throws -> Theme {
        try load(name, skipping: [])
    }

    private func load(_ name: String, skipping: Set<String>) throws -> Theme {
        let paths = try candidates(for: name).filter { !skipping.contains($0) }
        if let path = paths.first {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ThemeError(file: path, line: 1, column: 1, message: "cannot read theme file: \(error.localizedDescription)")
            }
            return try Theme.parse(yaml: text, file: path) { base in
                try self.load(base, skipping: base == name ? skipping.union([path]) : skipping)
            }
        }
        if let builtin = BuiltinThemes.yaml(named: name) {
            return try Theme.parse(yaml: builtin, file: "<built-in \(name)>")
        }
        throw ThemeLoaderError.notFound(name: name, searched: searchDirectories)
    }

    /// The theme to use, given the terminal: `name` adapted to its colours
    /// (NO_COLOR honoured).
    package func load(_ name: String, for capabilities: TerminalCapabilities) throws -> Theme {
        try load(name).adapted(to: TerminalCapabilities.effectiveColors(capabilities.colors, environment: environment))
    }

    /// Names of every theme that can be loaded, sorted.
    package func availableThemes() -> [String] {
        var names = Set(BuiltinThemes.names)
        for dir in searchDirectories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for f in files where f.hasSuffix(".yaml") {
                let n = String(f.dropLast(5))
                if ThemeLoader.isValidName(n) { names.insert(n) }
            }
        }
        return names.sorted()
    }

    /// Names become file names, so nothing that could walk out of the
    /// theme directories.
    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".") && !name.hasPrefix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
            && !name.contains("..")
    }
}
