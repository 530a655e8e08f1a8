import ArgumentParser
import DesignExport
import DesignModel
import DesignRules
import Foundation

/// `archbench diff OLD NEW`, `archbench diff DESIGN --since REV`, and git's external diff
/// (`PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`): what changed, element by
/// element, each change classified by the `diff-` rules.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two versions of a design, each change classified breaking, risky or safe.",
        discussion: """
            Exit status: 0, or 1 with --fail-on when a change of that class (or worse) is found; 2 for a file that \
            cannot be read or loaded, or a revision git does not know. Used by git as an external diff it gets seven \
            arguments (path, old file, old hash, old mode, new file, new hash, new mode).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }
    enum FailOn: String, ExpressibleByArgument, CaseIterable { case breaking, risky }

    @Argument(help: "OLD NEW, or DESIGN with --since, or the seven arguments of git's external diff.",
              completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]
    @Option(help: "Compare DESIGN with its version in this git revision (a commit, tag or branch, HEAD), or 'approved': the commit that recorded the latest approve verdict.")
    var since: String?
    @Option(help: "text (coloured on a terminal), markdown (for a pull-request comment) or json.")
    var format: Format = .text
    @Option(name: .customLong("fail-on"), help: "Exit 1 when a change of this class is found: breaking, or risky (risky or breaking).")
    var failOn: FailOn?

    func validate() throws {
        switch (files.count, since) {
        case (1, _?), (2, nil), (7, nil): return
        case (1, nil): throw ValidationError("give OLD NEW, or DESIGN --since REV")
        default: throw ValidationError("give OLD NEW, DESIGN --since REV, or git's seven external-diff arguments")
        }
    }

    func run() throws {
        let name: String, oldLabel: String
        let old: Design, new: LoadedDesign
        var oldNode: SchemaNode?, newNode: SchemaNode?
        // The two versions are read and loaded at once, one a core, each walked into the nodes
        // the diff compares: loading is most of the time.
        if let since {
            name = files[0]
            let path = name
            let (earlier, loaded) = try Self.inParallel({ () throws -> (design: Design, commit: String, node: SchemaNode) in
                let earlier: (text: String, commit: String)
                do {
                    earlier = try DesignHistory.text(of: path, at: since)
                } catch let failure as DesignHistory.Failure {
                    throw CLIFailure.badInput(["\(path):1:1: \(failure.message)"])
                }
                let design = try Self.load(yaml: earlier.text, file: "\(path)@\(since)").design
                return (design, earlier.commit, Schemas.design.node(design))
            }, { Self.withNode(try loadDesign(path)) })
            oldLabel = "\(since) (\(earlier.commit.prefix(12)))"
            (old, oldNode, new, newNode) = (earlier.design, earlier.node, loaded.loaded, loaded.node)
        } else if files.count == 7 {
            // git: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE; /dev/null for a file added or deleted.
            name = files[0]
            let (oldFile, oldName, newFile) = (files[1], "\(files[0])@\(files[2].prefix(12))", files[4])
            let (earlier, loaded) = try Self.inParallel({ Self.withNode(try Self.loadOrBlank(oldFile, file: oldName).design) },
                                                        { Self.withNode(try Self.loadOrBlank(newFile, file: name)) })
            (old, oldNode, new, newNode) = (earlier.design, earlier.node, loaded.loaded, loaded.node)
            oldLabel = String(files[2].prefix(12))
        } else {
            name = files[1]
            let (oldFile, newFile) = (files[0], files[1])
            let (earlier, loaded) = try Self.inParallel({ Self.withNode(try loadDesign(oldFile).design) },
                                                        { Self.withNode(try loadDesign(newFile)) })
            (old, oldNode, new, newNode) = (earlier.design, earlier.node, loaded.loaded, loaded.node)
            oldLabel = files[0]
        }
        let diff = DesignDiff(old: old, new: new.design, newSourceMap: new.sourceMap, oldNode: oldNode, newNode: newNode)
        switch format {
        case .text:
            let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
            Console.line("archbench diff \(oldLabel) → \(name)")
            Console.styledLines(DiffReport.textLines(diff, file: name).map { line in
                line.map { ($0.text, colour ? Self.sgr($0.tone) : nil) }
            })
        case .markdown:
            Console.write(DiffReport.markdown(diff, title: new.design.title))
        case .json:
            Console.json(DiffReport.json(diff, file: name))
        }
        if let failOn, let worst = diff.worstClass {
            let failing: ChangeClass = failOn == .breaking ? .breaking : .risky
            if worst <= failing { throw ExitCode(1) }
        }
    }

    /// A design with the nodes the diff walks, built on the thread that loaded it.
    static func withNode(_ design: Design) -> (design: Design, node: SchemaNode) { (design, Schemas.design.node(design)) }
    static func withNode(_ loaded: LoadedDesign) -> (loaded: LoadedDesign, node: SchemaNode) {
        (loaded, Schemas.design.node(loaded.design))
    }

    /// Runs both at once on two threads; the first error (of `first`, then `second`) is thrown.
    static func inParallel<A: Sendable, B: Sendable>(_ first: @escaping @Sendable () throws -> A,
                                                    _ second: @escaping @Sendable () throws -> B) throws -> (A, B) {
        let results = ParallelResults<A, B>()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { results.setFirst(Result { try first() }) } else { results.setSecond(Result { try second() }) }
        }
        return try results.both()
    }

    /// The colour of a tone: red, yellow, green, dim.
    static func sgr(_ tone: DiffReport.Tone) -> String? {
        switch tone {
        case .plain: nil
        case .breaking: "1;31"
        case .risky: "33"
        case .safe: "32"
        case .muted: "2"
        }
    }

    static func load(yaml: String, file: String) throws -> LoadedDesign {
        do {
            return try DesignLoader.load(yaml: yaml, file: file)
        } catch {
            throw CLIFailure.badInput(error)
        }
    }

    /// A file git names, or an empty design for `/dev/null` (the file is new, or deleted).
    static func loadOrBlank(_ path: String, file: String) throws -> LoadedDesign {
        if path == "/dev/null" { return LoadedDesign(design: Design(title: ""), sourceMap: SourceMap(file: file)) }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return try load(yaml: text, file: file)
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.badInput(["\(file):1:1: cannot read \(path): \(error.localizedDescription)"])
        }
    }
}

/// What the two threads of `DiffCommand.inParallel` produced, each written once under the lock.
private final class ParallelResults<A: Sendable, B: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Result<A, any Error>?
    private var second: Result<B, any Error>?

    func setFirst(_ result: Result<A, any Error>) { lock.withLock { first = result } }
    func setSecond(_ result: Result<B, any Error>) { lock.withLock { second = result } }

    func both() throws -> (A, B) {
        let (a, b) = lock.withLock { (first, second) }
        guard let a, let b else { throw CLIFailure.badInput(["archbench diff: a version was not loaded"]) }
        return (try a.get(), try b.get())
    }
}
