import ArchbenchTestSupport
import DesignRules
import Foundation
import Testing

/// What editors, shells and CI systems take from archbench: a SARIF log checked against the
/// SARIF 2.1.0 schema and read by `sarif-tools`, GitHub Actions annotations, completion scripts
/// that bash, zsh and fish load and complete with, and a man page groff renders without a warning.
/// `.ci/run` installs the outside tools (check-jsonschema and sarif-tools from PyPI, zsh and fish
/// from Debian).
@Suite struct EditorsAndCITests {
    static let flawed = Fixture.testsFolder.appendingPathComponent("DesignRulesTests/Fixtures/rides-flawed.design.yaml").path
    static let sarifSchema = Fixture.path("sarif/sarif-schema-2.1.0.json")

    /// A program from the PATH, run to the end in `folder`.
    static func tool(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments, environment: environment, in: folder)
    }

    static func requireTool(_ name: String, hint: String) throws {
        let found = try tool(["sh", "-c", "command -v \(name)"])
        try #require(found.status == 0, "\(name) is not installed: \(hint)")
    }

    // MARK: JSON Schema

    /// Every design file under Tests/ that loads: what editors must accept with the schema.
    static let validDesigns = [
        CLI.shopPath,
        flawed,
        Fixture.testsFolder.appendingPathComponent("DesignRulesTests/Fixtures/recall/petstore-payments.design.yaml").path,
        Fixture.testsFolder.appendingPathComponent("DesignExportTests/Fixtures/awkward.design.yaml").path,
        Fixture.path("hostile/inject.design.yaml"),
    ]

    @Test func theJSONSchemaAcceptsEveryValidDesignAndRejectsWhatTheLoaderRefuses() throws {
        try Self.requireTool("check-jsonschema", hint: "python3 -m pip install check-jsonschema")
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try CLI.run(["schema"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let schema = folder.appendingPathComponent("archbench.schema.json")
        try Data(printed.stdout.utf8).write(to: schema)
        let meta = try Self.tool(["check-jsonschema", "--check-metaschema", schema.path])
        #expect(meta.status == 0, "not a valid draft 2020-12 schema: \(meta.stdout)\(meta.stderr)")

        // The bundled example, written by `new` with its modeline and the schema beside it.
        let bundled = folder.appendingPathComponent("rides.design.yaml")
        let created = try CLI.run(["new", "--template", "example", bundled.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try String(contentsOf: schema, encoding: .utf8) == printed.stdout, "new left the schema there alone")
        for design in Self.validDesigns + [bundled.path] {
            #expect(try CLI.run(["validate", design]).status != 2, "\(design) does not load")
            let checked = try Self.tool(["check-jsonschema", "--schemafile", schema.path, design])
            #expect(checked.status == 0, "\(design): \(checked.stdout)\(checked.stderr)")
        }

        // Each invalid fixture is refused by both, the schema naming the same key the loader does.
        let invalid = Fixture.folder.appendingPathComponent("schema-invalid")
        let files = try FileManager.default.contentsOfDirectory(atPath: invalid.path).filter { $0.hasSuffix(".design.yaml") }.sorted()
        #expect(files.count == 6)
        let expected = [
            "bad-duration": "window", "bad-step-target": "to", "missing-required": "path",
            "typo-key": "descripton", "wrong-enum": "status", "wrong-type": "requirements",
        ]
        for file in files {
            let path = invalid.appendingPathComponent(file).path
            #expect(try CLI.run(["validate", path]).status == 2, "the loader takes \(file)")
            let checked = try Self.tool(["check-jsonschema", "--schemafile", schema.path, path])
            #expect(checked.status == 1, "the schema takes \(file)")
            let key = try #require(expected[String(file.dropLast(".design.yaml".count))])
            #expect(checked.stdout.contains(key), "\(file): \(checked.stdout)")
        }
    }

    @Test func newWritesTheModelineAndTheSchemaAndSavesKeepTheModelineFirst() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("billing.design.yaml")
        let created = try CLI.run(["new", file.path])
        #expect(created.status == 0)
        #expect(created.stdout.contains("archbench.schema.json"))
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema=archbench.schema.json\narchbench: 1\ntitle: billing\n"))
        let schema = try String(contentsOfFile: folder.appendingPathComponent("archbench.schema.json").path, encoding: .utf8)
        #expect(schema == (try CLI.run(["schema"])).stdout)
        // fmt --check: the modeline is part of the canonical form.
        #expect(try CLI.run(["fmt", "--check", file.path]).status == 0)

        // A modeline of the user's own (a URL) is kept by fmt; `--schema` names one for new.
        let other = folder.appendingPathComponent("other.design.yaml")
        #expect(try CLI.run(["new", "--schema", "https://example.com/archbench.json", other.path]).status == 0)
        let shop = folder.appendingPathComponent("shop.design.yaml")
        let modeline = "# yaml-language-server: $schema=../schemas/archbench.schema.json"
        try Data((modeline + "\n" + String(contentsOfFile: CLI.shopPath, encoding: .utf8) + "\n\n").utf8).write(to: shop)
        #expect(try CLI.run(["fmt", shop.path]).status == 0)
        let formatted = try String(contentsOf: shop, encoding: .utf8)
        #expect(formatted.hasPrefix(modeline + "\narchbench: 1\n"))
        #expect(try String(contentsOf: other, encoding: .utf8).hasPrefix("# yaml-language-server: $schema=https://example.com/archbench.json\n"))
    }

    // MARK: SARIF

    @Test func sarifLogValidatesAgainstTheSchemaAndSarifToolsSummarisesIt() throws {
        try Self.requireTool("check-jsonschema", hint: "python3 -m pip install check-jsonschema")
        try Self.requireTool("sarif", hint: "python3 -m pip install sarif-tools")
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        let sarif = try CLI.run(["validate", "--format", "sarif", Self.flawed, CLI.shopPath])
        #expect(sarif.status == 1, "exit codes stay those of text and json: 1 for errors")
        let json = try CLI.run(["validate", "--format", "json", Self.flawed, CLI.shopPath])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let log = folder.appendingPathComponent("findings.sarif")
        try Data(sarif.stdout.utf8).write(to: log)

        let valid = try Self.tool(["check-jsonschema", "--schemafile", Self.sarifSchema, log.path])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")

        // The validator bites: SARIF has no level "info".
        let broken = folder.appendingPathComponent("broken.sarif")
        try Data(sarif.stdout.replacingOccurrences(of: "\"level\" : \"note\"", with: "\"level\" : \"info\"").utf8).write(to: broken)
        let rejected = try Self.tool(["check-jsonschema", "--schemafile", Self.sarifSchema, broken.path])
        #expect(rejected.status != 0)

        // sarif-tools counts the same findings, by level, as the JSON output has.
        let summary = try Self.tool(["sarif", "summary", log.path])
        #expect(summary.status == 0, "\(summary.stderr)")
        let count = { (severity: String) in records.filter { $0["severity"] as? String == severity }.count }
        #expect(count("error") > 0)
        #expect(summary.stdout.contains("error: \(count("error"))\n"), "\(summary.stdout)")
        #expect(summary.stdout.contains("warning: \(count("warning"))\n"), "\(summary.stdout)")
        #expect(summary.stdout.contains("note: \(count("info"))\n"), "\(summary.stdout)")
    }

    @Test func sarifDescribesEveryRuleAndPointsEachResultAtItsRuleAndPlace() throws {
        let sarif = try CLI.run(["validate", "--format", "sarif", Self.flawed])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "archbench")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == Validator.allRules.map(\.id))
        let pathShape = try #require(rules.first { $0["id"] as? String == "api-path-shape" })
        #expect(pathShape["name"] as? String == "ApiPathShape")
        #expect((pathShape["defaultConfiguration"] as? [String: Any])?["level"] as? String == "warning")
        #expect(((pathShape["help"] as? [String: Any])?["text"] as? String)?.contains("A path names a resource") == true)

        let text = try CLI.run(["validate", Self.flawed])
        let lines = text.stdout.split(separator: "\n").dropLast().map(String.init)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == lines.count)
        for (result, line) in zip(results, lines) {
            let ruleID = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == ruleID)
            let physical = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
            let region = try #require(physical["region"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            // The text line of the same finding: file:line:col: severity: message [rule].
            #expect(line.hasPrefix("\(Self.flawed):\(region["startLine"] as? Int ?? 0):\(region["startColumn"] as? Int ?? 0): "), "\(line)")
            #expect(line.hasSuffix("[\(ruleID)]"))
            #expect(uri == "file://" + Self.flawed)
        }
    }

    @Test func sarifURIsArePercentEncodedAndRelativePathsKeepTheirBase() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("my designs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.shopPath, toPath: folder.appendingPathComponent("my designs/shop#1.design.yaml").path)
        let sarif = try CLI.run(["validate", "--format", "sarif", "my designs/shop#1.design.yaml"], in: folder)
        #expect(sarif.status == 0)
        #expect(sarif.stdout.contains("\"uri\" : \"my%20designs/shop%231.design.yaml\""))
        #expect(sarif.stdout.contains("\"uriBaseId\" : \"%SRCROOT%\""))
    }

    @Test func githubAnnotationsAreWorkflowCommandsWithTheirPropertiesEscaped() throws {
        let result = try CLI.run(["validate", "--format", "github", Self.flawed])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let text = try CLI.run(["validate", Self.flawed])
        #expect(lines.count == text.stdout.split(separator: "\n").count - 1, "one command a finding, no summary line")
        for line in lines {
            #expect(line.wholeMatch(of: #/::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[a-z]+-[a-z-]+::.+/#) != nil, "\(line)")
        }
        #expect(lines.contains { $0.hasPrefix("::error ") })
        #expect(lines.contains { $0.hasPrefix("::notice ") }, "info is GitHub's notice")


        // `,` and `:` separate the properties and `%` starts an escape: a file name with them
        // is escaped the way the runner's toolkit does it.
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: Self.flawed, toPath: folder.appendingPathComponent("a,b:c%.design.yaml").path)
        let awkward = try CLI.run(["validate", "--format", "github", "a,b:c%.design.yaml"], in: folder)
        let first = try #require(awkward.stdout.split(separator: "\n").first)
        #expect(first.contains(" file=a%2Cb%3Ac%25.design.yaml,line="), "\(first)")
    }

    // MARK: Completions

    /// Completes `line` in bash the way readline would, with extglob on as bash-completion has it.
    static func bashCompletions(_ script: URL, _ words: [String], in folder: URL) throws -> [String] {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            shopt -s extglob
            source '\(script.path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
            _archbench archbench "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try tool(["bash", "-c", program], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func completionScriptsLoadInBashZshAndFishAndCompleteDesignsAndRuleIDs() throws {
        try Self.requireTool("zsh", hint: "apt-get install -y zsh")
        try Self.requireTool("fish", hint: "apt-get install -y fish")
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("designs"), withIntermediateDirectories: true)
        for file in ["shop.design.yaml", "old.yml", "notes.txt"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(file).path, contents: Data())
        }

        var scripts: [String: URL] = [:]
        for shell in ["bash", "zsh", "fish"] {
            let script = try CLI.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            let file = folder.appendingPathComponent("completion.\(shell)")
            try Data(script.stdout.utf8).write(to: file)
            scripts[shell] = file
        }
        let bash = try #require(scripts["bash"])
        #expect(try Self.tool(["bash", "-n", bash.path]).status == 0)
        let registered = try Self.tool(["bash", "-c", "source '\(bash.path)' && complete -p archbench"])
        #expect(registered.stdout == "complete -o filenames -F _archbench archbench\n", "\(registered.stdout)\(registered.stderr)")
        #expect(try Self.tool(["zsh", "-n", try #require(scripts["zsh"]).path]).status == 0)
        #expect(try Self.tool(["fish", "--no-execute", try #require(scripts["fish"]).path]).status == 0)

        // Design files (and folders to walk into) for a FILE argument, not other files.
        #expect(try Self.bashCompletions(bash, ["archbench", "validate", ""], in: folder) == ["designs", "old.yml", "shop.design.yaml"])
        #expect(try Self.bashCompletions(bash, ["archbench", "rules", "api-path-s"], in: folder) == ["api-path-shape"])
        #expect(try Self.bashCompletions(bash, ["archbench", "va"], in: folder) == ["validate"])

        let fish = try #require(scripts["fish"])
        let fishRules = try Self.tool(["fish", "-c", "source '\(fish.path)'; complete -C 'archbench rules api-path-'"], in: folder)
        let pathRules = Validator.allRules.map(\.id).filter { $0.hasPrefix("api-path-") }
        #expect(pathRules.count >= 3)
        #expect(fishRules.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }.sorted() == pathRules.sorted())
        let fishFiles = try Self.tool(["fish", "-c", "source '\(fish.path)'; complete -C 'archbench fmt '"], in: folder)
        #expect(fishFiles.stdout.split(separator: "\n").map(String.init).sorted() == ["designs/", "old.yml", "shop.design.yaml"])
    }

    // MARK: Man page

    /// The argument parser's own man page generator, `generate-manual` (what its GenerateManual
    /// plugin runs), built from the package's checkout into a scratch folder of its own.
    static func generateManual() throws -> String {
        let checkout = Fixture.repositoryRoot.appendingPathComponent(".build/checkouts/swift-argument-parser")
        try #require(FileManager.default.fileExists(atPath: checkout.path), "no checkout of swift-argument-parser under .build")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-generate-manual")
        let build = try tool(["swift", "build", "--package-path", checkout.path, "--product", "generate-manual",
                              "--scratch-path", scratch.path])
        try #require(build.status == 0, "\(build.stdout.suffix(2000))\(build.stderr.suffix(2000))")
        return scratch.appendingPathComponent("debug/generate-manual").path
    }

    @Test(.timeLimit(.minutes(10))) func manPageRendersWithoutWarnings() throws {
        let generator = try Self.generateManual()
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try Self.tool([generator, CLI.binary.path, "--output-directory", folder.path, "--date", "2026-12-05"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let page = folder.appendingPathComponent("archbench.1").path
        let groff = try Self.tool(["groff", "-ww", "-mandoc", "-Tutf8", page])
        #expect(groff.status == 0)
        #expect(groff.stderr.isEmpty, "\(groff.stderr)")
        let man = try Self.tool(["man", "-l", page], environment: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"])
        #expect(man.status == 0, "\(man.stderr)")
        #expect(man.stderr.isEmpty, "\(man.stderr)")
        for text in ["NAME", "archbench", "validate", "--format", "sarif", "--min-severity"] {
            #expect(man.stdout.contains(text), "the man page lacks \(text)")
        }
    }
}
