import DesignModel
import Foundation

// Run in release mode: swift run -c release archbench-bench
let design = LargeDesign.generate()
let yaml = CanonicalWriter.yaml(for: design)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let path = folder.appendingPathComponent("large.design.yaml").path
try DesignFile.writeAtomically(Data(yaml.utf8), to: path)

print("Large design: \(design.services.count) services, \(design.endpoints.count) endpoints, "
    + "\(design.tables.count) tables of 12 columns, \(design.scaling.bottlenecks.count) bottlenecks, "
    + "\(design.scaling.caches.count) caches, \(design.flows.count) flows; \(yaml.utf8.count / 1024) KB, "
    + "\(yaml.split(separator: "\n").count) lines of YAML")
// Named groups on the command line run only those groups (`archbench-bench rules editing`).
let groups = Set(CommandLine.arguments.dropFirst())
func wanted(_ group: String) -> Bool { groups.isEmpty || groups.contains(group) }
var results: [Measurement] = []
if wanted("diff") { results += try DiffBenchmarks.run(design: design, folder: folder) }
if wanted("model") { results += try ModelBenchmarks.run(design: design, yaml: yaml, path: path) }
if wanted("diagrams") { results += DiagramBenchmarks.run(design: design) }
if wanted("export") { results += ExportBenchmarks.run(design: design) }
if wanted("interop") { results += try InteropBenchmarks.run(design: design) }
if wanted("rules") { results += try RulesBenchmarks.run(path: path) }
if wanted("workbench") { results += try WorkbenchBenchmarks.run(design: design, path: path) }
if wanted("editing") { results += try EditingBenchmarks.run(path: path) }
if wanted("hostile") { results += try HostileInputBenchmarks.run(folder: folder) }
for result in results { print(result.line) }
if let peak = peakResidentMegabytes() {
    print("peak memory (whole run)".padding(toLength: 44, withPad: " ", startingAt: 0)
        + String(format: " %9.1f MB", peak) + "   (target < 150 MB, \(peak < 150 ? "ok" : "OVER TARGET"))")
}
// Removed here rather than in a defer, which exit(1) would skip; ARCHBENCH_BENCH_KEEP=1 keeps
// the generated files for a profiler or a run by hand.
if ProcessInfo.processInfo.environment["ARCHBENCH_BENCH_KEEP"] == "1" {
    print("files kept in \(folder.path)")
} else {
    try? FileManager.default.removeItem(at: folder)
}
if results.contains(where: { $0.medianMilliseconds > $0.target }) { exit(1) }
