import DesignModel
import Testing

@Suite struct JSONSyntaxTests {
    @Test func checksOneValueAndSaysWhere() {
        for good in [#"{"a": [1, -2.5e+3, true, false, null, "x\n\u00e9"], "b": {}}"#, "[]", "  42 ", #""text""#,
                     #""\ud83d\ude00""#] {
            #expect(JSONSyntax.check(good) == nil, "\(good)")
        }
        #expect(JSONSyntax.check("{a: 1}")?.description == "expected a quoted key at byte 2")
        #expect(JSONSyntax.check("[1 2]")?.description == "expected ',' or ']' at byte 4")
        #expect(JSONSyntax.check("{} {}")?.description == "unexpected text after the value at byte 4")
        #expect(JSONSyntax.check("")?.description == "unexpected end of text at byte 1")
        // Unpaired surrogates are refused, as the loader's parser always did.
        #expect(JSONSyntax.check(#""\ud800""#) != nil)
        #expect(JSONSyntax.check(#""\udc00""#) != nil)
        #expect(JSONSyntax.check(#""\ud800\u0041""#) != nil)
    }

    @Test func trailingCommasOnlyWhenAsked() {
        for text in ["[1,]", #"{"a": 1 , }"#, "[[1,],]"] {
            #expect(JSONSyntax.check(text) != nil, "\(text)")
            #expect(JSONSyntax.check(text, trailingCommas: true) == nil, "\(text)")
        }
        for text in ["[,]", "{,}", "[1,,]"] { #expect(JSONSyntax.check(text, trailingCommas: true) != nil, "\(text)") }
        #expect(JSONSyntax.pretty("[1,]") == nil)
    }

    @Test func keysAreReportedInOrder() {
        var keys: [String] = []
        _ = JSONSyntax.check(#"{"a": {"b": [{"c": 1}]}, "d": 2, "e" 3}"#) { keys.append(String(decoding: $0, as: UTF8.self)) }
        #expect(keys == ["a", "b", "c", "d", "e"])
    }

    @Test func prettyReindentsAndStopsAtItsDepth() {
        #expect(JSONSyntax.pretty(#"{"b":1,"a":[1,{"c":"x,y"}],"e":{}}"#, indent: 1) == """
            {
             "b": 1,
             "a": [
              1,
              {
               "c": "x,y"
              }
             ],
             "e": {}
            }
            """)
        let deep = { (n: Int) in String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        #expect(JSONSyntax.pretty(deep(256)) != nil && JSONSyntax.pretty(deep(257)) == nil)
        #expect(JSONSyntax.check(deep(512)) == nil && JSONSyntax.check(deep(513)) != nil)
    }

    @Test func valueBuildsTheTreeWithKeysInOrderAndEscapesUndone() throws {
        let value = try #require(JSONSyntax.value(#"{"b": [1, 2.50, -3e2], "a": {"s": "x\n\u00e9\ud83d\ude00 \"q\" é", "t": true, "f": false, "n": null}, "e": {}, "l": []}"#))
        #expect(value == .object([
            .init(key: "b", value: .array([.number("1"), .number("2.50"), .number("-3e2")])),
            .init(key: "a", value: .object([
                .init(key: "s", value: .string("x\né😀 \"q\" é")),
                .init(key: "t", value: .bool(true)), .init(key: "f", value: .bool(false)), .init(key: "n", value: .null),
            ])),
            .init(key: "e", value: .object([])),
            .init(key: "l", value: .array([])),
        ]))
        #expect(value["a"]?["t"] == .bool(true))
        var keys: [String] = []
        value.forEachMember { keys.append($0.key) }
        #expect(keys == ["b", "a", "s", "t", "f", "n", "e", "l"])
        #expect(JSONSyntax.value("[1, 2,]") == nil)
        #expect(JSONSyntax.value("[1, 2,]", trailingCommas: true) == .array([.number("1"), .number("2")]))
        #expect(JSONSyntax.value("12345678901234567890") == .number("12345678901234567890"))
        #expect(JSONSyntax.value(#"{"a": 1} x"#) == nil)
    }
}
