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
    static func compose(_ text: String) -> DecodingNode? {
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
