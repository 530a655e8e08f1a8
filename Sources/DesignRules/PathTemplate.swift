/// An endpoint path split once, for every API rule to read. Immutable and shared: validation runs
/// reuse the templates of paths they have seen (see `RuleMemo`).
package final class PathTemplate: Equatable, Sendable {
    package static func == (a: PathTemplate, b: PathTemplate) -> Bool { a.raw == b.raw }

    package enum Segment: Equatable, Sendable {
        case literal(String)
        /// `{name}`, a whole segment.
        case param(String)
        /// A segment mixing text and parameters, e.g. `{id}.json` or `file-{name}`.
        case mixed(String)

        package var isParam: Bool { if case .param = self { true } else { false } }
        package var literal: String? { if case let .literal(text) = self { text } else { nil } }
    }

    package let raw: String
    package let segments: [Segment]
    /// Every `{name}` in the path, in order.
    package let paramNames: [String]
    package let hasQuery: Bool
    package let hasTrailingSlash: Bool
    package let hasEmptySegment: Bool
    package let startsWithSlash: Bool
    /// The template with parameters made anonymous, `/v1/users/{}`: equal for identical routes.
    package let normalized: String

    package init(_ path: String) {
        raw = path
        var copy = path
        let parsed = copy.withUTF8 { PathTemplate.parse($0) }
        hasQuery = parsed.hasQuery
        startsWithSlash = parsed.startsWithSlash
        hasTrailingSlash = parsed.hasTrailingSlash
        hasEmptySegment = parsed.hasEmptySegment
        segments = parsed.segments
        paramNames = parsed.names
        // A plain path is its own normal form: no second string.
        normalized = parsed.normalized ?? path
        fileExtension = PathTemplate.fileExtension(of: parsed.segments.last)
    }

    private static func fileExtension(of last: Segment?) -> String? {
        guard let last else { return nil }
        let text: String
        switch last {
        case let .literal(t), let .mixed(t): text = t
        case .param: return nil
        }
        let bytes = text.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), !isVersionSegment(text) else { return nil }
        let ext = bytes[bytes.index(after: dot)...]
        guard !ext.isEmpty, ext.count <= 5,
              ext.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) else { return nil }
        return String(decoding: ext, as: UTF8.self)
    }

    private struct Parsed {
        var hasQuery = false, startsWithSlash = false, hasTrailingSlash = false, hasEmptySegment = false
        var segments: [Segment] = []
        var names: [String] = []
        var normalized: String?
    }

    private static func parse(_ all: UnsafeBufferPointer<UInt8>) -> Parsed {
        let slash = UInt8(ascii: "/"), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var result = Parsed()
        var count = all.count
        var hasBrace = false
        for i in all.indices {
            let b = all[i]
            if b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { result.hasQuery = true; count = i; break }
            if b == open { hasBrace = true }
        }
        let bytes = UnsafeBufferPointer(rebasing: all[0..<count])
        result.startsWithSlash = bytes.first == slash
        result.hasTrailingSlash = bytes.count > 1 && bytes.last == slash
        let lower = result.startsWithSlash ? 1 : 0
        var upper = result.hasTrailingSlash ? bytes.count - 1 : bytes.count
        if upper < lower { upper = lower }
        var normalized: [UInt8] = []
        if hasBrace { normalized.reserveCapacity(bytes.count) }
        if lower < upper {
            var start = lower
            while start <= upper {
                var end = start
                while end < upper, bytes[end] != slash { end += 1 }
                if hasBrace { normalized.append(slash) }
                let part = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if part.isEmpty {
                    result.hasEmptySegment = true
                } else if hasBrace, part.contains(open) {
                    var opens = 0, closes = 0
                    for b in part { if b == open { opens += 1 } else if b == close { closes += 1 } }
                    if part.first == open, part.last == close, opens == 1, closes == 1 {
                        let name = String(decoding: UnsafeBufferPointer(rebasing: part.dropFirst().dropLast()), as: UTF8.self)
                        result.names.append(name)
                        result.segments.append(.param(name))
                        normalized.append(open)
                        normalized.append(close)
                    } else {
                        var i = part.startIndex
                        while i < part.endIndex {
                            if part[i] == open, let c = part[i...].firstIndex(of: close) {
                                result.names.append(String(decoding: UnsafeBufferPointer(rebasing: part[(i + 1)..<c]), as: UTF8.self))
                                normalized.append(open)
                                normalized.append(close)
                                i = c + 1
                            } else {
                                normalized.append(part[i])
                                i += 1
                            }
                        }
                        result.segments.append(.mixed(String(decoding: part, as: UTF8.self)))
                    }
                } else {
                    result.segments.append(.literal(String(decoding: part, as: UTF8.self)))
                    if hasBrace { normalized.append(contentsOf: part) }
                }
                start = end + 1
            }
        }
        if hasBrace {
            result.normalized = normalized.isEmpty ? "/" : String(decoding: normalized, as: UTF8.self)
        } else if result.hasQuery || result.hasTrailingSlash || result.hasEmptySegment || !result.startsWithSlash {
            var plain = "/" + result.segments.compactMap(\.literal).joined(separator: "/")
            if result.hasEmptySegment { plain += "//" }  // keeps `/a//b` apart from `/a/b`
            result.normalized = plain
        }
        return result
    }

    /// The file extension of the last segment (`json` in `/reports/{id}.json`), if any.
    package let fileExtension: String?

    /// Literal segments that name resources: not version segments.
    package var resourceSegments: [String] {
        segments.compactMap { segment in
            guard let text = segment.literal, !isVersionSegment(text) else { return nil }
            return text
        }
    }

    /// The first segment when it is a version (`v1`).
    package var version: String? {
        guard let first = segments.first?.literal, isVersionSegment(first) else { return nil }
        return first
    }

    /// A version segment anywhere in the path.
    package var anyVersion: String? {
        segments.lazy.compactMap { $0.literal }.first { isVersionSegment($0) }
    }

    /// The path ends in a literal resource name: `/v1/orders`, `/v1/carts/{id}/items`.
    package var isCollection: Bool {
        guard let last = segments.last?.literal else { return false }
        return !isVersionSegment(last)
    }

    package var namesItem: Bool { !paramNames.isEmpty }
}
