import CYaml
import Yams

/// Composes a YAML OpenAPI document from libyaml's events straight into the tree the decoder
/// walks, as `Yams.compose` would compose it (scalars with Yams' tags: quoted ones `str`, plain
/// ones left to be resolved; aliases are the nodes their anchors name). `Yams.compose` checks
/// every mapping for duplicate keys by hashing each key with its tag resolved by regular
/// expressions, a quarter of the import of a large document. Nil for anything this does not
/// compose exactly as Yams would: a syntax error, an explicit tag, an undefined alias, two keys
/// of one mapping with the same text, a key that is not a scalar, not exactly one document. The
/// caller then goes the way it always has (`Yams.compose`), which says what is wrong and where.
enum OpenAPIYAML {
    /// `inParallel`: whether a large block-style `paths` mapping is composed in two pieces at once
    /// (`composeInPieces`); false for the tests that hold the two ways to the same tree.
    static func compose(_ text: String, inParallel: Bool = true) -> DecodingNode? {
        if inParallel, let pieces = Pieces(text), let node = composeInPieces(text, pieces) { return node }
        return composeWhole(text)
    }

    static func composeWhole(_ text: String) -> DecodingNode? {
        var copy = text
        return copy.withUTF8 { bytes -> DecodingNode? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var composer = Composer()
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                let type = event.type
                let taken = composer.take(event)
                yaml_event_delete(&event)
                guard taken else { return nil }
                if type == YAML_STREAM_END_EVENT { break }
            }
            return composer.documents == 1 && composer.open.isEmpty ? composer.root : nil
        }
    }

    private struct Composer {
        /// One of each for every tag, as Yams' parser has: `Constructor.default` makes a new one
        /// (its tables of functions) each time it is asked for.
        let resolver = Resolver.default
        let constructor = Constructor.default
        var documents = 0
        var root: DecodingNode?
        var anchors: [String: DecodingNode] = [:]
        /// Open collections, innermost last, each with the anchor it will be known by.
        var open: [Collection] = []

        enum Collection {
            case sequence([DecodingNode], anchor: String?)
            case mapping([DecodingNode.Pair], key: Node.Scalar?, keys: Set<String>, anchor: String?)
        }

        /// Takes one event; false when the document is not one this composes as Yams would.
        mutating func take(_ event: yaml_event_t) -> Bool {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                return documents == 1
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                // Yams: a quoted scalar is a `str`; a plain one's tag is resolved when asked for.
                let tag: Tag
                if scalar.quoted_implicit == 1 {
                    tag = Tag(.str, resolver, constructor)
                } else if scalar.tag != nil {
                    return false
                } else {
                    tag = Tag(.implicit, resolver, constructor)
                }
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                guard let style = Node.Scalar.Style(rawValue: numericCast(scalar.style.rawValue)) else { return false }
                let node = DecodingNode(value: .scalar(Node.Scalar(text, tag, style)))
                register(scalar.anchor, node)
                return add(node)
            case YAML_ALIAS_EVENT:
                guard let name = string(event.data.alias.anchor), let node = anchors[name] else { return false }
                return add(node)
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                guard start.tag == nil else { return false }
                open.append(.sequence([], anchor: string(start.anchor)))
                return true
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                guard start.tag == nil else { return false }
                open.append(.mapping([], key: nil, keys: [], anchor: string(start.anchor)))
                return true
            case YAML_SEQUENCE_END_EVENT:
                guard case let .sequence(items, anchor)? = open.popLast() else { return false }
                let node = DecodingNode(value: .sequence(items))
                if let anchor { anchors[anchor] = node }
                return add(node)
            case YAML_MAPPING_END_EVENT:
                guard case let .mapping(pairs, nil, _, anchor)? = open.popLast() else { return false }
                let node = DecodingNode(value: .mapping(NodeEntries(pairs)), pairs: pairs)
                if let anchor { anchors[anchor] = node }
                return add(node)
            default:
                return true
            }
        }

        mutating func register(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: DecodingNode) {
            if let name = string(anchor) { anchors[name] = node }
        }

        /// Puts a finished node in its place: the root, the next item of a sequence, or a key or
        /// a value of a mapping.
        mutating func add(_ node: DecodingNode) -> Bool {
            guard let last = open.indices.last else {
                root = node
                return true
            }
            switch open[last] {
            case .sequence(var items, let anchor):
                open[last] = .sequence([], anchor: nil)  // the array is not shared while it grows
                items.append(node)
                open[last] = .sequence(items, anchor: anchor)
            case .mapping(var pairs, let key?, let keys, let anchor):
                open[last] = .mapping([], key: nil, keys: [], anchor: nil)
                pairs.append(DecodingNode.Pair(key: key, value: node))
                open[last] = .mapping(pairs, key: nil, keys: keys, anchor: anchor)
            case .mapping(let pairs, nil, var keys, let anchor):
                guard case let .scalar(key) = node.value else { return false }
                open[last] = .mapping([], key: nil, keys: [], anchor: nil)
                guard keys.insert(key.string).inserted else { return false }
                open[last] = .mapping(pairs, key: key, keys: keys, anchor: anchor)
            }
            return true
        }

        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            guard let pointer else { return nil }
            return String(cString: pointer)
        }
    }
}

extension OpenAPIYAML {
    /// Where a document can be cut so that each piece is a YAML document of its own: the text
    /// before a top-level `paths:` line (`head`), the entries of its block mapping in two runs
    /// (`first`, `second`, cut where an entry starts), and the top-level keys after it (`tail`).
    /// Found by looking at lines only; `composeInPieces` proves the cut by composing each piece.
    struct Pieces {
        var head: Range<Int>
        var first: Range<Int>
        var second: Range<Int>
        var tail: Range<Int>

        /// Nil for a document without a block `paths:` line at column 0, with carriage returns or
        /// tabs in its indentation, or with too few paths to be worth the second core.
        init?(_ text: String) {
            var copy = text
            guard let pieces = copy.withUTF8({ Pieces.find(in: $0) }) else { return nil }
            self = pieces
        }

        private init(head: Range<Int>, first: Range<Int>, second: Range<Int>, tail: Range<Int>) {
            self.head = head
            self.first = first
            self.second = second
            self.tail = tail
        }

        private static func find(in bytes: UnsafeBufferPointer<UInt8>) -> Pieces? {
            let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), hash = UInt8(ascii: "#")
            let key = Array("paths:".utf8)
            var keyLine = -1, blockStart = -1, blockEnd = bytes.count, indentation = -1
            var entries: [Int] = []
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if keyLine < 0 {
                    // `paths:` and nothing after it but spaces.
                    guard lineEnd - lineStart >= key.count, key.indices.allSatisfy({ bytes[lineStart + $0] == key[$0] }),
                          (lineStart + key.count..<lineEnd).allSatisfy({ bytes[$0] == space }) else { continue }
                    keyLine = lineStart
                    blockStart = min(lineEnd + 1, bytes.count)
                    continue
                }
                var indent = lineStart
                while indent < lineEnd, bytes[indent] == space { indent += 1 }
                // Blank lines and comments belong to whatever piece they fall in.
                if indent == lineEnd || bytes[indent] == hash { continue }
                let width = indent - lineStart
                if width == 0 {
                    blockEnd = lineStart
                    break
                }
                if indentation < 0 { indentation = width }
                if width < indentation || bytes[indent] == UInt8(ascii: "\t") { return nil }
                if width == indentation { entries.append(lineStart) }
            }
            guard keyLine >= 0, entries.count >= Parallel.minimumCount, !bytes.contains(UInt8(ascii: "\r")) else { return nil }
            // The tail must start with a key: a document marker or anything odd there is left to
            // the whole document's composer.
            if blockEnd < bytes.count {
                let first = bytes[blockEnd]
                guard first != UInt8(ascii: "-"), first != UInt8(ascii: "."), first != UInt8(ascii: "%") else { return nil }
            }
            // The second run takes about half of all the text; the first run, the head and the
            // tail the other half, on the other core.
            let half = bytes.count / 2
            let cut = entries.dropFirst().first { $0 >= blockEnd - half } ?? entries[entries.count - 1]
            return Pieces(head: 0..<keyLine, first: blockStart..<cut, second: cut..<blockEnd, tail: blockEnd..<bytes.count)
        }
    }

    /// The document composed from `pieces`, each piece composed as a document of its own and
    /// the two runs of paths on two cores, then put together as the whole document's composer
    /// would have composed it; nil when a piece does not compose (an alias to an anchor in
    /// another piece, say) or the pieces do not fit together (a key twice). Each piece that
    /// composes ends with everything it opened closed, and each run starts with an entry at
    /// the mapping's indentation: so the pieces mean together what the whole document means.
    static func composeInPieces(_ text: String, _ pieces: Pieces) -> DecodingNode? {
        let utf8 = Array(text.utf8)
        func piece(_ range: Range<Int>) -> String { String(decoding: utf8[range], as: UTF8.self) }
        /// An empty piece has no pairs; nil for one that does not compose to a mapping.
        func pairs(_ range: Range<Int>) -> [DecodingNode.Pair]? {
            guard utf8[range].contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }) else { return [] }
            guard let node = composeWhole(piece(range)), case .mapping = node.value else { return nil }
            return node.pairs
        }
        let (outer, second) = Parallel.both({ () -> (head: [DecodingNode.Pair]?, first: [DecodingNode.Pair]?, tail: [DecodingNode.Pair]?) in
            (pairs(pieces.head), pairs(pieces.first), pairs(pieces.tail))
        }, { pairs(pieces.second) })
        guard let head = outer.head, let first = outer.first, let tail = outer.tail, let second else { return nil }
        var paths = first
        paths.append(contentsOf: second)
        // A key written twice makes the whole document's composer give up: so here.
        var seen = Set<String>()
        guard paths.allSatisfy({ seen.insert($0.key.string).inserted }) else { return nil }
        seen = []
        let key = Node.Scalar("paths", Tag(.implicit, Resolver.default, Constructor.default), .plain)
        let top = head + [DecodingNode.Pair(key: key, value: DecodingNode(value: .mapping(NodeEntries(paths)), pairs: paths))] + tail
        guard top.allSatisfy({ seen.insert($0.key.string).inserted }) else { return nil }
        return DecodingNode(value: .mapping(NodeEntries(top)), pairs: top)
    }
}
