import NIOCore
import NIOSSH
import Synchronization

/// What a session channel tells its workbench session, in the order it happened.
package enum SessionEvent: Sendable, Equatable {
    /// Bytes the client typed (or pasted).
    case input([UInt8])
    /// The client's terminal changed size: what is drawn (within the limits), and whether the
    /// terminal is wider than that.
    case resize(width: Int, height: Int, widerTerminal: Bool)
    /// The connection or the channel closed: the person is gone.
    case closed
}

/// Where a session's frames go: the SSH channel, written from any thread (NIO hops to the
/// channel's event loop).
package struct SessionOutput: Sendable {
    let channel: any Channel
    let meter: InputMeter

    /// Whether the client is reading: while its SSH window is full, frames are not queued
    /// (the session redraws whole when it can write again).
    package var isWritable: Bool { channel.isWritable }

    package func send(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        channel.writeAndFlush(SSHChannelData(type: .channel, data: .byteBuffer(ByteBuffer(bytes: bytes))), promise: nil)
    }

    /// Input the session has taken off the queue, given back to the input cap.
    package func consumed(_ count: Int) { meter.consumed(count) }

    /// Sends the exit status and closes the channel (ssh then exits with that status).
    package func finish(exitStatus: Int) {
        let channel = self.channel
        channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: exitStatus)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

/// Bytes received and not yet taken by the session, so a flood of input is cut off instead
/// of growing the server's memory.
final class InputMeter: Sendable {
    private let pending = Mutex(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts `count` more bytes; false when that passes the limit.
    func received(_ count: Int) -> Bool {
        pending.withLock { pending in
            pending += count
            return pending <= limit
        }
    }

    func consumed(_ count: Int) {
        pending.withLock { $0 -= count }
    }
}

/// A workbench session asked for by a client: who, at what terminal, and its input.
package struct SessionRequest: Sendable {
    package var person: AuthorizedKeys.Person
    package var address: String
    package var term: String
    package var lang: String?
    package var width: Int
    package var height: Int
    /// The client's terminal is wider than `width`, the most the server draws.
    package var widerTerminal: Bool
    package var events: AsyncStream<SessionEvent>
    package var output: SessionOutput
}

/// Runs the workbench sessions: the server hands each shell request to it.
package protocol SessionHost: Sendable {
    func open(_ request: SessionRequest)
}

/// One SSH session channel. It takes a pty request, TERM and LANG, window changes and one
/// shell request, which starts a workbench session; it refuses everything else a client
/// may ask of a session (exec, subsystems such as sftp, other environment variables, X11 and
/// agent forwarding, which swift-nio-ssh refuses for us as requests it does not know), and a
/// refusal leaves the channel as it was.
final class SessionChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    private let identity: ConnectionIdentity
    private let book: ConnectionBook
    private let host: any SessionHost
    private let log: ServerLog
    private var pty: SSHChannelRequestEvent.PseudoTerminalRequest?
    private var lang: String?
    private var termFromEnvironment: String?
    private var size = (width: 80, height: 24)
    private var widerTerminal = false
    private var events: AsyncStream<SessionEvent>.Continuation?
    private var meter: InputMeter

    init(identity: ConnectionIdentity, book: ConnectionBook, host: any SessionHost, log: ServerLog) {
        self.identity = identity
        self.book = book
        self.host = host
        self.log = log
        self.meter = InputMeter(limit: book.limits.maxPendingInput)
    }

    private var fields: KeyValuePairs<String, String> { ["from": identity.address, "name": identity.person?.name ?? ""] }

    func handlerAdded(context: ChannelHandlerContext) {
        context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).whenFailure { _ in }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            guard pty == nil, events == nil else { return reply(context, request.wantReply, false) }
            pty = request
            size = clamp(width: request.terminalCharacterWidth, height: request.terminalRowHeight)
            widerTerminal = request.terminalCharacterWidth > size.width
            reply(context, request.wantReply, true)
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            switch request.name {
            case "LANG":
                lang = String(request.value.prefix(64))
                reply(context, request.wantReply, true)
            case "TERM":
                termFromEnvironment = String(request.value.prefix(64))
                reply(context, request.wantReply, true)
            default:
                log.event("refused", ["from": identity.address, "name": identity.person?.name ?? "",
                                      "request": "env", "variable": String(request.name.prefix(64))])
                reply(context, request.wantReply, false)
            }
        case let request as SSHChannelRequestEvent.ShellRequest:
            startShell(context: context, wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.ExecRequest:
            log.event("refused", ["from": identity.address, "name": identity.person?.name ?? "",
                                  "request": "exec", "command": String(request.command.prefix(200))])
            reply(context, request.wantReply, false)
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            log.event("refused", ["from": identity.address, "name": identity.person?.name ?? "",
                                  "request": "subsystem", "subsystem": String(request.subsystem.prefix(64))])
            reply(context, request.wantReply, false)
        case let request as SSHChannelRequestEvent.WindowChangeRequest:
            size = clamp(width: request.terminalCharacterWidth, height: request.terminalRowHeight)
            widerTerminal = request.terminalCharacterWidth > size.width
            events?.yield(.resize(width: size.width, height: size.height, widerTerminal: widerTerminal))
        case is ChannelEvent:
            // The client's end of input: nothing more will come, the session ends.
            if case .inputClosed = event as? ChannelEvent { endSession() }
            context.fireUserInboundEventTriggered(event)
        default:
            // Signals and flow control requests want no reply and change nothing here.
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .channel = message.type, case let .byteBuffer(buffer) = message.data, let events else { return }
        guard meter.received(buffer.readableBytes) else {
            log.event("disconnect", ["from": identity.address, "name": identity.person?.name ?? "",
                                     "reason": "more than \(meter.limit) bytes of input waiting"])
            context.close(promise: nil)
            return
        }
        events.yield(.input(Array(buffer.readableBytesView)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        endSession()
        context.fireChannelInactive()
    }

    private func endSession() {
        guard let events else { return }
        events.yield(.closed)
        events.finish()
        self.events = nil
        book.sessionClosed()
    }

    private func startShell(context: ChannelHandlerContext, wantReply: Bool) {
        guard events == nil, let person = identity.person else { return reply(context, wantReply, false) }
        guard let pty else {
            // `ssh -T`: a workbench needs a terminal. Said on stderr, then ssh exits 1.
            reply(context, wantReply, true)
            log.event("refused", ["from": identity.address, "name": person.name, "request": "shell", "reason": "no pty"])
            let text = "archbench serve: this server shows designs on a terminal; connect with ssh -t\r\n"
            context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .stdErr, data: .byteBuffer(ByteBuffer(string: text)))), promise: nil)
            SessionOutput(channel: context.channel, meter: meter).finish(exitStatus: 1)
            return
        }
        guard book.admitSession() else {
            reply(context, wantReply, true)
            log.event("refused", ["from": identity.address, "name": person.name, "request": "shell",
                                  "reason": "\(book.limits.maxSessions) sessions open"])
            let text = "archbench serve: the server has \(book.limits.maxSessions) sessions open; try again later\r\n"
            context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .stdErr, data: .byteBuffer(ByteBuffer(string: text)))), promise: nil)
            SessionOutput(channel: context.channel, meter: meter).finish(exitStatus: 1)
            return
        }
        reply(context, wantReply, true)
        let (stream, continuation) = AsyncStream<SessionEvent>.makeStream()
        events = continuation
        let term = termFromEnvironment ?? (pty.term.isEmpty ? "xterm" : pty.term)
        log.event("session", ["from": identity.address, "name": person.name, "term": term,
                              "size": "\(size.width)x\(size.height)"])
        host.open(SessionRequest(person: person, address: identity.address, term: String(term.prefix(64)), lang: lang,
                                 width: size.width, height: size.height, widerTerminal: widerTerminal, events: stream,
                                 output: SessionOutput(channel: context.channel, meter: meter)))
    }

    private func clamp(width: Int, height: Int) -> (width: Int, height: Int) {
        // A client that reports 0×0 (some do before they know) gets the classic size.
        let w = width <= 0 ? 80 : min(width, book.limits.maxColumns)
        let h = height <= 0 ? 24 : min(height, book.limits.maxRows)
        return (w, h)
    }

    private func reply(_ context: ChannelHandlerContext, _ wantReply: Bool, _ success: Bool) {
        guard wantReply else { return }
        if success {
            context.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil)
        } else {
            context.triggerUserOutboundEvent(ChannelFailureEvent(), promise: nil)
        }
    }
}
