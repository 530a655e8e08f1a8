import DesignModel
@testable import DesignRules
import Foundation
import Testing

/// A pair of versions for one `diff-` rule: the base design edited so the rule must fire, and
/// edited another way (a change nearby that is not breaking or risky) so it must not.
struct DiffRuleCase: CustomTestStringConvertible, Sendable {
    let rule: String
    /// Edits of the base made in both versions, for a rule that needs something the base lacks.
    var both: [(String, String)] = []
    let firing: [(String, String)]
    let quiet: [(String, String)]
    var testDescription: String { rule }
}

enum DiffBase {
    static let path = Paths.fixture("diff/base.design.yaml")
    static var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    static func edited(_ text: String, _ edits: [(String, String)]) throws -> String {
        var result = text
        for (find, replace) in edits {
            guard result.contains(find) else { throw EditMissing(text: find) }
            result = result.replacingOccurrences(of: find, with: replace)
        }
        return result
    }

    struct EditMissing: Error, CustomStringConvertible {
        let text: String
        var description: String { "the base has no \(text.debugDescription)" }
    }

    static func diff(old: String, new: String) throws -> DesignDiff {
        DesignDiff(old: try DesignLoader.load(yaml: old).design, new: try DesignLoader.load(yaml: new).design)
    }
}

let diffRuleCases: [DiffRuleCase] = {
    let statusEndpoint = "  - method: GET\n    path: /v1/status\n    service: orders\n    auth: none\n"
    let expand = "      - name: expand\n        in: query\n        type: string\n"
    let ordersNote = "      - name: note\n        type: text\n      - name: archived_flag\n"
    let auditNote = "      - name: note\n        type: text\n      - name: cart_id\n        type: uuid\n    indexes:\n      - name: audit_log_note_idx\n"
    let ordersCart = "      - name: cart_id\n        type: uuid\n    indexes:\n      - name: orders_status_idx\n"
    let auditCart = "      - name: cart_id\n        type: uuid\n    indexes:\n      - name: audit_log_note_idx\n"
    let ordersTotal = "      - name: total_cents\n        type: integer\n      - name: note\n        type: text\n      - name: archived_flag\n"
    let auditTotal = "      - name: total_cents\n        type: integer\n      - name: note\n        type: text\n      - name: cart_id\n"
    let ledgerAmount = "      - name: amount_cents\n        type: bigint\n"
    let partitioned = ledgerAmount + "    partitioning:\n      strategy: hash\n      key:\n        - id\n"
    return [
        DiffRuleCase(rule: "diff-endpoint-removed",
                     firing: [(statusEndpoint + "    responses:\n      - status: 200\n        description: Up.\n", "")],
                     quiet: [(statusEndpoint, statusEndpoint + "    summary: Health.\n")]),
        DiffRuleCase(rule: "diff-endpoint-moved",
                     firing: [("path: /v1/status", "path: /v1/health")],
                     quiet: [(statusEndpoint, statusEndpoint + "    summary: Health.\n")]),
        // A path parameter renamed (`{order_id}` to `{id}`) leaves the URLs clients call as they were.
        DiffRuleCase(rule: "diff-endpoint-moved",
                     firing: [("path: /v1/orders/{order_id}", "path: /v1/order/{order_id}")],
                     quiet: [("path: /v1/orders/{order_id}", "path: /v1/orders/{id}"),
                             ("      - name: order_id\n        in: path", "      - name: id\n        in: path")]),
        DiffRuleCase(rule: "diff-param-required-added",
                     firing: [(expand, expand + "      - name: locale\n        in: query\n        type: string\n        required: true\n")],
                     quiet: [(expand, expand + "      - name: locale\n        in: query\n        type: string\n")]),
        DiffRuleCase(rule: "diff-param-made-required",
                     firing: [(expand, expand + "        required: true\n")],
                     quiet: [(expand, expand + "        description: Related records to include.\n")]),
        DiffRuleCase(rule: "diff-param-type-changed",
                     firing: [(expand, "      - name: expand\n        in: query\n        type: integer\n")],
                     quiet: [(expand, expand + "        description: Related records to include.\n")]),
        DiffRuleCase(rule: "diff-request-field-added",
                     firing: [(#"{"cart_id": "c-1"}"#, #"{"cart_id": "c-1", "coupon": "SPRING"}"#)],
                     quiet: [(#"{"cart_id": "c-1"}"#, #"{"cart_id": "c-2"}"#)]),
        DiffRuleCase(rule: "diff-success-status-changed",
                     firing: [("status: 201\n", "status: 202\n")],
                     quiet: [(#"{"id": "o-1", "status": "placed"}"# + "\n", #"{"id": "o-1", "status": "placed"}"# + "\n      - status: 409\n        description: Conflict.\n")]),
        DiffRuleCase(rule: "diff-response-field-removed",
                     firing: [(#", "note": "ring twice"}"#, "}")],
                     quiet: [(#", "note": "ring twice"}"#, #", "note": "ring twice", "currency": "EUR"}"#)]),
        DiffRuleCase(rule: "diff-auth-added",
                     firing: [("    auth: none\n", "    auth: bearer\n")],
                     quiet: [(statusEndpoint, statusEndpoint + "    summary: Health.\n")]),
        DiffRuleCase(rule: "diff-scopes-widened",
                     firing: [("      - orders:read\n", "      - orders:read\n      - orders:admin\n")],
                     quiet: [("    scopes:\n      - orders:read\n", "")]),
        DiffRuleCase(rule: "diff-rate-limit-lowered",
                     firing: [("limit: 600\n", "limit: 300\n")],
                     quiet: [("limit: 600\n", "limit: 1200\n")]),
        DiffRuleCase(rule: "diff-enum-value-removed",
                     firing: [(#"{"order_id": "o-1", "status": "placed"}"#, #"{"order_id": "o-1", "status": "created"}"#)],
                     quiet: [(#"{"order_id": "o-1", "status": "placed"}"#, #"{"order_id": "o-2", "status": "placed"}"#)]),
        DiffRuleCase(rule: "diff-versioning-changed",
                     firing: [("strategy: url-path", "strategy: header")],
                     quiet: [("current: v1", "current: v2")]),
        DiffRuleCase(rule: "diff-column-not-null",
                     firing: [(ordersNote, "      - name: note\n        type: text\n        nullable: false\n      - name: archived_flag\n")],
                     quiet: [(auditNote, auditNote.replacingOccurrences(of: "type: text\n", with: "type: text\n        nullable: false\n"))]),
        DiffRuleCase(rule: "diff-column-type-changed",
                     firing: [(ordersTotal, ordersTotal.replacingOccurrences(of: "integer", with: "bigint"))],
                     quiet: [(auditTotal, auditTotal.replacingOccurrences(of: "integer", with: "bigint"))]),
        DiffRuleCase(rule: "diff-dropped-in-use",
                     firing: [(ordersNote, "      - name: archived_flag\n")],
                     quiet: [("      - name: archived_flag\n        type: boolean\n", "")]),
        DiffRuleCase(rule: "diff-unique-on-large-table",
                     firing: [("          - status\n", "          - status\n        unique: true\n")],
                     quiet: [("          - note\n", "          - note\n        unique: true\n")]),
        DiffRuleCase(rule: "diff-foreign-key-on-large-table",
                     firing: [(ordersCart, ordersCart.replacingOccurrences(of: "type: uuid\n", with: "type: uuid\n        references: audit_log.id\n"))],
                     quiet: [(auditCart, auditCart.replacingOccurrences(of: "type: uuid\n", with: "type: uuid\n        references: orders.id\n"))]),
        DiffRuleCase(rule: "diff-primary-key-changed",
                     firing: [("      - name: payload\n        type: text\n", "      - name: payload\n        type: text\n        primary_key: true\n")],
                     quiet: [("      - name: payload\n        type: text\n", "      - name: payload\n        type: text\n        description: Anything.\n")]),
        DiffRuleCase(rule: "diff-distribution-key-changed", both: [(ledgerAmount, partitioned)],
                     firing: [("        - id\n", "        - amount_cents\n")],
                     quiet: [("      strategy: hash\n", "      strategy: hash\n      note: Spread writes.\n")]),
        DiffRuleCase(rule: "diff-table-owner-changed",
                     firing: [("  - name: scratch\n    service: orders\n", "  - name: scratch\n    service: billing\n")],
                     quiet: [("  - name: scratch\n    service: orders\n", "  - name: scratch\n    service: orders\n    description: Anything.\n")]),
        DiffRuleCase(rule: "diff-call-made-sync",
                     firing: [("        style: event\n        purpose: Tell the customer.\n", "        style: rest\n        purpose: Tell the customer.\n")],
                     quiet: [("purpose: Tell the customer.", "purpose: Tell the customer by e-mail.")]),
        DiffRuleCase(rule: "diff-delivery-weakened",
                     firing: [("delivery: at-least-once", "delivery: at-most-once")],
                     quiet: [("delivery: at-least-once", "delivery: exactly-once")]),
        // Second cases: the other ways a rule says the same thing.
        DiffRuleCase(rule: "diff-call-made-sync",
                     firing: [("        style: event\n        async: true\n", "        style: event\n        async: false\n")],
                     quiet: [("        action: Announce the order.\n", "        action: Announce the placed order.\n")]),
        DiffRuleCase(rule: "diff-rate-limit-lowered",
                     firing: [("    rate_limit: customer\n", "    rate_limit: slow\n")],
                     quiet: [("    rate_limit: customer\n", "")]),
        DiffRuleCase(rule: "diff-request-field-added",
                     firing: [(statusEndpoint, statusEndpoint + "    request:\n      example: |\n        {\"probe\": true}\n")],
                     quiet: [(statusEndpoint, statusEndpoint + "    summary: Health.\n")]),
        DiffRuleCase(rule: "diff-dropped-in-use",
                     firing: [("      - from: orders\n        to: table:ledger\n        access: write\n        action: Record the charge.\n", ""),
                              ("  - name: ledger\n    service: payments\n    columns:\n      - name: id\n        type: uuid\n        primary_key: true\n      - name: amount_cents\n        type: bigint\n    estimated_rows: 50000000\n", "")],
                     quiet: [("  - name: scratch\n    service: orders\n    columns:\n      - name: id\n        type: uuid\n        primary_key: true\n      - name: payload\n        type: text\n    estimated_rows: 10\n", "")]),
        DiffRuleCase(rule: "diff-sync-cycle-added",
                     firing: [("  - name: payments\n", "  - name: payments\n    calls:\n      - service: orders\n        style: rest\n")],
                     quiet: [("  - name: payments\n", "  - name: payments\n    calls:\n      - service: orders\n        style: queue\n")]),
    ]
}()

@Suite struct DiffRuleTests {
    @Test(arguments: diffRuleCases)
    func firesOnTheBreakingVersionOnly(_ testCase: DiffRuleCase) throws {
        #expect(DiffRules.rule(id: testCase.rule) != nil, "no rule \(testCase.rule)")
        let old = try DiffBase.edited(DiffBase.text, testCase.both)
        let firing = try DiffBase.diff(old: old, new: try DiffBase.edited(old, testCase.firing))
        let reasons = firing.changes.flatMap(\.reasons)
        #expect(reasons.contains { $0.rule == testCase.rule },
                "\(testCase.rule) did not fire; changes: \(firing.changes.map { ($0.path, $0.action, $0.reasons.map(\.rule)) })")
        let quiet = try DiffBase.diff(old: old, new: try DiffBase.edited(old, testCase.quiet))
        #expect(!quiet.changes.isEmpty, "the quiet version of \(testCase.rule) changes nothing")
        #expect(!quiet.changes.flatMap(\.reasons).contains { $0.rule == testCase.rule },
                "\(testCase.rule) fired on the quiet version: \(quiet.changes.flatMap(\.reasons).map(\.message))")
    }

    @Test func everyRuleHasACaseAnExplanationAndAClass() {
        let tested = Set(diffRuleCases.map(\.rule))
        for rule in DiffRules.all {
            #expect(tested.contains(rule.id), "\(rule.id) has no pair of versions in diffRuleCases")
            #expect(rule.id.hasPrefix("diff-"))
            #expect(rule.changeClass != .safe)
            #expect(rule.explanation.contains("Fix:"), "\(rule.id) does not say how to fix it")
        }
        #expect(Set(DiffRules.all.map(\.id)).count == DiffRules.all.count)
        #expect(Validator.rule(id: "diff-endpoint-removed") == nil, "diff rules are not validation rules")
    }
}

@Suite struct DesignDiffTests {
    @Test func anUnchangedDesignHasNoChanges() throws {
        #expect(try DiffBase.diff(old: DiffBase.text, new: DiffBase.text).changes.isEmpty)
    }

    @Test func aColumnRenamedWithTheSameContentIsARename() throws {
        let new = try DiffBase.edited(DiffBase.text, [("      - name: archived_flag\n", "      - name: is_archived\n")])
        let changes = try DiffBase.diff(old: DiffBase.text, new: new).changes
        #expect(changes.count == 1, "\(changes.map(\.path))")
        let change = try #require(changes.first)
        #expect(change.action == .renamed && change.kind == .column)
        #expect(change.oldName == "archived_flag" && change.new?.name == "is_archived")
        #expect(change.element == .column("orders", "is_archived"))
        #expect(change.fields.map(\.key) == ["name"])
    }

    @Test func anEndpointWithANewPathAndMostFieldsEqualIsARenameWithItsFieldChanges() throws {
        let new = try DiffBase.edited(DiffBase.text, [("path: /v1/orders/{order_id}", "path: /v2/orders/{order_id}"),
                                                      ("      - orders:read\n", "      - orders:read\n      - orders:list\n")])
        let changes = try DiffBase.diff(old: DiffBase.text, new: new).changes
        #expect(changes.count == 1)
        let change = try #require(changes.first)
        #expect(change.action == .renamed && change.oldName == "GET /v1/orders/{order_id}")
        #expect(change.fields.map(\.key) == ["path", "scopes"])
        #expect(change.field("scopes")?.new == "orders:read, orders:list")
        #expect(Set(change.reasons.map(\.rule)) == ["diff-endpoint-moved", "diff-scopes-widened"])
        #expect(change.changeClass == .breaking)
    }

    @Test func aTableRenamedAndAnotherReplacedAreToldApart() throws {
        // scratch becomes scratchpad (same columns); ledger goes, and a table with nothing in common comes.
        let new = try DiffBase.edited(DiffBase.text, [
            ("  - name: scratch\n", "  - name: scratchpad\n"),
            ("      - from: orders\n        to: table:ledger\n        access: write\n        action: Record the charge.\n", ""),
            ("  - name: ledger\n    service: payments\n    columns:\n      - name: id\n        type: uuid\n        primary_key: true\n      - name: amount_cents\n        type: bigint\n    estimated_rows: 50000000\n",
             "  - name: coupons\n    service: billing\n    columns:\n      - name: code\n        type: text\n"),
        ])
        let changes = try DiffBase.diff(old: DiffBase.text, new: new).changes.filter { $0.kind == .table }
        #expect(changes.map(\.action) == [.removed, .added, .renamed], "\(changes.map { ($0.path, $0.action) })")
        #expect(changes.map(\.path) == [["table ledger"], ["table coupons"], ["table scratchpad"]])
        #expect(changes[2].oldName == "scratch")
    }

    @Test func commentsAreListedApartAndNeverClassified() throws {
        let new = DiffBase.text + "comments:\n  - id: 1\n    author: ben\n    text: Ship it.\n    verdict: approve\n"
        let diff = try DiffBase.diff(old: DiffBase.text, new: new)
        #expect(diff.designChanges.isEmpty)
        #expect(diff.commentChanges.count == 1)
        #expect(diff.commentChanges.first?.action == .added && diff.commentChanges.first?.reasons.isEmpty == true)
        #expect(diff.worstClass == nil)
    }

    /// Walking the schema reaches every top-level section: each field of a fully filled-in
    /// design shows up as a change against an empty one, with no list of kinds in the diff.
    @Test func everySectionOfTheSchemaIsCompared() {
        let filled = Schemas.design.filled()
        let diff = DesignDiff(old: Design(title: ""), new: filled)
        let sections = Set(diff.changes.map(\.section))
        let expected = Set(Schemas.definitions(of: .design).map(\.key))
        #expect(sections == expected, "sections without changes: \(expected.subtracting(sections))")
        // And a field deep inside: a flow step's timeout.
        var later = filled
        later.flows[0].steps[0].timeout = Duration("9s")
        let step = DesignDiff(old: filled, new: later).changes
        #expect(step.count == 1 && step.first?.kind == .flowStep && step.first?.fields.map(\.key) == ["timeout"])
        #expect(step.first?.field("timeout")?.new == "9s")
    }

    @Test func changesAreLocatedInTheNewFile() throws {
        let new = try DiffBase.edited(DiffBase.text, [("delivery: at-least-once", "delivery: at-most-once")])
        let loaded = try DesignLoader.load(yaml: new, file: "new.design.yaml")
        let diff = DesignDiff(old: try DesignLoader.load(yaml: DiffBase.text).design, new: loaded.design, newSourceMap: loaded.sourceMap)
        let change = try #require(diff.changes.first)
        let line = new.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("- name: order.placed") }.map { $0 + 1 }
        #expect(change.location?.line == line)
        #expect(change.changeClass == .risky)
        // A removed column is placed at its table, a removed table at its section.
        let dropped = try DiffBase.edited(DiffBase.text, [("      - name: archived_flag\n        type: boolean\n", ""),
                                                          ("  - name: scratch\n    service: orders\n    columns:\n      - name: id\n        type: uuid\n        primary_key: true\n      - name: payload\n        type: text\n    estimated_rows: 10\n", "")])
        let droppedLoaded = try DesignLoader.load(yaml: dropped)
        let removals = DesignDiff(old: try DesignLoader.load(yaml: DiffBase.text).design, new: droppedLoaded.design,
                                  newSourceMap: droppedLoaded.sourceMap).changes
        let lines = dropped.split(separator: "\n", omittingEmptySubsequences: false)
        let tablesIndex = try #require(lines.firstIndex { $0 == "tables:" })
        let tablesLine = tablesIndex + 1
        let ordersLine = lines[tablesIndex...].firstIndex { $0 == "  - name: orders" }.map { $0 + 1 }
        #expect(removals.first { $0.kind == .column }?.location?.line == ordersLine)
        #expect(removals.first { $0.kind == .table }?.location?.line == tablesLine, "\(removals.map { ($0.path, $0.location) })")
    }
}
