import DesignModel
import TerminalUI

/// A plain-text outline of a design: what `archbench FILE` prints when its output is not a terminal.
enum DesignOutline {
    static func text(for design: Design) -> String {
        // Each name on its own line whatever it holds: a line break in one is shown as `\n`.
        func shown(_ text: String) -> String { ControlCharacters.escaped(text) }
        var out = shown(design.title)
        if let version = design.version { out += " \(shown(version))" }
        if let status = design.status { out += " [\(status.rawValue)]" }
        out += "\n"
        out += "\nServices (\(design.services.count))\n"
        for service in design.services {
            out += "  \(shown(service.name))"
            if let domain = service.domain { out += "  (\(shown(domain)))" }
            out += "\n"
        }
        out += "\nEndpoints (\(design.endpoints.count))\n"
        let width = design.endpoints.map(\.method.rawValue.count).max() ?? 0
        for endpoint in design.endpoints {
            let method = endpoint.method.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(method) \(shown(endpoint.path))"
            if let service = endpoint.service { out += "  -> \(shown(service))" }
            out += "\n"
        }
        out += "\nTables (\(design.tables.count))\n"
        for table in design.tables {
            out += "  \(shown(table.name))  \(table.columns.count) columns"
            if let service = table.service { out += "  owned by \(shown(service))" }
            out += "\n"
        }
        return out
    }
}
