import ArchbenchTestSupport
@testable import DesignModel
import Testing
import Yams

/// The canonical writer decides per scalar whether it may stand plain; ASCII text is read byte
/// by byte, other text scalar by scalar. Both ways must agree, and what is written must read
/// back as the same text.
@Suite struct ScalarQuotingTests {
    /// Seeded random ASCII strings over the characters YAML gives meaning to.
    static func strings(count: Int) -> [String] {
        var generator = SplitMix(seed: 0x5EED)
        let alphabet = Array(" \t:#-?,[]{}&*!|>'\"%@`~0123.+eEaZyn\u{7F}\u{01}/\\=<".unicodeScalars)
        return (0..<count).map { _ in
            let length = Int(generator.next() % 8)
            return String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
        }
    }

    @Test func bytesAndScalarsAgreeOnPlainText() {
        for text in Self.strings(count: 20_000) {
            #expect(YAMLScalar.isPlainASCIISyntax(text) == YAMLScalar.isPlainScalarSyntax(text), "\(text.debugDescription)")
        }
        #expect(YAMLScalar.isPlainASCIISyntax("é") == nil)
    }

    @Test func whatIsWrittenReadsBackAsTheSameText() throws {
        for text in Self.strings(count: 3_000) where !text.isEmpty {
            let yaml = "key: " + YAMLScalar.inline(text) + "\n"
            let node = try Yams.compose(yaml: yaml, Resolver.basic)
            #expect(node?.mapping?["key"]?.string == text, "\(yaml.debugDescription)")
        }
    }
}
