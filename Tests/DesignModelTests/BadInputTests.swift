import DesignModel
import Foundation
import Testing

/// Every kind of bad input gives located messages, never a crash.
@Suite struct BadInputTests {
    @Test func malformedYAML() {
        let errors = loadErrors("archbench: 1\ntitle: [unclosed\nservices:\n")
        #expect(errors.count == 1)
        #expect(errors.first?.contains("malformed YAML") == true)
        #expect(errors.first?.hasPrefix("4:1:") == true || errors.first?.hasPrefix("3:") == true)
    }

    @Test func wrongTypes() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        owners: solo
        services:
          - name: a
            stateless: yes
        api:
          rate_limits:
            - name: r
              limit: lots
        endpoints:
          - method: GET
            path: /a
            responses:
              - status: "200"
        """)
        #expect(errors.contains("3:9: 'owners' in the design must be a list, found a single value"))
        #expect(errors.contains("6:16: 'stateless' in a service must be true or false, found 'yes'"))
        #expect(errors.contains("10:14: 'limit' in a rate limit must be a whole number, found 'lots'"))
        #expect(errors.contains("15:17: 'status' in a response of 'GET /a' must be a whole number, found quoted text '200'"))
    }

    @Test func missingRequiredKeys() {
        let errors = loadErrors("""
        archbench: 1
        services:
          - domain: Orders
        endpoints:
          - method: GET
        """)
        #expect(errors.contains("1:1: missing required key 'title' in the design"))
        #expect(errors.contains("3:5: missing required key 'name' in a service"))
        #expect(errors.contains("5:5: missing required key 'path' in an endpoint"))
    }

    @Test func unknownKeyWithSuggestion() {
        let errors = loadErrors("archbench: 1\ntitle: T\nservices:\n  - nmae: a\n    name: b\n    responsibilites: []\n")
        #expect(errors.contains("4:5: unknown key 'nmae' in a service; did you mean 'name'?"))
        #expect(errors.contains("6:5: unknown key 'responsibilites' in a service; did you mean 'responsibilities'?"))
    }

    @Test func duplicateNames() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        services:
          - name: a
          - name: a
        tables:
          - name: t
            columns:
              - name: id
              - name: id
        """)
        #expect(errors.contains("5:5: duplicate service name 'a' (first at line 4)"))
        #expect(errors.contains("10:9: duplicate column name 't.id' (first at line 9)"))
    }

    @Test func duplicateKeyInOneMapping() {
        let errors = loadErrors("archbench: 1\ntitle: T\ntitle: U\n")
        #expect(errors.count == 1)
        #expect(errors.first?.contains("duplicate key 'title'") == true)
    }

    @Test func danglingReferences() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        services:
          - name: orders
            calls:
              - service: billing
        endpoints:
          - method: GET
            path: /x
            service: order
            auth: jwtt
        tables:
          - name: t
            columns:
              - name: a
                references: missing.id
        scaling:
          bottlenecks:
            - name: b
              affects:
                - table:nope
                - thing
        """)
        #expect(errors.contains("6:9: call of service 'orders' refers to service 'billing', which does not exist"))
        #expect(errors.contains("10:5: endpoint 'GET /x' refers to service 'order', which does not exist; did you mean 'orders'?"))
        #expect(errors.contains("11:5: endpoint 'GET /x' names auth scheme 'jwtt', which api.auth does not define"))
        #expect(errors.contains("16:9: foreign key 't.a' refers to column 'missing.id', which does not exist"))
        #expect(errors.contains("21:11: bottleneck 'b' refers to table 'nope', which does not exist"))
        #expect(errors.contains { $0.hasPrefix("22:11: 'thing' in bottleneck 'b' is not an element reference KIND:NAME") })
    }

    @Test func badJSONExample() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        endpoints:
          - method: POST
            path: /x
            request:
              example: |
                {"a": }
        """)
        #expect(errors.count == 1)
        #expect(errors.first == "7:7: the request example of 'POST /x' is not valid JSON: unexpected character '}' at byte 7")
    }

    @Test func badDurationAndChoice() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        status: drafty
        api:
          rate_limits:
            - name: r
              window: 5 minutes
        """)
        #expect(errors.contains("3:9: 'status' in the design must be one of draft, review, approved; found 'drafty'; did you mean 'draft'?"))
        #expect(errors.contains("7:15: 'window' in a rate limit must be a duration such as 250ms, 30s, 5m, 1h or 7d; found '5 minutes'"))
    }

    @Test func severalErrorsAreAllReportedInFileOrder() {
        let errors = loadErrors("archbench: one\ntitle: [a]\nbogus: 1\n")
        #expect(errors.count == 3)
        #expect(errors == errors.sorted { $0.localizedStandardCompare($1) == .orderedAscending })
    }

    @Test func oddDocumentsNeverCrash() {
        let inputs = ["", "---\n", "[]", "42", "archbench: 1", "archbench: 1\ntitle: T\nservices: {}\n",
                      "archbench: 1\ntitle: T\nservices:\n  - [1, 2]\n", "a: &x 1\nb: *x\n", "\u{0}\u{1}",
                      "archbench: 1\ntitle: T\ntables:\n  - name: t\n    columns:\n      - name: c\n        references: justone\n",
                      "archbench: 1\ntitle: T\nvalidation:\n  severity: [1]\n", "archbench: -1\ntitle: T\n",
                      String(repeating: "[", count: 5000)]
        for input in inputs {
            #expect(!loadErrors(input).isEmpty, "\(input.prefix(40)) should fail with a message")
        }
    }
}
