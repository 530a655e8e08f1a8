import DesignModel
import DesignRules
import ArchbenchTestSupport
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// After an edit the workbench builds again only the rows of the panes the edit touched. Here
/// every edit of a seeded random sequence is checked against building every pane anew: the
/// rows, their items (text and markers), where each ref sits and the jump targets are equal.
@Suite struct IncrementalRowsTests {
    /// One random change to what some pane shows, or to something only the rules see.
    static func edit(_ design: inout Design, _ random: inout SplitMix, step: Int) {
        switch Int.random(in: 0..<14, using: &random) {
        case 0 where !design.endpoints.isEmpty:
            let i = Int.random(in: design.endpoints.indices, using: &random)
            design.endpoints[i].summary = Bool.random(using: &random) ? nil : "summary \(step)"
        case 1 where !design.endpoints.isEmpty:
            let i = Int.random(in: design.endpoints.indices, using: &random)
            design.endpoints[i].deprecated = Bool.random(using: &random) ? true : nil
        case 2 where !design.endpoints.isEmpty:
            // Only the rules see it: a response removed can add or remove findings and markers.
            let i = Int.random(in: design.endpoints.indices, using: &random)
            if !design.endpoints[i].responses.isEmpty { design.endpoints[i].responses.removeLast() }
        case 3 where !design.endpoints.isEmpty:
            var copy = design.endpoints[Int.random(in: design.endpoints.indices, using: &random)]
            copy.path += "/copy\(step)"
            design.endpoints.append(copy)
        case 4 where design.endpoints.count > 1:
            design.endpoints.remove(at: Int.random(in: design.endpoints.indices, using: &random))
        case 5 where !design.services.isEmpty:
            let i = Int.random(in: design.services.indices, using: &random)
            design.services[i].domain = "domain \(step)"
        case 6 where !design.tables.isEmpty:
            let i = Int.random(in: design.tables.indices, using: &random)
            if design.tables[i].columns.count > 1 { design.tables[i].columns.removeLast() }
        case 7 where !design.tables.isEmpty:
            let i = Int.random(in: design.tables.indices, using: &random)
            design.tables[i].description = Bool.random(using: &random) ? nil : "described \(step)"
        case 8 where !design.events.isEmpty:
            let i = Int.random(in: design.events.indices, using: &random)
            design.events[i].producer = Bool.random(using: &random) ? nil : design.services.first?.name
        case 9 where !design.flows.isEmpty:
            let i = Int.random(in: design.flows.indices, using: &random)
            if design.flows[i].steps.count > 1 { design.flows[i].steps.removeLast() }
        case 10 where !design.stack.isEmpty:
            let i = Int.random(in: design.stack.indices, using: &random)
            design.stack[i].choice = "choice \(step)"
        case 11:
            design.requirements.business.append("need \(step)")
        case 12 where !design.scaling.caches.isEmpty:
            let i = Int.random(in: design.scaling.caches.indices, using: &random)
            design.scaling.caches[i].name += "\(step)"
        default:
            design.summary = "summary \(step)"
        }
    }

    static func expectSame(_ incremental: WorkbenchViewModel, _ full: WorkbenchViewModel, _ what: String) {
        for pane in Pane.allCases {
            #expect(incremental.rows(pane) == full.rows(pane), "\(what): rows of \(pane)")
            #expect(incremental.items(pane) == full.items(pane), "\(what): items of \(pane)")
            for row in full.rows(pane) {
                guard let ref = row.ref else { continue }
                #expect(incremental.location[ref]?.pane == full.location[ref]?.pane
                        && incremental.location[ref]?.row == full.location[ref]?.row, "\(what): place of \(ref)")
            }
        }
        #expect(incremental.jumpTargets == full.jumpTargets, "\(what): jump targets")
        #expect(incremental.markers == full.markers, "\(what): markers")
        #expect(incremental.findingsByRow == full.findingsByRow, "\(what): findings by row")
        #expect(incremental.counts == full.counts && incremental.findingColumns == full.findingColumns, "\(what): counts")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func rowsBuiltAfterEachEditEqualRowsBuiltAnew(seed: UInt64) throws {
        var design = try Fixtures.shop().design
        var random = SplitMix(seed: seed)
        let glyphs = Glyphs.unicode
        var model = WorkbenchViewModel(design: design, findings: Validator().validate(design), grouping: .service, glyphs: glyphs)
        for step in 0..<60 {
            IncrementalRowsTests.edit(&design, &random, step: step)
            let findings = Validator().validate(design)
            let full = WorkbenchViewModel(design: design, findings: findings, grouping: .service, glyphs: glyphs)
            model = WorkbenchViewModel(design: design, findings: findings, grouping: .service, glyphs: glyphs, previous: model)
            IncrementalRowsTests.expectSame(model, full, "seed \(seed), edit \(step)")
        }
    }

    /// An edit that changes no finding keeps the markers and the findings of each row; one that
    /// moves a whole-section finding to another row (the first endpoint renamed) does not.
    @Test func findingsKeptOnlyWhileTheyShowOnTheSameRows() throws {
        var design = try Fixtures.shop().design
        let findings = [Finding(ruleID: "doc-description", severity: .info, message: "no endpoints described", element: .section("endpoints"))]
        let before = WorkbenchViewModel(design: design, findings: findings, grouping: .service, glyphs: .unicode)
        design.endpoints[0].path += "/renamed"
        let after = WorkbenchViewModel(design: design, findings: findings, grouping: .service, glyphs: .unicode, previous: before)
        let full = WorkbenchViewModel(design: design, findings: findings, grouping: .service, glyphs: .unicode)
        #expect(after.markers[.endpoint(design.endpoints[0].name)] != nil)
        IncrementalRowsTests.expectSame(after, full, "first endpoint renamed")
    }

    /// The panes an edit of one endpoint's summary touches: only the Endpoints pane is built
    /// again, the others are the very rows of before.
    @Test func anEndpointEditBuildsOnlyTheEndpointsPane() throws {
        var design = try Fixtures.shop().design
        let findings = Validator().validate(design)
        let before = WorkbenchViewModel(design: design, findings: findings, grouping: .service, glyphs: .unicode)
        design.endpoints[0].summary = "another summary"
        let panes = WorkbenchViewModel.panesToBuild(design: design, grouping: .service, glyphs: .unicode, compared: false,
                                                    markers: before.markers, openComments: before.openComments, previous: before)
        #expect(panes.panes == [.endpoints] && panes.refs.isEmpty)
        // A new grouping or glyph set builds every pane.
        #expect(WorkbenchViewModel.panesToBuild(design: design, grouping: .path, glyphs: .unicode, compared: false,
                                                markers: before.markers, openComments: before.openComments,
                                                previous: before).panes == Set(Pane.allCases))
    }
}
