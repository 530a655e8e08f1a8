/// One problem found in a design file, located for a `file:line:col: message` report.
package struct DesignDiagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    package var file: String?
    package var location: SourceLocation
    package var message: String

    package init(file: String? = nil, location: SourceLocation, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    package var description: String { "\(file ?? "<design>"):\(location.line):\(location.column): \(message)" }
}

/// A design that could not be loaded; every problem found is listed, not only the first.
package struct DesignLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    package var diagnostics: [DesignDiagnostic]
    package init(diagnostics: [DesignDiagnostic]) { self.diagnostics = diagnostics }
    package var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Closest candidate within a small edit distance, for "did you mean" hints.
func closestMatch(to word: String, in candidates: [String]) -> String? {
    let limit = word.count <= 3 ? 1 : word.count <= 6 ? 2 : 3
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word, candidate)
        if distance <= limit, distance < word.count, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    var beforePrevious = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            // A swap of two neighbours is one typo, not two.
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        beforePrevious = previous
        swap(&previous, &current)
    }
    return previous[b.count]
}
