import DesignModel
import Foundation
import Testing

/// A design opened through a symbolic link (a dotfiles checkout, a shared folder) is saved where
/// the link points; the link stays a link.
@Suite struct SymlinkSaveTests {
    @Test func saveThroughARelativeLinkWritesTheTargetAndKeepsTheLink() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-link-\(UUID().uuidString)")
        let real = root.appendingPathComponent("real")
        let links = root.appendingPathComponent("links")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let target = real.appendingPathComponent("d.design.yaml").path
        let link = links.appendingPathComponent("d.design.yaml").path
        try "archbench: 1\ntitle:   old\n".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../real/d.design.yaml")

        try DesignFile.save(Design(title: "new"), to: link)

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../real/d.design.yaml")
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written == "archbench: 1\ntitle: new\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        // No temporary file left in either folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: real.path) == ["d.design.yaml"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: links.path) == ["d.design.yaml"])
    }
}
