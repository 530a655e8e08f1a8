import DesignModel

/// What the rules need of a JSON example, found in one pass of `JSONSyntax`: whether it is JSON
/// (strictly: no trailing commas) and the casing of its object keys.
package struct JSONScan: Equatable, Sendable {
    /// Nil when the text is valid JSON; otherwise what is wrong and at which byte.
    package var error: String?
    /// The casing styles of the object keys, as bits of `Casing`.
    var keyStyles: UInt8 = 0

    package var isValid: Bool { error == nil }

    package init(_ text: String) {
        var styles: UInt8 = 0
        error = JSONSyntax.check(text) { key in styles |= Casing.of(key).bit }?.description
        keyStyles = styles
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
