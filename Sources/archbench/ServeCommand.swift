import ArchbenchServer
import ArgumentParser
import Dispatch
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the designs of a folder over SSH: reviewers connect with ssh, keys instead of accounts.")

    @Argument(help: "The folder whose *.design.yaml files are served.", completion: .directory) var folder: String
    @Option(help: "Where to listen, HOST:PORT (the default is loopback only; binding elsewhere is explicit).")
    var listen: String = ListenAddress.loopbackDefault.description
    @Option(name: .customLong("authorized-keys"), help: "Who may connect: an OpenSSH authorized_keys file; each key's comment is its person's name.",
            completion: .file())
    var authorizedKeys: String
    @Option(name: .customLong("editor"), help: "A person (a key's name) who may edit; repeatable. Everyone else reviews.")
    var editors: [String] = []
    @Option(name: .customLong("host-key"), help: "The server's ed25519 host key (created with mode 0600 when missing; default ~/.config/archbench/serve_host_ed25519_key).",
            completion: .file())
    var hostKey: String?
    @Option(name: .customLong("max-sessions"), help: "Concurrent connections and sessions, each.")
    var maxSessions: Int = 64
    @Option(name: .customLong("idle-timeout"), help: "Seconds without input after which a connection is closed.")
    var idleTimeout: Int = 1800
    @Option(name: .customLong("login-grace-time"), help: "Seconds a connection has to authenticate before it is closed.")
    var loginGraceTime: Int = 60

    func run() throws {
        guard let address = ListenAddress(listen) else {
            throw CLIFailure.badInput(["archbench: --listen \(listen): expected HOST:PORT, such as 127.0.0.1:2222"])
        }
        guard maxSessions > 0, idleTimeout > 0, loginGraceTime > 0 else {
            throw CLIFailure.badInput(["archbench: --max-sessions, --idle-timeout and --login-grace-time must be greater than 0"])
        }
        let log = ServerLog.standardError
        let served: DesignFolder
        let keys: AuthorizedKeys
        let key: HostKeyFile
        do {
            served = try DesignFolder(folder)
            keys = try AuthorizedKeys.load(path: authorizedKeys)
            let keyPath = hostKey ?? defaultHostKeyPath()
            if hostKey == nil {
                try? FileManager.default.createDirectory(atPath: (keyPath as NSString).deletingLastPathComponent,
                                                         withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            key = try HostKeyFile.loadOrCreate(at: keyPath)
            if key.created { log.event("host-key-created", ["file": keyPath]) }
        } catch {
            throw CLIFailure.badInput(["archbench: \(error)"])
        }
        for warning in keys.warnings { writeError(warning) }
        let names = Set(keys.names)
        for editor in editors where !names.contains(editor) {
            writeError("archbench: --editor \(editor): no key in \(authorizedKeys) has that name")
        }
        var limits = ServerLimits()
        limits.maxSessions = maxSessions
        limits.idleTimeout = .seconds(idleTimeout)
        limits.loginGrace = .seconds(loginGraceTime)
        let listener: SSHListener
        let hub: DesignHub
        do {
            hub = try MainActor.assumeIsolated { try DesignHub(folder: served, editors: Set(editors), log: log) }
            listener = try SSHListener(host: address.host, port: address.port, hostKey: key, keys: keys, limits: limits,
                                       sessions: hub, log: log)
        } catch {
            throw CLIFailure.badInput(["archbench: \(error)"])
        }
        log.event("listening", ["address": ListenAddress(host: address.host, port: listener.boundPort).description,
                                "folder": served.root, "host-key": key.fingerprint, "people": String(keys.count),
                                "editors": editors.joined(separator: ",")])
        if !address.isLoopback {
            writeError("archbench: listening on \(address.host): anyone who can reach this address may try to connect")
        }
        ServeCommand.stopOnSignals(hub: hub, listener: listener, log: log)
        dispatchMain()
    }

    /// SIGTERM and SIGINT: every journal written, every client told, then the process exits.
    private static func stopOnSignals(hub: DesignHub, listener: SSHListener, log: ServerLog) {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                MainActor.assumeIsolated {
                    log.event("stopping", ["signal": name])
                    hub.shutDown(reason: "the server is stopping")
                }
                // The farewells are on their way; give them a moment before the connections close.
                DispatchQueue.main.asyncAfter(deadline: .now() + 0.3) {
                    listener.stop()
                    log.event("stopped", [:])
                    Foundation.exit(0)
                }
            }
            source.resume()
            signalSources.append(source)
        }
    }

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []
}
