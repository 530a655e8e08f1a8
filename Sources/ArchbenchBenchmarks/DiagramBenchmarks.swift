import DesignExport
import DesignModel

/// Terminal diagrams: laying out and drawing the ERD of one service with 50 tables, and the
/// service map of the large design's 100 services (layout, drawing and conversion to text).
enum DiagramBenchmarks {
    static func run(design: Design) -> [Measurement] {
        let schema = fiftyTableService()
        let erd = measure("ERD of one service, 50 tables (layout+draw)", target: 50) {
            _ = AsciiDiagrams.render(design: schema, view: .erd, width: 200, unicode: true,
                                     erd: ERDDiagramOptions(service: "ledger"))
        }
        let services = measure("service map, \(design.services.count) services (layout+draw)", target: 50) {
            _ = AsciiDiagrams.render(design: design, view: .services, width: 200, unicode: true)
        }
        return [erd, services]
    }

    /// 50 tables of 12 columns in one service, shaped like a real schema: each table refers to
    /// one of the tables before it (a tree four or five levels deep) and every fifth one has a
    /// second, nullable foreign key across the tree.
    static func fiftyTableService() -> Design {
        var design = Design(title: "Fifty tables")
        design.services = [Service(name: "ledger", domain: "Finance")]
        for t in 0..<50 {
            var columns = [Column(name: "id", type: "uuid", primaryKey: true)]
            if t > 0 { columns.append(Column(name: "parent_id", type: "uuid", nullable: false, references: "table\((t - 1) / 3).id")) }
            if t > 5, t % 5 == 0 {
                columns.append(Column(name: "other_id", type: "uuid", nullable: true, references: "table\(t / 2 - 1).id"))
            }
            while columns.count < 12 {
                columns.append(Column(name: "column\(columns.count)", type: columns.count % 3 == 0 ? "integer" : "text"))
            }
            design.tables.append(Table(name: "table\(t)", service: "ledger", columns: columns))
        }
        return design
    }
}
