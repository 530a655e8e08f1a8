// libyaml itself, as Yams builds it: its event stream shows anchors, aliases, tags and every
// mapping key before anything is composed into a tree, which Yams' own API does not.
import CYaml

/// Checks that a YAML text is plain data before it is composed: no anchors, aliases or tags (the
/// format refuses them, and nested aliases expand exponentially in any reader that walks the
/// tree), and no key twice in one mapping. Runs over libyaml's events, so its cost follows the
/// size of the text, never the size an alias would expand to.
enum PlainYAML {
    /// Every problem found, each at its own place; empty for plain data. A text libyaml cannot
    /// parse gives the problems found before the syntax error, and the composer reports that error.
    static func problems(in yaml: String, file: String?) -> [DesignDiagnostic] {
        var text = yaml
        return text.withUTF8 { bytes in
            var walker = Walker(file: file)
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return [] }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let type = event.type
                walker.take(event)
                yaml_event_delete(&event)
                if type == YAML_STREAM_END_EVENT { break }
            }
            return walker.finish()
        }
    }

    private struct Walker {
        let file: String?
        var diagnostics: [DesignDiagnostic] = []
        /// Open collections, innermost last; a mapping knows its keys so far and whether the next
        /// node is a key.
        var open: [Collection] = []
        /// Aliases per anchor name, reported once each with their count.
        var aliasUses: [(anchor: String, first: SourceLocation, count: Int)] = []

        enum Collection {
            case sequence
            case mapping(keys: [String: SourceLocation], nextIsKey: Bool)
        }

        init(file: String?) { self.file = file }

        mutating func take(_ event: yaml_event_t) {
            let at = SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_ALIAS_EVENT:
                let anchor = string(event.data.alias.anchor) ?? ""
                if let index = aliasUses.firstIndex(where: { $0.anchor == anchor }) {
                    aliasUses[index].count += 1
                } else {
                    aliasUses.append((anchor, at, 1))
                }
                _ = occupySlot(key: nil, at: at)
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                refuse(anchor: scalar.anchor, tag: scalar.tag, at: at)
                let isKey = occupySlot(key: nil, at: at, peek: true)
                let key = isKey ? String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self) : nil
                _ = occupySlot(key: key, at: at)
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                refuse(anchor: start.anchor, tag: start.implicit == 0 ? start.tag : nil, at: at)
                _ = occupySlot(key: nil, at: at)
                open.append(.sequence)
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                refuse(anchor: start.anchor, tag: start.implicit == 0 ? start.tag : nil, at: at)
                _ = occupySlot(key: nil, at: at)
                open.append(.mapping(keys: [:], nextIsKey: true))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                _ = open.popLast()
            default:
                break
            }
        }

        /// Fills the next place in the innermost collection; returns whether that place is a
        /// mapping key. With `peek` it only answers.
        mutating func occupySlot(key: String?, at location: SourceLocation, peek: Bool = false) -> Bool {
            guard case .mapping(var keys, let nextIsKey) = open.last else { return false }
            if peek { return nextIsKey }
            if nextIsKey, let key {
                if let first = keys[key] {
                    report(at: location, "duplicate key '\(key)'; it is already at line \(first.line), column \(first.column)")
                } else {
                    keys[key] = location
                }
            }
            open[open.count - 1] = .mapping(keys: keys, nextIsKey: !nextIsKey)
            return nextIsKey
        }

        mutating func refuse(anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
                             at location: SourceLocation) {
            if let anchor = string(anchor) {
                report(at: location, "YAML anchor '&\(anchor)' is not allowed: a design is plain data; write the value out in full")
            }
            if let tag = string(tag) {
                report(at: location, "YAML tag '\(shorthand(tag))' is not allowed: a design is plain data; remove the tag")
            }
        }

        mutating func finish() -> [DesignDiagnostic] {
            for use in aliasUses {
                let times = use.count == 1 ? "" : " (used \(use.count) times)"
                report(at: use.first, "YAML alias '*\(use.anchor)'\(times) is not allowed: a design is plain data; write the value out in full")
            }
            return diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
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
