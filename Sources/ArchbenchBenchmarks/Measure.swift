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

/// Median wall time of `runs` runs after one warm-up.
func measure(_ name: String, runs: Int = 5, target: Double, _ body: () throws -> Void) rethrows -> Measurement {
    try body()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
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
