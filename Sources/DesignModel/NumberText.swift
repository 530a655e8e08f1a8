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

    package static func grouped(_ value: Int) -> String { grouped(Decimal(value)) }
}
