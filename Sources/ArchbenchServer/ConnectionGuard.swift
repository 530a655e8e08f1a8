import NIOCore
import NIOSSH

/// The first handler of a connection: logs it opening and closing, closes it when it has not
/// authenticated within the login grace time or has sent nothing for the idle timeout
/// (`IdleStateHandler` before it reports that), and gives its place in the book back.
final class ConnectionGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let identity: ConnectionIdentity
    private let book: ConnectionBook
    private let log: ServerLog
    private let loginGrace: TimeAmount
    private var graceTimer: Scheduled<Void>?

    init(identity: ConnectionIdentity, book: ConnectionBook, log: ServerLog, loginGrace: TimeAmount) {
        self.identity = identity
        self.book = book
        self.log = log
        self.loginGrace = loginGrace
    }

    func channelActive(context: ChannelHandlerContext) {
        log.event("connect", ["from": identity.address])
        let identity = self.identity
        let log = self.log
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        graceTimer = context.eventLoop.assumeIsolated().scheduleTask(in: loginGrace) {
            guard identity.person == nil else { return }
            log.event("disconnect", ["from": identity.address, "reason": "not authenticated within the login grace time"])
            bound.value.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            log.event("disconnect", ["from": identity.address, "name": identity.person?.name ?? "", "reason": "idle timeout"])
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        graceTimer?.cancel()
        book.connectionClosed()
        log.event("close", ["from": identity.address, "name": identity.person?.name ?? ""])
        context.fireChannelInactive()
    }

}

/// The last handler of a connection: the SSH handler's errors (a bad packet, a failed key
/// exchange, too many authentication attempts) end the connection, logged once.
final class ConnectionErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    private let identity: ConnectionIdentity
    private let log: ServerLog

    init(identity: ConnectionIdentity, log: ServerLog) {
        self.identity = identity
        self.log = log
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        log.event("error", ["from": identity.address, "error": "\(error)"])
        context.close(promise: nil)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
