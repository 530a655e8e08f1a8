import DesignExport
import DesignModel
import DesignRules
import Foundation
import Synchronization
import TerminalUI

/// The right-hand pane: everything about the selected row, as lines. Built per frame for the
/// one selected element only, which is cheap whatever the size of the design.
enum DetailView {
    static func title(for state: AppState) -> String {
        guard let row = state.selectedRow, let ref = row.ref else { return state.pane.title }
        switch ref.kind {
        case .section:
            switch ref.name {
            case "summary": return state.design.title
            case "requirements": return "Business needs"
            case "load": return "Load"
            case "constraints": return "Constraints"
            case "questions": return "Open questions"
            case "api": return "API conventions"
            case "deployment": return "Deployment"
            case "security": return "Security"
            case "phases": return "Phases"
            case "flows": return "Flows"
            case "load_balancing": return "Load balancing"
            case "failover": return "Failover"
            case "scaling_notes": return "Scaling notes"
            case "monitoring": return "Monitoring"
            default: return ref.name
            }
        case .service: return "service \(ref.name)"
        case .event: return "event \(ref.name)"
        case .table: return "table \(ref.name)"
        case .stack: return "stack: \(ref.name)"
        case .bottleneck: return "bottleneck \(ref.name)"
        case .cache: return "cache \(ref.name)"
        case .flow: return "flow \(ref.name)"
        default: return ref.name
        }
    }

    /// The pane's lines wrapped to `width`, laid out once per design revision, row and width
    /// (kept in `state.detailLayout`), so a long text costs its wrapping once, not every frame.
    static func visualLines(for state: AppState, width: Int) -> [Line] {
        let key = DetailLayoutCache.Key(rowsGeneration: state.rowsGeneration, pane: state.pane, selected: state.list.selected,
                                        width: width, unicode: state.glyphs.isUnicode)
        return state.detailLayout.lines(for: key) {
            TextView(lines(for: state), wrap: true, glyphs: state.glyphs).visualLines(width: width)
        }
    }

    static func lines(for state: AppState) -> [Line] {
        guard let row = state.selectedRow, let ref = row.ref else {
            return [Line("Nothing selected.", .muted)]
        }
        let d = state.design
        var out = DetailLines(ascii: !state.glyphs.isUnicode)
        switch ref.kind {
        case .section: section(ref.name, d, &out)
        case .endpoint: if row.index >= 0 { endpoint(d.endpoints[row.index], d, &out) }
        case .service: if row.index >= 0 { service(d.services[row.index], d, &out) }
        case .event: if row.index >= 0 { event(d.events[row.index], &out) }
        case .table: if row.index >= 0 { table(d.tables[row.index], d, &out) }
        case .stack: if row.index >= 0 { stack(d.stack[row.index], &out) }
        case .bottleneck: if row.index >= 0 { bottleneck(d.scaling.bottlenecks[row.index], &out) }
        case .cache: if row.index >= 0 { cache(d.scaling.caches[row.index], &out) }
        case .monitoring: if row.index >= 0 { monitoring(d.scaling.monitoring[row.index], &out) }
        case .flow: if row.index >= 0 { flow(d.flows[row.index], &out) }
        default: break
        }
        let comments = d.comments.filter { c in
            c.element.flatMap(ElementRef.init(parsing:)).flatMap { WorkbenchViewModel.rowRef(for: $0, in: d) } == ref
        }
        if !comments.isEmpty {
            out.heading("Comments")
            for c in comments {
                let status = c.isOpen ? "open" : "resolved"
                out.add([Span("  \(state.glyphs.comment) #\(c.id) ", .accent), Span(c.author ?? "?", bold: true),
                         Span(" (\(status))", .muted)])
                out.text(c.text, indent: "    ")
                for r in c.replies {
                    out.add([Span("    ↳ ".asciiSafe(state.glyphs, fallback: "    > "), .muted), Span(r.author ?? "?", bold: true)])
                    out.text(r.text, indent: "      ")
                }
            }
        }
        changes(for: ref, state, &out)
        if let findings = state.viewModel.findingsByRow[ref], !findings.isEmpty {
            out.blank()
            for f in findings {
                out.lines.append(Line([Span("\(f.severity.glyph(state.glyphs)) \(f.ruleID)", f.severity.role, bold: true),
                                       Span(": \(f.message)", f.severity.role)]).hanging(2))
            }
        }
        return out.lines
    }

    // MARK: - Sections

    static func section(_ name: String, _ d: Design, _ out: inout DetailLines) {
        switch name {
        case "summary":
            var head = [Span(d.title, .title, bold: true)]
            if let v = d.version { head.append(Span("  " + v, .muted)) }
            if let s = d.status { head.append(Span("  [\(s.rawValue)]", .accent)) }
            out.add(head)
            if !d.owners.isEmpty { out.field("owners", d.owners.joined(separator: ", ")) }
            out.blank()
            out.text(d.summary)
            out.blank()
            out.field("services", "\(d.services.count)")
            out.field("endpoints", "\(d.endpoints.count)")
            out.field("tables", "\(d.tables.count)")
            out.field("events", "\(d.events.count)")
        case "requirements":
            out.bullets(d.requirements.business, empty: "No business needs written yet.")
        case "load":
            let l = d.requirements.load
            out.field("peak rps", l.peakRPS.map(NumberText.grouped))
            out.field("avg rps", l.avgRPS.map(NumberText.grouped))
            out.field("users", l.users.map(NumberText.grouped))
            out.field("data volume", l.dataVolume)
            out.field("p99 latency", l.latencyP99Ms.map { NumberText.grouped($0) + " ms" })
            out.field("availability", l.availability)
            if l.isEmpty { out.muted("No load figures yet.") }
        case "constraints":
            out.bullets(d.requirements.constraints, empty: "No constraints.")
        case "questions":
            out.bullets(d.requirements.questions, empty: "No open questions.")
        case "api":
            let a = d.api
            out.field("base url", a.baseURL)
            if let s = a.versioning.strategy {
                var v = s.rawValue
                if let c = a.versioning.current { v += ", current \(c)" }
                if let h = a.versioning.header { v += ", header \(h)" }
                out.field("versioning", v)
            }
            out.field("errors", a.errorFormat)
            if !a.auth.isEmpty {
                out.heading("Auth")
                for s in a.auth {
                    out.add([Span("  " + s.name, bold: true), Span("  " + (s.type?.rawValue ?? ""), .accent)])
                    out.text(s.description, indent: "    ")
                }
            }
            if !a.rateLimits.isEmpty {
                out.heading("Rate limits")
                // Names in a column as wide as the longest, so none is cut or runs into its limit.
                let nameWidth = a.rateLimits.map { $0.name.displayWidth }.max() ?? 0
                for r in a.rateLimits {
                    var t = ""
                    if let l = r.limit { t += "\(l)" }
                    if let w = r.window { t += " per \(w)" }
                    if let s = r.scope { t += " per \(s.rawValue)" }
                    let padding = String(repeating: " ", count: max(0, nameWidth - r.name.displayWidth) + 2)
                    out.add([Span("  " + r.name + padding, bold: true), Span(t)])
                }
            }
        case "deployment":
            out.text(d.deployment ?? "No deployment notes.")
        case "security":
            out.bullets(d.security, empty: "No security measures listed.")
        case "phases":
            if d.phases.isEmpty { out.muted("No phases planned.") }
            for (i, p) in d.phases.enumerated() {
                out.add([Span("\(i + 1). ", .accent), Span(p.name, bold: true)])
                out.text(p.goal, indent: "   ")
                if !p.includes.isEmpty { out.add([Span("   includes ", .muted), Span(p.includes.joined(separator: ", "))]) }
            }
        case "flows":
            out.muted("No flows yet: a adds one.")
            out.blank()
            out.text("A flow is one scenario end to end: what triggers it (an endpoint or an event), its steps from "
                + "service to service, table or event, and what keeps its data consistent when a step fails.")
        case "load_balancing":
            out.text(d.scaling.loadBalancing ?? "Not described yet.")
        case "failover":
            out.text(d.scaling.failover ?? "Not described yet.")
        case "scaling_notes":
            out.text(d.scaling.notes)
        case "monitoring":
            out.muted("No monitoring signals yet. a adds one: what to watch (a p99 latency, a consumer lag), "
                + "its threshold and who is paged.")
        default:
            break
        }
    }


    // MARK: - Elements

    static func endpoint(_ e: Endpoint, _ d: Design, _ out: inout DetailLines) {
        out.add([Span(e.summary ?? "(no summary)", bold: true), Span("   service ", .muted), Span(e.service ?? "?", .accent)])
        var facts: [Span] = []
        if let auth = e.auth {
            facts.append(Span("auth ", .muted))
            facts.append(Span(e.isPublic ? "none (public)" : auth + (e.scopes.isEmpty ? "" : " (\(e.scopes.joined(separator: ", ")))")))
        }
        if let r = e.rateLimit { facts += [Span("   rate limit ", .muted), Span(r)] }
        if e.idempotent == true { facts.append(Span("   idempotent", .success)) }
        if e.deprecated == true { facts.append(Span("   deprecated", .warning)) }
        if !facts.isEmpty { out.add(facts) }
        if !e.tags.isEmpty { out.field("tags", e.tags.joined(separator: ", ")) }
        if let desc = e.description { out.blank(); out.text(desc) }
        if !e.params.isEmpty {
            out.heading("Params")
            let w = min(24, e.params.map { $0.name.displayWidth }.max() ?? 0)
            for p in e.params {
                var spans = [Span("  " + p.name.fitted(toWidth: w) + "  ", bold: true),
                             Span(p.location.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0), .muted),
                             Span((p.type ?? "").padding(toLength: 8, withPad: " ", startingAt: 0))]
                if p.required == true { spans.append(Span("required", .accent)) }
                out.add(spans)
                if let desc = p.description { out.text(desc, indent: "    ", role: .muted) }
            }
        }
        let flows = d.flows(triggeredBy: .endpoint(e.name)).map { d.flows[$0] }
        if !flows.isEmpty {
            out.heading("Triggers flows", "\(flows.count)")
            for f in flows {
                out.add([Span("  " + f.name, bold: true), Span("  \(f.steps.count) steps" + (f.consistency.map { ", " + $0.rawValue } ?? ""), .muted)])
            }
        }
        if let r = e.request {
            out.heading("Request", r.contentType)
            out.json(r.example)
        }
        if !e.responses.isEmpty {
            out.heading("Responses")
            for r in e.responses {
                let role: StyleRole = r.status >= 500 ? .error : r.status >= 400 ? .warning : .success
                out.add([Span("  \(r.status) ", role, bold: true), Span(r.description ?? "")])
                out.json(r.example, indent: "      ")
            }
        }
    }

    static func service(_ s: Service, _ d: Design, _ out: inout DetailLines) {
        var head = [Span(s.name, .title, bold: true)]
        if let domain = s.domain { head.append(Span("  domain " + domain, .muted)) }
        out.add(head)
        out.text(s.description)
        out.field("datastore", s.datastore)
        out.field("stateless", s.stateless.map { $0 ? "yes" : "no" })
        out.field("replicas", s.replicas)
        if !s.responsibilities.isEmpty {
            out.heading("Responsibilities")
            out.bullets(s.responsibilities, empty: "")
        }
        let relations = ServiceRelations(d), position = relations.position(of: s.name)
        func related(_ lists: [[Int]]) -> [Int] { position.map { lists[$0] } ?? [] }
        let tables = related(relations.tables).map { d.tables[$0] }
        out.heading("Owns tables", "\(tables.count)")
        if tables.isEmpty { out.muted("  none") }
        for t in tables { out.add([Span("  " + t.name), Span("  \(t.columns.count) columns", .muted)]) }
        let served = related(relations.endpoints).map { d.endpoints[$0] }
        out.heading("Serves endpoints", "\(served.count)")
        if served.isEmpty { out.muted("  none") }
        for e in served.prefix(50) {
            out.add([Span("  " + e.method.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0), .accent), Span(e.path)])
        }
        if served.count > 50 { out.muted("  … and \(served.count - 50) more (2 shows them all)") }
        out.heading("Calls out")
        if s.calls.isEmpty { out.muted("  none") }
        for c in s.calls { out.add(call(to: c.service, c)) }
        out.heading("Called by")
        let callers = position.map { relations.callers[$0] } ?? []
        for site in callers { out.add(call(to: d.services[site.service].name, d.services[site.service].calls[site.call])) }
        if callers.isEmpty { out.muted("  none") }
        let produced = related(relations.eventsProduced).map { d.events[$0] }
        let consumed = related(relations.eventsConsumed).map { d.events[$0] }
        out.heading("Events")
        if produced.isEmpty && consumed.isEmpty { out.muted("  none") }
        for e in produced {
            out.add([Span("  publishes ", .muted), Span(e.name, bold: true), Span("  to " + e.consumers.joined(separator: ", "), .muted)])
        }
        for e in consumed {
            out.add([Span("  consumes  ", .muted), Span(e.name, bold: true), Span("  from " + (e.producer ?? "?"), .muted)])
        }
        let flows = d.flows(involving: s.name).map { d.flows[$0] }
        out.heading("Takes part in flows", "\(flows.count)")
        if flows.isEmpty { out.muted("  none") }
        for f in flows {
            let steps = f.steps.indices.filter { f.steps[$0].from == s.name || f.steps[$0].target == .service(s.name) }
            out.add([Span("  " + f.name, bold: true),
                     Span("  step\(steps.count == 1 ? "" : "s") " + steps.map { String($0 + 1) }.joined(separator: ", "), .muted)])
        }
    }

    static func call(to other: String, _ c: ServiceCall) -> [Span] {
        var spans = [Span("  " + other, bold: true), Span("  " + (c.style?.rawValue ?? "?"), .accent)]
        if let e = c.event { spans.append(Span(" " + e, .accent)) }
        if let p = c.purpose { spans.append(Span("  " + p, .muted)) }
        return spans
    }

    /// Trigger and consistency, the description, the steps as a numbered table, what the caller
    /// sees when it fails.
    static func flow(_ f: Flow, _ out: inout DetailLines) {
        out.add([Span(f.name, .title, bold: true)])
        out.field("trigger", f.trigger)
        out.field("consistency", f.consistency?.rawValue)
        if let description = f.description { out.blank(); out.text(description) }
        out.heading("Steps", "\(f.steps.count)")
        if f.steps.isEmpty { out.muted("  none yet: e edits the flow, a adds a step") }
        let fromWidth = min(16, f.steps.map { $0.from.displayWidth }.max() ?? 0)
        let toWidth = min(28, f.steps.map { $0.to.displayWidth }.max() ?? 0)
        for (i, step) in f.steps.enumerated() {
            var spans = [Span(String(i + 1).fitted(toWidth: 4, alignment: .right) + "  ", .muted), Span(step.from.fitted(toWidth: fromWidth) + "  ", bold: true),
                         Span(step.to.fitted(toWidth: toWidth) + "  ", .accent)]
            var facts: [String] = []
            if let style = step.style { facts.append(style.rawValue) }
            if let access = step.access { facts.append(access.rawValue) }
            if let timeout = step.timeout { facts.append("timeout \(timeout)") }
            if step.idempotent == true { facts.append("idempotent") }
            if !step.isSynchronous { facts.append("not waited for") }
            spans.append(Span(facts.joined(separator: ", "), .muted))
            out.add(spans)
            if let action = step.action { out.text(action, indent: "        ") }
            if let compensation = step.compensation { out.text("undone by: " + compensation, indent: "        ", role: .warning) }
        }
        if let failure = f.failure {
            out.heading("When it fails")
            out.text(failure)
        }
    }

    static func event(_ e: Event, _ out: inout DetailLines) {
        out.add([Span(e.name, .title, bold: true)])
        out.field("producer", e.producer)
        out.field("consumers", e.consumers.isEmpty ? nil : e.consumers.joined(separator: ", "))
        out.field("channel", e.channel)
        out.field("delivery", e.delivery?.rawValue)
        if e.payload != nil {
            out.heading("Payload")
            out.json(e.payload)
        }
    }

    static func table(_ t: DesignModel.Table, _ d: Design, _ out: inout DetailLines) {
        var head = [Span(t.name, .title, bold: true)]
        if let s = t.service { head.append(Span("  owned by " + s, .muted)) }
        if let rows = t.estimatedRows { head.append(Span("  ~\(NumberText.grouped(rows)) rows", .muted)) }
        out.add(head)
        out.text(t.description)
        out.heading("Columns")
        let keys = Set(t.primaryKeyColumns)
        let nameWidth = min(28, t.columns.map { $0.name.displayWidth }.max() ?? 0)
        let typeWidth = min(14, t.columns.map { ($0.type ?? "").displayWidth }.max() ?? 0)
        for c in t.columns {
            let isKey = keys.contains(c.name)
            let marker = isKey ? "PK" : c.references != nil ? "FK" : "  "
            var spans = [Span(" " + marker + " ", isKey ? .accent : .info, bold: true),
                         Span(c.name.fitted(toWidth: nameWidth) + " ", bold: isKey),
                         Span((c.type ?? "").fitted(toWidth: typeWidth) + " ", .muted)]
            var flags: [String] = []
            let nullable = c.nullable ?? !isKey
            if !nullable && !isKey { flags.append("not null") }
            if c.unique == true { flags.append("unique") }
            if let def = c.defaultValue { flags.append("default \(def)") }
            if c.pii == true { flags.append("pii") }
            if !flags.isEmpty { spans.append(Span(flags.joined(separator: ", "))) }
            if let r = c.references {
                spans.append(Span("  → ".asciiSafe(out.ascii ? .ascii : .unicode, fallback: "  -> ") + r, .info))
                if let od = c.onDelete { spans.append(Span(" on delete \(od.rawValue)", .muted)) }
            }
            out.add(spans)
            if let desc = c.description { out.text(desc, indent: "      ", role: .muted) }
        }
        if !t.primaryKey.isEmpty { out.field("primary key", "(" + t.primaryKey.joined(separator: ", ") + ")") }
        let referencing = d.tables.flatMap { other in
            other.columns.compactMap { c in c.referencedColumn?.table == t.name ? "\(other.name).\(c.name)" : nil }
        }
        if !referencing.isEmpty { out.field("referenced by", referencing.joined(separator: ", ")) }
        out.heading("Indexes")
        if t.indexes.isEmpty { out.muted("  none") }
        for i in t.indexes {
            var spans = [Span("  " + i.name, bold: true), Span(" (" + i.columns.joined(separator: ", ") + ")")]
            if i.unique == true { spans.append(Span(" unique", .accent)) }
            if let k = i.kind { spans.append(Span(" " + k.rawValue, .muted)) }
            if let w = i.whereClause { spans.append(Span(" where " + w, .muted)) }
            out.add(spans)
        }
        if let p = t.partitioning {
            out.heading("Partitioning")
            out.add([Span("  " + (p.strategy?.rawValue ?? "?"), .accent), Span(" by " + p.key.joined(separator: ", "))])
            out.text(p.note, indent: "  ")
        }
        if let s = t.sharding {
            out.heading("Sharding")
            var spans = [Span("  " + (s.strategy?.rawValue ?? "?"), .accent), Span(" by " + s.key.joined(separator: ", "))]
            if let n = s.shards { spans.append(Span(", \(n) shards")) }
            out.add(spans)
            out.text(s.note, indent: "  ")
        }
    }

    static func stack(_ s: StackEntry, _ out: inout DetailLines) {
        out.add([Span(s.area + ": ", .muted), Span(s.choice ?? "?", .title, bold: true)])
        out.text(s.rationale)
        if !s.alternatives.isEmpty {
            out.heading("Alternatives")
            for a in s.alternatives {
                out.add([Span("  " + a.name, bold: true)])
                out.text(a.tradeoff, indent: "    ", role: .muted)
            }
        }
    }

    static func bottleneck(_ b: Bottleneck, _ out: inout DetailLines) {
        out.add([Span(b.name, .title, bold: true)])
        out.text(b.description)
        if !b.affects.isEmpty {
            out.heading("Affects")
            for a in b.affects { out.add([Span("  " + a)]) }
        }
        if let m = b.mitigation {
            out.heading("Mitigation")
            out.text(m, indent: "  ")
        }
    }

    static func cache(_ c: Cache, _ out: inout DetailLines) {
        out.add([Span(c.name, .title, bold: true)])
        out.field("layer", c.layer?.rawValue)
        out.field("what", c.what)
        out.field("ttl", c.ttl?.description)
        out.field("invalidation", c.invalidation)
        if !c.serves.isEmpty {
            out.heading("Serves")
            for s in c.serves { out.add([Span("  " + s)]) }
        }
    }

    static func monitoring(_ m: MonitoringSignal, _ out: inout DetailLines) {
        out.add([Span(m.signal, .title, bold: true)])
        out.field("target", m.target)
        out.field("alert", m.alert)
    }
}

/// Accumulates detail lines with the few shapes the detail pane uses.
struct DetailLines {
    var lines: [Line] = []
    var ascii = false

    mutating func add(_ spans: [Span]) { lines.append(Line(spans)) }
    mutating func blank() { if let last = lines.last, !last.isBlank { lines.append(.empty) } }
    mutating func muted(_ text: String) { lines.append(Line(text, .muted)) }

    mutating func heading(_ text: String, _ note: String? = nil) {
        blank()
        var spans = [Span(text, .header, bold: true)]
        if let note { spans.append(Span("  " + note, .muted)) }
        lines.append(Line(spans))
    }

    /// `name` in a column of its own, the value beside it; a long value wraps under itself.
    mutating func field(_ name: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        // At least one space after a name as long as the column ("referenced by").
        let label = name.padding(toLength: max(13, name.count + 1), withPad: " ", startingAt: 0)
        lines.append(Line([Span(label, .muted), Span(value)]).hanging(label.count))
    }

    /// Prose: the line breaks of a YAML block scalar are the author's wrapping, not meaning,
    /// so lines are joined into paragraphs (blank lines and list items stay) and the view
    /// re-wraps them to its width.
    mutating func text(_ full: String?, indent: String = "", role: StyleRole = .text) {
        guard let full else { return }
        // A pane is for reading: a text of megabytes (a pasted log, a hostile file) is laid out
        // only as far as anyone reads in a pane, and says how much more there is.
        let text = full.utf8.count > DetailLines.maximumTextBytes ? Self.readablePrefix(of: full) : full
        var paragraph = ""
        func flush() {
            if !paragraph.isEmpty { lines.append(Line(indent + paragraph, role)) }
            paragraph = ""
        }
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = part.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flush()
                if let last = lines.last, !last.isBlank { lines.append(.empty) }
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flush()
                paragraph = line
            } else {
                paragraph += paragraph.isEmpty ? line : " " + line
            }
        }
        flush()
        while let last = lines.last, last.isBlank { lines.removeLast() }
        if text.utf8.count < full.utf8.count {
            let rest = full.utf8.count - text.utf8.count
            lines.append(Line("… \(NumberText.grouped(rest)) more bytes not shown; e edits the whole text", .muted))
        }
    }

    /// What a detail pane lays out of one text, at most: about 300 lines of a wide pane.
    static let maximumTextBytes = 16_384

    static func readablePrefix(of text: String) -> String {
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: maximumTextBytes)
        while end > text.utf8.startIndex, UTF8.isContinuation(text.utf8[end]) { end = text.utf8.index(before: end) }
        // Subscripting rounds down to a whole character.
        return String(text[..<end])
    }

    mutating func bullets(_ items: [String], empty: String) {
        if items.isEmpty, !empty.isEmpty { muted(empty) }
        for item in items { lines.append(Line([Span("  - ", .muted), Span(item)])) }
    }

    mutating func json(_ example: String?, indent: String = "  ") {
        guard let example else { return }
        let pretty = JSONPretty.format(example) ?? example
        var shown = pretty.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while shown.last?.allSatisfy(\.isWhitespace) == true { shown.removeLast() }
        for l in shown { lines.append(Line(indent + l, .info)) }
    }
}

extension String {
    /// This text on a UTF-8 terminal, `fallback` on an ASCII one.
    func asciiSafe(_ glyphs: Glyphs, fallback: String) -> String { glyphs.isUnicode ? self : fallback }
}

/// The detail pane's last layout. A cache, not state: what it holds is a function of the state
/// it is asked with, so drawing stays a pure function of the state.
final class DetailLayoutCache: Sendable {
    struct Key: Hashable, Sendable {
        var rowsGeneration: Int
        var pane: Pane
        var selected: Int?
        var width: Int
        var unicode: Bool
    }
    private let last = Mutex<(key: Key, lines: [Line])?>(nil)

    func lines(for key: Key, layout: () -> [Line]) -> [Line] {
        if let hit = last.withLock({ $0?.key == key ? $0?.lines : nil }) { return hit }
        let lines = layout()
        last.withLock { $0 = (key, lines) }
        return lines
    }
}
