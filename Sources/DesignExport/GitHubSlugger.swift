/// Heading anchors as GitHub computes them (github-slugger): lowercase; drop punctuation other than
/// `-` and `_`, symbols, controls, format characters and separators other than the plain space,
/// unless the character is alphabetic; spaces become `-`; a repeated slug gets `-1`, `-2`, ...
/// GitLab's anchors agree except that it folds runs of `-` into one, so the fixed headings of the
/// export avoid ` & ` and ` - `.
package struct GitHubSlugger: Sendable {
    private var occurrences: [String: Int] = [:]

    package init() {}

    /// The anchor of the next heading with this text (its text as rendered, without markup).
    package mutating func slug(_ text: String) -> String {
        let original = GitHubSlugger.baseSlug(text)
        var result = original
        while occurrences[result] != nil {
            let next = (occurrences[original] ?? 0) + 1
            occurrences[original] = next
            result = "\(original)-\(next)"
        }
        occurrences[result] = 0
        return result
    }

    /// The slug of one text, before de-duplication.
    package static func baseSlug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 128 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case 65...90: bytes.append(byte + 32)
                case 97...122, 48...57, 45, 95: bytes.append(byte)
                case 32: bytes.append(45)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                result.unicodeScalars.append("-")
            } else if scalar.isASCII {
                let v = scalar.value
                if (v >= 48 && v <= 57) || (v >= 97 && v <= 122) || v == 45 || v == 95 || (v >= 65 && v <= 90) {
                    result.unicodeScalars.append(scalar)
                }
            } else if keeps(scalar) {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func keeps(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .otherNumber, .closePunctuation, .finalPunctuation, .initialPunctuation, .openPunctuation,
             .otherPunctuation, .dashPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
             .control, .privateUse, .format, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator,
             .surrogate:
            return false
        default:
            return true
        }
    }
}
