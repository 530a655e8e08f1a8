import DesignModel

/// A generated design at the size the speed targets are set for: 100 services, 2,000 endpoints,
/// 500 tables of 12 columns, 200 bottlenecks, 100 caches and 200 flows of 6 to 10 steps, all
/// references valid.
enum LargeDesign {
    static func generate(services serviceCount: Int = 100, endpointsPerService: Int = 20, tablesPerService: Int = 5,
                         bottlenecks bottleneckCount: Int = 200, caches cacheCount: Int = 100, flows flowCount: Int = 200) -> Design {
        var design = Design(title: "Generated platform", version: "1.0.0", status: .draft, owners: ["bench"],
                            summary: "A large generated design for benchmarks.\n")
        design.requirements = Requirements(business: ["Serve many things."],
                                           load: Load(peakRPS: 50_000, avgRPS: 8_000, users: 5_000_000, latencyP99Ms: 250),
                                           constraints: ["One region."], questions: ["How big?"])
        design.api = APIConventions(baseURL: "https://api.example.com", versioning: Versioning(strategy: .urlPath, current: "v1"),
                                    errorFormat: "application/problem+json",
                                    auth: [AuthScheme(name: "bearer", type: .jwt, description: "Tokens.")],
                                    rateLimits: [RateLimit(name: "public", limit: 100, window: Duration(amount: 1, unit: .minutes), scope: .ip),
                                                 RateLimit(name: "user", limit: 600, window: Duration(amount: 1, unit: .minutes), scope: .user)])
        for s in 0..<serviceCount {
            let name = "service\(s)"
            var service = Service(name: name, domain: "Domain \(s / 5)", description: "Service number \(s).",
                                  responsibilities: ["Own the \(name) data."], datastore: "PostgreSQL 16", stateless: true,
                                  replicas: "3")
            if s + 1 < serviceCount {
                service.calls.append(ServiceCall(service: "service\(s + 1)", style: .rest, purpose: "Read data."))
            }
            if s > 0 {
                service.calls.append(ServiceCall(service: "service\(s - 1)", style: .event, purpose: "Tell.", event: "event\(s)"))
                design.events.append(Event(name: "event\(s)", producer: name, consumers: ["service\(s - 1)"], channel: "topic \(s)",
                                           delivery: .atLeastOnce, payload: "{\"id\": \"\(s)\", \"kind\": \"changed\"}\n"))
            }
            design.services.append(service)
            for e in 0..<endpointsPerService {
                let resource = "things\(s)x\(e / 4)"
                let item = e % 4 >= 2
                let method: HTTPMethod = [.GET, .POST, .GET, .DELETE][e % 4]
                var endpoint = Endpoint(method: method, path: item ? "/v1/\(resource)/{thing_id}" : "/v1/\(resource)",
                                        service: name, summary: "Endpoint \(e) of \(name)", auth: "bearer", scopes: ["\(name):read"],
                                        rateLimit: "user")
                if item { endpoint.params.append(Param(name: "thing_id", location: .path, type: "uuid", required: true)) }
                if method == .POST {
                    endpoint.request = RequestBody(contentType: "application/json", example: "{\"name\": \"thing\", \"size\": 3}\n")
                    endpoint.responses.append(Response(status: 201, description: "Created.", example: "{\"id\": \"t1\", \"name\": \"thing\"}\n"))
                    endpoint.responses.append(Response(status: 422, description: "Invalid."))
                } else if method == .DELETE {
                    endpoint.responses.append(Response(status: 204, description: "Deleted."))
                } else {
                    endpoint.responses.append(Response(status: 200, description: "OK.", example: "{\"items\": [], \"next_cursor\": null}\n"))
                }
                endpoint.responses.append(Response(status: 401, description: "No token."))
                endpoint.responses.append(Response(status: 403, description: "No scope."))
                if item { endpoint.responses.append(Response(status: 404, description: "Not found.")) }
                design.endpoints.append(endpoint)
            }
            for t in 0..<tablesPerService {
                let tableName = "table\(s)_\(t)"
                var columns = [Column(name: "id", type: "uuid", primaryKey: true)]
                for c in 1..<12 {
                    var column = Column(name: "column\(c)", type: c % 3 == 0 ? "integer" : "text", nullable: c % 2 == 0)
                    if c == 1 && t > 0 {
                        column = Column(name: "parent_id", type: "uuid", nullable: false, references: "table\(s)_\(t - 1).id", onDelete: .cascade)
                    }
                    columns.append(column)
                }
                var table = Table(name: tableName, service: name, description: "Table \(t) of \(name).", columns: columns,
                                  estimatedRows: 100_000 * (t + 1))
                if t > 0 { table.indexes.append(Index(name: "\(tableName)_parent_idx", columns: ["parent_id"])) }
                design.tables.append(table)
            }
        }
        for b in 0..<bottleneckCount {
            design.scaling.bottlenecks.append(Bottleneck(name: "bottleneck\(b)", description: "Hot path \(b).",
                                                         affects: ["service:service\(b % serviceCount)", "table:table\(b % serviceCount)_0"],
                                                         mitigation: "Cache and shard."))
        }
        for c in 0..<cacheCount {
            design.scaling.caches.append(Cache(name: "cache\(c)", layer: .redis, what: "Things of service \(c).",
                                               ttl: Duration(amount: 5, unit: .minutes), invalidation: "On write.",
                                               serves: ["endpoint:\(design.endpoints[c * endpointsPerService % design.endpoints.count].name)"]))
        }
        for f in 0..<flowCount {
            design.flows.append(flow(f, services: serviceCount, endpointsPerService: endpointsPerService,
                                     tablesPerService: tablesPerService, endpoints: design.endpoints))
        }
        design.scaling.loadBalancing = "Least requests."
        design.scaling.failover = "Standby per database."
        design.scaling.monitoring = [MonitoringSignal(signal: "p99 latency", target: "under 250 ms", alert: "Page.")]
        design.stack = [StackEntry(area: "Language", choice: "Go", rationale: "Fast.", alternatives: [Alternative(name: "Rust", tradeoff: "Slower to write.")])]
        design.security = ["TLS everywhere."]
        return design
    }

    /// Flow `f`: a POST of service s, which reads its data, calls the next service, writes,
    /// publishes its event through an outbox, and the consumer writes and calls a mail provider;
    /// 6 to 10 steps, every one agreeing with the calls, owners and producers generated above.
    static func flow(_ f: Int, services serviceCount: Int, endpointsPerService: Int, tablesPerService: Int,
                     endpoints: [Endpoint]) -> Flow {
        let s = f % serviceCount
        let service = "service\(s)", next = "service\((s + 1) % serviceCount)", previous = "service\(max(s - 1, 0))"
        func table(_ owner: Int, _ t: Int) -> String { "table:table\(owner)_\(t % tablesPerService)" }
        var steps = [
            FlowStep(from: FlowStep.client, to: "service:\(service)", action: "POST the new thing.", style: .rest),
            FlowStep(from: service, to: table(s, 0), action: "Read the current state.", access: .read),
            FlowStep(from: service, to: table(s, 1), action: "Insert the thing and its outbox row.", access: .write),
        ]
        if s + 1 < serviceCount {
            steps.insert(FlowStep(from: service, to: "service:\(next)", action: "Read what the next service knows.", style: .rest,
                                  timeout: Duration(amount: 50, unit: .milliseconds)), at: 2)
        }
        if s > 0 {
            steps.append(FlowStep(from: service, to: "event:event\(s)", action: "The relay publishes the change.", style: .event, async: true))
            steps.append(FlowStep(from: previous, to: table(s - 1, 2), action: "Record the change.", access: .write,
                                  idempotent: true, async: true))
        }
        let extra = 6 + f % 5 - steps.count
        for x in 0..<max(extra, 0) {
            steps.append(x % 2 == 0
                ? FlowStep(from: service, to: table(s, 3 + x), action: "Read more.", access: .read)
                : FlowStep(from: service, to: "external:mailer", action: "Send a notice.",
                           timeout: Duration(amount: 2, unit: .seconds), idempotent: true, async: true))
        }
        let post = endpoints[s * endpointsPerService + 1]
        return Flow(name: "flow\(f)", description: "Generated flow \(f).", trigger: "endpoint:\(post.name)", consistency: .outbox,
                    steps: steps, failure: "The caller sees 503 and retries.")
    }
}
