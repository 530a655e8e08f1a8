import Foundation

/// The whole design document: one value that every pane, rule and exporter reads.
/// Field order follows the canonical key order of the file format.
package struct Design: Equatable, Sendable {
    /// The file format version (`archbench:` key). Above `supportedFormatVersion` the design is
    /// read-only: a newer archbench wrote it, and saving would drop what this one does not know.
    package var formatVersion: Int
    package var title: String
    /// The design's own version, free text (`1.4`, `2026-Q3`), not the file format's.
    package var version: String?
    package var status: DesignStatus?
    /// Who answers for the design: people or teams, free text.
    package var owners: [String]
    package var summary: String?
    package var requirements: Requirements
    package var api: APIConventions
    package var services: [Service]
    package var events: [Event]
    package var endpoints: [Endpoint]
    package var tables: [Table]
    /// How requests and data move through the services, step by step.
    package var flows: [Flow]
    package var stack: [StackEntry]
    /// How and where it runs, free text (regions, clusters, rollout).
    package var deployment: String?
    package var scaling: Scaling
    /// Security measures that are not per endpoint (encryption at rest, secrets, audit), one a line.
    package var security: [String]
    package var phases: [Phase]
    /// Review comments, kept in the design file so they travel with it through git.
    package var comments: [Comment]
    package var validation: ValidationSettings
    /// `x_*` keys at the top level.
    package var extensions: Extensions
    /// The file's first line when it is the editors' schema modeline (`# yaml-language-server:
    /// $schema=…`): the one comment a save keeps, as the first line. Not a field of the format.
    package var modeline: String?

    /// How a modeline begins.
    package static let modelinePrefix = "# yaml-language-server:"

    /// The newest format this archbench reads and writes.
    package static let supportedFormatVersion = 1

    package init(
        formatVersion: Int = Design.supportedFormatVersion, title: String, version: String? = nil,
        status: DesignStatus? = nil, owners: [String] = [], summary: String? = nil,
        requirements: Requirements = Requirements(), api: APIConventions = APIConventions(),
        services: [Service] = [], events: [Event] = [], endpoints: [Endpoint] = [], tables: [Table] = [],
        flows: [Flow] = [], stack: [StackEntry] = [], deployment: String? = nil, scaling: Scaling = Scaling(),
        security: [String] = [], phases: [Phase] = [], comments: [Comment] = [],
        validation: ValidationSettings = ValidationSettings(), extensions: Extensions = Extensions()
    ) {
        self.formatVersion = formatVersion
        self.title = title
        self.version = version
        self.status = status
        self.owners = owners
        self.summary = summary
        self.requirements = requirements
        self.api = api
        self.services = services
        self.events = events
        self.endpoints = endpoints
        self.tables = tables
        self.flows = flows
        self.stack = stack
        self.deployment = deployment
        self.scaling = scaling
        self.security = security
        self.phases = phases
        self.comments = comments
        self.validation = validation
        self.extensions = extensions
    }
}

/// Where the document is in its life (`status:`): being written, under review, or agreed.
package enum DesignStatus: String, CaseIterable, Sendable { case draft, review, approved }

// MARK: - Requirements and API conventions

/// What the system must do and under what conditions (`requirements:`): the yardstick the
/// rest of the design is read against.
package struct Requirements: Equatable, Sendable {
    /// Business requirements, one a line.
    package var business: [String] = []
    package var load = Load()
    /// Fixed limits the design must live with (budget, regulation, existing systems).
    package var constraints: [String] = []
    /// Open questions still to be answered.
    package var questions: [String] = []
    package var extensions = Extensions()
    package init(business: [String] = [], load: Load = Load(), constraints: [String] = [], questions: [String] = []) {
        self.business = business
        self.load = load
        self.constraints = constraints
        self.questions = questions
    }
    package var isEmpty: Bool { self == Requirements() }
}

/// The expected traffic and data (`requirements.load`), which the scaling rules hold caches,
/// bottlenecks and monitoring against.
package struct Load: Equatable, Sendable {
    // Decimal, not Double: a number is written back exactly as it was given (12345678901234567890
    // stays that, never 1.2345678901234567e+19).
    /// Requests per second at the peak, and on average.
    package var peakRPS: Decimal?
    package var avgRPS: Decimal?
    package var users: Decimal?
    /// How much data and how fast it grows, free text (`6 TB, growing 400 GB a month`).
    package var dataVolume: String?
    /// The 99th percentile latency target in milliseconds.
    package var latencyP99Ms: Decimal?
    /// The availability target, free text (`99.95%`).
    package var availability: String?
    package var extensions = Extensions()
    package init(peakRPS: Decimal? = nil, avgRPS: Decimal? = nil, users: Decimal? = nil, dataVolume: String? = nil,
                latencyP99Ms: Decimal? = nil, availability: String? = nil) {
        self.peakRPS = peakRPS
        self.avgRPS = avgRPS
        self.users = users
        self.dataVolume = dataVolume
        self.latencyP99Ms = latencyP99Ms
        self.availability = availability
    }
    package var isEmpty: Bool { self == Load() }
}

/// What every endpoint shares (`api:`): where the API lives, how it is versioned, how errors
/// look, and the auth schemes and rate limits endpoints name.
package struct APIConventions: Equatable, Sendable {
    package var baseURL: String?
    package var versioning = Versioning()
    /// The error body every endpoint returns, free text (`application/problem+json (RFC 9457)`).
    package var errorFormat: String?
    /// The auth schemes an endpoint's `auth` names.
    package var auth: [AuthScheme] = []
    /// The rate limits an endpoint's `rateLimit` names.
    package var rateLimits: [RateLimit] = []
    package var extensions = Extensions()
    package init(baseURL: String? = nil, versioning: Versioning = Versioning(), errorFormat: String? = nil,
                auth: [AuthScheme] = [], rateLimits: [RateLimit] = []) {
        self.baseURL = baseURL
        self.versioning = versioning
        self.errorFormat = errorFormat
        self.auth = auth
        self.rateLimits = rateLimits
    }
    package var isEmpty: Bool { self == APIConventions() }
}

/// How API versions are told apart (`api.versioning`).
package struct Versioning: Equatable, Sendable {
    package var strategy: VersioningStrategy?
    /// The version now served (`v1`).
    package var current: String?
    /// The header that carries the version, for the `header` strategy.
    package var header: String?
    package var extensions = Extensions()
    package init(strategy: VersioningStrategy? = nil, current: String? = nil, header: String? = nil) {
        self.strategy = strategy
        self.current = current
        self.header = header
    }
    package var isEmpty: Bool { self == Versioning() }
}

/// Where a request says its API version: in the path (`/v1/…`), a header or a query parameter.
package enum VersioningStrategy: String, CaseIterable, Sendable {
    case urlPath = "url-path", header, query
}

/// One way callers prove who they are (`api.auth`); endpoints name it in their `auth`.
package struct AuthScheme: Equatable, Sendable {
    package var name: String
    package var type: AuthType?
    package var description: String?
    package var extensions = Extensions()
    package init(name: String, type: AuthType? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.description = description
    }
}

/// The mechanism of an auth scheme.
package enum AuthType: String, CaseIterable, Sendable {
    case jwt, oauth2, apiKey = "api-key", session, mtls, basic
}

/// A named request budget (`api.rate_limits`); endpoints name it in their `rateLimit`.
package struct RateLimit: Equatable, Sendable {
    package var name: String
    /// At most this many requests per `window` for each `scope`.
    package var limit: Int?
    package var window: Duration?
    package var scope: RateLimitScope?
    package var extensions = Extensions()
    package init(name: String, limit: Int? = nil, window: Duration? = nil, scope: RateLimitScope? = nil) {
        self.name = name
        self.limit = limit
        self.window = window
        self.scope = scope
    }
}

/// What a rate limit counts per: a client address, a user, an API key, or everyone together.
package enum RateLimitScope: String, CaseIterable, Sendable {
    case ip, user, apiKey = "api-key", global
}

/// A duration as the format writes it: a whole number and one unit of s, m, h or d.
package struct Duration: Hashable, Sendable, CustomStringConvertible {
    /// The unit suffix, as written after the number.
    package enum Unit: String, CaseIterable, Sendable {
        case milliseconds = "ms", seconds = "s", minutes = "m", hours = "h", days = "d"
        package var milliseconds: Int {
            switch self {
            case .milliseconds: 1
            case .seconds: 1000
            case .minutes: 60_000
            case .hours: 3_600_000
            case .days: 86_400_000
            }
        }
    }
    package var amount: Int
    package var unit: Unit
    package init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }
    /// Parses `250ms`, `30s`, `5m`, `1h`, `7d`; nil for anything else.
    package init?(_ text: String) {
        let unit: Unit
        let digits: Substring
        if text.hasSuffix("ms") {
            unit = .milliseconds
            digits = text.dropLast(2)
        } else if let last = text.last, let single = Unit(rawValue: String(last)) {
            unit = single
            digits = text.dropLast()
        } else {
            return nil
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              let amount = Int(digits) else { return nil }
        self.init(amount: amount, unit: unit)
    }
    package var description: String { "\(amount)\(unit.rawValue)" }
}

// MARK: - Services and events

/// One deployable service and its boundary (`services:`): what it owns and decides, and whom it
/// calls. Endpoints, tables and events name their service; `ServiceRelations` gathers them.
package struct Service: Equatable, Sendable {
    package var name: String
    /// The business domain it belongs to, free text; services of one domain are drawn together.
    package var domain: String?
    package var description: String?
    /// What it owns and decides, one a line: the boundary other services must not cross.
    package var responsibilities: [String] = []
    /// Its own storage, free text (`PostgreSQL 16`).
    package var datastore: String?
    /// Whether any instance can serve any request (no local state), which scaling out needs.
    package var stateless: Bool?
    /// How many instances run, free text (`3 to 10, scaled on CPU`).
    package var replicas: String?
    /// The calls it makes to other services.
    package var calls: [ServiceCall] = []
    package var extensions = Extensions()
    package init(name: String, domain: String? = nil, description: String? = nil, responsibilities: [String] = [],
                datastore: String? = nil, stateless: Bool? = nil, replicas: String? = nil, calls: [ServiceCall] = []) {
        self.name = name
        self.domain = domain
        self.description = description
        self.responsibilities = responsibilities
        self.datastore = datastore
        self.stateless = stateless
        self.replicas = replicas
        self.calls = calls
    }
}

/// One dependency of a service on another (`services[].calls`), drawn as an edge of the service map.
package struct ServiceCall: Equatable, Sendable {
    /// The service called, by name.
    package var service: String
    package var style: CallStyle?
    package var purpose: String?
    /// For an event or queue call, the event it sends, by name.
    package var event: String?
    package var extensions = Extensions()
    package init(service: String, style: CallStyle? = nil, purpose: String? = nil, event: String? = nil) {
        self.service = service
        self.style = style
        self.purpose = purpose
        self.event = event
    }
}

/// How a call travels: synchronous protocols (REST, gRPC, GraphQL) or asynchronous messages.
package enum CallStyle: String, CaseIterable, Sendable {
    case rest, grpc, graphql, event, queue
    /// Event and queue calls do not block the caller.
    package var isAsynchronous: Bool { self == .event || self == .queue }
}

/// A message one service publishes and others consume (`events:`).
package struct Event: Equatable, Sendable {
    package var name: String
    /// The publishing service, by name.
    package var producer: String?
    /// The consuming services, by name.
    package var consumers: [String] = []
    /// Where it travels, free text (`Kafka topic trips.requested.v1, keyed by city`).
    package var channel: String?
    package var delivery: Delivery?
    /// An example payload, JSON text kept as written (checked by `JSONSyntax` on load).
    package var payload: String?
    package var extensions = Extensions()
    package init(name: String, producer: String? = nil, consumers: [String] = [], channel: String? = nil,
                delivery: Delivery? = nil, payload: String? = nil) {
        self.name = name
        self.producer = producer
        self.consumers = consumers
        self.channel = channel
        self.delivery = delivery
        self.payload = payload
    }
}

/// The delivery guarantee consumers of an event can rely on.
package enum Delivery: String, CaseIterable, Sendable {
    case atMostOnce = "at-most-once", atLeastOnce = "at-least-once", exactlyOnce = "exactly-once"
}

// MARK: - Endpoints

/// One HTTP operation of the API (`endpoints:`), named `METHOD PATH`.
package struct Endpoint: Equatable, Sendable {
    package var method: HTTPMethod
    /// The path template below the base URL, with `{param}` segments (`/v1/orders/{order_id}`).
    package var path: String
    /// The service that serves it, by name.
    package var service: String?
    /// One line for lists and the export's tables; `description` says the rest.
    package var summary: String?
    package var description: String?
    /// The `api.auth` scheme it requires, by name, or `none` (`publicAuth`) for a public endpoint;
    /// nil when not yet decided, which the security rules report.
    package var auth: String?
    /// The scopes (permissions) the token must carry.
    package var scopes: [String] = []
    /// The `api.rate_limits` entry that applies, by name.
    package var rateLimit: String?
    /// Whether a retry of the same request is safe (for a POST, usually through an idempotency key).
    package var idempotent: Bool?
    package var deprecated: Bool?
    /// Groups for the export and the endpoint list.
    package var tags: [String] = []
    package var params: [Param] = []
    package var request: RequestBody?
    /// The responses by status code, success and errors alike.
    package var responses: [Response] = []
    package var extensions = Extensions()

    /// The `auth` value that marks an endpoint as public.
    package static let publicAuth = "none"

    package init(method: HTTPMethod, path: String, service: String? = nil, summary: String? = nil,
                description: String? = nil, auth: String? = nil, scopes: [String] = [], rateLimit: String? = nil,
                idempotent: Bool? = nil, deprecated: Bool? = nil, tags: [String] = [], params: [Param] = [],
                request: RequestBody? = nil, responses: [Response] = []) {
        self.method = method
        self.path = path
        self.service = service
        self.summary = summary
        self.description = description
        self.auth = auth
        self.scopes = scopes
        self.rateLimit = rateLimit
        self.idempotent = idempotent
        self.deprecated = deprecated
        self.tags = tags
        self.params = params
        self.request = request
        self.responses = responses
    }

    /// `METHOD PATH`, the endpoint's name in references.
    package var name: String { "\(method.rawValue) \(path)" }
    package var isPublic: Bool { auth == Endpoint.publicAuth }
}

/// An HTTP method; the rawValue is how the file and the endpoint's name write it.
package enum HTTPMethod: String, CaseIterable, Sendable {
    case GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
    package var isWrite: Bool { [.POST, .PUT, .PATCH, .DELETE].contains(self) }
}

/// A parameter of an endpoint outside its body: in the path, the query, a header or a cookie.
package struct Param: Equatable, Sendable {
    package var name: String
    package var location: ParamLocation
    /// Its type, free text (`uuid`, `integer`, `string`).
    package var type: String?
    package var required: Bool?
    package var description: String?
    package var extensions = Extensions()
    package init(name: String, location: ParamLocation, type: String? = nil, required: Bool? = nil,
                description: String? = nil) {
        self.name = name
        self.location = location
        self.type = type
        self.required = required
        self.description = description
    }
}

/// Where in a request a parameter is sent.
package enum ParamLocation: String, CaseIterable, Sendable { case path, query, header, cookie }

/// The body an endpoint takes.
package struct RequestBody: Equatable, Sendable {
    /// Its media type (`application/json`).
    package var contentType: String?
    /// An example body, JSON text kept as written (checked by `JSONSyntax` on load).
    package var example: String?
    package var extensions = Extensions()
    package init(contentType: String? = nil, example: String? = nil) {
        self.contentType = contentType
        self.example = example
    }
}

/// One response of an endpoint, by HTTP status code.
package struct Response: Equatable, Sendable {
    package var status: Int
    /// When it is returned (`The body is not valid JSON.`).
    package var description: String?
    /// An example body, JSON text kept as written (checked by `JSONSyntax` on load).
    package var example: String?
    package var extensions = Extensions()
    package init(status: Int, description: String? = nil, example: String? = nil) {
        self.status = status
        self.description = description
        self.example = example
    }
}

// MARK: - Tables

/// One database table (`tables:`), drawn in the ERD; a service owns it, and only that service
/// should write it.
package struct Table: Equatable, Sendable {
    package var name: String
    /// The owning service, by name.
    package var service: String?
    package var description: String?
    package var columns: [Column] = []
    /// A composite primary key; single-column keys are marked on the column instead.
    package var primaryKey: [String] = []
    package var indexes: [Index] = []
    package var partitioning: Partitioning?
    package var sharding: Sharding?
    /// How many rows it is expected to hold; a large table with no partitioning, sharding or plan is a finding.
    package var estimatedRows: Int?
    package var extensions = Extensions()
    package init(name: String, service: String? = nil, description: String? = nil, columns: [Column] = [],
                primaryKey: [String] = [], indexes: [Index] = [], partitioning: Partitioning? = nil,
                sharding: Sharding? = nil, estimatedRows: Int? = nil) {
        self.name = name
        self.service = service
        self.description = description
        self.columns = columns
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.partitioning = partitioning
        self.sharding = sharding
        self.estimatedRows = estimatedRows
    }

    package func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// The primary key columns, whether declared on the table or on its columns.
    package var primaryKeyColumns: [String] {
        primaryKey.isEmpty ? columns.filter { $0.primaryKey == true }.map(\.name) : primaryKey
    }
}

/// One column of a table.
package struct Column: Equatable, Sendable {
    package var name: String
    /// The SQL type as written (`uuid`, `varchar(255)`); the foreign key rules compare it normalised.
    package var type: String?
    /// Whether this column alone is the primary key (composite keys: `Table.primaryKey`).
    package var primaryKey: Bool?
    package var nullable: Bool?
    package var unique: Bool?
    /// The SQL default expression as written (`now()`).
    package var defaultValue: String?
    /// `TABLE.COLUMN` of a foreign key.
    package var references: String?
    /// What happens to this row when the referenced row is deleted.
    package var onDelete: OnDelete?
    /// Whether it holds personal data, which the security rules want the `security` section to protect.
    package var pii: Bool?
    package var description: String?
    package var extensions = Extensions()
    package init(name: String, type: String? = nil, primaryKey: Bool? = nil, nullable: Bool? = nil,
                unique: Bool? = nil, defaultValue: String? = nil, references: String? = nil,
                onDelete: OnDelete? = nil, pii: Bool? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.primaryKey = primaryKey
        self.nullable = nullable
        self.unique = unique
        self.defaultValue = defaultValue
        self.references = references
        self.onDelete = onDelete
        self.pii = pii
        self.description = description
    }

    /// The foreign key target split into table and column.
    package var referencedColumn: (table: String, column: String)? {
        guard let references, let dot = references.lastIndex(of: ".") else { return nil }
        return (String(references[..<dot]), String(references[references.index(after: dot)...]))
    }
}

/// The foreign key's `ON DELETE` action.
package enum OnDelete: String, CaseIterable, Sendable {
    case cascade, restrict, setNull = "set-null", noAction = "no-action"
}

/// A secondary index of a table.
package struct Index: Equatable, Sendable {
    package var name: String
    /// The indexed columns, in index order.
    package var columns: [String] = []
    package var unique: Bool?
    package var kind: IndexKind?
    /// The condition of a partial index, SQL as written (`where:` in the file).
    package var whereClause: String?
    package var extensions = Extensions()
    package init(name: String, columns: [String] = [], unique: Bool? = nil, kind: IndexKind? = nil,
                whereClause: String? = nil) {
        self.name = name
        self.columns = columns
        self.unique = unique
        self.kind = kind
        self.whereClause = whereClause
    }
}

/// The index access method (PostgreSQL's names).
package enum IndexKind: String, CaseIterable, Sendable { case btree, hash, gin, gist, brin }

/// How a table is split into partitions inside one database.
package struct Partitioning: Equatable, Sendable {
    package var strategy: PartitionStrategy?
    /// The partition key columns.
    package var key: [String] = []
    /// Anything else worth saying (retention, partition size), free text.
    package var note: String?
    package var extensions = Extensions()
    package init(strategy: PartitionStrategy? = nil, key: [String] = [], note: String? = nil) {
        self.strategy = strategy
        self.key = key
        self.note = note
    }
}

/// How rows are assigned to partitions.
package enum PartitionStrategy: String, CaseIterable, Sendable { case range, list, hash }

/// How a table is spread over several databases.
package struct Sharding: Equatable, Sendable {
    package var strategy: ShardStrategy?
    /// The shard key columns.
    package var key: [String] = []
    /// How many shards.
    package var shards: Int?
    /// Anything else worth saying (resharding, hot keys), free text.
    package var note: String?
    package var extensions = Extensions()
    package init(strategy: ShardStrategy? = nil, key: [String] = [], shards: Int? = nil, note: String? = nil) {
        self.strategy = strategy
        self.key = key
        self.shards = shards
        self.note = note
    }
}

/// How rows are assigned to shards: by a hash or range of the key, a lookup directory, or place.
package enum ShardStrategy: String, CaseIterable, Sendable { case hash, range, directory, geo }

// MARK: - Stack, scaling, phases

/// One technology decision (`stack:`): for an area, what was chosen, why, and what was not.
package struct StackEntry: Equatable, Sendable {
    /// What the decision is about (`API gateway`, `Primary database`); its name in references.
    package var area: String
    /// What was chosen.
    package var choice: String?
    package var rationale: String?
    /// What else was considered.
    package var alternatives: [Alternative] = []
    package var extensions = Extensions()
    package init(area: String, choice: String? = nil, rationale: String? = nil, alternatives: [Alternative] = []) {
        self.area = area
        self.choice = choice
        self.rationale = rationale
        self.alternatives = alternatives
    }
}

/// A technology considered and not chosen for a stack entry.
package struct Alternative: Equatable, Sendable {
    package var name: String
    /// Why it lost, or what it would have given.
    package var tradeoff: String?
    package var extensions = Extensions()
    package init(name: String, tradeoff: String? = nil) {
        self.name = name
        self.tradeoff = tradeoff
    }
}

/// How the system holds its load (`scaling:`): where it will strain, what is cached, how traffic
/// is spread and failures survived, and what is watched.
package struct Scaling: Equatable, Sendable {
    package var bottlenecks: [Bottleneck] = []
    package var caches: [Cache] = []
    /// How requests are spread over instances, free text.
    package var loadBalancing: String?
    /// What happens when an instance, a zone or a database fails, free text.
    package var failover: String?
    package var monitoring: [MonitoringSignal] = []
    package var notes: String?
    package var extensions = Extensions()
    package init(bottlenecks: [Bottleneck] = [], caches: [Cache] = [], loadBalancing: String? = nil,
                failover: String? = nil, monitoring: [MonitoringSignal] = [], notes: String? = nil) {
        self.bottlenecks = bottlenecks
        self.caches = caches
        self.loadBalancing = loadBalancing
        self.failover = failover
        self.monitoring = monitoring
        self.notes = notes
    }
    package var isEmpty: Bool { self == Scaling() }
}

/// A place expected to strain under the load, with what it affects and how it is relieved.
package struct Bottleneck: Equatable, Sendable {
    package var name: String
    package var description: String?
    /// Element references (`KIND:NAME`).
    package var affects: [String] = []
    package var mitigation: String?
    package var extensions = Extensions()
    package init(name: String, description: String? = nil, affects: [String] = [], mitigation: String? = nil) {
        self.name = name
        self.description = description
        self.affects = affects
        self.mitigation = mitigation
    }
}

/// One cache: where it sits, what it holds, for how long, and how it learns of changes.
package struct Cache: Equatable, Sendable {
    package var name: String
    package var layer: CacheLayer?
    /// What it holds, free text.
    package var what: String?
    /// How long an entry lives.
    package var ttl: Duration?
    /// How a change reaches it before the TTL runs out, free text; the scaling rules ask for it.
    package var invalidation: String?
    /// Element references (`KIND:NAME`).
    package var serves: [String] = []
    package var extensions = Extensions()
    package init(name: String, layer: CacheLayer? = nil, what: String? = nil, ttl: Duration? = nil,
                invalidation: String? = nil, serves: [String] = []) {
        self.name = name
        self.layer = layer
        self.what = what
        self.ttl = ttl
        self.invalidation = invalidation
        self.serves = serves
    }
}

/// Where a cache sits between the client and the data.
package enum CacheLayer: String, CaseIterable, Sendable { case cdn, redis, memcached, application, database }

/// One thing watched in production (`scaling.monitoring`): a metric, its target and when to alert.
package struct MonitoringSignal: Equatable, Sendable {
    /// What is measured (`p99 latency of POST /v1/trips`); its name.
    package var signal: String
    /// The value it should stay within, free text.
    package var target: String?
    /// When someone is paged, free text.
    package var alert: String?
    package var extensions = Extensions()
    package init(signal: String, target: String? = nil, alert: String? = nil) {
        self.signal = signal
        self.target = target
        self.alert = alert
    }
}

/// One delivery step of the design (`phases:`): what it achieves and which elements it builds.
package struct Phase: Equatable, Sendable {
    package var name: String
    /// What is true once the phase is done.
    package var goal: String?
    /// Element references (`KIND:NAME`).
    package var includes: [String] = []
    package var extensions = Extensions()
    package init(name: String, goal: String? = nil, includes: [String] = []) {
        self.name = name
        self.goal = goal
        self.includes = includes
    }
}

// MARK: - Review comments and validation settings

/// A review comment on an element or the whole design, with its replies; review mode writes only
/// these, merged with what other reviewers saved (`CommentMerge`).
package struct Comment: Equatable, Sendable {
    /// Unique in the design; replies and the comments command refer to it.
    package var id: Int
    /// An element reference; nil for a comment on the whole design.
    package var element: String?
    package var author: String?
    /// RFC 3339 time, kept as written.
    package var at: String?
    package var text: String?
    package var status: CommentStatus?
    package var replies: [Reply] = []
    /// A reviewer's decision on the version they read, on a comment about the whole design.
    package var verdict: CommentVerdict?
    package var extensions = Extensions()
    package init(id: Int, element: String? = nil, author: String? = nil, at: String? = nil, text: String? = nil,
                status: CommentStatus? = nil, replies: [Reply] = [], verdict: CommentVerdict? = nil) {
        self.id = id
        self.element = element
        self.author = author
        self.at = at
        self.text = text
        self.status = status
        self.replies = replies
        self.verdict = verdict
    }
    package var isOpen: Bool { status != .resolved }
}

/// A reviewer's decision on a version of the design: what `--since approved` looks for.
package enum CommentVerdict: String, CaseIterable, Sendable {
    case approve
    case requestChanges = "request-changes"
}

/// Whether a comment still asks for something; a missing status counts as open.
package enum CommentStatus: String, CaseIterable, Sendable { case open, resolved }

/// A reply under a comment.
package struct Reply: Equatable, Sendable {
    package var author: String?
    /// RFC 3339 time, kept as written.
    package var at: String?
    package var text: String?
    package var extensions = Extensions()
    package init(author: String? = nil, at: String? = nil, text: String? = nil) {
        self.author = author
        self.at = at
        self.text = text
    }
}

/// How this design wants the rules applied (`validation:`), kept in the file so that every
/// reviewer and CI see the same findings.
/// A casing style a design can require of its names (`validation.path_casing`…).
package enum CasingStyle: String, CaseIterable, Sendable {
    case kebab = "kebab-case", snake = "snake_case", camel = "camelCase", pascal = "PascalCase"

    /// Zalando's: kebab-case paths, snake_case query parameters and JSON fields.
    package static let defaultPath = CasingStyle.kebab
    package static let defaultParameter = CasingStyle.snake
    package static let defaultJSON = CasingStyle.snake
}

package struct ValidationSettings: Equatable, Sendable {
    /// Rule ids that do not run at all.
    package var disable: [String] = []
    /// Rule id to severity, in the order written.
    package var severity: [SeverityOverride] = []
    /// Findings accepted on purpose, each with its reason; one that matches nothing is itself a finding.
    package var ignore: [IgnoreEntry] = []
    /// The casing paths, parameters and JSON fields must use; unset, the defaults of Zalando's
    /// guidelines (`CasingStyle.defaultPath` and the others).
    package var pathCasing: CasingStyle?
    package var parameterCasing: CasingStyle?
    package var jsonCasing: CasingStyle?
    package var extensions = Extensions()
    package init(disable: [String] = [], severity: [SeverityOverride] = [], ignore: [IgnoreEntry] = []) {
        self.disable = disable
        self.severity = severity
        self.ignore = ignore
    }
    package var isEmpty: Bool { self == ValidationSettings() }
}

/// How much a finding matters; `error` fails `archbench validate` (exit 1). Ordered info < warning < error.
package enum Severity: String, CaseIterable, Sendable, Comparable {
    case info, warning, error
    package static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }
    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }
}

/// A rule given another severity than its default in this design.
package struct SeverityOverride: Equatable, Sendable {
    package var rule: String
    package var severity: Severity
    package init(rule: String, severity: Severity) {
        self.rule = rule
        self.severity = severity
    }
}

/// Silences one rule, on one element or everywhere, and says why.
package struct IgnoreEntry: Equatable, Sendable {
    package var rule: String
    /// An element reference (`KIND:NAME`); nil silences the rule for the whole design.
    package var element: String?
    package var reason: String?
    package var extensions = Extensions()
    package init(rule: String, element: String? = nil, reason: String? = nil) {
        self.rule = rule
        self.element = element
        self.reason = reason
    }
}

// MARK: - Extensions

/// `x_*` keys, kept exactly as loaded so that other tools can store data in a design.
package struct Extensions: Equatable, Sendable {
    /// In the order they stood in the file.
    package var entries: [Entry] = []
    package init(entries: [Entry] = []) { self.entries = entries }
    /// One `x_*` key and its value.
    package struct Entry: Equatable, Sendable {
        package var key: String
        package var value: ExtensionValue
        package init(key: String, value: ExtensionValue) {
            self.key = key
            self.value = value
        }
    }
    package var isEmpty: Bool { entries.isEmpty }
}

/// A YAML value under an `x_*` key. A scalar remembers whether it was plain, so that
/// `123` stays a number and `"123"` stays a string when written back.
package indirect enum ExtensionValue: Equatable, Sendable {
    case scalar(String, plain: Bool)
    case sequence([ExtensionValue])
    case mapping([Extensions.Entry])
}
