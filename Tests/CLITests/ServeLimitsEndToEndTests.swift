import ArchbenchTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The limits of `archbench serve` and what it offers a served session, each with the real
/// OpenSSH client in tmux against the server on loopback: the login grace time, the idle timeout,
/// the cap on window sizes and a window change redrawn at the new size, the cap on input waiting,
/// one editor a design, and completion that offers nothing a served session refuses. The
/// timeouts are set to seconds on the command line, so each test runs in seconds.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct ServeLimitsEndToEndTests {
    /// The server, or nil (with an issue recorded under CI) when ssh or the server cannot start.
    func server(people: [String] = ["ana", "bo", "cy"], editors: [String] = ["ana"], _ arguments: [String] = []) throws -> ServeFixture? {
        do {
            return try ServeFixture(people: people, editors: editors, extraArguments: arguments)
        } catch let error as ServeFixture.Unavailable {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("archbench serve cannot be tested under CI: \(error)") }
            return nil
        }
    }

    @Test func aConnectionThatDoesNotAuthenticateIsClosedAfterTheLoginGraceTime() throws {
        guard let server = try server(["--login-grace-time", "2"]) else { return }
        defer { server.stop(); server.removeFiles() }
        // cy's key gets a passphrase: ssh asks for it and waits, unauthenticated, while the
        // server's grace time runs out.
        let keygen = try #require(ServeFixture.keygenPath)
        #expect(try Spawn.run([keygen, "-q", "-p", "-P", "", "-N", "typed late", "-f", server.key("cy")]) == 0)
        let options = ["-F", "/dev/null", "-i", server.key("cy"), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                       "-o", "PreferredAuthentications=publickey", "-o", "NumberOfPasswordPrompts=1",
                       "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"]
        let cy = try TmuxSession(width: 100, height: 30)
        let command = ([ServeFixture.sshPath ?? "ssh", "-tt"] + options + ["-p", "\(server.port)", "anyone@127.0.0.1"])
            .map(shellQuoted).joined(separator: " ")
        let started = Date()
        try cy.run(command + "; echo ssh-exited-$?")
        _ = try cy.waitFor(text: "Enter passphrase")
        #expect(server.waitForLog("disconnect", "reason=\"not authenticated within the login grace time\""))
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 1.5 && waited < 8, "closed after \(waited) s with a grace time of 2 s")
        // The right passphrase now is too late: the connection is gone, and ssh says so.
        try cy.type("typed late")
        try cy.keys("Enter")
        let screen = try cy.waitFor("ssh to exit", timeout: 10, Self.sshExited)
        #expect(screen.contains("ssh-exited-255"))
        #expect(!screen.contains("archbench serve · designs"))
        #expect(!server.log().contains("auth-ok"))
        // The server goes on: the same key, typed in time, is let in.
        try cy.run(command + "; echo ssh-exited-$?")
        _ = try cy.waitFor(text: "Enter passphrase")
        try cy.type("typed late")
        try cy.keys("Enter")
        _ = try cy.waitFor(text: "archbench serve · designs · cy")
        #expect(server.waitForLog("auth-ok", "name=cy"))
    }

    @Test func aSessionThatSendsNothingIsClosedAfterTheIdleTimeoutAndItsEditsAreKept() throws {
        guard let server = try server(["--idle-timeout", "3"]) else { return }
        defer { server.stop(); server.removeFiles() }
        let ana = try TmuxSession(width: 110, height: 30)
        try ana.run(server.sshCommand("ana") + "; echo ssh-exited-$?")
        _ = try ana.waitFor(text: "archbench serve · designs · ana")
        try ana.keys("Enter")
        _ = try ana.waitFor(text: "NORMAL")
        // Keys keep the session open well past the timeout.
        let typing = Date()
        while Date().timeIntervalSince(typing) < 5 {
            try ana.keys("j")
            Thread.sleep(forTimeInterval: 0.4)
            try ana.keys("k")
            Thread.sleep(forTimeInterval: 0.4)
        }
        #expect(!Self.sshExited(try ana.screen()), "closed while typing")
        // An unsaved edit, then nothing: closed after about 3 s, the edit in the recovery journal.
        try ana.keys("4")
        _ = try ana.waitFor(text: "ERD (7)")
        try ana.keys("g")
        _ = try ana.waitFor(text: "table categories")
        try ana.keys("r")
        try ana.keys("C-u")
        try ana.type("product_categories")
        // Taken before the last key is sent: the server's idle time starts when it reads that key,
        // and waiting for the screen to show the rename can take a while on a busy machine.
        let lastKey = Date()
        try ana.keys("Enter")
        _ = try ana.waitFor(text: "product_categories")
        let screen = try ana.waitFor("ssh to exit", timeout: 10, Self.sshExited)
        let idle = Date().timeIntervalSince(lastKey)
        #expect(screen.contains("ssh-exited-255"))
        #expect(idle >= 2.5 && idle < 8, "closed after \(idle) s without input, timeout 3 s")
        #expect(server.waitForLog("disconnect", "name=ana", "reason=\"idle timeout\""))
        #expect(server.waitForLog("hang-up", "name=ana", "design=shop.design.yaml"))
        let journal = server.designs.appendingPathComponent(".shop.design.yaml.archbench-recovery").path
        #expect((try? String(contentsOfFile: journal, encoding: .utf8))?.contains("product_categories") == true)
    }

    /// The shell printed the exit status of ssh (`echo ssh-exited-$?` after it).
    static func sshExited(_ screen: String) -> Bool { screen.split(separator: "\n").contains { $0.hasPrefix("ssh-exited-") } }

    /// The second row of the workbench, the panes' top borders, is as wide as the frame.
    static func frameWidth(_ screen: String) -> Int {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return rows.count > 1 ? rows[1].count : 0
    }

    @Test func windowSizesAreCappedAndAWindowChangeRedrawsAtTheNewSize() throws {
        guard let server = try server() else { return }
        defer { server.stop(); server.removeFiles() }
        let (bo, firstScreen) = try server.openFirstDesign(as: "bo", width: 100, height: 30, waitingFor: "REVIEW")
        var screen = firstScreen
        #expect(Self.frameWidth(screen) == 100)
        #expect(server.waitForLog("session", "name=bo", "size=100x30"))

        // Smaller: the frame is drawn again at 80×24, the status line on the last row.
        try bo.tmux(["resize-window", "-t", "0", "-x", "80", "-y", "24"])
        screen = try bo.waitFor("the workbench at 80x24") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return Self.frameWidth(screen) == 80 && rows.count >= 24 && rows[23].contains("REVIEW")
        }
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })

        // Larger than the server allows (500×200): drawn at 500×200, the rest of the window blank.
        try bo.tmux(["resize-window", "-t", "0", "-x", "640", "-y", "240"])
        screen = try bo.waitFor("the workbench at 500x200") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return Self.frameWidth(screen) == 500 && rows.count >= 200 && rows[199].contains("REVIEW")
        }
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        // Nothing past the frame: the writer knows the terminal is wider than what it draws.
        #expect(rows.allSatisfy { $0.count <= 500 }, "\(rows.enumerated().filter { $0.element.count > 500 }.map { "row \($0.offset): \($0.element.count) columns" })")
        #expect(rows.dropFirst(200).allSatisfy { $0.isEmpty })

        // A client whose terminal is larger from the start is clamped the same way.
        let cy = try TmuxSession(width: 700, height: 260)
        try cy.run(server.sshCommand("cy"))
        screen = try cy.waitFor(text: "archbench serve · designs · cy")
        #expect(server.waitForLog("session", "name=cy", "size=500x200"))
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 500 })
    }

    @Test func inputPastTheCapClosesTheSessionAndTheServerGoesOn() throws {
        guard let server = try server() else { return }
        defer { server.stop(); server.removeFiles() }
        // 8 MB of `j` as fast as ssh sends it: far more than the workbench takes in the time.
        let ssh = ([ServeFixture.sshPath ?? "ssh", "-tt"] + server.sshOptions("bo") + ["-p", "\(server.port)", "anyone@127.0.0.1"])
            .map(shellQuoted).joined(separator: " ")
        let run = try server.client(["/bin/sh", "-c", "head -c 8000000 /dev/zero | tr '\\000' j | " + ssh], timeout: 30)
        #expect(run.status != 0)
        #expect(server.waitForLog("disconnect", "name=bo", "reason=\"more than 65536 bytes of input waiting\""))
        #expect(server.isRunning)
        let cy = try server.ssh("cy", ["-T", "anyone@127.0.0.1"])
        #expect(cy.status == 1 && cy.stderr.contains("connect with ssh -t"))
    }

    @Test func aSecondEditorOnADesignIsOfferedReview() throws {
        guard let server = try server(editors: ["ana", "bo"]) else { return }
        defer { server.stop(); server.removeFiles() }
        let ana = try server.openFirstDesign(as: "ana", waitingFor: "NORMAL").session
        #expect(server.waitForLog("open", "name=ana", "mode=edit"))

        // bo may edit too, but ana is: he gets review mode and is told why.
        let (bo, screen) = try server.openFirstDesign(as: "bo", waitingFor: "REVIEW")
        #expect(screen.contains("ana is editing shop.design.yaml: opened for review"))
        #expect(server.waitForLog("open", "name=bo", "design=shop.design.yaml", "mode=review"))

        // ana leaves the design; the next time bo opens it, he edits.
        try ana.keys("q")
        _ = try ana.waitFor(text: "archbench serve · designs · ana")
        try bo.keys("q")
        _ = try bo.waitFor(text: "archbench serve · designs · bo")
        try bo.keys("Enter")
        _ = try bo.waitFor(text: "NORMAL")
        #expect(server.waitForLog("open", "name=bo", "design=shop.design.yaml", "mode=edit"))
    }

    @Test func helpAndCompletionOfferNothingAServedSessionRefuses() throws {
        guard let server = try server() else { return }
        defer { server.stop(); server.removeFiles() }
        let ana = try server.openFirstDesign(as: "ana", waitingFor: "NORMAL").session
        // What it does offer completes (the control that Tab works here, and it clears the
        // message); what it refuses does not.
        // Esc, and a wait until it is taken: a key right after it would make it a sequence.
        func leaveTheCommandLine() throws {
            try ana.keys("Escape")
            _ = try ana.waitFor("the command line closed") { !$0.contains("COMMAND") }
        }
        func completesOverview() throws {
            try ana.keys(":")
            try ana.type("ove")
            try ana.keys("Tab")
            _ = try ana.waitFor(":overview, no message") { $0.contains(":overview") && !$0.contains("nothing to complete") }
            try leaveTheCommandLine()
        }
        try completesOverview()
        for typed in ["sa", "ex", "im", "import "] {
            try ana.keys(":")
            try ana.type(typed)
            try ana.keys("Tab")
            let screen = try ana.waitFor(text: "nothing to complete")
            #expect(!screen.contains("saveas") && !screen.contains("export") && !screen.contains("openapi"), "\(typed)")
            try leaveTheCommandLine()
            try completesOverview()
        }
        // The help, read page by page to its end: everything it offers but what is refused.
        try ana.keys("?")
        var help = try ana.waitFor(text: "next row / scroll down")
        var page = help
        for _ in 0..<40 {
            try ana.keys("C-d")
            Thread.sleep(forTimeInterval: 0.15)
            let next = try ana.screen()
            if next == page { break }
            help += "\n" + next
            page = next
        }
        for offered in [":wq", ":q!", ":comments", ":endpoints", "comment on the selected element", "Commands (:)", "redo what was undone"] {
            #expect(help.contains(offered), "the help lacks \(offered)")
        }
        for refused in [":saveas", ":export", ":import", "FILE", "$EDITOR", "$VISUAL", "suspend"] {
            #expect(!help.contains(refused), "the help of a served session offers \(refused)")
        }
        try ana.keys("Escape")
        _ = try ana.waitFor("the help closed") { !$0.contains(":comments") }

        // And the command itself is refused, as before.
        try ana.keys(":")
        try ana.type("saveas /tmp/elsewhere.design.yaml")
        try ana.keys("Enter")
        _ = try ana.waitFor(text: "not offered in a served session")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/elsewhere.design.yaml"))
    }
}
