import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Workbench

/// The workbench's two budgets: one key plus the next frame on the large design, and the bytes
/// one selection move sends to a real terminal.
enum WorkbenchBenchmarks {
    @MainActor
    static func run(design: Design, path: String) throws -> [Measurement] {
        let loaded = try DesignLoader.load(contentsOf: path)
        let terminal = MemoryTerminal(width: 120, height: 40)
        var state = AppState(loaded: loaded, fileName: "large.design.yaml", filePath: nil, readOnly: false,
                             checker: WorkbenchChecks.standard, screenSize: terminal.size, glyphs: terminal.glyphs)
        terminal.draw(WorkbenchView.render(state))
        var results: [Measurement] = []
        for (pane, key) in [(Pane.endpoints, "2"), (Pane.erd, "4"), (Pane.services, "3")] {
            state.update(.key(.char(Character(key))))
            terminal.draw(WorkbenchView.render(state))
            var down = true
            var step = 0
            results.append(measure("workbench key + frame, \(pane.title) (120x40)", runs: 101, target: 16) {
                // Down through the list and back, so every run moves the selection.
                step += 1
                if step % 40 == 0 { down.toggle() }
                state.update(.key(.char(down ? "j" : "k")))
                terminal.draw(WorkbenchView.render(state))
            })
        }
        // Searching and the quick jump scan the rows; they must stay within a frame too.
        results.append(measure("workbench search key on 2,000 endpoints", runs: 21, target: 16) {
            state.update(.key(.char("2")))
            state.update(.key(.char("/")))
            state.update(.key(.char("x")))
            state.update(.key(.escape))
            terminal.draw(WorkbenchView.render(state))
        })
        print("workbench bytes for j at 120x40 (pty+pyte)".padding(toLength: 44, withPad: " ", startingAt: 0) + " "
            + bytesPerChangedCell(path: path) + "   (budget: 3 bytes per changed cell + 100)")
        results += firstFrame(path: path)
        return results
    }

    /// The real binary opening the large design on a pty: from the start of the process to the
    /// first frame (drawn before the rules run), and to the frame with the findings filled in.
    static func firstFrame(path: String) -> [Measurement] {
        guard let line = runScript("first_frame.py", [path]) else {
            print("first frame through a pty                    skipped: build the archbench product next to archbench-bench")
            return []
        }
        var fields: [String: Double] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let n = Double(parts[1]) { fields[String(parts[0])] = n }
        }
        guard let first = fields["first_frame_ms"], let checked = fields["checked_ms"] else {
            print("first frame through a pty                    failed: \(line)")
            return [Measurement(name: "first frame through a pty", medianMilliseconds: .infinity, target: 150)]
        }
        return [Measurement(name: "open the design: first frame (pty, process)", medianMilliseconds: first, target: 150),
                Measurement(name: "  and the frame with its findings", medianMilliseconds: checked, target: 500)]
    }

    /// Runs one of the test scripts (python3) against the release binary beside this one; its
    /// last line of output, or nil when the binary or the script is missing.
    static func runScript(_ name: String, _ arguments: [String]) -> String? {
        let bench = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binary = bench.deletingLastPathComponent().appendingPathComponent("archbench").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/CLITests/Scripts/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: binary), FileManager.default.fileExists(atPath: script) else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, binary] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        do { try process.run() } catch { return "\(error)" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs the pty measurement script (python3 + pyte) against the real binary, when both exist.
    static func bytesPerChangedCell(path: String) -> String {
        guard let line = runScript("bytes_per_changed_cell.py", [path]) else {
            return "skipped: build the archbench product next to archbench-bench"
        }
        // "keys=j bytes=N cells=M ...": held to the budget here, as the script only measures.
        var fields: [String: Int] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let n = Int(parts[1]) { fields[String(parts[0])] = n }
        }
        guard let bytes = fields["bytes"], let cells = fields["cells"] else { return line }
        return line + (bytes <= 3 * cells + 100 ? " ok" : " OVER")
    }
}
