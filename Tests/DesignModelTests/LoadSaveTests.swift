import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing

@Suite struct LoadSaveTests {
    @Test func shopLoadsWithEverySectionFilled() throws {
        let design = try Shared.shop()
        #expect(design.formatVersion == 1)
        #expect(design.title == "Shop Platform")
        #expect(design.version == "0.3.0")
        #expect(design.status == .review)
        #expect(design.owners == ["platform-team"])
        #expect(design.summary?.hasPrefix("Backend for an online shop") == true)
        #expect(design.requirements.business.count == 3)
        #expect(design.requirements.load.peakRPS == 2500)
        #expect(design.requirements.load.availability == "99.95%")
        #expect(design.requirements.constraints.count == 2)
        #expect(design.requirements.questions.count == 1)
        #expect(design.api.baseURL == "https://api.shop.example.com")
        #expect(design.api.versioning.strategy == .urlPath)
        #expect(design.api.auth.map(\.type) == [.jwt])
        #expect(design.api.rateLimits.map(\.window) == [Duration(amount: 1, unit: .minutes), Duration(amount: 1, unit: .minutes)])
        #expect(design.services.map(\.name) == ["catalog", "orders", "notifications"])
        #expect(design.services[1].calls.map(\.style) == [.rest, .event])
        #expect(design.services[2].replicas == "2")
        #expect(design.events.first?.consumers == ["notifications"])
        #expect(design.endpoints.count == 6)
        let checkout = try #require(design.endpoints.first { $0.name == "POST /v1/orders" })
        #expect(checkout.idempotent == true)
        #expect(checkout.params.first?.location == .header)
        #expect(checkout.responses.map(\.status) == [201, 401, 402, 409])
        #expect(checkout.request?.contentType == "application/json")
        #expect(design.tables.count == 7)
        let orders = try #require(design.tables.first { $0.name == "orders" })
        #expect(orders.partitioning?.strategy == .range)
        #expect(orders.column(named: "status")?.defaultValue == "'placed'")
        #expect(design.tables.first { $0.name == "cart_items" }?.primaryKey == ["cart_id", "product_id"])
        #expect(design.stack.count == 4)
        #expect(design.deployment != nil)
        #expect(design.scaling.bottlenecks.count == 2)
        #expect(design.scaling.caches.map(\.layer) == [.cdn, .redis])
        #expect(design.scaling.monitoring.count == 3)
        #expect(design.scaling.loadBalancing != nil && design.scaling.failover != nil)
        #expect(design.security.count == 3)
        #expect(design.phases.map(\.includes.count) == [1, 2])
        #expect(design.comments.first?.replies.first?.author == "ben")
    }

    @Test func shopRoundTripsByteForByte() throws {
        let text = Shared.shopText
        let design = try DesignLoader.load(yaml: text).design
        let once = CanonicalWriter.yaml(for: design)
        #expect(once == text)
        let reloaded = try DesignLoader.load(yaml: once).design
        #expect(reloaded == design)
        #expect(CanonicalWriter.yaml(for: reloaded) == once)
    }

    @Test func nonCanonicalInputBecomesCanonicalAndStaysSo() throws {
        let messy = """
        title: "Messy"
        archbench: 1
        services:
          - {name: a, stateless: true, responsibilities: []}
        owners: [x, "y: z", "123", "yes", "", " padded"]
        summary: "line one\\nline two\\n"
        x_tool: {b: 1, a: [true, "2"]}

        """
        let design = try DesignLoader.load(yaml: messy).design
        let once = CanonicalWriter.yaml(for: design)
        #expect(once.hasPrefix("archbench: 1\ntitle: Messy\nowners:\n"))
        #expect(once.contains("  - \"y: z\"\n  - \"123\"\n  - \"yes\"\n  - \"\"\n  - \" padded\"\n"))
        #expect(once.contains("summary: |\n  line one\n  line two\n"))
        #expect(once.contains("x_tool:\n  b: 1\n  a:\n    - true\n    - \"2\"\n"))
        let again = try DesignLoader.load(yaml: once).design
        #expect(again == design)
        #expect(CanonicalWriter.yaml(for: again) == once)
    }

    @Test func awkwardTextSurvivesTheWriter() throws {
        let awkward = ["- dash", "a # not comment", "ends with colon:", "tab\there", "quote \" and \\ slash", "0x1F", "1e5", "~",
                       "null", "on", "N", ".inf", "2026-11-20", "ünïcødé ✓ 漢字", "{braces}", "multi\nline without end",
                       "trailing\n\n", "\n starts with newline", "  indented\nblock", "carriage\r\nreturn", "bom\u{FEFF}inside", "bell\u{7}", "#hash", "@at", "%pct"]
        var design = Design(title: "Awkward")
        design.security = awkward
        design.owners = awkward
        let text = CanonicalWriter.yaml(for: design)
        let loaded = try DesignLoader.load(yaml: text).design
        #expect(loaded.security == awkward)
        #expect(loaded.owners == awkward)
        #expect(CanonicalWriter.yaml(for: loaded) == text)
    }

    @Test func extensionsAreKeptAsTheyAre() throws {
        let yaml = """
        archbench: 1
        title: T
        services:
          - name: a
            x_team: core
            x_budget: 12
            x_code: "12"
        x_meta:
          tags:
            - one
            - two
          nested:
            deep: value

        """
        let design = try DesignLoader.load(yaml: yaml).design
        #expect(design.services[0].extensions.entries.map(\.key) == ["x_team", "x_budget", "x_code"])
        let saved = CanonicalWriter.yaml(for: design)
        #expect(saved == yaml)
    }

    @Test func saveIsAtomicAndKeepsPermissions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("d.design.yaml").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try DesignFile.save(try Shared.shop(), to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Shared.shopText)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "d.design.yaml" }
        #expect(leftovers.isEmpty)
    }

    /// Root writes through any mode bits, so as root (CI) the folder is mounted read-only.
    @Test func saveIntoReadOnlyFolderFailsAndLeavesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        defer {
            if asRoot { TmpfsMount.unmount(folder.path) }
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        let path = folder.appendingPathComponent("d.design.yaml").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        if asRoot {
            try #require(TmpfsMount.bindReadOnly(folder.path), "as root this test needs a read-only bind mount (mount permission)")
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        }
        #expect(throws: DesignSaveError.self) { try DesignFile.save(try Shared.shop(), to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }

    /// A target that cannot be replaced (a folder) or whose folder is missing.
    @Test func saveOverFolderFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: DesignSaveError.self) { try DesignFile.save(try Shared.shop(), to: folder.path) }
        #expect(error?.message == "is a folder")
        let missing = folder.appendingPathComponent("no/such/folder/d.design.yaml").path
        let missingError = #expect(throws: DesignSaveError.self) { try DesignFile.save(try Shared.shop(), to: missing) }
        #expect(missingError?.message.contains("No such file or directory") == true)
    }

    @Test func newerFormatLoadsButIsNeverSaved() throws {
        let loaded = try DesignLoader.load(yaml: "archbench: 2\ntitle: Future\nnew_section: 1\n")
        #expect(loaded.isNewerFormat)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("future-\(UUID().uuidString).yaml").path
        try "archbench: 2\n".write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: DesignSaveError.self) { try DesignFile.save(loaded.design, to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "archbench: 2\n")
    }

    @Test func sourceMapLocatesElements() throws {
        let loaded = try DesignLoader.load(contentsOf: Shared.shopPath)
        #expect(loaded.sourceMap[.service("catalog")] == SourceLocation(line: 47, column: 5))
        #expect(loaded.sourceMap[.column("orders", "email")]?.line == 327)
        #expect(loaded.sourceMap[.section("scaling")]?.line != nil)
    }
}

@Suite struct BundledExampleTests {
    @Test func bundledExampleIsCanonicalAndCoversEverySection() throws {
        let loaded = try DesignLoader.load(yaml: BundledExample.yaml)
        let design = loaded.design
        #expect(CanonicalWriter.yaml(for: design) == BundledExample.yaml)
        #expect(!design.owners.isEmpty && design.summary != nil && design.status != nil && design.version != nil)
        #expect(!design.requirements.business.isEmpty && !design.requirements.load.isEmpty)
        #expect(!design.requirements.constraints.isEmpty && !design.requirements.questions.isEmpty)
        #expect(design.api.baseURL != nil && !design.api.auth.isEmpty && !design.api.rateLimits.isEmpty)
        #expect(design.services.count >= 5 && !design.events.isEmpty && design.endpoints.count >= 14 && design.tables.count >= 10)
        #expect(design.tables.contains { $0.partitioning != nil } && design.tables.contains { $0.sharding != nil })
        #expect(!design.stack.isEmpty && design.deployment != nil)
        #expect(!design.scaling.bottlenecks.isEmpty && !design.scaling.caches.isEmpty && !design.scaling.monitoring.isEmpty)
        #expect(!design.security.isEmpty && !design.phases.isEmpty && !design.comments.isEmpty)
        #expect(!design.validation.isEmpty && !design.extensions.isEmpty)
        #expect(design.services.contains { !$0.extensions.isEmpty })
    }
}
