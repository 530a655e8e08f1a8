// libyaml itself, as Yams builds it: its event stream shows anchors, aliases, tags and every
// mapping key before anything is composed into a tree, which Yams' own API does not.
import CYaml
import Foundation

/// A node of a design file as the loader reads it: text, lists and mappings with the place each
/// starts at. Composed straight from libyaml's events by `PlainYAML.compose`; a copy is one
/// reference count at most, where a Yams node carries a tag object and an anchor with it.
enum YAMLNode: Equatable {
    case scalar(ComposedScalar)
    case sequence([YAMLNode], YAMLMark)
    case mapping([YAMLPair], YAMLMark)

    var mark: YAMLMark {
        switch self {
        case let .scalar(scalar): scalar.mark
        case let .sequence(_, mark), let .mapping(_, mark): mark
        }
    }

    /// The text of a scalar; nil for a list or a mapping.
    var string: String? {
        if case let .scalar(scalar) = self { return scalar.text }
        return nil
    }
}

struct ComposedScalar: Equatable {
    let text: String
    /// Written without quotes or a block indicator: only plain scalars are numbers, booleans or null.
    let isPlain: Bool
    let mark: YAMLMark
}

struct YAMLPair: Equatable {
    let key: YAMLNode
    let value: YAMLNode
}

/// A place in the text, 1-based.
struct YAMLMark: Equatable {
    let line: Int32
    let column: Int32
    var location: SourceLocation { SourceLocation(line: Int(line), column: Int(column)) }
}

/// Reads a YAML text that must be plain data, in one pass over libyaml's events: it refuses
/// anchors, aliases and tags (the format refuses them, and nested aliases expand exponentially in
/// any reader that walks the tree) and a key written twice in one mapping, and composes the tree
/// the loader reads. Its cost follows the size of the text, never the size an alias would expand to.
package enum PlainYAML {
    package struct Composition: Equatable {
        /// The document; nil for an empty text, or when it could not be read.
        var root: YAMLNode?
        /// Every refusal, each at its own place; or, when there is none, libyaml's syntax error.
        var diagnostics: [DesignDiagnostic]
    }

    /// Past this size a text is composed in parts at once on the cores (`ChunkedComposition`).
    static let chunkingThreshold = 128 * 1024

    package static func compose(_ yaml: String, file: String?) -> Composition {
        let parts = yaml.utf8.count >= chunkingThreshold ? 2 * ProcessInfo.processInfo.activeProcessorCount : 1
        return compose(yaml, file: file, parts: parts)
    }

    /// In `parts` parts at once when the text can be cut so, else in one pass.
    static func compose(_ yaml: String, file: String?, parts: Int) -> Composition {
        var text = yaml
        return text.withUTF8 { bytes in
            if parts > 1, let composed = ChunkedComposition.compose(bytes, file: file, parts: parts) { return composed }
            return compose(bytes, file: file, lineOffset: 0)
        }
    }

    /// The whole text in one pass; marks are moved down by `lineOffset` lines (a part of a text).
    static func compose(_ bytes: UnsafeBufferPointer<UInt8>, file: String?, lineOffset: Int) -> Composition {
        var composer = Composer(file: file, lineOffset: lineOffset)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Composition(root: nil, diagnostics: [composer.diagnostic(at: nil, "unreadable YAML: out of memory")])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let refusals = composer.finish()
                return Composition(root: nil, diagnostics: refusals.isEmpty ? [composer.syntaxError(parser)] : refusals)
            }
            let type = event.type
            composer.take(event)
            yaml_event_delete(&event)
            if type == YAML_STREAM_END_EVENT { break }
        }
        let diagnostics = composer.finish()
        return Composition(root: diagnostics.isEmpty ? composer.root : nil, diagnostics: diagnostics)
    }

    private struct Composer {
        let file: String?
        var diagnostics: [DesignDiagnostic] = []
        var root: YAMLNode?
        var documents = 0
        /// Open collections, innermost last.
        var open: [OpenCollection] = []
        /// Aliases per anchor name, reported once each with their count.
        var aliasUses: [(anchor: String, first: SourceLocation, count: Int)] = []

        /// A list or a mapping being read: its items, or its pairs so far, the key waiting for its
        /// value, and past a few keys an index of the keys to find one written twice without a
        /// scan. A class, so that a node is appended in place, not to a copy taken out of the stack.
        final class OpenCollection {
            let mark: YAMLMark
            let isMapping: Bool
            var items: [YAMLNode] = []
            var pairs: [YAMLPair] = []
            var key: YAMLNode?
            var index: [String: YAMLMark]?
            init(mark: YAMLMark, isMapping: Bool) {
                self.mark = mark
                self.isMapping = isMapping
            }
        }

        /// Past this many keys a mapping indexes its keys; below, a scan is cheaper than hashing.
        static let scanLimit = 12

        /// Lines before the text this composer reads (it reads a part of a file).
        let lineOffset: Int

        init(file: String?, lineOffset: Int = 0) {
            self.file = file
            self.lineOffset = lineOffset
        }

        mutating func take(_ event: yaml_event_t) {
            let mark = YAMLMark(line: Int32(clamping: Int(event.start_mark.line) + 1 + lineOffset),
                                column: Int32(clamping: event.start_mark.column + 1))
            switch event.type {
            case YAML_ALIAS_EVENT:
                let anchor = string(event.data.alias.anchor) ?? ""
                if let index = aliasUses.firstIndex(where: { $0.anchor == anchor }) {
                    aliasUses[index].count += 1
                } else {
                    aliasUses.append((anchor, mark.location, 1))
                }
                // Never expanded: an empty plain value holds its place until the refusal is reported.
                add(.scalar(ComposedScalar(text: "", isPlain: true, mark: mark)))
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                refuse(anchor: scalar.anchor, tag: scalar.tag, at: mark)
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                add(.scalar(ComposedScalar(text: text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, mark: mark)))
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                refuse(anchor: start.anchor, tag: start.implicit == 0 ? start.tag : nil, at: mark)
                open.append(OpenCollection(mark: mark, isMapping: false))
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                refuse(anchor: start.anchor, tag: start.implicit == 0 ? start.tag : nil, at: mark)
                open.append(OpenCollection(mark: mark, isMapping: true))
            case YAML_SEQUENCE_END_EVENT:
                guard let list = open.popLast(), !list.isMapping else { return }
                add(.sequence(list.items, list.mark))
            case YAML_MAPPING_END_EVENT:
                guard let map = open.popLast(), map.isMapping else { return }
                add(.mapping(map.pairs, map.mark))
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents == 2 {
                    report(at: mark.location, "a design file holds one YAML document; a second one starts here")
                }
            default:
                break
            }
        }

        /// Puts a finished node in its place: the root, the next item of a list, or a key or a
        /// value of a mapping (a key is checked against the keys before it).
        mutating func add(_ node: YAMLNode) {
            guard let top = open.last else {
                if documents <= 1 { root = node }
                return
            }
            guard top.isMapping else {
                top.items.append(node)
                return
            }
            if let key = top.key {
                top.pairs.append(YAMLPair(key: key, value: node))
                top.key = nil
                return
            }
            if case let .scalar(key) = node {
                if let first = firstPlace(of: key.text, in: top.pairs, index: top.index) {
                    report(at: key.mark.location,
                           "duplicate key '\(key.text)'; it is already at line \(first.line), column \(first.column)")
                } else if top.index != nil {
                    top.index?[key.text] = key.mark
                } else if top.pairs.count == Composer.scanLimit {
                    var keys: [String: YAMLMark] = [:]
                    for pair in top.pairs { if case let .scalar(scalar) = pair.key { keys[scalar.text] = scalar.mark } }
                    keys[key.text] = key.mark
                    top.index = keys
                }
            }
            top.key = node
        }

        func firstPlace(of key: String, in pairs: [YAMLPair], index: [String: YAMLMark]?) -> YAMLMark? {
            if let index { return index[key] }
            for pair in pairs { if case let .scalar(scalar) = pair.key, scalar.text == key { return scalar.mark } }
            return nil
        }

        mutating func refuse(anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
                             at mark: YAMLMark) {
            if let anchor = string(anchor) {
                report(at: mark.location, "YAML anchor '&\(anchor)' is not allowed: a design is plain data; write the value out in full")
            }
            if let tag = string(tag) {
                report(at: mark.location, "YAML tag '\(shorthand(tag))' is not allowed: a design is plain data; remove the tag")
            }
        }

        mutating func finish() -> [DesignDiagnostic] {
            for use in aliasUses {
                let times = use.count == 1 ? "" : " (used \(use.count) times)"
                report(at: use.first, "YAML alias '*\(use.anchor)'\(times) is not allowed: a design is plain data; write the value out in full")
            }
            aliasUses = []
            return diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        }

        /// libyaml's own message for a text it cannot read, at its place.
        func syntaxError(_ parser: yaml_parser_t) -> DesignDiagnostic {
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
            switch parser.error {
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
                let detail = parser.context.map { " " + String(cString: $0) } ?? ""
                let mark = YAMLMark(line: Int32(clamping: Int(parser.problem_mark.line) + 1 + lineOffset),
                                    column: Int32(clamping: parser.problem_mark.column + 1))
                return diagnostic(at: mark, "malformed YAML: \(problem)\(detail)")
            default:
                return diagnostic(at: nil, "unreadable YAML: \(problem)")
            }
        }

        func diagnostic(at mark: YAMLMark?, _ message: String) -> DesignDiagnostic {
            DesignDiagnostic(file: file, location: mark?.location ?? SourceLocation(line: 1, column: 1), message: message)
        }

        mutating func report(at location: SourceLocation, _ message: String) {
            diagnostics.append(DesignDiagnostic(file: file, location: location, message: message))
        }

        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            guard let pointer else { return nil }
            return String(cString: pointer)
        }

        /// `tag:yaml.org,2002:int` as it was written, `!!int`.
        func shorthand(_ tag: String) -> String {
            let core = "tag:yaml.org,2002:"
            return tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
        }
    }
}
