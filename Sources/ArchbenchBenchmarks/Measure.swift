import Foundation

/// Timing and memory figures, printed in one table for the README.
struct Measurement {
    var name: String
    var medianMilliseconds: Double
    var target: Double

    var line: String {
        let verdict = medianMilliseconds <= target ? "ok" : "OVER TARGET"
        return "\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(String(format: "%9.2f", medianMilliseconds)) ms"
            + "   (target < \(Int(target)) ms, \(verdict))"
    }
}

/// With ARCHBENCH_BENCH_CLOCK=cpu the figures are the calling thread's CPU time, not wall time:
/// on a machine that is busy with other work they stay near what a quiet machine measures (for
/// work on one thread; the README's figures are wall time on a quiet machine).
/// Work spread over several threads (the validator's rule parts) counts only in part there; with
/// ARCHBENCH_BENCH_CLOCK=process the figures are the CPU time of every thread of the process,
/// which is what the work takes on one core: an upper bound for wall time on a quiet machine.
let measuresCPUTime = ["cpu", "process"].contains(ProcessInfo.processInfo.environment["ARCHBENCH_BENCH_CLOCK"])
let measuresProcessTime = ProcessInfo.processInfo.environment["ARCHBENCH_BENCH_CLOCK"] == "process"

private func nowNanoseconds() -> UInt64 {
    guard measuresCPUTime else { return DispatchTime.now().uptimeNanoseconds }
    var time = timespec()
    clock_gettime(measuresProcessTime ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Median time of `runs` runs after one warm-up.
func measure(_ name: String, runs: Int = 5, target: Double, _ body: () throws -> Void) rethrows -> Measurement {
    try body()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = nowNanoseconds()
        try body()
        times.append(Double(nowNanoseconds() - start) / 1_000_000)
    }
    times.sort()
    return Measurement(name: name, medianMilliseconds: times[times.count / 2], target: target)
}

/// Peak resident memory of this process so far, from /proc (VmHWM), in MB.
func peakResidentMegabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
    return kilobytes / 1024
}
