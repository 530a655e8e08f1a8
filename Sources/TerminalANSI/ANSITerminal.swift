import Foundation
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The core's `Terminal` on a local tty through plain ANSI bytes, without a terminal library:
/// `ScreenWriter` makes the bytes of each frame, `KeyDecoder` the keys. Raw mode through
/// termios, put back on every way out (restore, suspend, the signal rescue, exit); the size from
/// TIOCGWINSZ, and SIGWINCH arriving as a `.resize` key.
@MainActor
package final class ANSITerminal: Terminal {
    package struct Options: Sendable {
        /// How long after ESC a following byte still makes one key (Alt+x, a cursor key).
        package var escapeDelay: Duration
        package init(escapeDelay: Duration = .milliseconds(25)) {
            self.escapeDelay = escapeDelay
        }
    }

    package private(set) var size: Size
    package var capabilities: TerminalCapabilities { writer.capabilities }
    package var profile: TerminalProfile { writer.profile }
    package var theme: Theme {
        get { writer.theme }
        set { writer.theme = newValue }
    }
    /// Bytes written by the last `draw` (for measuring redraw cost).
    package private(set) var lastWriteCount = 0
    package private(set) var isInputClosed = false

    private var writer: ScreenWriter
    private var decoder = KeyDecoder()
    private var queued: [Key] = []
    private let input: Int32
    private let output: Int32
    private let options: Options
    private let shellSettings: termios
    private let rawSettings: termios
    private var isActive = false
    private var isRestored = false
    private var outputFailed = false

    /// Takes over the terminal. Throws `TerminalError` when TERM is missing, dumb or unknown, or
    /// the descriptors are not a terminal, so the caller can print the message and exit 2.
    package init(term: String? = nil, input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                theme: Theme? = nil, options: Options = Options()) throws {
        let profile: TerminalProfile
        do {
            profile = try TerminalProfile.resolve(term: term, environment: environment, codeset: ANSITerminal.localeCodeset())
        } catch {
            throw TerminalError.unsupportedTerminal(term: error.term, reason: error.reason)
        }
        guard isatty(input) == 1, isatty(output) == 1 else {
            throw TerminalError.notATerminal("standard input and output must be a terminal")
        }
        var settings = termios()
        guard tcgetattr(input, &settings) == 0 else {
            throw TerminalError.notATerminal("cannot read the terminal's settings: \(String(cString: strerror(errno)))")
        }
        self.input = input
        self.output = output
        self.options = options
        shellSettings = settings
        rawSettings = ANSITerminal.raw(settings)
        let base = try theme ?? Theme.parse(yaml: BuiltinThemes.defaultYAML, file: "<built-in default>")
        writer = ScreenWriter(profile: profile, theme: base)
        size = ANSITerminal.windowSize(output, input)

        TerminalRescue.prepare(fd: output, settings: shellSettings, resetBytes: ScreenWriter.rescueBytes(profile: profile))
        var raw = rawSettings
        guard tcsetattr(input, TCSADRAIN, &raw) == 0 else {
            TerminalRescue.disarm()
            throw TerminalError.notATerminal("cannot put the terminal in raw mode: \(String(cString: strerror(errno)))")
        }
        isActive = true
        let enter = writer.enter()
        TerminalSignals.install(input: input, output: output, raw: rawSettings, enterBytes: enter)
        write(enter)
    }

    /// The locale's codeset, as the C library sees it once the environment's locale is set.
    static func localeCodeset() -> String {
        guard let name = setlocale(LC_ALL, "").map({ String(cString: $0) }) ?? setlocale(LC_CTYPE, nil).map({ String(cString: $0) })
        else { return "ANSI_X3.4-1968" }
        // "C.UTF-8", "en_US.utf8", "de_DE.UTF-8@euro"; a locale named without a codeset is ASCII.
        guard let dot = name.firstIndex(of: ".") else { return "ANSI_X3.4-1968" }
        return String(name[name.index(after: dot)...].prefix { $0 != "@" })
    }

    /// cfmakeraw's settings: bytes in as typed (C-c, C-z, C-s arrive as keys), no echo, and no
    /// output processing, so a line feed moves down without a carriage return.
    static func raw(_ settings: termios) -> termios {
        var raw = settings
        raw.c_iflag &= ~tcflag_t(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
        raw.c_cflag &= ~tcflag_t(CSIZE | PARENB)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        return raw
    }

    static func windowSize(_ descriptors: Int32...) -> Size {
        for fd in descriptors {
            var ws = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
                return Size(width: Int(ws.ws_col), height: Int(ws.ws_row))
            }
        }
        return Size(width: 80, height: 24)
    }

    // MARK: - Output

    package func draw(_ buffer: Buffer) {
        guard isActive else { return }
        let bytes = writer.frame(buffer)
        lastWriteCount = bytes.count
        write(bytes)
    }

    package func setCursor(_ position: Position?) {
        let bytes = writer.placeCursor(position)
        if isActive { write(bytes) }
    }

    /// Writes everything, through interrupted and partial writes; a terminal that is gone (EIO
    /// after a hang-up) is not written to again.
    private func write(_ bytes: [UInt8]) {
        guard !outputFailed, !bytes.isEmpty else { return }
        var offset = 0
        bytes.withUnsafeBufferPointer { buffer in
            while offset < buffer.count {
                let n = Glibc.write(output, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n; continue }
                if n < 0, errno == EINTR { continue }
                if n < 0, errno == EAGAIN {
                    var descriptor = pollfd(fd: output, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, 100)
                    continue
                }
                outputFailed = true
                return
            }
        }
    }

    // MARK: - Input

    package func readKey(timeout: Duration?) -> Key? {
        guard isActive else { return nil }
        if !queued.isEmpty { return queued.removeFirst() }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            switch TerminalSignals.takeEvents() {
            case .continued:
                // Back from a stop sent from outside: the handler took the screen again.
                writer = writer.afterReentry()
                size = ANSITerminal.windowSize(output, input)
                return .resize
            case .resized:
                size = ANSITerminal.windowSize(output, input)
                // The emulator may have reflowed what was on screen: the next frame is drawn whole.
                writer.invalidate()
                return .resize
            case .none:
                break
            }
            var wait: Duration? = deadline.map { max(.zero, $0 - ContinuousClock.now) }
            if decoder.hasPending { wait = min(wait ?? options.escapeDelay, options.escapeDelay) }
            var descriptors = [pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: TerminalSignals.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            let milliseconds = wait.map { Int32(clamping: ($0.components.seconds * 1000) + $0.components.attoseconds / 1_000_000_000_000_000) } ?? -1
            let ready = poll(&descriptors, 2, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                isInputClosed = true
                return nil
            }
            if descriptors[1].revents != 0 { continue }
            if descriptors[0].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = read(input, &chunk, chunk.count)
                if n > 0 {
                    queued += decoder.feed(chunk[0..<n])
                    if !queued.isEmpty { return queued.removeFirst() }
                    continue
                }
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                // End of file, or the terminal hung up (EIO).
                queued += decoder.flush()
                isInputClosed = queued.isEmpty
                return queued.isEmpty ? nil : queued.removeFirst()
            }
            // Nothing more came within the escape delay: what waits is decided.
            if decoder.hasPending {
                queued += decoder.flush()
                if !queued.isEmpty { return queued.removeFirst() }
            }
            if let deadline, ContinuousClock.now >= deadline { return nil }
        }
    }

    // MARK: - Giving the terminal away and back

    package func suspend() {
        guard isActive else { return }
        write(writer.leave())
        var settings = shellSettings
        _ = tcsetattr(input, TCSADRAIN, &settings)
        TerminalRescue.disarm()
        TerminalSignals.setArmed(false)
        isActive = false
    }

    package func resume() {
        guard !isActive, !isRestored else { return }
        var raw = rawSettings
        _ = tcsetattr(input, TCSADRAIN, &raw)
        TerminalRescue.rearm()
        TerminalSignals.setArmed(true)
        isActive = true
        size = ANSITerminal.windowSize(output, input)
        write(writer.enter())
    }

    package func invalidate() {
        writer.invalidate()
    }

    package func restore() {
        guard !isRestored else { return }
        isRestored = true
        TerminalRescue.disarm()
        TerminalSignals.uninstall()
        if isActive {
            write(writer.leave())
            var settings = shellSettings
            _ = tcsetattr(input, TCSADRAIN, &settings)
        }
        isActive = false
    }

    isolated deinit {
        restore()
    }
}

extension ScreenWriter {
    /// After the stop handler re-entered the screen with `enter()`'s bytes: the writer in the
    /// state those bytes leave.
    func afterReentry() -> ScreenWriter {
        var copy = self
        _ = copy.enter()
        return copy
    }
}
