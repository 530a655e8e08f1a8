import Foundation

/// Numbers as people read them, for every place that shows one: `2500` → `2,500`, fractions kept
/// as they are, whatever the locale.
package enum NumberText {
    package static func grouped(_ value: Decimal) -> String {
        let text = value.description
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let dot = unsigned.firstIndex(of: ".") ?? unsigned.endIndex
        let whole = unsigned[..<dot]
        var result = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0 && (whole.count - offset) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (negative ? "-" : "") + result + unsigned[dot...]
    }

    /// `grouped` of a whole number, from its digits: `Decimal`'s description is slow, and a
    /// document groups every count and limit it shows.
    package static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        guard digits.utf8.count > 3 else { return value < 0 ? "-" + digits : digits }
        var result = value < 0 ? "-" : ""
        result.reserveCapacity(digits.utf8.count * 4 / 3 + 1)
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.utf8.count - offset) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return result
    }
}
