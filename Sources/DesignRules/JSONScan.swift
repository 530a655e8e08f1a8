import DesignModel

/// What the rules need of a JSON example, found by `JSONSyntax`: whether it is JSON (strictly: no
/// trailing commas), the casing of its object keys, and for valid JSON what the contract rules
/// read in it (its shape at the top, its keys, the keys that hold numbers, its strings).
/// A class: scans are memoised from run to run, and rules walk the index's examples by the
/// thousand, where a copy of a struct retained each of its arrays.
package final class JSONScan: Equatable, Sendable {
    /// Nil when the text is valid JSON; otherwise what is wrong and at which byte.
    package let error: String?
    /// The casing styles of the object keys, as bits of `Casing`.
    let keyStyles: UInt8
    /// The value at the top is an array (`[...]`), not an object.
    package let isTopLevelArray: Bool
    /// The keys of the top-level object, in order.
    package let topLevelKeys: [String]
    /// Every object key at any depth, each once, in the order first met.
    package let keys: [String]
    /// Keys whose value is a number somewhere in the example.
    package let numberKeys: [String]
    /// Keys whose value is a number with a fraction or an exponent (`4.99`, `1e3`) somewhere.
    package let fractionKeys: [String]
    /// Every string value, to look for what must not be in an example (stack traces).
    package let strings: [String]
    /// The keys that name a credential (`password`, `api_key`), with the credential, in key
    /// order: found once per text, since scans are memoised and keys are the same run to run.
    package let credentialKeys: [CredentialKey]

    package struct CredentialKey: Equatable, Sendable {
        package var key: String
        package var term: String
    }

    package var isValid: Bool { error == nil }

    package init(_ text: String) {
        var styles: UInt8 = 0
        let error = JSONSyntax.check(text) { key in styles |= Casing.of(key).bit }?.description
        self.error = error
        keyStyles = styles
        var isTopLevelArray = false, topLevelKeys: [String] = [], keys: [String] = []
        var numberKeys: [String] = [], fractionKeys: [String] = [], strings: [String] = []
        if error == nil, let value = JSONSyntax.value(text) {
            switch value {
            case .array: isTopLevelArray = true
            case .object(let members): topLevelKeys = members.map(\.key)
            default: break
            }
            var seen = Set<String>(), numbers = Set<String>(), fractions = Set<String>()
            func collect(_ value: JSONValue) {
                switch value {
                case .object(let members):
                    for member in members {
                        if seen.insert(member.key).inserted { keys.append(member.key) }
                        if case let .number(text) = member.value {
                            if numbers.insert(member.key).inserted { numberKeys.append(member.key) }
                            if text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }),
                               fractions.insert(member.key).inserted {
                                fractionKeys.append(member.key)
                            }
                        }
                        collect(member.value)
                    }
                case .array(let items): items.forEach(collect)
                case .string(let text): strings.append(text)
                default: break
                }
            }
            collect(value)
        }
        self.isTopLevelArray = isTopLevelArray
        self.topLevelKeys = topLevelKeys
        self.keys = keys
        self.numberKeys = numberKeys
        self.fractionKeys = fractionKeys
        self.strings = strings
        credentialKeys = keys.compactMap { key in credentialTerm(words(key), forColumn: false).map { CredentialKey(key: key, term: $0) } }
    }

    package static func == (a: JSONScan, b: JSONScan) -> Bool {
        a === b || (a.error == b.error && a.keyStyles == b.keyStyles && a.isTopLevelArray == b.isTopLevelArray
            && a.topLevelKeys == b.topLevelKeys && a.keys == b.keys && a.numberKeys == b.numberKeys
            && a.fractionKeys == b.fractionKeys && a.strings == b.strings && a.credentialKeys == b.credentialKeys)
    }

    /// The first object key of one casing style in `text`, to name it in a message.
    static func firstKey(of casing: Casing, in text: String) -> String? {
        var found: String?
        _ = JSONSyntax.check(text) { key in
            if found == nil, Casing.of(key) == casing { found = String(decoding: key, as: UTF8.self) }
        }
        return found
    }
}
