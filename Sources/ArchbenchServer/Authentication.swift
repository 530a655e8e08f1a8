import NIOCore
import NIOSSH

/// What one connection knows about its client, shared by the handlers of its event loop
/// (never crosses threads): who authenticated, from where.
final class ConnectionIdentity {
    /// The client's IP address: what failed authentications are counted by.
    let host: String
    /// Its address and port, for the log.
    let address: String
    var person: AuthorizedKeys.Person?

    init(host: String, address: String) {
        self.host = host
        self.address = address
    }
}

/// Public keys only: the "none" probe, passwords and keyboard-interactive are refused, and
/// a key is accepted when its signature verified (swift-nio-ssh checks it before asking) and
/// it is in the authorized keys. Each signed attempt is logged with the key's fingerprint.
final class PublicKeyAuthenticator: NIOSSHServerUserAuthenticationDelegate {
    private let keys: AuthorizedKeys
    private let identity: ConnectionIdentity
    private let book: ConnectionBook
    private let log: ServerLog

    init(keys: AuthorizedKeys, identity: ConnectionIdentity, book: ConnectionBook, log: ServerLog) {
        self.keys = keys
        self.identity = identity
        self.book = book
        self.log = log
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(request: NIOSSHUserAuthenticationRequest,
                         responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>) {
        switch request.request {
        case let .publicKey(offered):
            if let person = keys.person(for: offered.publicKey) {
                identity.person = person
                log.event("auth-ok", ["from": identity.address, "name": person.name, "key": person.fingerprint])
                responsePromise.succeed(.success)
            } else {
                book.authenticationFailed(from: identity.host)
                log.event("auth-refused", ["from": identity.address, "method": "publickey",
                                           "key": OpenSSHKeyFormat.fingerprint(of: offered.publicKey),
                                           "reason": "not in the authorized keys"])
                responsePromise.succeed(.failure)
            }
        case .password:
            book.authenticationFailed(from: identity.host)
            log.event("auth-refused", ["from": identity.address, "method": "password", "reason": "public keys only"])
            responsePromise.succeed(.failure)
        case .none:
            // Every client asks "none" first to learn the methods: not worth a line.
            responsePromise.succeed(.failure)
        @unknown default:
            responsePromise.succeed(.failure)
        }
    }
}
