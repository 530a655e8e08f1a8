import DesignModel
import Foundation
import TerminalANSI
import TerminalUI
import Workbench

/// One person's session on the server: the picker, then the workbench on a design, drawn as
/// ANSI frame diffs to the SSH channel and driven by the keys decoded from its input. Runs on
/// the main actor with every other session, so the designs they share need no locks.
@MainActor
final class ServedSession {
    /// The workbench on one design, with its file session (lock, journal, guarded saves).
    struct OpenDesign {
        var relative: String
        var state: AppState
        let files: FileSession
        /// The state's revision last shared with (or taken from) the others on the design.
        var sharedRevision: Int
    }

    enum Screen {
        case picker(DesignPicker)
        case workbench(OpenDesign)
    }

    let person: AuthorizedKeys.Person
    let address: String
    private let output: SessionOutput
    private unowned let hub: DesignHub
    private var writer: ScreenWriter
    private var decoder = KeyDecoder()
    private(set) var size: Size
    private(set) var screen: Screen
    private var escapeFlush: Task<Void, Never>?
    private(set) var isClosed = false
    /// Frames skipped while the client's SSH window was full: the next one is drawn whole.
    private var skippedFrame = false

    init(request: SessionRequest, profile: TerminalProfile, theme: Theme, hub: DesignHub) {
        person = request.person
        address = request.address
        output = request.output
        self.hub = hub
        writer = ScreenWriter(profile: profile, theme: theme)
        writer.fillsTerminalWidth = !request.widerTerminal
        size = Size(width: request.width, height: request.height)
        screen = .picker(DesignPicker(folder: hub.folder))
    }

    var glyphs: Glyphs { writer.capabilities.glyphs }

    /// The design this session has open, relative to the served folder.
    var openDesign: String? {
        if case let .workbench(open) = screen { return open.relative }
        return nil
    }

    func start() {
        output.send(writer.enter())
        draw()
    }

    func receive(_ event: SessionEvent) {
        switch event {
        case let .input(bytes):
            output.consumed(bytes.count)
            handle(decoder.feed(bytes))
            scheduleEscapeFlush()
        case let .resize(width, height, widerTerminal):
            size = Size(width: width, height: height)
            writer.fillsTerminalWidth = !widerTerminal
            writer.invalidate()
            if case var .workbench(open) = screen {
                perform(open.state.update(.terminal(size: size, glyphs: glyphs)), in: &open)
                if isClosed { return }
                screen = .workbench(open)
            }
            draw()
        case .closed:
            hangUp()
        }
    }

    /// A lone ESC waits for the rest of a sequence; if nothing follows it is the Esc key.
    private func scheduleEscapeFlush() {
        escapeFlush?.cancel()
        guard decoder.hasPending else { return }
        escapeFlush = Task { @MainActor [weak self] in
            try? await Task.sleep(for: .milliseconds(25))
            guard let self, !Task.isCancelled, !self.isClosed else { return }
            self.handle(self.decoder.flush())
        }
    }

    private func handle(_ keys: [Key]) {
        guard !keys.isEmpty else { return }
        let designBefore = openDesign
        for key in keys where !isClosed {
            switch screen {
            case var .picker(picker):
                let action = picker.handle(key)
                screen = .picker(picker)
                switch action {
                case let .open(relative): open(relative)
                case .quit: leave(exitStatus: 0, farewell: nil)
                case nil: break
                }
            case var .workbench(open):
                let message: WorkbenchMessage = key == .resize ? .terminal(size: size, glyphs: glyphs) : .key(key)
                let stillOpen = perform(open.state.update(message), in: &open)
                guard stillOpen, !isClosed else { continue }
                screen = .workbench(open)
                if let event = open.files.noteChanges(in: open.state) {
                    perform(open.state.update(.file(event)), in: &open)
                    screen = .workbench(open)
                }
            }
        }
        shareChanges()
        if !isClosed { draw() }
        // Who is where shows in every picker and status line: redrawn when it changes only.
        if openDesign != designBefore { hub.sessionsChanged() }
    }

    /// After this session changed the design (an edit, a comment, a reload), the others on it
    /// get it at once.
    private func shareChanges() {
        guard !isClosed, case var .workbench(open) = screen, open.state.revision != open.sharedRevision else { return }
        open.sharedRevision = open.state.revision
        screen = .workbench(open)
        hub.share(open.state.design, from: self, on: open.relative, asEditor: !open.state.isReadOnly)
    }

    /// Takes the live document from another session on the same design and redraws.
    func adopt(_ design: Design) {
        guard !isClosed, case var .workbench(open) = screen else { return }
        perform(open.state.update(.shared(design)), in: &open)
        open.sharedRevision = open.state.revision
        screen = .workbench(open)
        draw()
    }

    /// The design as this session has it, and whether it edits: for the hub.
    var liveState: (design: Design, editing: Bool)? {
        guard case let .workbench(open) = screen else { return nil }
        return (open.state.design, !open.state.isReadOnly)
    }

    /// Opens a design from the picker: review for everyone, edit for the server's editors.
    private func open(_ relative: String) {
        do {
            let path = try hub.folder.resolve(relative)
            let opened = try DesignFile.loadWithIdentity(contentsOf: path)
            let editingElsewhere = hub.editor(of: relative)
            let readOnly = !hub.editors.contains(person.name) || editingElsewhere != nil
            var state = AppState(loaded: opened.loaded, fileName: (relative as NSString).lastPathComponent, filePath: path,
                                 readOnly: readOnly, checker: WorkbenchChecks.standard, screenSize: size, glyphs: glyphs,
                                 author: person.name, served: true)
            state.update(.terminal(size: size, glyphs: glyphs))
            if hub.editors.contains(person.name), let editingElsewhere {
                state.update(.writeFailed("\(editingElsewhere) is editing \(relative): opened for review"))
            }
            let files = FileSession(path: path, identity: opened.identity, loaded: opened.loaded.design, loadedText: opened.loaded.text)
            if !state.isReadOnly {
                state.takesLockOnFirstEdit()
                for event in files.eventsOnOpen() { state.update(.file(event)) }
            } else if !opened.loaded.isNewerFormat {
                for event in files.reviewEventsOnOpen() { state.update(.file(event)) }
            }
            hub.log.event("open", ["from": address, "name": person.name, "design": relative,
                                   "mode": state.isReadOnly ? "review" : "edit"])
            writer.invalidate()
            screen = .workbench(OpenDesign(relative: relative, state: state, files: files, sharedRevision: state.revision))
            // Someone may have changed the live document since the file was saved.
            if let live = hub.liveDesign(relative, for: self) { adopt(live) }
        } catch let error as DesignLoadError {
            setPickerMessage("\(relative) does not load: \(error.diagnostics.first?.message ?? "\(error)")")
        } catch {
            setPickerMessage("\(relative): \(error)")
        }
    }

    private func setPickerMessage(_ text: String) {
        guard case var .picker(picker) = screen else { return }
        picker.message = text
        screen = .picker(picker)
    }

    /// The file session's idle work (journal after idle seconds, the file changed on disk, the
    /// lock taken over), every half second.
    func idle() {
        guard !isClosed, case var .workbench(open) = screen, let event = open.files.idle(open.state) else { return }
        guard perform(open.state.update(.file(event)), in: &open), !isClosed else { return }
        screen = .workbench(open)
        shareChanges()
        draw()
    }

    /// Carries out the workbench's effects the way the local runner does, less what a served
    /// session must not do on the server's host: write other files (`:w FILE`, `:saveas`,
    /// `:export`), run `$EDITOR`, or stop the process (Ctrl-Z). Returns false when the
    /// workbench quit (the session is back at the picker).
    @discardableResult
    private func perform(_ effects: [WorkbenchEffect], in open: inout OpenDesign) -> Bool {
        var queue = effects[...]
        var quit = false
        var failed = false
        func report(_ event: FileEvent) {
            switch event {
            case .failed, .saveConflict, .lockHeld: failed = true
            case let .saved(path), let .savedMergingComments(path, _):
                hub.log.event("save", ["name": person.name, "design": open.relative, "file": path])
            default: break
            }
            send(.file(event))
        }
        func send(_ message: WorkbenchMessage) {
            if case .writeFailed = message { failed = true }
            queue.append(contentsOf: open.state.update(message))
        }
        func refuse(_ what: String) {
            send(.writeFailed("\(what) is not offered in a served session"))
        }
        while let effect = queue.popFirst() {
            switch effect {
            case .quit:
                quit = !failed
            case let .save(path):
                guard path == open.files.path else { refuse(":w FILE"); continue }
                var event = open.files.save(open.state.design)
                if case let .saveConflict(conflicted, _) = event {
                    event = .saveConflict(path: conflicted, thenQuit: queue.contains(.quit))
                }
                report(event)
            case .saveCopy:
                refuse(":w FILE")
            case .exportMarkdown:
                refuse(":export")
            case .importFile:
                refuse(":import")
            case let .loadChangeBase(revision):
                // Reading git is read-only: a reviewer over SSH sees what changed since their approval.
                send(.changeBaseLoaded(ChangeBase.load(revision: revision, path: open.files.path)))
            case .saveAs:
                refuse(":saveas")
            case .editExternally:
                send(.externalEditFinished(.failed("$EDITOR is not offered in a served session")))
            case .suspend:
                refuse("Ctrl-Z")
            case let .saveComments(path):
                guard path == open.files.path else { refuse(":w FILE"); continue }
                do {
                    let written = try DesignFile.saveComments(base: open.state.commenting.base, mine: open.state.design.comments, to: path)
                    hub.log.event("save", ["name": person.name, "design": open.relative, "file": path, "what": "comments"])
                    send(.commentsSaved(written))
                    if let event = open.files.wroteFile(shown: open.state.design) { report(event) }
                } catch {
                    send(.writeFailed("not saved: \(error)"))
                }
            case .acquireLock:
                report(open.files.acquireLock())
            case .takeOverLock:
                report(open.files.takeOverLock())
            case .adoptJournal:
                open.files.adoptJournal()
            case let .adoptReviewJournals(paths):
                open.files.adoptReviewJournals(paths)
            case let .discardReviewJournals(paths):
                report(open.files.discardReviewJournals(paths))
            case .discardJournal:
                report(open.files.discardJournal())
            case .reload:
                report(open.files.reload())
            case let .overwrite(path):
                if path == open.files.path { report(open.files.overwrite(open.state.design)) }
            case .redraw:
                writer.invalidate()
            }
        }
        guard quit else { return true }
        open.files.quit()
        hub.log.event("close-design", ["name": person.name, "design": open.relative])
        var picker = DesignPicker(folder: hub.folder)
        if let index = picker.entries.firstIndex(where: { $0.path == open.relative }) { picker.selected = index }
        screen = .picker(picker)
        writer.invalidate()
        return false
    }

    func draw() {
        guard !isClosed else { return }
        // A client that stopped reading gets no more frames queued; it is drawn whole later.
        guard output.isWritable else {
            skippedFrame = true
            return
        }
        if skippedFrame {
            writer.invalidate()
            skippedFrame = false
        }
        let frame: Buffer
        switch screen {
        case let .picker(picker):
            frame = picker.render(size: size, person: person.name, folderName: (hub.folder.root as NSString).lastPathComponent,
                                  connected: hub.whoIsOn())
        case let .workbench(open):
            var rendered = WorkbenchView.render(open.state)
            ServedSession.showPresence(hub.othersOn(open.relative, besides: self), on: &rendered)
            frame = rendered
        }
        output.send(writer.frame(frame))
    }

    /// Who else is on the design, at the right end of the status line (the last row).
    static func showPresence(_ others: [String], on frame: inout Buffer) {
        guard !others.isEmpty, frame.height > 2 else { return }
        let text = " with " + others.joined(separator: ", ") + " "
        let width = min(DisplayWidth.of(text), frame.width / 3)
        guard width > 6 else { return }
        frame.write(text, x: frame.width - width, y: frame.height - 1, style: Style(.activeTab), maxWidth: width)
    }

    /// The connection dropped: unsaved edits go to the recovery journal, as on SIGHUP.
    func hangUp() {
        guard !isClosed else { return }
        isClosed = true
        escapeFlush?.cancel()
        if case let .workbench(open) = screen {
            open.files.hangUp(open.state)
            hub.log.event("hang-up", ["from": address, "name": person.name, "design": open.relative])
        }
        hub.remove(self)
    }

    /// Gives the client's terminal back, says why, and closes the channel.
    func leave(exitStatus: Int, farewell: String?) {
        guard !isClosed else { return }
        isClosed = true
        escapeFlush?.cancel()
        if case let .workbench(open) = screen {
            open.files.hangUp(open.state)
        }
        var bytes = writer.leave()
        if let farewell { bytes += Array((ControlCharacters.escaped(farewell) + "\r\n").utf8) }
        output.send(bytes)
        output.finish(exitStatus: exitStatus)
        hub.remove(self)
    }
}
