import DesignModel

/// A plain-text outline of a design: what `archbench FILE` prints when its output is not a terminal.
enum DesignOutline {
    static func text(for design: Design) -> String {
        var out = "\(design.title)"
        if let version = design.version { out += " \(version)" }
        if let status = design.status { out += " [\(status.rawValue)]" }
        out += "\n"
        out += "\nServices (\(design.services.count))\n"
        for service in design.services {
            out += "  \(service.name)"
            if let domain = service.domain { out += "  (\(domain))" }
            out += "\n"
        }
        out += "\nEndpoints (\(design.endpoints.count))\n"
        let width = design.endpoints.map(\.method.rawValue.count).max() ?? 0
        for endpoint in design.endpoints {
            let method = endpoint.method.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(method) \(endpoint.path)"
            if let service = endpoint.service { out += "  -> \(service)" }
            out += "\n"
        }
        out += "\nTables (\(design.tables.count))\n"
        for table in design.tables {
            out += "  \(table.name)  \(table.columns.count) columns"
            if let service = table.service { out += "  owned by \(service)" }
            out += "\n"
        }
        return out
    }
}
