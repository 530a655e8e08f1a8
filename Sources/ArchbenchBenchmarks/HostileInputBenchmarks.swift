#if canImport(Glibc)
import Glibc
#endif
import DesignModel
import Foundation
import TerminalUI
import Workbench

/// What a hostile design costs: a 10 MB one-line summary in the workbench, and the alias bomb
/// through every command of the real binary (time to the refusal).
enum HostileInputBenchmarks {
    @MainActor
    static func run(folder: URL) throws -> [Measurement] {
        var results: [Measurement] = []
        // A small design whose summary is one 10 MB line.
        var design = Design(title: "Long summary")
        design.summary = String(repeating: "lorem ipsum dolor sit amet ", count: 10_000_000 / 27)
        design.services = [Service(name: "orders", domain: "Sales")]
        let path = folder.appendingPathComponent("long-summary.design.yaml").path
        try DesignFile.save(design, to: path)
        var loaded: LoadedDesign?
        results.append(try measure("10 MB summary: load", runs: 3, target: 1000) {
            loaded = try DesignLoader.load(contentsOf: path)
        })
        let terminal = MemoryTerminal(width: 120, height: 40)
        var state: AppState?
        results.append(measure("10 MB summary: open + first frame", runs: 3, target: 500) {
            var opened = AppState(loaded: loaded!, fileName: "long-summary.design.yaml", filePath: nil, readOnly: false,
                                  checker: WorkbenchChecks.standard, screenSize: terminal.size, glyphs: terminal.glyphs)
            terminal.draw(WorkbenchView.render(opened))
            opened.update(.key(.char("j")))
            state = opened
        })
        var down = false
        results.append(measure("10 MB summary: select it again, key + frame", runs: 21, target: 16) {
            // Between the Summary row and the next: each run lays the summary out again or not at all.
            state!.update(.key(.char(down ? "j" : "k")))
            down.toggle()
            terminal.draw(WorkbenchView.render(state!))
        })
        results += aliasBomb(folder: folder)
        return results
    }

    /// Each command of the real binary on a file of nested aliases: the time until it exits 2.
    static func aliasBomb(folder: URL) -> [Measurement] {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("archbench").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("alias bomb through the binary".padding(toLength: 44, withPad: " ", startingAt: 0)
                + " skipped: build the archbench product next to archbench-bench")
            return []
        }
        var lines = ["archbench: 1", "title: Laughs", "x_a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1..<10 {
            lines.append("x_a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let path = folder.appendingPathComponent("laughs.design.yaml").path
        try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        var results: [Measurement] = []
        for command in ["validate", "fmt", "export", "comments", "edit", "review"] {
            var status: Int32 = 0
            var result = measure("alias bomb: \(command), until exit 2", runs: 5, target: 100) {
                status = spawn(binary, [command, path])
            }
            // Peak memory is measured with /usr/bin/time (README): a spawned child's rusage on
            // Linux starts from its parent's peak.
            if status != 2 { result.target = 0 }
            results.append(result)
        }
        return results
    }

    /// Runs a child with no input and output thrown away; its exit status.
    static func spawn(_ binary: String, _ arguments: [String]) -> Int32 {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xFF
    }
}
