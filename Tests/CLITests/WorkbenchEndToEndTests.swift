import ArchbenchTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct WorkbenchEndToEndTests {
    func open(_ session: TmuxSession, _ arguments: String = "'\(CLI.shopPath)'") throws {
        try session.run("'\(CLI.binary.path)' \(arguments); echo archbench-exited-$?")
        _ = try session.waitFor(text: "1 Overview")
    }

    @Test func everyPaneShowsItsContent() throws {
        let s = try TmuxSession()
        try open(s)
        var screen = try s.waitFor(text: "┌ Overview (13) ")
        #expect(screen.contains("Shop Platform  0.3.0  [review]"))
        #expect(screen.contains("shop.design.yaml"))
        try s.keys("2")
        screen = try s.waitFor(text: "┌ Endpoints (6) ")
        #expect(screen.contains("GET    /v1/products/{product_id}"))
        #expect(screen.contains("List and search products"))
        try s.keys("3")
        screen = try s.waitFor(text: "┌ Services (4) ")
        #expect(screen.contains("┌ service catalog "))
        #expect(screen.contains("Responsibilities"))
        try s.keys("4")
        screen = try s.waitFor(text: "┌ ERD (7) ")
        #expect(screen.contains("┌ table categories "))
        #expect(screen.contains("PK id"))
        try s.keys("5")
        screen = try s.waitFor(text: "┌ Scaling (9) ")
        #expect(screen.contains("┌ bottleneck product-reads "))
        try s.keys("6")
        screen = try s.waitFor(text: "┌ Flows (0) ")
        #expect(screen.contains("No flows yet: a adds one."))
        // Tab wraps around to the first pane.
        try s.keys("Tab")
        _ = try s.waitFor(text: "┌ Overview (13) ")
        try s.keys("?")
        screen = try s.waitFor(text: "┌ Keys ")
        #expect(screen.contains("next row / scroll down"))
        // Esc and q sent together would read as Alt-q.
        try s.keys("Escape")
        _ = try s.waitFor("the help to close") { !$0.contains("┌ Keys ") }
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func searchFindsAnEndpoint() throws {
        let s = try TmuxSession()
        try open(s)
        try s.keys("2")
        _ = try s.waitFor(text: "┌ Endpoints (6) ")
        try s.type("/order_id")
        try s.keys("Enter")
        let screen = try s.waitFor(text: "▸ GET    /v1/orders/{order_id}")
        #expect(screen.contains("┌ GET /v1/orders/{order_id} "))
        #expect(screen.contains("Fetch one of my orders"))
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func aFindingJumpsToItsElement() throws {
        let s = try TmuxSession()
        try open(s)
        try s.keys("f")
        let panel = try s.waitFor(text: "┌ Findings ")
        // The selected finding names its element; Enter must show that element.
        let selected = try #require(panel.split(separator: "\n").first { $0.contains("▸ ") && $0.contains(":") && !$0.contains("Summary") })
        let element = try #require(selected.split(separator: " ").first {
            $0.hasPrefix("endpoint:") || $0.hasPrefix("table:") || $0.hasPrefix("service:") || $0.hasPrefix("event:")
        })
        try s.keys("Enter")
        let screen = try s.waitFor("the jump") { !$0.contains("┌ Overview (") }
        if element.hasPrefix("endpoint:") {
            #expect(screen.contains("┌ Endpoints ("))
            let method = element.dropFirst("endpoint:".count)
            let path = try #require(selected.split(separator: " ").drop { $0 != element }.dropFirst().first)
            #expect(screen.contains("┌ \(method) \(path)"), "jumped to \(method) \(path)")
        } else if element.hasPrefix("table:") {
            #expect(screen.contains("┌ table \(element.dropFirst("table:".count))"))
        } else if element.hasPrefix("event:") {
            #expect(screen.contains("┌ event \(element.dropFirst("event:".count))"))
        } else {
            #expect(screen.contains("┌ service \(element.dropFirst("service:".count))"))
        }
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func qQuitsAndRestoresTheTerminal() throws {
        let s = try TmuxSession(width: 80, height: 24)
        try open(s)
        try s.keys("j", "2", "q")
        let screen = try s.waitFor(text: "archbench-exited-0")
        // The alternate screen is gone: the shell's own lines are back, the workbench is not.
        #expect(!screen.contains("┌ Endpoints"))
        #expect(screen.contains("e2e$ "))
        // The tty is back in cooked mode with echo.
        try s.run("stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo")
        let stty = try s.waitFor(text: "icanon echo")
        #expect(!stty.contains("-icanon"))
    }

    @Test func reviewModeSaysReadOnly() throws {
        let s = try TmuxSession()
        try open(s, "review '\(CLI.shopPath)'")
        var screen = try s.waitFor(text: "REVIEW")
        #expect(screen.contains("[review]"))
        try s.keys("2", "d")
        screen = try s.waitFor(text: "read-only review: d would change the design")
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func asciiBordersWithoutAUTF8Locale() throws {
        let s = try TmuxSession(environment: ["TERM": "screen", "LANG": "C", "LC_ALL": "C"])
        try open(s)
        let screen = try s.waitFor(text: "+ Overview (13) ")
        #expect(screen.contains("| > Summary"))
        #expect(screen.contains("+----"))
        #expect(!screen.contains("┌"))
        #expect(!screen.contains("│"))
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func dumbTerminalIsRefusedWithAMessage() throws {
        let s = try TmuxSession(environment: ["TERM": "dumb"])
        try s.run("'\(CLI.binary.path)' '\(CLI.shopPath)'; echo archbench-exited-$?")
        let screen = try s.waitFor(text: "archbench-exited-2")
        #expect(screen.contains("cannot run the full-screen UI on TERM=dumb"))
    }
}
