import Foundation

/// What loading a design gives: the model, where each element stands in the file, and
/// whether the file comes from a newer archbench (then it must never be saved over).
package struct LoadedDesign: Sendable {
    package var design: Design
    package var sourceMap: SourceMap
    /// The text it was loaded from: what a workbench compares the file with later, without
    /// reading the file again.
    package var text: String?
    package var isNewerFormat: Bool { design.formatVersion > Design.supportedFormatVersion }
    package init(design: Design, sourceMap: SourceMap) {
        self.design = design
        self.sourceMap = sourceMap
    }
}

/// Element references to their place in the file they were loaded from.
package struct SourceMap: Sendable, Equatable {
    package var file: String?
    package var locations: [ElementRef: SourceLocation] = [:]
    package init(file: String? = nil) { self.file = file }
    package subscript(ref: ElementRef) -> SourceLocation? { locations[ref] }
}

/// Builds a `Design` from YAML by walking the composed tree by hand (`PlainYAML`, on libyaml's
/// events): faster than Codable, and it keeps the line and column of everything, which error
/// messages and findings need.
package enum DesignLoader {
    package static func load(contentsOf path: String) throws(DesignLoadError) -> LoadedDesign {
        try DesignFile.loadWithIdentity(contentsOf: path).loaded
    }

    /// Loads bytes already read from `path`, e.g. by `DesignFile.loadWithIdentity`.
    static func load(data: Data, file path: String) throws(DesignLoadError) -> LoadedDesign {
        guard let text = String(data: data, encoding: .utf8) else {
            throw DesignLoadError(diagnostics: [DesignDiagnostic(
                file: path, location: SourceLocation(line: 1, column: 1), message: "the file is not UTF-8 text")])
        }
        return try load(yaml: text, file: path)
    }

    package static func load(yaml: String, file: String? = nil) throws(DesignLoadError) -> LoadedDesign {
        // Anchors, aliases and tags are refused while composing: nothing ever expands an alias.
        let composition = PlainYAML.compose(yaml, file: file)
        if !composition.diagnostics.isEmpty { throw DesignLoadError(diagnostics: composition.diagnostics) }
        let root = composition.root
        let context = LoadContext(file: file)
        guard let root else {
            throw DesignLoadError(diagnostics: [DesignDiagnostic(
                file: file, location: SourceLocation(line: 1, column: 1),
                message: "the file is empty; expected a design with `archbench: 1` and a `title`")])
        }
        var design = DesignReader(context: context).readDesign(root)
        design?.modeline = modeline(of: yaml)
        releaseInBackground([composition])
        if let design, context.diagnostics.isEmpty {
            var loaded = LoadedDesign(design: design, sourceMap: context.sourceMap)
            loaded.text = yaml
            return loaded
        }
        throw DesignLoadError(diagnostics: context.diagnostics.sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        })
    }

    /// The first line when it is the editors' schema modeline.
    static func modeline(of yaml: String) -> String? {
        let first = yaml.prefix { $0 != "\n" && $0 != "\r\n" }
        let line = first.hasSuffix("\r") ? first.dropLast() : first
        return line.hasPrefix(Design.modelinePrefix) ? String(line.trimmingCharacters(in: .whitespaces)) : nil
    }

    /// One mapping of one kind on its own, its references left unchecked: how the schema tests
    /// read back what the writer wrote for each kind.
    static func loadMapping<T>(_ schema: Schema<T>, yaml: String) -> (value: T?, diagnostics: [DesignDiagnostic]) {
        let context = LoadContext(file: nil)
        guard let root = PlainYAML.compose(yaml, file: nil).root,
              let map = MapReader(root, what: schema.what(""), keys: schema.keys, context: context) else {
            return (nil, context.diagnostics)
        }
        let value = DesignReader(context: context).readItem(schema, map, owner: "owner")
        return (value, context.diagnostics)
    }
}

final class LoadContext {
    let file: String?
    var diagnostics: [DesignDiagnostic] = []
    var sourceMap: SourceMap
    /// The places recorded by the parts of a design read on their own threads, in order, until
    /// they are put in `sourceMap`.
    var partLocations: [[ElementRef: SourceLocation]] = []
    /// Set once the file says it is of a newer format: its keys may be unknown to us.
    var toleratesUnknownKeys = false

    init(file: String?) {
        self.file = file
        self.sourceMap = SourceMap(file: file)
    }

    func report(_ node: YAMLNode?, _ message: String) {
        diagnostics.append(DesignDiagnostic(file: file, location: location(of: node), message: message))
    }

    func report(at location: SourceLocation, _ message: String) {
        diagnostics.append(DesignDiagnostic(file: file, location: location, message: message))
    }

    func location(of node: YAMLNode?) -> SourceLocation {
        node?.mark.location ?? SourceLocation(line: 1, column: 1)
    }
}

/// Reads one mapping: checks its keys against the known ones and hands out typed values,
/// reporting every wrong type with its location instead of stopping at the first.
struct MapReader {
    let node: YAMLNode
    /// The mapping's pairs as composed; a key that is not text was reported and is never found.
    let pairs: [YAMLPair]
    let what: String
    let context: LoadContext

    init?(_ node: YAMLNode, what: String, keys: [String], context: LoadContext) {
        guard case let .mapping(pairs, _) = node else {
            context.report(node, "expected a mapping for \(what), found \(describeKind(node))")
            return nil
        }
        self.node = node
        self.pairs = pairs
        self.what = what
        self.context = context
        for pair in pairs {
            guard case let .scalar(scalar) = pair.key else {
                context.report(pair.key, "expected a text key in \(what)")
                continue
            }
            let key = scalar.text
            if !keys.contains(key), !key.hasPrefix("x_"), !context.toleratesUnknownKeys {
                var message = "unknown key '\(key)' in \(what)"
                if let suggestion = closestMatch(to: key, in: keys) { message += "; did you mean '\(suggestion)'?" }
                else { message += " (known keys: \(keys.joined(separator: ", ")))" }
                context.report(pair.key, message)
            }
        }
    }

    var location: SourceLocation { context.location(of: node) }

    /// The same mapping, reporting to another context (a part read on its own thread).
    func reporting(to context: LoadContext) -> MapReader {
        MapReader(node: node, pairs: pairs, what: what, context: context)
    }

    private init(node: YAMLNode, pairs: [YAMLPair], what: String, context: LoadContext) {
        self.node = node
        self.pairs = pairs
        self.what = what
        self.context = context
    }

    /// The pair whose key is the text `key`.
    func pair(_ key: String) -> YAMLPair? {
        for pair in pairs { if case let .scalar(scalar) = pair.key, scalar.text == key { return pair } }
        return nil
    }

    func has(_ key: String) -> Bool { pair(key) != nil }

    func value(_ key: String) -> YAMLNode? {
        guard let pair = pair(key), !isNull(pair.value) else { return nil }
        return pair.value
    }

    func keyLocation(_ key: String) -> SourceLocation {
        context.location(of: pair(key)?.key ?? node)
    }

    func string(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard case let .scalar(scalar) = value else {
            context.report(value, "'\(key)' in \(what) must be text, found \(describeKind(value))")
            return nil
        }
        return scalar.text
    }

    func requiredString(_ key: String) -> String? {
        guard let text = string(key) else {
            if let present = pair(key) {
                if isNull(present.value) {
                    context.report(present.key, "'\(key)' in \(what) must not be empty")
                }
            } else {
                context.report(node, "missing required key '\(key)' in \(what)")
            }
            return nil
        }
        if text.isEmpty { context.report(value(key), "'\(key)' in \(what) must not be empty") }
        return text
    }

    func int(_ key: String) -> Int? {
        guard let value = value(key) else { return nil }
        if case let .scalar(scalar) = value, scalar.isPlain, let number = Int(scalar.text) { return number }
        context.report(value, "'\(key)' in \(what) must be a whole number, found \(describeValue(value))")
        return nil
    }

    func requiredInt(_ key: String) -> Int? {
        if value(key) == nil {
            context.report(node, "missing required key '\(key)' in \(what)")
            return nil
        }
        return int(key)
    }

    /// A number greater than zero (a rate, a count of users, a latency), kept exactly as written.
    func positiveNumber(_ key: String) -> Decimal? {
        guard let value = value(key) else { return nil }
        if case let .scalar(scalar) = value, scalar.isPlain, let number = Decimal(exactly: scalar.text) {
            if number > 0 { return number }
            context.report(value, "'\(key)' in \(what) must be greater than 0, found \(describeValue(value))")
            return nil
        }
        context.report(value, "'\(key)' in \(what) must be a number, found \(describeValue(value))")
        return nil
    }

    /// A whole number of at least `minimum` (a count, a limit, an id).
    func int(_ key: String, atLeast minimum: Int) -> Int? {
        guard let number = int(key) else { return nil }
        if number >= minimum { return number }
        let bound = minimum == 1 ? "greater than 0" : "at least \(minimum)"
        context.report(value(key), "'\(key)' in \(what) must be \(bound), found '\(number)'")
        return nil
    }

    func requiredInt(_ key: String, atLeast minimum: Int) -> Int? {
        if value(key) == nil {
            context.report(node, "missing required key '\(key)' in \(what)")
            return nil
        }
        return int(key, atLeast: minimum)
    }

    /// An RFC 3339 time such as 2026-05-04T10:00:00Z.
    func time(_ key: String) -> String? {
        guard let text = string(key) else { return nil }
        if RFC3339.isValid(text) { return text }
        context.report(value(key), "'\(key)' in \(what) must be an RFC 3339 time such as 2026-05-04T10:00:00Z; found '\(text)'")
        return nil
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        if case let .scalar(scalar) = value, scalar.isPlain {
            if scalar.text == "true" { return true }
            if scalar.text == "false" { return false }
        }
        context.report(value, "'\(key)' in \(what) must be true or false, found \(describeValue(value))")
        return nil
    }

    /// One of `allowed`; anything else is reported with the closest word.
    func choice(_ key: String, allowed: [String]) -> String? {
        guard let text = string(key) else { return nil }
        if allowed.contains(text) { return text }
        var message = "'\(key)' in \(what) must be one of \(allowed.joined(separator: ", ")); found '\(text)'"
        if let suggestion = closestMatch(to: text, in: allowed) { message += "; did you mean '\(suggestion)'?" }
        context.report(value(key), message)
        return nil
    }

    func duration(_ key: String) -> Duration? {
        guard let text = string(key) else { return nil }
        if let duration = Duration(text) {
            if duration.amount > 0 { return duration }
            context.report(value(key), "'\(key)' in \(what) must be longer than 0, found '\(text)'")
            return nil
        }
        context.report(value(key), "'\(key)' in \(what) must be a duration such as 250ms, 30s, 5m, 1h or 7d; found '\(text)'")
        return nil
    }

    func strings(_ key: String) -> [String] {
        sequence(key).compactMap { item in
            guard case let .scalar(scalar) = item, !isNull(item) else {
                context.report(item, "items of '\(key)' in \(what) must be text, found \(describeKind(item))")
                return nil
            }
            return scalar.text
        }
    }

    func sequence(_ key: String) -> [YAMLNode] {
        guard let value = value(key) else { return [] }
        guard case let .sequence(items, _) = value else {
            context.report(value, "'\(key)' in \(what) must be a list, found \(describeKind(value))")
            return []
        }
        return items
    }

    func map<T>(_ key: String, what inner: String, keys: [String], read: (MapReader) -> T) -> T? {
        guard let value = value(key), let reader = MapReader(value, what: inner, keys: keys, context: context) else {
            return nil
        }
        return read(reader)
    }

    func list<T>(_ key: String, what inner: String, keys: [String], read: (MapReader) -> T?) -> [T] {
        sequence(key).compactMap { item in
            guard let reader = MapReader(item, what: inner, keys: keys, context: context) else { return nil }
            return read(reader)
        }
    }

    /// The `x_` keys and their values; nil when there is none (most mappings).
    var extensions: Extensions? {
        var entries: [Extensions.Entry] = []
        for pair in pairs {
            guard case let .scalar(key) = pair.key, key.text.utf8.first == UInt8(ascii: "x"), key.text.hasPrefix("x_") else { continue }
            entries.append(Extensions.Entry(key: key.text, value: extensionValue(pair.value)))
        }
        return entries.isEmpty ? nil : Extensions(entries: entries)
    }

    func extensionValue(_ node: YAMLNode) -> ExtensionValue {
        switch node {
        case let .scalar(scalar): return .scalar(scalar.text, plain: scalar.isPlain)
        case let .sequence(items, _): return .sequence(items.map(extensionValue))
        case let .mapping(pairs, _):
            return .mapping(pairs.map { Extensions.Entry(key: $0.key.string ?? "", value: extensionValue($0.value)) })
        }
    }
}

func isNull(_ node: YAMLNode) -> Bool {
    guard case let .scalar(scalar) = node, scalar.isPlain else { return false }
    switch scalar.text {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
}

func describeKind(_ node: YAMLNode) -> String {
    switch node {
    case .scalar: return "a single value"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    }
}

func describeValue(_ node: YAMLNode) -> String {
    if case let .scalar(scalar) = node {
        return scalar.isPlain ? "'\(scalar.text)'" : "quoted text '\(scalar.text)'"
    }
    return describeKind(node)
}

extension Decimal {
    /// A YAML number (`_` separators allowed) read whole and exactly; nil for anything else,
    /// including text Decimal would read only the start of ("12abc").
    init?(exactly text: String) {
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard let double = Double(digits), double.isFinite, let value = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self = value
    }
}

/// RFC 3339 times, as comments and replies record them.
enum RFC3339 {
    static func isValid(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if plain.date(from: text) != nil { return true }
        plain.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil
    }
}
