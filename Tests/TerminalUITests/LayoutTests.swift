import Testing
@testable import TerminalUI

@Suite struct LayoutTests {
    @Test func fixedAndFill() {
        let rects = Layout.vertical([.length(1), .fill(1), .length(1)]).split(Rect(x: 0, y: 0, width: 80, height: 24))
        #expect(rects == [
            Rect(x: 0, y: 0, width: 80, height: 1),
            Rect(x: 0, y: 1, width: 80, height: 22),
            Rect(x: 0, y: 23, width: 80, height: 1),
        ])
    }

    @Test func percentagesCoverTheWholeRect() {
        let lengths = Layout.lengths(for: [.percentage(33), .percentage(67)], total: 80)
        #expect(lengths == [26, 54])
        #expect(lengths.reduce(0, +) == 80)
    }

    @Test func fillWeightsShareLeftover() {
        #expect(Layout.lengths(for: [.length(10), .fill(1), .fill(3)], total: 50) == [10, 10, 30])
        // Remainders go to the first segments, never lost.
        #expect(Layout.lengths(for: [.fill(1), .fill(1), .fill(1)], total: 10) == [4, 3, 3])
    }

    @Test func minAndMax() {
        #expect(Layout.lengths(for: [.min(30), .fill(1)], total: 40) == [35, 5])
        #expect(Layout.lengths(for: [.max(5), .fill(1)], total: 40) == [5, 35])
        #expect(Layout.lengths(for: [.ratio(1, 3), .fill(1)], total: 90) == [30, 60])
    }

    @Test func tooSmallShrinksFromTheEnd() {
        #expect(Layout.lengths(for: [.length(30), .length(30)], total: 40) == [30, 10])
        #expect(Layout.lengths(for: [.length(30), .length(30)], total: 20) == [20, 0])
    }

    @Test func horizontalWithSpacing() {
        let rects = Layout.horizontal([.length(10), .fill(1)], spacing: 1).split(Rect(x: 2, y: 3, width: 30, height: 5))
        #expect(rects == [Rect(x: 2, y: 3, width: 10, height: 5), Rect(x: 13, y: 3, width: 19, height: 5)])
    }

    @Test func rectHelpers() {
        let r = Rect(x: 0, y: 0, width: 80, height: 24)
        #expect(r.centered(width: 40, height: 10) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(r.inset(by: 1) == Rect(x: 1, y: 1, width: 78, height: 22))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
        #expect(r.intersection(Rect(x: 70, y: 20, width: 20, height: 20)) == Rect(x: 70, y: 20, width: 10, height: 4))
    }
}
