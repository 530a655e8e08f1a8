@testable import ArchbenchServer
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Only regular `*.design.yaml` files inside the served folder are listed or opened.
@Suite struct DesignFolderTests {
    @Test func listsRegularDesignsAndNothingReachedThroughALinkOrOutside() throws {
        let base = NSTemporaryDirectory() + "archbench-folder-\(UUID().uuidString.prefix(8))"
        let served = base + "/served"
        let outside = base + "/outside"
        defer { try? FileManager.default.removeItem(atPath: base) }
        for folder in [served + "/team/api", served + "/.git", outside] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for file in [served + "/shop.design.yaml", served + "/team/api/orders.design.yaml", served + "/notes.yaml",
                     served + "/.git/hidden.design.yaml", outside + "/secret.design.yaml"] {
            try "archbench: 1\ntitle: x\n".write(toFile: file, atomically: true, encoding: .utf8)
        }
        symlink(outside + "/secret.design.yaml", served + "/linked.design.yaml")
        symlink(outside, served + "/elsewhere")
        symlink(served + "/shop.design.yaml", served + "/inside-link.design.yaml")
        mkfifo(served + "/pipe.design.yaml", 0o600)

        let folder = try DesignFolder(served)
        #expect(folder.designs() == ["shop.design.yaml", "team/api/orders.design.yaml"])
        #expect(try folder.resolve("team/api/orders.design.yaml") == folder.root + "/team/api/orders.design.yaml")
        for refused in ["../outside/secret.design.yaml", "team/../shop.design.yaml", outside + "/secret.design.yaml",
                        "linked.design.yaml", "elsewhere/secret.design.yaml", "inside-link.design.yaml",
                        "pipe.design.yaml", "notes.yaml", "./shop.design.yaml", "team//api/orders.design.yaml", "",
                        "missing.design.yaml"] {
            #expect(throws: DesignFolder.Failure.self, "\(refused)") { try folder.resolve(refused) }
        }
    }
}
