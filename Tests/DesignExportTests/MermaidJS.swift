import Foundation

/// Mermaid itself, run in headless Chromium: the `mermaid.min.js` that PyPI's `diagram-renderer`
/// package ships, loaded into one page that calls `await mermaid.parse(text)` for every diagram,
/// then `mermaid.render` for each that parsed, and writes what each gave into the page, which
/// `chromium --dump-dom` prints.
/// `.ci/run` installs both (`pip install diagram-renderer`, `apt-get install chromium`).
enum MermaidJS {
    /// What Mermaid said of one diagram: `nil` when it parsed and rendered, else its error text.
    typealias Outcome = String?

    enum Failure: Error, CustomStringConvertible {
        /// A tool is not installed; the text says what to install.
        case unavailable(String)
        /// The page did not report: Chromium failed, timed out, or Mermaid did not load.
        case harness(String)

        var description: String {
            switch self {
            case let .unavailable(text), let .harness(text): text
            }
        }
    }

    static let installHint = "install them as .ci/run does: `python3 -m pip install diagram-renderer` and `apt-get install -y chromium`"

    /// The longest one Chromium run may take before it is killed.
    static let timeoutSeconds = 60
    /// Virtual time the page gets; Chromium fast-forwards it while the page is idle, so the parse
    /// of all the diagrams ends long before, in real time, when nothing is pending.
    static let virtualTimeBudgetMilliseconds = 30_000

    /// `mermaid.min.js` inside the installed `diagram-renderer` package, found by Python.
    static func locateMermaidScript() throws -> URL {
        let script = #"""
        import os, sys
        try:
            import diagram_renderer
        except ImportError as error:
            sys.exit("diagram-renderer is not installed: %s" % error)
        root = os.path.dirname(os.path.abspath(diagram_renderer.__file__))
        found = sorted(os.path.join(folder, name) for folder, _, names in os.walk(root)
                       for name in names if name == "mermaid.min.js")
        if not found:
            sys.exit("no mermaid.min.js under %s" % root)
        print(found[0])
        """#
        let result: (status: Int32, output: String, errors: String)
        do {
            result = try run("/usr/bin/env", ["python3", "-c", script])
        } catch {
            throw Failure.unavailable("python3 could not be run (\(error)); \(installHint)")
        }
        let path = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !path.isEmpty, FileManager.default.isReadableFile(atPath: path) else {
            let why = result.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure.unavailable("Mermaid's script was not found (\(why.isEmpty ? "python3 exited \(result.status)" : why)); \(installHint)")
        }
        return URL(fileURLWithPath: path)
    }

    /// Debian's `chromium` (or another name the browser goes by) on the PATH.
    static func locateChromium() throws -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        throw Failure.unavailable("chromium is not on the PATH; \(installHint)")
    }

    /// The page: Mermaid, then the diagrams (as a JSON array, in a script of their own), then the
    /// loop that parses each and writes the outcomes, as base64 of a JSON array, into `#results`.
    static let page = #"""
    <!doctype html>
    <html><head><meta charset="utf-8"><title>archbench mermaid.parse</title></head>
    <body>
    <pre id="results">not run</pre>
    <script src="MERMAID_URL"></script>
    <script src="diagrams.js"></script>
    <script>
    (async () => {
      const results = document.getElementById("results");
      try {
        if (typeof mermaid === "undefined") throw new Error("mermaid.min.js did not load from MERMAID_URL");
        mermaid.initialize({ startOnLoad: false });
        const outcomes = [];
        const message = (error) => String((error && (error.message || error.str)) || error);
        for (const [index, text] of window.archbenchDiagrams.entries()) {
          try {
            await mermaid.parse(text);
          } catch (error) {
            outcomes.push(message(error));
            continue;
          }
          // Then draw it, as GitHub does: layout can fail where the grammar did not.
          try {
            await mermaid.render("diagram" + index, text);
            outcomes.push(null);
          } catch (error) {
            outcomes.push("parsed, but mermaid.render failed: " + message(error));
          }
        }
        const bytes = new TextEncoder().encode(JSON.stringify(outcomes));
        let binary = "";
        for (const byte of bytes) binary += String.fromCharCode(byte);
        results.textContent = "ok:" + btoa(binary);
      } catch (error) {
        results.textContent = "error:" + btoa(unescape(encodeURIComponent(String(error))));
      }
    })();
    </script>
    </body></html>
    """#

    /// Parses (and renders) every diagram with one Chromium run; one outcome for each, in order.
    static func parse(_ diagrams: [String]) throws -> [Outcome] {
        let mermaidScript = try locateMermaidScript()
        let chromium = try locateChromium()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-mermaid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // JSONEncoder writes "/" as "\/", so no diagram can close the script early.
        let json = String(decoding: try JSONEncoder().encode(diagrams), as: UTF8.self)
        try Data("window.archbenchDiagrams = \(json);\n".utf8).write(to: folder.appendingPathComponent("diagrams.js"))
        let pageURL = folder.appendingPathComponent("index.html")
        try Data(page.replacingOccurrences(of: "MERMAID_URL", with: mermaidScript.absoluteString).utf8).write(to: pageURL)

        let arguments = [
            "--kill-after=5", "\(timeoutSeconds)", chromium,
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--virtual-time-budget=\(virtualTimeBudgetMilliseconds)",
            "--dump-dom", pageURL.absoluteString,
        ]
        let result = try run("/usr/bin/timeout", arguments, in: folder)
        let errorTail = result.errors.split(separator: "\n").suffix(8).joined(separator: "\n")
        if result.status == 124 || result.status == 137 {
            throw Failure.harness("chromium did not finish within \(timeoutSeconds) s; its last messages:\n\(errorTail)")
        }
        guard let start = result.output.range(of: "<pre id=\"results\">"),
              let end = result.output.range(of: "</pre>", range: start.upperBound..<result.output.endIndex) else {
            throw Failure.harness("chromium (exit \(result.status)) printed no page; its last messages:\n\(errorTail)")
        }
        let reported = String(result.output[start.upperBound..<end.lowerBound])
        if reported.hasPrefix("error:"), let data = Data(base64Encoded: String(reported.dropFirst(6))) {
            throw Failure.harness("the page failed: \(String(decoding: data, as: UTF8.self))")
        }
        guard reported.hasPrefix("ok:"), let data = Data(base64Encoded: String(reported.dropFirst(3))) else {
            throw Failure.harness("the page did not finish (it shows '\(reported.prefix(80))'; chromium exit \(result.status)); its last messages:\n\(errorTail)")
        }
        let outcomes = try JSONDecoder().decode([String?].self, from: data)
        guard outcomes.count == diagrams.count else {
            throw Failure.harness("the page reported \(outcomes.count) outcomes for \(diagrams.count) diagrams")
        }
        return outcomes
    }

    /// Runs a program with its output and errors in files (a pipe could be held open by a
    /// browser's child processes), and waits for it.
    static func run(_ program: String, _ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String, errors: String) {
        let scratch = folder ?? FileManager.default.temporaryDirectory
        let outputFile = scratch.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errorFile = scratch.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let outputHandle = try FileHandle(forWritingTo: outputFile)
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer {
            try? outputHandle.close()
            try? errorHandle.close()
        }
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: FileManager.default.contents(atPath: outputFile.path) ?? Data(), as: UTF8.self)
        let errors = String(decoding: FileManager.default.contents(atPath: errorFile.path) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, output, errors)
    }
}
