import ArchbenchTestSupport
import Foundation
import Testing

/// Issue 14's first hour with the real binary at 80x24: the keys go through ncurses and a real
/// terminal (Ctrl-C and Ctrl-G are keys, not signals), the screens are the ones a user reads.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct FirstHourEndToEndTests {
    /// A copy of the shop example to edit, and a session on it.
    func open(review: Bool = false) throws -> (TmuxSession, URL) {
        let folder = try CLI.temporaryFolder()
        let path = folder.appendingPathComponent("shop.design.yaml")
        try FileManager.default.copyItem(atPath: CLI.shopPath, toPath: path.path)
        let s = try TmuxSession(width: 80, height: 24)
        try s.run("'\(CLI.binary.path)' \(review ? "review " : "")'\(path.path)'; echo archbench-exited-$?")
        _ = try s.waitFor(text: "1 Overview")
        return (s, folder)
    }

    @Test func keysDoWhatAVimUserExpects() throws {
        let (s, folder) = try open()
        defer { try? FileManager.default.removeItem(at: folder) }
        // `:` from help opens the command line; `erd` there is a command, not e + rd.
        try s.keys("?")
        _ = try s.waitFor(text: "┌ Keys ")
        try s.type(":erd")
        try s.keys("Enter")
        var screen = try s.waitFor(text: "┌ ERD (7) ")
        #expect(!screen.contains("EDIT"))
        // Esc in a list reached by hand stays put.
        try s.keys("2", "j")
        _ = try s.waitFor(text: "2/6")
        try s.keys("Escape")
        Thread.sleep(forTimeInterval: 0.3)
        screen = try s.waitFor(text: "┌ Endpoints (6) ")
        #expect(screen.contains("2/6"))
        // The command line remembers `erd` (Up) and completes `gr` to `group` (Tab).
        try s.type(":")
        try s.keys("Up")
        _ = try s.waitFor(text: ":erd")
        // Esc and a key sent together would read as Alt and the key.
        try s.keys("Escape")
        _ = try s.waitFor(text: "NORMAL")
        try s.type(":gr")
        try s.keys("Tab")
        _ = try s.waitFor(text: ":group")
        try s.keys("Escape")
        _ = try s.waitFor(text: "NORMAL")
        try s.keys("q")
        _ = try s.waitFor(text: "archbench-exited-0")
    }

    @Test func formEscStoresCtrlCBacksOutCtrlGJumps() throws {
        let (s, folder) = try open()
        defer { try? FileManager.default.removeItem(at: folder) }
        try s.keys("2", "e")
        _ = try s.waitFor(text: "edit endpoint GET /v1/products")
        try s.keys("Down", "Down", "Down")
        try s.type(" fast")
        try s.keys("Escape")
        _ = try s.waitFor(text: "stored summary")
        // Ctrl-G: a field by name.
        try s.keys("C-g")
        _ = try s.waitFor(text: "Go to field")
        try s.type("resp")
        try s.keys("Enter")
        _ = try s.waitFor(text: "▸ responses")
        try s.keys("C-c")
        let screen = try s.waitFor(text: "form closed")
        #expect(screen.contains("List and search products fast"))
        #expect(screen.contains("● modified"))
        try s.type(":wq")
        try s.keys("Enter")
        _ = try s.waitFor(text: "archbench-exited-0")
        let saved = try String(contentsOf: folder.appendingPathComponent("shop.design.yaml"), encoding: .utf8)
        #expect(saved.contains("List and search products fast"))
    }

    @Test func reviewZZSavesTheCommentsAndQuits() throws {
        let (s, folder) = try open(review: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try s.keys("4", "j", "c")
        _ = try s.waitFor(text: "Comment")
        try s.type("Index on category_id?")
        try s.keys("Enter")
        _ = try s.waitFor(text: "● modified")
        try s.keys("Z", "Z")
        _ = try s.waitFor(text: "archbench-exited-0")
        let saved = try String(contentsOf: folder.appendingPathComponent("shop.design.yaml"), encoding: .utf8)
        #expect(saved.contains("Index on category_id?"))
    }
}
