import Dispatch

/// Work on the parts of a large OpenAPI document (its path items) at once on the two cores.
enum Parallel {
    /// Below this many items one core does it all: starting the second costs more than it saves.
    static let minimumCount = 64

    /// `body` of each index in `0..<count`, in two halves at once, results in index order. Throws
    /// what `body` throws first in index order, as a loop over the indices would; what the other
    /// half did then is dropped. `body` must only read what the two halves share (OpenAPIKit's
    /// values and the decoder's tree, which nothing changes once built).
    /// `inParallel: false` does it all on the calling thread, for the tests that compare the two.
    static func map<T, E: Error>(_ count: Int, inParallel: Bool = true, _ body: (Int) throws(E) -> T) throws(E) -> [T] {
        guard inParallel, count >= minimumCount else {
            var values: [T] = []
            values.reserveCapacity(count)
            for index in 0..<count { values.append(try body(index)) }
            return values
        }
        return try withoutActuallyEscaping(body) { (body) throws(E) -> [T] in
            let halves = Halves<T, E>(body)
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                halves.run(half == 0 ? 0..<count / 2 : count / 2..<count, into: half)
            }
            // concurrentPerform returns once both halves have run: both are filled.
            return try halves.first!.get() + halves.second!.get()
        }
    }

    /// `a()` and `b()` at once, one on each core.
    static func both<A, B>(_ a: () -> A, _ b: () -> B) -> (A, B) {
        withoutActuallyEscaping(a) { a in
            withoutActuallyEscaping(b) { b in
                let pair = Pair(a, b)
                DispatchQueue.concurrentPerform(iterations: 2) { pair.run($0) }
                // concurrentPerform returns once both have run: both are filled.
                return (pair.resultA!, pair.resultB!)
            }
        }
    }

    /// The work of `both` and its two results, each written by its own thread only and read
    /// after both have ended.
    private final class Pair<A, B>: @unchecked Sendable {
        let a: () -> A
        let b: () -> B
        var resultA: A?
        var resultB: B?

        init(_ a: @escaping () -> A, _ b: @escaping () -> B) {
            self.a = a
            self.b = b
        }

        func run(_ which: Int) {
            if which == 0 { resultA = a() } else { resultB = b() }
        }
    }

    /// The work and the two halves' results, each written by its own thread only and read after
    /// both have ended.
    private final class Halves<T, E: Error>: @unchecked Sendable {
        let body: (Int) throws(E) -> T
        var first: Result<[T], E>?
        var second: Result<[T], E>?

        init(_ body: @escaping (Int) throws(E) -> T) { self.body = body }

        func run(_ range: Range<Int>, into half: Int) {
            let result = Result { () throws(E) -> [T] in
                var values: [T] = []
                values.reserveCapacity(range.count)
                for index in range { values.append(try body(index)) }
                return values
            }
            if half == 0 { first = result } else { second = result }
        }
    }
}
