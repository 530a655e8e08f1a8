import Foundation

/// Composes a large design in parts at once on the cores: composing the tree is half of loading a
/// large design, and libyaml reads one text on one thread only.
///
/// The text is cut at lines that can only start a top-level key (`name:` at column 0) or an item of
/// a top-level block list (`- ` at the list's own indentation). A part that starts with an item is
/// read behind a made-up key line, so every part is a mapping; the parts' pairs are joined in order
/// and a continued list gets the items of the next part. Whatever this cut could read differently
/// from one pass makes a part fail: a quoted text or a flow collection running across a cut leaves
/// the earlier part unterminated. Then, and whenever any part has anything to report (a refusal, a
/// syntax error, a key written twice, also across parts), the text is composed again in one pass,
/// so a file with a problem gets exactly the messages one pass gives. Texts whose lines libyaml
/// could count otherwise than this cut does (`\r`, NEL, LS, PS, a byte order mark, NUL) or that use
/// directives or document markers are never cut.
enum ChunkedComposition {
    /// The key line a part that continues a list is read behind: one line above the part.
    static let continuation = Array("__archbench_continued__:\n".utf8)

    struct Cut: Equatable {
        /// Where the part starts: the first byte of its first line, and that line, 0-based.
        let byte: Int
        let line: Int
        /// It starts with an item of the list the part before it ends in.
        let continuesList: Bool
    }

    /// The composition of `bytes` from its parts; nil when the text is not cut or a part needs
    /// the one-pass reading (the caller composes it in one pass).
    static func compose(_ bytes: UnsafeBufferPointer<UInt8>, file: String?, parts: Int) -> PlainYAML.Composition? {
        guard parts > 1, let candidates = cutCandidates(bytes) else { return nil }
        let cuts = choose(parts - 1, from: candidates, size: bytes.count)
        guard !cuts.isEmpty else { return nil }
        let starts = [Cut(byte: 0, line: 0, continuesList: false)] + cuts
        let slots = starts.map { _ in PartSlot() }
        let text = SharedText(bytes: bytes)
        DispatchQueue.concurrentPerform(iterations: starts.count) { i in
            let start = starts[i]
            let end = i + 1 < starts.count ? starts[i + 1].byte : text.bytes.count
            let part = UnsafeBufferPointer(rebasing: text.bytes[start.byte..<end])
            if start.continuesList {
                let joined = continuation + Array(part)
                slots[i].composition = joined.withUnsafeBufferPointer {
                    PlainYAML.compose($0, file: file, lineOffset: start.line - 1)
                }
            } else {
                slots[i].composition = PlainYAML.compose(part, file: file, lineOffset: start.line)
            }
        }
        return join(slots.map(\.composition), starts)
    }

    /// The parts' mappings as one; nil when a part had something to report, or keys repeat.
    static func join(_ compositions: [PlainYAML.Composition?], _ starts: [Cut]) -> PlainYAML.Composition? {
        var pairs: [YAMLPair] = []
        var rootMark: YAMLMark?
        var keys = Set<String>()
        for (composition, start) in zip(compositions, starts) {
            guard let composition, composition.diagnostics.isEmpty,
                  case let .mapping(partPairs, mark)? = composition.root else { return nil }
            var next = partPairs[...]
            if start.continuesList {
                guard case let .sequence(items, _)? = next.first?.value,
                      let last = pairs.indices.last,
                      case let .sequence(before, listMark) = pairs[last].value else { return nil }
                pairs[last] = YAMLPair(key: pairs[last].key, value: .sequence(before + items, listMark))
                next = next.dropFirst()
            }
            if rootMark == nil { rootMark = mark }
            for pair in next {
                guard case let .scalar(key) = pair.key, keys.insert(key.text).inserted else { return nil }
                pairs.append(pair)
            }
        }
        guard let rootMark else { return nil }
        return PlainYAML.Composition(root: .mapping(pairs, rootMark), diagnostics: [])
    }

    /// Every line the text may be cut at, in order; nil when it must not be cut at all.
    static func cutCandidates(_ bytes: UnsafeBufferPointer<UInt8>) -> [Cut]? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return [] }
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return nil }
        // Line breaks libyaml counts that a cut at "\n" would not, and a NUL it stops at.
        if memchr(base, 0x0D, count) != nil || memchr(base, 0, count) != nil { return nil }
        if contains(base, count, 0xC2, followedBy: [0x85]) || contains(base, count, 0xE2, followedBy: [0x80, 0xA8])
            || contains(base, count, 0xE2, followedBy: [0x80, 0xA9]) { return nil }
        var cuts: [Cut] = []
        var line = 0
        var start = 0
        var seenKey = false
        /// The indentation of the items of the top-level list being read, if one is.
        var listIndent: Int?
        /// A top-level key with nothing after its colon was read: the next content line tells
        /// whether its value is a block list.
        var awaitingValue = false
        while start < count {
            let end = memchr(base + start, 0x0A, count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? count
            let lineBytes = UnsafeBufferPointer(rebasing: bytes[start..<end])
            var indent = 0
            while indent < lineBytes.count, lineBytes[indent] == 0x20 { indent += 1 }
            let isBlank = indent == lineBytes.count
            let isComment = !isBlank && lineBytes[indent] == UInt8(ascii: "#")
            if !isBlank && !isComment {
                if indent == 0, isDocumentMarker(lineBytes) { return nil }
                if let keyEnd = topLevelKeyEnd(lineBytes) {
                    if seenKey { cuts.append(Cut(byte: start, line: line, continuesList: false)) }
                    seenKey = true
                    listIndent = nil
                    awaitingValue = keyEnd == lineBytes.count
                } else if !seenKey {
                    return nil  // the root is not a block mapping of plain keys
                } else if awaitingValue {
                    awaitingValue = false
                    listIndent = isItem(lineBytes, indent: indent) ? indent : nil
                } else if let list = listIndent, indent == list, isItem(lineBytes, indent: indent) {
                    cuts.append(Cut(byte: start, line: line, continuesList: true))
                } else if indent == 0 {
                    listIndent = nil  // some other top-level content ends the list
                }
            }
            start = end + 1
            line += 1
        }
        return cuts
    }

    /// Whether `byte` followed by `next` occurs in the text.
    private static func contains(_ base: UnsafePointer<UInt8>, _ count: Int, _ byte: UInt8, followedBy next: [UInt8]) -> Bool {
        var offset = 0
        while offset < count, let hit = memchr(base + offset, Int32(byte), count - offset) {
            let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            if at + next.count < count, next.indices.allSatisfy({ base[at + 1 + $0] == next[$0] }) { return true }
            offset = at + 1
        }
        return false
    }

    /// `---`, `...` or a directive at the start of a line.
    private static func isDocumentMarker(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if line.first == UInt8(ascii: "%") { return true }
        guard line.count >= 3 else { return false }
        return (line[0] == UInt8(ascii: "-") && line[1] == UInt8(ascii: "-") && line[2] == UInt8(ascii: "-"))
            || (line[0] == UInt8(ascii: ".") && line[1] == UInt8(ascii: ".") && line[2] == UInt8(ascii: "."))
    }

    /// For `name:` or `name: ...` at column 0 (a letter or `_`, then letters, digits, `_`), the
    /// offset just past the colon; nil for any other line.
    private static func topLevelKeyEnd(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "_")
        }
        guard let first = line.first, isLetter(first) else { return nil }
        var i = 1
        while i < line.count, isLetter(line[i]) || (line[i] >= UInt8(ascii: "0") && line[i] <= UInt8(ascii: "9")) { i += 1 }
        guard i < line.count, line[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard i == line.count || line[i] == 0x20 else { return nil }
        return i
    }

    /// `- ...` or a lone `-` after `indent` spaces.
    private static func isItem(_ line: UnsafeBufferPointer<UInt8>, indent: Int) -> Bool {
        guard indent < line.count, line[indent] == UInt8(ascii: "-") else { return false }
        return indent + 1 == line.count || line[indent + 1] == 0x20
    }

    /// `wanted` cuts from the candidates, each the closest to an equal share of the bytes.
    static func choose(_ wanted: Int, from candidates: [Cut], size: Int) -> [Cut] {
        guard wanted > 0 else { return [] }
        var chosen: [Cut] = []
        var floor = 0  // the first candidate after the last one chosen
        for share in 1...wanted where floor < candidates.count {
            let target = size * share / (wanted + 1)
            var i = floor
            while i + 1 < candidates.count, candidates[i + 1].byte <= target { i += 1 }
            if i + 1 < candidates.count, abs(candidates[i + 1].byte - target) < abs(candidates[i].byte - target) { i += 1 }
            chosen.append(candidates[i])
            floor = i + 1
        }
        return chosen
    }

    /// One part's composition, written by one thread only and read after they all finished.
    private final class PartSlot: @unchecked Sendable {
        var composition: PlainYAML.Composition?
    }

    /// The text every part reads, only read.
    private struct SharedText: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }
}
