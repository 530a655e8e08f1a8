import DesignModel
import Foundation
import Testing
@testable import Workbench

/// Forms are built from the field schema: every field of every kind is a form row somewhere,
/// or `FormSchema.editedElsewhere` says where it is edited instead.
@Suite struct FormCoverageTests {
    /// Every form the workbench opens on a design with one of everything: each element, each
    /// section, and each part reached through the items and object rows, at any depth.
    static func everyForm() -> [FormSubject] {
        let design = Schemas.design.filled()
        var queue = ElementCollection.allCases.filter { design.count(of: $0) > 0 }
            .map { FormSubject.element(design.element(at: 0, in: $0)) }
            + DesignSection.Key.allCases.map { FormSubject.section(design.section($0)) }
        var seen: [FormSubject] = []
        while let subject = queue.popLast() {
            seen.append(subject)
            for field in subject.fields {
                switch field.kind {
                case .items: queue += subject.items(field.id)
                case .object: queue += subject.object(field.id).map { [$0] } ?? []
                default: break
                }
            }
        }
        return seen
    }

    @Test func everyFieldHasAFormRowOrIsEditedElsewhere() {
        let forms = Self.everyForm()
        let shown = Set(forms.flatMap(\.fields).compactMap { $0.source.map { "\($0.kind.rawValue).\($0.key)" } })
        let shownKinds = Set(forms.flatMap(\.fields).compactMap { $0.source?.kind })
        for kind in Schemas.kinds {
            for field in Schemas.definitions(of: kind) {
                let name = "\(kind.rawValue).\(field.key)"
                // A mapping or list of mappings is in a form when its own fields are.
                let inForm = shown.contains(name) || field.nestedKind.map(shownKinds.contains) == true
                let elsewhere = FormSchema.isEditedElsewhere(kind, field.key)
                #expect(inForm || elsewhere, "\(name) has no form row and is not in FormSchema.editedElsewhere")
                #expect(!(shown.contains(name) && elsewhere), "\(name) has a form row but is listed as edited elsewhere")
            }
        }
        for (kind, keys) in FormSchema.editedElsewhere {
            for key in keys.keys {
                #expect(Schemas.definitions(of: kind).contains { $0.key == key }, "editedElsewhere names \(kind).\(key), no such field")
            }
        }
    }

    /// A form row shows a field's value as the same field reads it back: storing a row as it
    /// is shown changes nothing.
    @Test func everyRowStoresWhatItShows() throws {
        for subject in Self.everyForm() {
            var subject = subject
            if case var .element(.endpoint(endpoint)) = subject {
                endpoint.path = "/orders/{id}"
                subject = .element(.endpoint(endpoint))
            }
            for field in subject.fields {
                let again = try subject.setting(field.id, text: field.value, list: field.list)
                #expect(again == subject, "\(subject.title): storing \(field.id) as shown ('\(field.value)') changes it")
            }
        }
    }

    /// Every row of an element's or a part's form is one of its kind's fields, in schema order.
    @Test func rowsFollowTheSchemaOrder() {
        for subject in Self.everyForm() {
            guard let kind = subject.schemaKind else { continue }
            let keys = subject.fields.compactMap(\.source).map(\.key)
            let schemaKeys = Schemas.definitions(of: kind).map(\.key).filter { keys.contains($0) }
            #expect(keys == schemaKeys, "\(subject.title): \(keys)")
            #expect(subject.fields.allSatisfy { $0.source?.kind == kind })
        }
    }
}
