import Testing
import TerminalUI

/// The byte-to-key decoder the ANSI backend reads with: every key, sequences split across reads,
/// Esc against Alt+key, and garbage.
struct KeyDecoderTests {
    static let sequences: [(String, Key)] = [
        ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\u{1B}OC", .right), ("\u{1B}OD", .left),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[7~", .home), ("\u{1B}[8~", .end),
        ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[2~", .insert), ("\u{1B}[3~", .delete),
        ("\u{1B}[Z", .backTab), ("\u{1B}OM", .enter),
        ("\u{1B}OP", .function(1)), ("\u{1B}OQ", .function(2)), ("\u{1B}OR", .function(3)), ("\u{1B}OS", .function(4)),
        ("\u{1B}[11~", .function(1)), ("\u{1B}[12~", .function(2)), ("\u{1B}[13~", .function(3)), ("\u{1B}[14~", .function(4)),
        ("\u{1B}[[A", .function(1)), ("\u{1B}[[E", .function(5)),
        ("\u{1B}[15~", .function(5)), ("\u{1B}[17~", .function(6)), ("\u{1B}[18~", .function(7)), ("\u{1B}[19~", .function(8)),
        ("\u{1B}[20~", .function(9)), ("\u{1B}[21~", .function(10)), ("\u{1B}[23~", .function(11)), ("\u{1B}[24~", .function(12)),
        // Modifiers: the core's keys have none, so Ctrl/Shift/Alt+arrow is the arrow.
        ("\u{1B}[1;5A", .up), ("\u{1B}[1;2B", .down), ("\u{1B}[1;3C", .right), ("\u{1B}[5;5~", .pageUp),
        ("\u{1B}[1;2P", .function(1)), ("\u{1B}O5D", .left),
        // CSI u: Ctrl+letter, Alt+letter, plain.
        ("\u{1B}[115;5u", .ctrl("s")), ("\u{1B}[120;3u", .alt("x")), ("\u{1B}[97u", .char("a")), ("\u{1B}[13u", .enter),
    ]

    static let singleBytes: [(UInt8, Key)] = [
        (0x0D, .enter), (0x0A, .enter), (0x09, .tab), (0x7F, .backspace), (0x08, .backspace),
        (0x03, .ctrl("c")), (0x13, .ctrl("s")), (0x1A, .ctrl("z")), (0x12, .ctrl("r")), (0x00, .ctrl(" ")),
        (0x1C, .ctrl("\\")), (0x1F, .ctrl("_")), (UInt8(ascii: "q"), .char("q")), (UInt8(ascii: " "), .char(" ")),
    ]

    @Test func everyKeyInOneRead() {
        for (bytes, key) in Self.sequences {
            var decoder = KeyDecoder()
            #expect(decoder.feed(Array(bytes.utf8)) == [key], "\(bytes.debugDescription)")
            #expect(!decoder.hasPending)
        }
        for (byte, key) in Self.singleBytes {
            var decoder = KeyDecoder()
            #expect(decoder.feed([byte]) == [key], "byte \(byte)")
        }
    }

    /// A sequence cut at every point arrives whole once its last byte does, never as Esc plus text.
    @Test func everyKeySplitAtEveryByte() {
        for (bytes, key) in Self.sequences {
            let all = Array(bytes.utf8)
            for cut in 1..<all.count {
                var decoder = KeyDecoder()
                #expect(decoder.feed(all[..<cut]) == [], "\(bytes.debugDescription) cut at \(cut)")
                #expect(decoder.hasPending)
                #expect(decoder.feed(all[cut...]) == [key], "\(bytes.debugDescription) cut at \(cut)")
            }
        }
        var decoder = KeyDecoder()
        let text = Array("é中🚀".utf8)
        var keys: [Key] = []
        for byte in text { keys += decoder.feed([byte]) }
        #expect(keys == [.char("é"), .char("中"), .char("🚀")])
    }

    @Test func escAloneIsEscOnlyWhenNothingFollowsWithinTheDelay() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]) == [])
        #expect(decoder.flush() == [.escape])
        #expect(decoder.feed(Array("\u{1B}x".utf8)) == [.alt("x")])
        #expect(decoder.feed(Array("\u{1B}é".utf8)) == [.alt("é")])
        #expect(decoder.feed(Array("\u{1B}\u{1B}[A".utf8)) == [.escape, .up])
        #expect(decoder.feed(Array("\u{1B}\u{03}".utf8)) == [.escape, .ctrl("c")])
        #expect(decoder.feed(Array("\u{1B}[".utf8)) == [])
        #expect(decoder.flush() == [.escape, .char("[")], "Esc then [ typed within the delay")
        #expect(decoder.feed(Array("\u{1B}[1;5".utf8)) == [])
        #expect(decoder.flush() == [], "a longer sequence cut short is garbage, not text")
        #expect(!decoder.hasPending)
    }

    @Test func unknownSequencesAndRepliesAreDroppedAndTheRestGoesOn() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(Array("\u{1B}[99qa\u{1B}[I\u{1B}[<0;3;4Mb\u{1B}[?1;2cc\u{1B}Oxd".utf8)) == [.char("a"), .char("b"), .char("c"), .char("d")])
        // A control byte inside a sequence ends it; the byte counts.
        #expect(decoder.feed(Array("\u{1B}[12\u{03}".utf8)) == [.ctrl("c")])
        // Not UTF-8: skipped.
        #expect(decoder.feed([0xFF, 0xC3, 0x41, 0x80, UInt8(ascii: "z")]) == [.char("A"), .char("z")])
        // A sequence that never ends is cut off rather than waited for.
        let keys = decoder.feed(Array("\u{1B}[".utf8) + Array(repeating: UInt8(ascii: "1"), count: 100))
        #expect(!decoder.hasPending, "waits for the end of a 100-byte sequence")
        #expect(!keys.isEmpty && keys.count < 100 && keys.allSatisfy { $0 == .char("1") })
    }

    @Test func bracketedPasteArrivesAsTypedText() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(Array("\u{1B}[200~ab\u{1B}[A\r".utf8)) == [.char("a"), .char("b"), .char("["), .char("A"), .enter])
        #expect(decoder.feed(Array("c\u{1B}[20".utf8)) == [.char("c")])
        #expect(decoder.feed(Array("1~d".utf8)) == [.char("d")])
        #expect(decoder.feed(Array("\u{1B}[A".utf8)) == [.up], "after the paste, sequences are keys again")
    }

    /// Random bytes, fed in random pieces, never crash, and every feed returns.
    @Test func garbageNeverCrashesOrWaitsForever() {
        var state: UInt64 = 19
        func random(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var decoder = KeyDecoder()
        let alphabet: [UInt8] = [0x1B, 0x1B, UInt8(ascii: "["), UInt8(ascii: "O"), UInt8(ascii: "1"), UInt8(ascii: ";"), UInt8(ascii: "~"),
                                 UInt8(ascii: "A"), 0xE2, 0x94, 0x80, 0xFF, 0x00, 0x7F, UInt8(ascii: "2"), UInt8(ascii: "0")]
        var total = 0
        for _ in 0..<5_000 {
            let piece = (0..<random(12)).map { _ in random(3) == 0 ? UInt8(random(256)) : alphabet[random(alphabet.count)] }
            total += decoder.feed(piece).count
            if random(5) == 0 { total += decoder.flush().count; #expect(!decoder.hasPending) }
        }
        _ = decoder.flush()
        #expect(!decoder.hasPending)
        #expect(total > 0)
    }
}

