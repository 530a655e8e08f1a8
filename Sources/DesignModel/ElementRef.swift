/// The kinds of element a `KIND:NAME` reference can name. The first nine are the
/// format's; the rest name parts of a design that findings and comments point at.
package enum ElementKind: String, CaseIterable, Sendable, Hashable {
    case service, endpoint, table, column, event, cache, bottleneck, stack, flow
    case auth, rateLimit = "rate-limit", phase, monitoring, comment, section

    /// Kinds that a `KIND:NAME` reference in a design file may use.
    package static let referenceable: [ElementKind] = [.service, .endpoint, .table, .column, .event, .cache, .bottleneck, .stack, .flow]

    /// Hashes the case, not its raw value: a raw-value enum otherwise hashes its string, which
    /// doubles the cost of every dictionary of element references (source maps, findings by element).
    package func hash(into hasher: inout Hasher) {
        let ordinal: UInt8 = switch self {
        case .service: 0
        case .endpoint: 1
        case .table: 2
        case .column: 3
        case .event: 4
        case .cache: 5
        case .bottleneck: 6
        case .stack: 7
        case .flow: 8
        case .auth: 9
        case .rateLimit: 10
        case .phase: 11
        case .monitoring: 12
        case .comment: 13
        case .section: 14
        }
        hasher.combine(ordinal)
    }
}

/// A reference to one element: `service:orders`, `endpoint:POST /v1/orders`, `column:orders.customer_id`.
package struct ElementRef: Hashable, Sendable, CustomStringConvertible, Comparable {
    package var kind: ElementKind
    package var name: String

    package init(_ kind: ElementKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `KIND:NAME`; nil when the kind is unknown or the name empty.
    package init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let kindText = String(text[..<colon])
        let name = String(text[text.index(after: colon)...])
        guard let kind = ElementKind(rawValue: kindText), !name.isEmpty else { return nil }
        self.init(kind, name)
    }

    package var description: String { "\(kind.rawValue):\(name)" }

    package static func < (lhs: ElementRef, rhs: ElementRef) -> Bool { lhs.description < rhs.description }

    package static func service(_ name: String) -> ElementRef { ElementRef(.service, name) }
    package static func endpoint(_ name: String) -> ElementRef { ElementRef(.endpoint, name) }
    package static func table(_ name: String) -> ElementRef { ElementRef(.table, name) }
    package static func column(_ table: String, _ column: String) -> ElementRef { ElementRef(.column, joined([table, ".", column])) }
    package static func event(_ name: String) -> ElementRef { ElementRef(.event, name) }
    package static func cache(_ name: String) -> ElementRef { ElementRef(.cache, name) }
    package static func bottleneck(_ name: String) -> ElementRef { ElementRef(.bottleneck, name) }
    package static func stack(_ area: String) -> ElementRef { ElementRef(.stack, area) }
    package static func flow(_ name: String) -> ElementRef { ElementRef(.flow, name) }
    package static func section(_ key: String) -> ElementRef { ElementRef(.section, key) }

    /// For a column reference, the table and column names.
    package var columnParts: (table: String, column: String)? {
        guard kind == .column, let dot = name.lastIndex(of: ".") else { return nil }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }
}

/// Where something stands in a design file; lines and columns count from 1.
package struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    package var line: Int
    package var column: Int
    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    package var description: String { "\(line):\(column)" }
}

extension Design {
    /// Whether the element a reference names exists in this design.
    package func contains(_ ref: ElementRef) -> Bool {
        switch ref.kind {
        case .service: return services.contains { $0.name == ref.name }
        case .endpoint: return endpoints.contains { $0.name == ref.name }
        case .table: return tables.contains { $0.name == ref.name }
        case .column:
            guard let (table, column) = ref.columnParts else { return false }
            return tables.first { $0.name == table }?.column(named: column) != nil
        case .event: return events.contains { $0.name == ref.name }
        case .cache: return scaling.caches.contains { $0.name == ref.name }
        case .bottleneck: return scaling.bottlenecks.contains { $0.name == ref.name }
        case .stack: return stack.contains { $0.area == ref.name }
        case .flow: return flows.contains { $0.name == ref.name }
        case .auth: return api.auth.contains { $0.name == ref.name }
        case .rateLimit: return api.rateLimits.contains { $0.name == ref.name }
        case .phase: return phases.contains { $0.name == ref.name }
        case .monitoring: return scaling.monitoring.contains { $0.signal == ref.name }
        case .comment: return comments.contains { String($0.id) == ref.name }
        case .section: return Design.sectionKeys.contains(ref.name)
        }
    }

    /// Top-level keys in canonical order.
    package static let sectionKeys = Schemas.design.keys
}

/// `parts` joined, with their bytes copied straight into the new string's storage: `+=` checks
/// and grows the string on every part, which costs more than the copying. Inlinable, so that a
/// caller's list of parts can stay on its stack.
@inlinable
package func joined(_ parts: [String]) -> String {
    var count = 0
    for part in parts { count += part.utf8.count }
    return String(unsafeUninitializedCapacity: count) { buffer in
        var written = 0
        for var part in parts {
            part.withUTF8 { bytes in
                guard let source = bytes.baseAddress else { return }
                (buffer.baseAddress! + written).initialize(from: source, count: bytes.count)
                written += bytes.count
            }
        }
        return written
    }
}
