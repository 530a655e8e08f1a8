import DesignModel
@testable import DesignRules
import Testing

@Suite struct ValidatorTests {
    @Test func disableTurnsARuleOff() {
        var d = Clean.design()
        d.endpoints[Clean.listProducts].path = "/v1/products/"
        #expect(validate(d).contains { $0.ruleID == "api-path-shape" })
        d.validation.disable = ["api-path-shape"]
        #expect(!validate(d).contains { $0.ruleID == "api-path-shape" })
    }

    @Test func severityOverrideChangesTheSeverity() {
        var d = Clean.design()
        d.endpoints[Clean.createOrder].auth = "none"
        #expect(validate(d).first { $0.ruleID == "sec-public-write" }?.severity == .error)
        d.validation.severity = [SeverityOverride(rule: "sec-public-write", severity: .info)]
        #expect(validate(d).first { $0.ruleID == "sec-public-write" }?.severity == .info)
    }

    @Test func ignoreEntrySilencesOneElementOnly() {
        var d = Clean.design()
        d.endpoints[Clean.createOrder].auth = "none"
        d.endpoints[Clean.deleteOrder].auth = "none"
        d.validation.ignore = [IgnoreEntry(rule: "sec-public-write", element: "endpoint:POST /v1/orders", reason: "Sign-up.")]
        let findings = validate(d).filter { $0.ruleID == "sec-public-write" }
        #expect(findings.map(\.element) == [.endpoint("DELETE /v1/orders/{order_id}")])
        #expect(!validate(d).contains { $0.ruleID == "ref-unused-ignore" })
    }

    @Test func ignoreWithoutElementSilencesTheRule() {
        var d = Clean.design()
        d.endpoints[Clean.createOrder].auth = "none"
        d.endpoints[Clean.deleteOrder].auth = "none"
        d.validation.ignore = [IgnoreEntry(rule: "sec-public-write", reason: "Internal network only.")]
        #expect(!validate(d).contains { $0.ruleID == "sec-public-write" || $0.ruleID == "ref-unused-ignore" })
    }

    @Test func ignoreThatMatchesNothingIsAFinding() {
        var d = Clean.design()
        d.validation.ignore = [IgnoreEntry(rule: "sec-public-write", element: "endpoint:POST /v1/orders", reason: "Old.")]
        let unused = validate(d).filter { $0.ruleID == "ref-unused-ignore" }
        #expect(unused.count == 1)
        #expect(unused.first?.severity == .warning)
        #expect(unused.first?.message.contains("endpoint:POST /v1/orders") == true)
        // An ignore for a disabled rule matches nothing either, and says why.
        d.endpoints[Clean.createOrder].auth = "none"
        d.validation.disable = ["sec-public-write"]
        #expect(validate(d).first { $0.ruleID == "ref-unused-ignore" }?.message.contains("disabled") == true)
        // The meta rule can itself be disabled.
        d.validation.disable.append("ref-unused-ignore")
        #expect(!validate(d).contains { $0.ruleID == "ref-unused-ignore" })
    }

    @Test func findingsAreSortedAndLookedUpPerElement() throws {
        var d = Clean.design()
        d.endpoints[Clean.createOrder].auth = "none"                 // error
        d.endpoints[Clean.createOrder].responses.removeAll { $0.status == 422 }  // warning
        d.tables[Clean.products].description = nil                     // info
        d.tables[Clean.products].columns[1].type = "bigint"            // error on a column
        let report = Validator().report(d)
        let severities = report.findings.map(\.severity)
        #expect(severities == severities.sorted(by: >))
        let onOrder = report.findings(for: .endpoint("POST /v1/orders"))
        #expect(Set(onOrder.map(\.ruleID)) == ["sec-public-write", "api-input-error-response", "sec-scopes-on-public",
                                                "sec-unauthorized-on-public"])
        #expect(onOrder.first?.ruleID == "sec-public-write")
        #expect(report.severity(for: .endpoint("POST /v1/orders")) == .error)
        #expect(report.findings(for: .table("products")).map(\.ruleID) == ["doc-table-description"])
        #expect(Set(report.findings(for: .table("products"), includingColumns: true).map(\.ruleID))
                == ["doc-table-description", "db-fk-type-mismatch"])
        #expect(report.severity(for: .table("products"), includingColumns: true) == .error)
        #expect(report.findings(for: .service("catalog")).isEmpty)
        #expect(report.hasErrors)
        #expect(report.count(of: .error) == 2)
        // Same input, same output.
        #expect(Validator().validate(d) == report.findings)
    }

    @Test func findingsFromAFileCarryLineAndColumn() throws {
        let loaded = try DesignLoader.load(contentsOf: Paths.fixture("rides-flawed.design.yaml"))
        let findings = validate(loaded.design, sourceMap: loaded.sourceMap)
        let https = try #require(findings.first { $0.ruleID == "sec-https-base-url" })
        #expect(https.location == SourceLocation(line: 12, column: 1))  // the `api:` key
        let fk = try #require(findings.first { $0.ruleID == "db-fk-type-mismatch" })
        #expect(fk.element == .column("rides", "driver_id"))
        #expect(fk.location == SourceLocation(line: 152, column: 9))
        let cycle = try #require(findings.first { $0.ruleID == "arch-sync-call-cycle" })
        #expect(cycle.location == SourceLocation(line: 30, column: 5))
        #expect(cycle.message.contains("dispatch → pricing → dispatch"))
    }

    @Test func findingsDoNotDependOnTheNumberOfParts() throws {
        let loaded = try DesignLoader.load(contentsOf: Paths.fixture("rides-flawed.design.yaml"))
        let validator = Validator()
        let one = validator.report(loaded.design, sourceMap: loaded.sourceMap, parts: 1).findings
        #expect(one.count > 10)
        for parts in [2, 3, 5, 8, 64, 1000] {
            #expect(validator.report(loaded.design, sourceMap: loaded.sourceMap, parts: parts).findings == one, "\(parts) parts")
        }
        #expect(validator.validate(loaded.design, sourceMap: loaded.sourceMap) == one)
        for parts in [1, 2, 3, 7, 1000] {
            let cuts = Validator.splitPoints(Validator.allRules, parts: parts)
            #expect(cuts.count <= parts - 1 && cuts == cuts.sorted() && Set(cuts).count == cuts.count)
            #expect(cuts.allSatisfy { $0 > 0 && $0 < Validator.allRules.count })
        }
    }

    @Test func modelsBuiltInMemoryHaveNoLocations() {
        var d = Clean.design()
        d.summary = nil
        #expect(validate(d).allSatisfy { $0.location == nil })
    }

    @Test func allRulesHaveDistinctIDsAndLookup() {
        #expect(Validator.rule(id: "db-missing-primary-key")?.defaultSeverity == .error)
        #expect(Validator.rule(id: "nope") == nil)
        #expect(Validator.knownRuleIDs.count == Validator.allRules.count)
    }
}
