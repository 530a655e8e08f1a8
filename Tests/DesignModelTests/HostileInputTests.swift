#if canImport(Glibc)
import Glibc
#endif
import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing

/// Design files written by someone else: refused with a located error, quickly, never expanded,
/// never read without end.
@Suite struct HostileInputTests {
    /// Ten levels of ten aliases each: 10^10 scalars once expanded.
    static var laughs: String { (try? Fixture.text("hostile/laughs.design.yaml")) ?? "" }

    @Test func nestedAliasesAreRefusedBeforeAnythingExpands() {
        let started = Date()
        let errors = loadErrors(Self.laughs)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(errors.contains("3:7: YAML anchor '&a0' is not allowed: a design is plain data; write the value out in full"))
        #expect(errors.contains("4:7: YAML anchor '&a1' is not allowed: a design is plain data; write the value out in full"))
        #expect(errors.contains("4:12: YAML alias '*a0' (used 10 times) is not allowed: a design is plain data; write the value out in full"))
        #expect(errors.count == 19)
    }

    @Test func anAliasAsAMappingKeyIsRefusedToo() {
        let errors = loadErrors("archbench: 1\ntitle: T\nx_k: &k name\nx_m:\n  *k : 1\n")
        #expect(errors.contains("3:6: YAML anchor '&k' is not allowed: a design is plain data; write the value out in full"))
        #expect(errors.contains("5:3: YAML alias '*k' is not allowed: a design is plain data; write the value out in full"))
    }

    @Test func tagsAreRefusedWhereverTheyStand() {
        let errors = loadErrors("""
        archbench: 1
        title: !!int 5
        summary: !!str plain
        x_binary: !!binary aGVsbG8=
        x_custom: !custom {a: 1}
        x_list: !!seq [a]
        owners: ! [a]
        """)
        #expect(errors == [
            "2:8: YAML tag '!!int' is not allowed: a design is plain data; remove the tag",
            "3:10: YAML tag '!!str' is not allowed: a design is plain data; remove the tag",
            "4:11: YAML tag '!!binary' is not allowed: a design is plain data; remove the tag",
            "5:11: YAML tag '!custom' is not allowed: a design is plain data; remove the tag",
            "6:9: YAML tag '!!seq' is not allowed: a design is plain data; remove the tag",
            "7:9: YAML tag '!' is not allowed: a design is plain data; remove the tag",
        ])
    }

    @Test func everyDuplicateKeyIsReportedAtItsOwnPlace() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        summary: a
        title: U
        services:
          - name: a
            name: b
            domain: x
            name: c
        summary: b
        """)
        #expect(errors == [
            "4:1: duplicate key 'title'; it is already at line 2, column 1",
            "7:5: duplicate key 'name'; it is already at line 6, column 5",
            "9:5: duplicate key 'name'; it is already at line 6, column 5",
            "10:1: duplicate key 'summary'; it is already at line 3, column 1",
        ])
    }

    /// Past a dozen keys the composer indexes a mapping's keys instead of scanning them: a key
    /// written twice is found on either side of that point, at its own place.
    @Test func aDuplicateInAWideMappingIsFoundPastTheScanLimit() {
        let keys = (1...20).map { "x_k\($0): v\($0)" }
        let early = loadErrors("archbench: 1\ntitle: T\n" + keys.joined(separator: "\n") + "\nx_k2: again\n")
        #expect(early == ["23:1: duplicate key 'x_k2'; it is already at line 4, column 1"])
        let late = loadErrors("archbench: 1\ntitle: T\n" + keys.joined(separator: "\n") + "\nx_k19: again\nx_k20: too\n")
        #expect(late == ["23:1: duplicate key 'x_k19'; it is already at line 21, column 1",
                         "24:1: duplicate key 'x_k20'; it is already at line 22, column 1"])
    }

    @Test func aSecondDocumentIsRefusedWhereItStarts() {
        let errors = loadErrors("archbench: 1\ntitle: T\n---\narchbench: 1\ntitle: U\n")
        #expect(errors == ["3:1: a design file holds one YAML document; a second one starts here"])
    }

    @Test func theSameKeyInTwoMappingsIsNoDuplicate() {
        #expect(loadErrors("archbench: 1\ntitle: T\nservices:\n  - name: a\n  - name: b\n").isEmpty)
    }

    // MARK: Files that are not regular files

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func loadMessage(_ path: String) -> String? {
        do {
            _ = try DesignLoader.load(contentsOf: path)
            return nil
        } catch {
            return error.diagnostics.first?.message
        }
    }

    @Test func aDirectoryIsRefusedByName() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.design.yaml").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(loadMessage(path) == "cannot read file: it is a directory, not a regular file")
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.design.yaml").path
        #expect(mkfifo(path, 0o644) == 0)
        #expect(loadMessage(path) == "cannot read file: it is a FIFO (named pipe), not a regular file")
    }

    @Test func aSymlinkToADeviceIsRefused() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("z.design.yaml").path
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
        #expect(loadMessage(path) == "cannot read file: it is a character device, not a regular file")
    }

    @Test func aSymlinkLoopIsRefused() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.design.yaml").path, b = dir.appendingPathComponent("b.design.yaml").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        #expect(loadMessage(a) == "cannot read file: a loop of symbolic links")
    }

    @Test func aSocketIsRefused() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.design.yaml").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(loadMessage(path) == "cannot read file: it is a socket, not a regular file")
    }

    @Test func aSymlinkToARegularDesignStillLoads() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real.design.yaml")
        try Data("archbench: 1\ntitle: T\n".utf8).write(to: real)
        let link = dir.appendingPathComponent("link.design.yaml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real.path)
        #expect(try DesignLoader.load(contentsOf: link).design.title == "T")
    }
}

/// Numbers and times that cannot be meant: located errors, not silently loaded.
@Suite struct NumberInputTests {
    @Test func negativeAndZeroCountsAreLocatedErrors() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        requirements:
          load:
            peak_rps: -5
            users: -1
            latency_p99_ms: -3
            avg_rps: 0
        api:
          rate_limits:
            - name: r
              limit: -100
              window: 0s
        tables:
          - name: t
            columns:
              - name: id
                primary_key: true
            estimated_rows: -7
            sharding:
              strategy: hash
              key: [id]
              shards: -3
        comments:
          - id: -1
            text: x
            at: not-a-time
        """)
        #expect(errors == [
            "5:15: 'peak_rps' in requirements.load must be greater than 0, found '-5'",
            "6:12: 'users' in requirements.load must be greater than 0, found '-1'",
            "7:21: 'latency_p99_ms' in requirements.load must be greater than 0, found '-3'",
            "8:14: 'avg_rps' in requirements.load must be greater than 0, found '0'",
            "12:14: 'limit' in a rate limit must be greater than 0, found '-100'",
            "13:15: 'window' in a rate limit must be longer than 0, found '0s'",
            "19:21: 'estimated_rows' in a table must be at least 0, found '-7'",
            "23:15: 'shards' in the sharding of 't' must be greater than 0, found '-3'",
            "25:9: 'id' in a comment must be greater than 0, found '-1'",
        ])
    }

    @Test func commentTimesAreRFC3339() {
        let errors = loadErrors("""
        archbench: 1
        title: T
        comments:
          - id: 1
            at: not-a-time
            text: x
            replies:
              - at: 2026-13-01T00:00:00Z
                text: y
          - id: 2
            at: 2026-05-04T10:00:00.250+02:00
            text: z
        """)
        #expect(errors == [
            "5:9: 'at' in a comment must be an RFC 3339 time such as 2026-05-04T10:00:00Z; found 'not-a-time'",
            "8:13: 'at' in a reply to comment 1 must be an RFC 3339 time such as 2026-05-04T10:00:00Z; found '2026-13-01T00:00:00Z'",
        ])
    }

    @Test func integersAreWrittenBackAsTheyWereWritten() throws {
        let text = "archbench: 1\ntitle: T\nrequirements:\n  load:\n    peak_rps: 12345678901234567890\n    avg_rps: 0.25\n    users: 1_000\n"
        let design = try DesignLoader.load(yaml: text).design
        let written = CanonicalWriter.yaml(for: design)
        #expect(written.contains("peak_rps: 12345678901234567890\n"))
        #expect(written.contains("avg_rps: 0.25\n"))
        #expect(written.contains("users: 1000\n"))
    }

    @Test func millisecondDurationsLoadAndSave() throws {
        let text = "archbench: 1\ntitle: T\nscaling:\n  caches:\n    - name: c\n      ttl: 250ms\n"
        let design = try DesignLoader.load(yaml: text).design
        #expect(design.scaling.caches.first?.ttl == DesignModel.Duration(amount: 250, unit: .milliseconds))
        #expect(CanonicalWriter.yaml(for: design).contains("ttl: 250ms\n"))
    }
}
