import NIOCore
import NIOPosix
import NIOSSH

/// The SSH side of `archbench serve`: listens, authenticates by public key, enforces the
/// limits, and hands each shell request to the session host. Everything here runs on NIO's
/// event loop; the workbench sessions run wherever the host puts them.
package final class SSHListener: Sendable {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The address and port bound (the port the system chose when asked for 0).
    package let boundPort: Int

    /// Binds `host:port` and starts serving.
    package init(host: String, port: Int, hostKey: HostKeyFile, keys: AuthorizedKeys, limits: ServerLimits,
                sessions: any SessionHost, log: ServerLog) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let book = ConnectionBook(limits: limits)
        let privateKey = hostKey.key
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let address = channel.remoteAddress?.ipAddress ?? "unknown"
                    let identity = ConnectionIdentity(host: address, address: channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown")
                    switch book.admitConnection(from: address) {
                    case .admitted:
                        break
                    case .full:
                        log.event("refused", ["from": identity.address, "reason": "\(limits.maxSessions) connections open"])
                        channel.close(promise: nil)
                        return
                    case .tooManyFailures:
                        log.event("refused", ["from": identity.address, "reason": "too many failed authentications from this address"])
                        channel.close(promise: nil)
                        return
                    }
                    var configuration = SSHServerConfiguration(
                        hostKeys: [privateKey],
                        userAuthDelegate: PublicKeyAuthenticator(keys: keys, identity: identity, book: book, log: log))
                    configuration.maxAuthAttempts = limits.authAttemptsPerConnection
                    let ssh = NIOSSHHandler(role: .server(configuration), allocator: channel.allocator) { child, type in
                        child.eventLoop.makeCompletedFuture {
                            switch type {
                            case .session:
                                try child.pipeline.syncOperations.addHandler(
                                    SessionChannelHandler(identity: identity, book: book, host: sessions, log: log))
                            case let .directTCPIP(target):
                                log.event("refused", ["from": identity.address, "name": identity.person?.name ?? "",
                                                      "request": "direct-tcpip",
                                                      "target": "\(target.targetHost.prefix(100)):\(target.targetPort)"])
                                throw Failure(description: "port forwarding is not offered")
                            case .forwardedTCPIP:
                                throw Failure(description: "port forwarding is not offered")
                            }
                        }
                    }
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: TimeAmount(limits.idleTimeout)),
                        ConnectionGuard(identity: identity, book: book, log: log, loginGrace: TimeAmount(limits.loginGrace)),
                        ssh,
                        ConnectionErrorHandler(identity: identity, log: log),
                    ])
                }
            }
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw Failure(description: "cannot listen on \(host):\(port): \(error)")
        }
        boundPort = channel.localAddress?.port ?? port
        self.group = group
    }

    /// Stops listening and closes every connection.
    package func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}
