import Foundation
import Testing
@testable import TerminalUI

/// The repository's Themes/ directory, found from this source file.
let repoThemes: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Themes").path
}()

/// A scratch directory removed when the test ends.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "archbench-tui-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }
}

@Suite struct ThemeTests {
    @Test func builtinThemesAreIdenticalToShippedFiles() throws {
        for name in BuiltinThemes.names {
            let file = try String(contentsOfFile: "\(repoThemes)/\(name).yaml", encoding: .utf8)
            #expect(BuiltinThemes.yaml(named: name) == file, "compiled-in \(name) differs from Themes/\(name).yaml")
            #expect(try Theme.parse(yaml: file) == Theme.parse(yaml: BuiltinThemes.yaml(named: name)!))
        }
    }

    @Test func everyShippedThemeDefinesEveryRole() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repoThemes).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files).isSuperset(of: ["default.yaml", "light.yaml", "high-contrast.yaml", "monochrome.yaml"]))
        for f in files {
            let path = "\(repoThemes)/\(f)"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            // No `base`: a shipped theme must stand on its own.
            let theme = try Theme.parse(yaml: text, file: path)
            #expect(theme.name + ".yaml" == f)
            #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
        }
    }

    @Test func monochromeFileMatchesTheNoColourFallback() throws {
        let mono = try Theme.parse(yaml: BuiltinThemes.monochromeYAML)
        for role in StyleRole.allCases {
            #expect(mono.style(for: role) == Theme.monochromeAttributes(for: role), "\(role)")
        }
    }

    @Test func colourNames() {
        #expect(ThemeColor(name: "default") == .terminalDefault)
        #expect(ThemeColor(name: "red") == .indexed(1))
        #expect(ThemeColor(name: "bright-red") == .indexed(9))
        #expect(ThemeColor(name: "Bright Cyan") == .indexed(14))
        #expect(ThemeColor(name: "brightWhite") == .indexed(15))
        #expect(ThemeColor(name: "grey") == .indexed(8))
        #expect(ThemeColor(name: "208") == .indexed(208))
        #expect(ThemeColor(name: "256") == nil)
        #expect(ThemeColor(name: "purple") == nil)
        #expect(ThemeColor.indexed(9).description == "bright-red")
    }

    @Test func baseThemeFillsMissingRoles() throws {
        let base = try Theme.parse(yaml: BuiltinThemes.defaultYAML)
        let t = try Theme.parse(yaml: """
            name: mine
            base: default
            roles:
              error: { fg: bright-red, bg: 17, attrs: [bold, underline] }
            """, resolveBase: { _ in base })
        #expect(t.name == "mine")
        #expect(t.style(for: .error) == ThemeStyle(foreground: .indexed(9), background: .indexed(17), bold: true, underline: true))
        #expect(t.style(for: .selection) == base.style(for: .selection))
        // Span bold adds to the role's look.
        #expect(t.style(for: Style(.text, bold: true)).bold)
    }

    @Test func missingRolesWithoutBaseIsAnError() {
        #expect(throws: ThemeError.self) {
            try Theme.parse(yaml: "name: x\nroles:\n  text: { fg: red }\n", file: "x.yaml")
        }
    }

    @Test func errorsNameFileLineAndColumn() throws {
        let bad = """
            name: bad
            base: default
            roles:
              error: { fg: purple }
            """
        let base = try Theme.parse(yaml: BuiltinThemes.defaultYAML)
        do {
            _ = try Theme.parse(yaml: bad, file: "/tmp/bad.yaml", resolveBase: { _ in base })
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(e.file == "/tmp/bad.yaml")
            #expect(e.line == 4)
            #expect(e.column == 16)
            #expect(e.description.hasPrefix("/tmp/bad.yaml:4:16: unknown colour 'purple'"))
        }
        do {
            _ = try Theme.parse(yaml: "name: x\nroles:\n  text: { fg: red\n  muted: {}\n", file: "syntax.yaml")
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(e.file == "syntax.yaml")
            #expect(e.line >= 3)
            #expect(e.description.contains("syntax.yaml:\(e.line):\(e.column): invalid YAML"))
        }
        do {
            _ = try Theme.parse(yaml: "name: x\nroles:\n  txt: { fg: red }\n", file: "role.yaml")
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(e.description.hasPrefix("role.yaml:3:3: unknown role 'txt'"))
        }
        do {
            _ = try Theme.parse(yaml: "name: x\nroles:\n  text: { fg: red, attrs: [blink] }\n", file: "a.yaml")
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(e.description.hasPrefix("a.yaml:3:28: unknown attribute 'blink'"))
        }
    }

    @Test func yamlRoundTrip() throws {
        let light = try String(contentsOfFile: "\(repoThemes)/light.yaml", encoding: .utf8)
        let theme = try Theme.parse(yaml: light)
        #expect(try Theme.parse(yaml: theme.yaml()) == theme)
    }
}

@Suite struct ThemeDegradationTests {
    @Test func indexedColoursMapToNearestOfEight() {
        #expect(Theme.degrade(.indexed(196)) == .indexed(1))  // red
        #expect(Theme.degrade(.indexed(46)) == .indexed(2))   // green
        #expect(Theme.degrade(.indexed(21)) == .indexed(4))   // blue
        #expect(Theme.degrade(.indexed(226)) == .indexed(3))  // yellow
        #expect(Theme.degrade(.indexed(51)) == .indexed(6))   // cyan
        #expect(Theme.degrade(.indexed(14)) == .indexed(6))   // bright cyan → cyan
        #expect(Theme.degrade(.indexed(3)) == .indexed(3))
        #expect(Theme.degrade(.terminalDefault) == .terminalDefault)
    }

    @Test func eightColourAdaptationKeepsEveryColourBelowEight() throws {
        for name in ["default", "light", "high-contrast"] {
            let text = try String(contentsOfFile: "\(repoThemes)/\(name).yaml", encoding: .utf8)
            let t = try Theme.parse(yaml: text).adapted(to: .basic8)
            for role in StyleRole.allCases {
                let s = t.style(for: role)
                for c in [s.foreground, s.background] {
                    if case .indexed(let n) = c { #expect(n < 8, "\(name).\(role) uses \(n)") }
                }
            }
        }
    }

    @Test func greysBecomeDimDefaultOnEightColours() throws {
        let light = try Theme.parse(yaml: String(contentsOfFile: "\(repoThemes)/light.yaml", encoding: .utf8))
        let muted = light.adapted(to: .basic8).style(for: .muted)
        #expect(muted.foreground == .terminalDefault)
        #expect(muted.dim)
        let dark = try Theme.parse(yaml: BuiltinThemes.defaultYAML).adapted(to: .basic8)
        #expect(dark.style(for: .border) == ThemeStyle(dim: true))
        #expect(dark.style(for: .selection) == ThemeStyle(foreground: .indexed(0), background: .indexed(6)))
        // 256 colours leave the theme alone.
        let full = try Theme.parse(yaml: BuiltinThemes.defaultYAML)
        #expect(full.adapted(to: .indexed256) == full)
    }

    @Test func noColourKeepsRolesDistinctWithAttributes() throws {
        let t = try Theme.parse(yaml: BuiltinThemes.defaultYAML).adapted(to: .none)
        for role in StyleRole.allCases { #expect(!t.style(for: role).hasColor) }
        #expect(t.style(for: .selection).reverse)
        #expect(t.style(for: .statusBar).reverse)
        #expect(t.style(for: .title).bold)
        #expect(t.style(for: .accent).bold)
        #expect(t.style(for: .error).bold && t.style(for: .error).underline)
        #expect(t.style(for: .muted).dim)
        #expect(t.style(for: .text) == ThemeStyle())
    }

    @Test func noColorEnvironmentTurnsColoursOff() throws {
        #expect(TerminalCapabilities.effectiveColors(.indexed256, environment: ["NO_COLOR": "1"]) == .none)
        #expect(TerminalCapabilities.effectiveColors(.indexed256, environment: ["NO_COLOR": ""]) == .indexed256)
        #expect(TerminalCapabilities.effectiveColors(.basic8, environment: [:]) == .basic8)
        let loader = ThemeLoader(environment: ["NO_COLOR": "1"], executablePath: nil)
        let t = try loader.load("default", for: TerminalCapabilities(colors: .indexed256, unicode: true))
        #expect(StyleRole.allCases.allSatisfy { !t.style(for: $0).hasColor })
        #expect(t.style(for: .selection).reverse)
    }

    @Test func unicodeDecisionFollowsCodesetOnly() {
        #expect(TerminalCapabilities.isUnicode(codeset: "UTF-8"))
        #expect(TerminalCapabilities.isUnicode(codeset: "utf8"))
        #expect(!TerminalCapabilities.isUnicode(codeset: "ANSI_X3.4-1968"))
        #expect(!TerminalCapabilities.isUnicode(codeset: "ISO-8859-1"))
    }
}

@Suite struct ThemeLoaderTests {
    @Test func builtinFallbackWorksWithNoFilesAnywhere() throws {
        let loader = ThemeLoader(environment: [:], executablePath: nil)
        #expect(loader.searchDirectories.isEmpty)
        let t = try loader.load("default")
        #expect(t == (try Theme.parse(yaml: String(contentsOfFile: "\(repoThemes)/default.yaml", encoding: .utf8))))
        #expect(try loader.load("monochrome").name == "monochrome")
        #expect(throws: ThemeLoaderError.self) { try loader.load("light") }
        #expect(loader.availableThemes() == ["default", "monochrome"])
    }

    @Test func findsShippedThemesFromTheRunningExecutable() throws {
        // The test runner lives under .build-*/ in the checkout, like
        // .build/debug/archbench does.
        let loader = ThemeLoader(environment: [:])
        let repo = (repoThemes as NSString).resolvingSymlinksInPath
        #expect(loader.shippedThemeDirectories.map { ($0 as NSString).resolvingSymlinksInPath }.contains(repo))
        #expect(try loader.load("light").name == "light")
        #expect(Set(loader.availableThemes()).isSuperset(of: ["default", "light", "high-contrast", "monochrome"]))
    }

    @Test func findsThemesUnderAnInstallPrefixThroughSymlinks() throws {
        let tmp = try TempDir()
        try tmp.write("prefix/bin/archbench", "#!/bin/sh\n")
        try tmp.write("prefix/share/archbench/Themes/ocean.yaml", "name: ocean\nbase: default\nroles:\n  accent: { fg: blue }\n")
        try FileManager.default.createDirectory(atPath: tmp.path + "/home/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tmp.path + "/home/bin/ab", withDestinationPath: tmp.path + "/prefix/bin/archbench")
        let loader = ThemeLoader(environment: [:], executablePath: tmp.path + "/home/bin/ab")
        let t = try loader.load("ocean")
        #expect(t.style(for: .accent).foreground == .indexed(4))
        #expect(try loader.locate("ocean")?.hasSuffix("/prefix/share/archbench/Themes/ocean.yaml") == true)
        // `base: default` with no shipped default falls back to the built-in.
        #expect(t.style(for: .selection) == (try Theme.parse(yaml: BuiltinThemes.defaultYAML)).style(for: .selection))
    }

    @Test func userThemeOverridesShippedAndCanExtendIt() throws {
        let tmp = try TempDir()
        let userFile = try tmp.write("config/archbench/themes/default.yaml",
                                     "name: default\nbase: default\nroles:\n  selection: { fg: white, bg: magenta }\n")
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": tmp.path + "/config"])
        #expect(try loader.locate("default") == userFile)
        let t = try loader.load("default")
        #expect(t.style(for: .selection) == ThemeStyle(foreground: .indexed(7), background: .indexed(5)))
        // Everything else comes from the shipped default.
        let shipped = try Theme.parse(yaml: String(contentsOfFile: "\(repoThemes)/default.yaml", encoding: .utf8))
        #expect(t.style(for: .error) == shipped.style(for: .error))
    }

    @Test func homeConfigIsUsedWithoutXDG() throws {
        let tmp = try TempDir()
        try tmp.write("home/.config/archbench/themes/mine.yaml", BuiltinThemes.monochromeYAML.replacingOccurrences(of: "name: monochrome", with: "name: mine"))
        let loader = ThemeLoader(environment: ["HOME": tmp.path + "/home"], executablePath: nil)
        #expect(try loader.load("mine").name == "mine")
    }

    @Test func archbenchThemesDirectoryComesAfterUserConfig() throws {
        let tmp = try TempDir()
        try tmp.write("env/custom.yaml", "name: from-env\nbase: default\nroles:\n  text: { fg: green }\n")
        try tmp.write("env/other.yaml", "name: other\nbase: default\nroles:\n  text: { fg: red }\n")
        try tmp.write("config/archbench/themes/custom.yaml", "name: from-user\nbase: default\nroles:\n  text: { fg: blue }\n")
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": tmp.path + "/config", "ARCHBENCH_THEMES": tmp.path + "/env"],
                                 executablePath: nil)
        #expect(loader.searchDirectories == [tmp.path + "/config/archbench/themes", tmp.path + "/env"])
        #expect(try loader.load("custom").name == "from-user")
        #expect(try loader.load("other").name == "other")
    }

    @Test func badUserThemeReportsItsPath() throws {
        let tmp = try TempDir()
        let path = try tmp.write("themes/broken.yaml", "name: broken\nbase: default\nroles:\n  text: { fg: chartreuse }\n")
        let loader = ThemeLoader(environment: ["ARCHBENCH_THEMES": tmp.path + "/themes"], executablePath: nil)
        do {
            _ = try loader.load("broken")
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(e.description.hasPrefix("\(path):4:15: unknown colour 'chartreuse'"))
        }
    }

    @Test func rejectsNamesThatAreNotPlainNames() {
        let loader = ThemeLoader(environment: [:], executablePath: nil)
        for bad in ["../etc/passwd", "a/b", "", ".hidden"] {
            #expect(throws: ThemeLoaderError.invalidName(bad)) { try loader.load(bad) }
        }
    }
}
