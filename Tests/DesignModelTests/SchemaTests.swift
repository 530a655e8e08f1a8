@testable import DesignModel
import Foundation
import Testing

/// The field schema is the one list of fields: these tests fail, naming the field, when a
/// property of the model is missing from it or a field does not survive save and load.
@Suite struct SchemaTests {
    /// The checks of one kind, whatever its Swift type.
    struct KindCheck {
        let kind: SchemaKind
        let schemaKind: SchemaKind
        let definitions: [FieldDefinition]
        /// Properties of the model type that no schema field sets.
        let unsetProperties: [String]
        /// The kind filled in, written as YAML on its own.
        let yaml: String
        /// Read back: equal to what was written, and the messages the reader gave.
        let readsBackEqual: Bool
        let diagnostics: [String]
    }

    static func check<T: Equatable>(_ kind: SchemaKind, _ schema: Schema<T>) -> KindCheck {
        let blank = schema.blank()
        let filled = schema.filled()
        let before = Dictionary(uniqueKeysWithValues: Mirror(reflecting: blank).children.map { ($0.label ?? "?", "\($0.value)") })
        let unset = Mirror(reflecting: filled).children.compactMap { child -> String? in
            // The modeline is the file's first comment line, kept by the loader and writer, not a field.
            guard let label = child.label, label != "extensions", label != "modeline" else { return nil }
            return before[label] == "\(child.value)" ? label : nil
        }
        let yaml = CanonicalWriter.yaml(schema, filled)
        let (read, diagnostics) = DesignLoader.loadMapping(schema, yaml: yaml)
        return KindCheck(kind: kind, schemaKind: schema.kind, definitions: schema.definitions, unsetProperties: unset,
                         yaml: yaml, readsBackEqual: read == filled,
                         diagnostics: diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" })
    }

    /// Every kind with its typed schema; the switch makes a new kind a compile error here.
    static func check(_ kind: SchemaKind) -> KindCheck {
        switch kind {
        case .design: check(kind, Schemas.design)
        case .requirements: check(kind, Schemas.requirements)
        case .load: check(kind, Schemas.load)
        case .api: check(kind, Schemas.api)
        case .versioning: check(kind, Schemas.versioning)
        case .auth: check(kind, Schemas.auth)
        case .rateLimit: check(kind, Schemas.rateLimit)
        case .service: check(kind, Schemas.service)
        case .call: check(kind, Schemas.call)
        case .event: check(kind, Schemas.event)
        case .endpoint: check(kind, Schemas.endpoint)
        case .param: check(kind, Schemas.param)
        case .request: check(kind, Schemas.request)
        case .response: check(kind, Schemas.response)
        case .table: check(kind, Schemas.table)
        case .column: check(kind, Schemas.column)
        case .index: check(kind, Schemas.index)
        case .partitioning: check(kind, Schemas.partitioning)
        case .sharding: check(kind, Schemas.sharding)
        case .stack: check(kind, Schemas.stack)
        case .alternative: check(kind, Schemas.alternative)
        case .flow: check(kind, Schemas.flow)
        case .flowStep: check(kind, Schemas.flowStep)
        case .scaling: check(kind, Schemas.scaling)
        case .bottleneck: check(kind, Schemas.bottleneck)
        case .cache: check(kind, Schemas.cache)
        case .monitoring: check(kind, Schemas.monitoring)
        case .phase: check(kind, Schemas.phase)
        case .comment: check(kind, Schemas.comment)
        case .reply: check(kind, Schemas.reply)
        case .validation: check(kind, Schemas.validation)
        case .ignore: check(kind, Schemas.ignore)
        }
    }

    @Test(arguments: SchemaKind.allCases)
    func everyPropertyOfTheModelHasAField(_ kind: SchemaKind) {
        let check = Self.check(kind)
        #expect(check.unsetProperties.isEmpty,
                "properties of \(kind.rawValue) with no schema field (add them to Schemas.\(kind)): \(check.unsetProperties)")
    }

    @Test(arguments: SchemaKind.allCases)
    func everyFieldIsSavedAndLoadedBack(_ kind: SchemaKind) {
        let check = Self.check(kind)
        let topKeys = Set(check.yaml.split(separator: "\n").compactMap { line -> String? in
            guard let first = line.first, first != " ", first != "-", let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        })
        for field in check.definitions {
            #expect(topKeys.contains(field.key), "\(kind.rawValue).\(field.key) is not saved:\n\(check.yaml)")
        }
        #expect(check.diagnostics.isEmpty, "\(kind.rawValue) as saved does not load:\n\(check.diagnostics)\n\(check.yaml)")
        #expect(check.readsBackEqual, "\(kind.rawValue) loads back different from what was saved:\n\(check.yaml)")
    }

    @Test(arguments: SchemaKind.allCases)
    func theListOfFieldsIsTheTypedSchemas(_ kind: SchemaKind) {
        let check = Self.check(kind)
        #expect(check.schemaKind == kind)
        #expect(Schemas.definitions(of: kind) == check.definitions)
        let keys = check.definitions.map(\.key)
        #expect(Set(keys).count == keys.count, "a key twice in \(kind.rawValue): \(keys)")
    }

    /// What a JSON Schema generator needs: every kind reached from the design, and enough about
    /// each field to describe it.
    @Test func theSchemaDescribesItself() throws {
        var reached: Set<SchemaKind> = [.design]
        var queue: [SchemaKind] = [.design]
        while let kind = queue.popLast() {
            for field in Schemas.definitions(of: kind) {
                if let nested = field.nestedKind, reached.insert(nested).inserted { queue.append(nested) }
                if case .choice = field.value { #expect(!field.choices.isEmpty, "\(kind).\(field.key) offers no choice") }
                #expect(!field.label.isEmpty && !field.shortLabel.isEmpty)
            }
        }
        #expect(reached == Set(Schemas.kinds), "kinds no field of the design reaches: \(Set(Schemas.kinds).subtracting(reached))")

        let method = try #require(Schemas.definitions(of: .endpoint).first { $0.key == "method" })
        #expect(method.isRequired && method.choices == HTTPMethod.allCases.map(\.rawValue))
        let columns = try #require(Schemas.definitions(of: .table).first { $0.key == "columns" })
        #expect(columns.value == .list(.column) && columns.nestedKind == .column)
        let references = try #require(Schemas.definitions(of: .column).first { $0.key == "references" })
        #expect(references.referenceTarget == .element(.column))
        let area = try #require(Schemas.definitions(of: .stack).first { $0.key == "area" })
        #expect(area.isName && area.isRequired)
        #expect(Schemas.definitions(of: .design).map(\.key).prefix(3) == ["archbench", "title", "version"])
        for kind in Schemas.kinds {
            let names = Schemas.definitions(of: kind).filter(\.isName)
            #expect(names.count <= 1, "\(kind) has more than one name field")
            if Schemas.elementKind(of: kind) != nil, kind != .endpoint {
                #expect(names.count == 1, "\(kind) is an element but no field names it")
            }
        }
    }
}
