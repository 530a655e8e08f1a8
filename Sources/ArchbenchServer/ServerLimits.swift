import Foundation
import Synchronization

/// What one client may take of the server.
package struct ServerLimits: Sendable {
    /// Concurrent connections and concurrent workbench sessions, each.
    package var maxSessions = 64
    /// Authentication requests on one connection (OpenSSH's MaxAuthTries is 6; the "none" probe
    /// every client sends first counts too).
    package var authAttemptsPerConnection = 6
    /// Failed authentications from one address within `addressWindow`; past it the address's
    /// new connections are closed at once until the window ends.
    package var failedAuthsPerAddress = 20
    package var addressWindow: Duration = .seconds(60)
    /// Time to authenticate after connecting (OpenSSH's LoginGraceTime is 120 s).
    package var loginGrace: Duration = .seconds(60)
    /// A session that sends nothing for this long is closed.
    package var idleTimeout: Duration = .seconds(30 * 60)
    /// The largest terminal a client may claim: a frame is width × height cells.
    package var maxColumns = 500
    package var maxRows = 200
    /// Input waiting for the workbench beyond this closes the session: a client pasting
    /// megabytes must not grow the server's memory.
    package var maxPendingInput = 64 * 1024

    package init() {}
}

/// Connections and sessions now open, and failed authentications per source address: shared by
/// every event loop thread, so behind a mutex.
final class ConnectionBook: Sendable {
    private struct State {
        var connections = 0
        var sessions = 0
        var failures: [String: (count: Int, since: ContinuousClock.Instant)] = [:]
    }

    private let state = Mutex(State())
    let limits: ServerLimits

    init(limits: ServerLimits) {
        self.limits = limits
    }

    /// Counts a new connection; false (and nothing counted) when the server is full or the
    /// address failed too often lately.
    func admitConnection(from address: String) -> Admission {
        state.withLock { state in
            let now = ContinuousClock.now
            if let record = state.failures[address] {
                if now - record.since > limits.addressWindow {
                    state.failures[address] = nil
                } else if record.count >= limits.failedAuthsPerAddress {
                    return .tooManyFailures
                }
            }
            guard state.connections < limits.maxSessions else { return .full }
            state.connections += 1
            return .admitted
        }
    }

    enum Admission: Equatable { case admitted, full, tooManyFailures }

    func connectionClosed() {
        state.withLock { $0.connections -= 1 }
    }

    func authenticationFailed(from address: String) {
        state.withLock { state in
            let now = ContinuousClock.now
            if let record = state.failures[address], now - record.since <= limits.addressWindow {
                state.failures[address] = (record.count + 1, record.since)
            } else {
                state.failures[address] = (1, now)
            }
        }
    }

    /// Counts a workbench session; false when `maxSessions` are open.
    func admitSession() -> Bool {
        state.withLock { state in
            guard state.sessions < limits.maxSessions else { return false }
            state.sessions += 1
            return true
        }
    }

    func sessionClosed() {
        state.withLock { $0.sessions -= 1 }
    }
}
