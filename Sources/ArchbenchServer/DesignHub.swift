import DesignModel
import Foundation
import TerminalANSI
import TerminalUI
import Workbench

/// Every workbench session of the server, on the main actor: it starts a session for each
/// shell request, feeds it its input in order, gives the file sessions their idle work, and
/// on shutdown writes every journal and tells every client.
@MainActor
package final class DesignHub: SessionHost {
    let folder: DesignFolder
    /// The people who may edit (by their key's name); everyone else reviews.
    let editors: Set<String>
    let log: ServerLog
    private let theme: Theme
    private var sessions: [ObjectIdentifier: ServedSession] = [:]
    private var idleTicker: Task<Void, Never>?

    package init(folder: DesignFolder, editors: Set<String>, log: ServerLog) throws {
        self.folder = folder
        self.editors = editors
        self.log = log
        // The shipped theme: the server's own user configuration is not the clients'.
        theme = try ThemeLoader(environment: [:]).load("default")
    }

    package nonisolated func open(_ request: SessionRequest) {
        Task { @MainActor in self.start(request) }
    }

    private func start(_ request: SessionRequest) {
        let codeset = (request.lang ?? "C.UTF-8").uppercased().replacingOccurrences(of: "-", with: "").contains("UTF8")
            ? "UTF-8" : "ANSI_X3.4-1968"
        let profile: TerminalProfile
        do {
            // The client's terminal may be a multiplexer that garbles DEC line drawing in UTF-8
            // mode, and the server cannot see its environment: UTF-8 clients get UTF-8 borders.
            profile = try TerminalProfile.resolve(term: request.term, environment: ["NCURSES_NO_UTF8_ACS": "1"], codeset: codeset)
        } catch {
            log.event("refused", ["from": request.address, "name": request.person.name, "request": "shell",
                                  "reason": "TERM=\(request.term): \(error.reason)"])
            request.output.send(Array("archbench serve: cannot draw on TERM=\(ControlCharacters.escaped(request.term)): \(error.reason)\r\n".utf8))
            request.output.finish(exitStatus: 2)
            return
        }
        let session = ServedSession(request: request, profile: profile, theme: theme, hub: self)
        sessions[ObjectIdentifier(session)] = session
        session.start()
        sessionsChanged()
        startIdleTicker()
        Task { @MainActor in
            for await event in request.events {
                session.receive(event)
            }
            session.hangUp()
        }
    }

    func remove(_ session: ServedSession) {
        guard sessions.removeValue(forKey: ObjectIdentifier(session)) != nil else { return }
        sessionsChanged()
    }

    /// Who is on each design (relative path → names), for the pickers.
    func whoIsOn() -> [String: [String]] {
        var who: [String: [String]] = [:]
        for session in sessions.values {
            if let design = session.openDesign { who[design, default: []].append(session.person.name) }
        }
        return who.mapValues { $0.sorted() }
    }

    /// The name of the served session editing `design`, if one is.
    func editor(of design: String) -> String? {
        sessions.values.first { $0.openDesign == design && $0.liveState?.editing == true && !$0.isClosed }?.person.name
    }

    /// The live document of `design` as the sessions on it have it, for one that opens it.
    func liveDesign(_ design: String, for newcomer: ServedSession) -> Design? {
        let others = sessions.values.filter { $0 !== newcomer && $0.openDesign == design && !$0.isClosed }
        return (others.first { $0.liveState?.editing == true } ?? others.first)?.liveState?.design
    }

    /// The names of the others on `design`.
    func othersOn(_ design: String, besides session: ServedSession) -> [String] {
        sessions.values.filter { $0 !== session && $0.openDesign == design && !$0.isClosed }.map(\.person.name).sorted()
    }

    /// One session changed the live document: an editor's design goes to everyone on it; a
    /// reviewer's comments go into everyone's design.
    func share(_ design: Design, from source: ServedSession, on relative: String, asEditor: Bool) {
        for session in sessions.values where session !== source && session.openDesign == relative && !session.isClosed {
            guard let live = session.liveState else { continue }
            var next = asEditor ? design : live.design
            if !asEditor { next.comments = design.comments }
            session.adopt(next)
        }
    }

    /// A session came, went, opened or left a design: the pickers and status lines show who is
    /// where.
    func sessionsChanged() {
        for session in sessions.values where !session.isClosed { session.draw() }
    }

    private func startIdleTicker() {
        guard idleTicker == nil else { return }
        idleTicker = Task { @MainActor [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                guard let self else { return }
                for session in self.sessions.values { session.idle() }
            }
        }
    }

    /// SIGTERM: every editor's unsaved edits to its recovery journal, every client told and
    /// disconnected.
    package func shutDown(reason: String) {
        idleTicker?.cancel()
        for session in Array(sessions.values) {
            session.leave(exitStatus: 1, farewell: "archbench serve: \(reason); unsaved edits are kept in the recovery journal")
        }
    }
}
