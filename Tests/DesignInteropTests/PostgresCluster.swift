import ArchbenchTestSupport
import Foundation
import Testing

/// A throwaway PostgreSQL server for one test: a cluster made by initdb in a temporary folder,
/// listening only on a unix socket in that folder (no TCP), run as the `postgres` user when the
/// tests run as root (the server refuses to run as root), and stopped and removed afterwards,
/// also when the test fails.
struct PostgresCluster {
    let folder: URL
    let binaries: URL

    /// Debian's PostgreSQL 15 (`.ci/run` installs the `postgresql` package).
    static func binaries() throws -> URL {
        for version in ["15", "16", "17"] {
            let folder = URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("initdb").path) { return folder }
        }
        throw Failure(description: "PostgreSQL's initdb is not installed: apt-get install postgresql")
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Runs `body` with a started cluster; stops it and removes its folder whatever happens.
    static func with<T>(_ body: (PostgresCluster) throws -> T) throws -> T {
        let folder = URL(fileURLWithPath: "/tmp/archbench-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cluster = PostgresCluster(folder: folder, binaries: try binaries())
        defer {
            _ = try? cluster.asServerUser(["pg_ctl", "-D", cluster.data, "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(at: folder)
        }
        if getuid() == 0 {
            _ = try run(["/bin/chown", "postgres:postgres", folder.path])
        }
        let initialised = try cluster.asServerUser(["initdb", "-D", cluster.data, "-A", "trust", "-U", "postgres",
                                                    "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])
        guard initialised.status == 0 else { throw Failure(description: "initdb failed: \(initialised.output)") }
        let started = try cluster.asServerUser(["pg_ctl", "-D", cluster.data, "-l", folder.appendingPathComponent("log").path,
                                                "-o", "-k \(folder.path) -c listen_addresses= -F", "-w", "start"])
        guard started.status == 0 else {
            let log = (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? ""
            throw Failure(description: "the server did not start: \(started.output)\n\(log)")
        }
        return try body(cluster)
    }

    var data: String { folder.appendingPathComponent("data").path }

    /// A PostgreSQL program, as the user the server runs as.
    func asServerUser(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let program = binaries.appendingPathComponent(arguments[0]).path
        let command = [program] + arguments.dropFirst()
        return try Self.run(getuid() == 0 ? ["/sbin/runuser", "-u", "postgres", "--"] + command : command)
    }

    /// psql or pg_dump against this server, over its socket.
    func client(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try Self.run([binaries.appendingPathComponent(program).path, "-h", folder.path, "-U", "postgres"] + arguments)
    }

    func createDatabase(_ name: String) throws {
        let result = try client("psql", ["-q", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"])
        guard result.status == 0 else { throw Failure(description: result.output) }
    }

    /// Output and error together, so a failure says everything. Written to a file, not a pipe:
    /// `pg_ctl start` leaves the server running with the descriptors it was given, and a pipe
    /// would never reach its end. Started with `Spawn` (posix_spawn, no signal blocked): a
    /// `runuser` started by Foundation's Process from a test thread was never reaped, and the
    /// test waited for it forever.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let status = try Spawn.run(arguments, log: outputFile.path)
        let data = (try? Data(contentsOf: outputFile)) ?? Data()
        return (status, String(decoding: data, as: UTF8.self))
    }
}
