import ArchbenchTestSupport
import Foundation
import Testing

/// The ERD and service-map diagrams in the real binary under tmux: `v` in the ERD and
/// Services panes swaps the list for boxes, and back.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct DiagramEndToEndTests {
    @Test func erdAndServiceMapDiagrams() throws {
        let s = try TmuxSession()
        try s.run("'\(CLI.binary.path)' '\(CLI.shopPath)'; echo archbench-exited-$?")
        _ = try s.waitFor(text: "┌ Overview (13) ")

        try s.keys("4")
        _ = try s.waitFor(text: "┌ ERD (7) ")
        try s.keys("v")
        var screen = try s.waitFor(text: "┌ ERD diagram (7 tables)")
        // Table boxes with their keys, a foreign key drawn with its crow's foot, the position line.
        #expect(screen.contains("┌ products "))
        #expect(screen.contains("PK FK cart_id"))
        #expect(screen.contains("┤├───────<"))
        #expect(screen.contains("cols 1-"))

        try s.keys("3")
        _ = try s.waitFor(text: "┌ Services (4) ")
        try s.keys("v")
        screen = try s.waitFor(text: "┌ Service map (")
        #expect(screen.contains("│ Ordering "))
        #expect(screen.contains("order.placed"))

        // Enter opens the selected service in the list, with its detail alongside.
        try s.keys("Enter")
        screen = try s.waitFor(text: "┌ Services (4) ")
        #expect(screen.contains("┌ service "))
        #expect(screen.contains("v: back to the diagram"))

        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }
}
