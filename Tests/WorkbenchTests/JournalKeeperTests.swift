import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing
@testable import Workbench

/// The journal is rendered and written off the main thread; a save or a quit (`discard`) must
/// win over a job in flight, whenever it comes: no journal may be left behind by a render that
/// finishes after the save that made it obsolete.
@Suite struct JournalKeeperTests {
    /// A design whose journal takes a while to render, so discards land before, during and
    /// after the render.
    static let big: Design = {
        var design = Design(title: "big")
        for t in 0..<1500 {
            design.tables.append(DesignModel.Table(name: "table_\(t)", columns: (0..<6).map { Column(name: "column_\($0)", type: "text") },
                                                   primaryKey: ["column_0"]))
        }
        return design
    }()

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keeper-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aSaveWinsOverARenderInFlightWheneverItComes() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let design = dir + "/big.design.yaml"
        let keeper = JournalKeeper(designPath: design, publishesForSignals: false)
        // How long one render takes here, to spread the discards over it.
        let start = ContinuousClock.now
        keeper.submit(.init(design: Self.big, revision: 0, identity: nil, write: true))
        keeper.settle()
        let renderTime = ContinuousClock.now - start
        #expect(RecoveryJournal.exists(for: design), "a job that is let finish writes the journal")
        keeper.discard()
        #expect(!RecoveryJournal.exists(for: design), "the save removed the journal this session wrote")

        var raced = 0
        for round in 1...24 {
            keeper.submit(.init(design: Self.big, revision: round, identity: nil, write: true))
            // From at once to a little after the render would have finished.
            let delay = renderTime * Double(round % 8) / 6
            Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds))
            if !RecoveryJournal.exists(for: design) { raced += 1 }
            keeper.discard()
            keeper.settle()
            #expect(!RecoveryJournal.exists(for: design), "round \(round): a journal outlived the save (discard after \(delay))")
        }
        #expect(raced > 0, "some discards came while the render was still in flight")
    }

    /// Jobs coalesce: while one renders, only the newest waiting design is rendered next.
    @Test func jobsCoalesceToTheNewest() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let design = dir + "/big.design.yaml"
        let keeper = JournalKeeper(designPath: design, publishesForSignals: false)
        keeper.submit(.init(design: Self.big, revision: 1, identity: nil, write: false))
        for revision in 2...20 {
            var d = Design(title: "revision \(revision)")
            d.summary = "r\(revision)"
            keeper.submit(.init(design: d, revision: revision, identity: nil, write: revision == 10))
        }
        keeper.settle()
        // A write asked for by a job that was overtaken still happens, with the newest design.
        let journal = try #require(try RecoveryJournal.read(for: design))
        #expect(journal.design.title == "revision 20")
    }
}
