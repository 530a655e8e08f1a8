import Foundation

/// The whole design document: one value that every pane, rule and exporter reads.
/// Field order follows the canonical key order of the file format.
public struct Design: Equatable, Sendable {
    /// The file format version (`archbench:` key).
    public var formatVersion: Int
    public var title: String
    public var version: String?
    public var status: DesignStatus?
    public var owners: [String]
    public var summary: String?
    public var requirements: Requirements
    public var api: APIConventions
    public var services: [Service]
    public var events: [Event]
    public var endpoints: [Endpoint]
    public var tables: [Table]
    public var stack: [StackEntry]
    public var deployment: String?
    public var scaling: Scaling
    public var security: [String]
    public var phases: [Phase]
    public var comments: [Comment]
    public var validation: ValidationSettings
    public var extensions: Extensions

    public static let supportedFormatVersion = 1

    public init(
        formatVersion: Int = Design.supportedFormatVersion, title: String, version: String? = nil,
        status: DesignStatus? = nil, owners: [String] = [], summary: String? = nil,
        requirements: Requirements = Requirements(), api: APIConventions = APIConventions(),
        services: [Service] = [], events: [Event] = [], endpoints: [Endpoint] = [], tables: [Table] = [],
        stack: [StackEntry] = [], deployment: String? = nil, scaling: Scaling = Scaling(),
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

public enum DesignStatus: String, CaseIterable, Sendable { case draft, review, approved }

// MARK: - Requirements and API conventions

public struct Requirements: Equatable, Sendable {
    public var business: [String] = []
    public var load = Load()
    public var constraints: [String] = []
    public var questions: [String] = []
    public var extensions = Extensions()
    public init(business: [String] = [], load: Load = Load(), constraints: [String] = [], questions: [String] = []) {
        self.business = business
        self.load = load
        self.constraints = constraints
        self.questions = questions
    }
    public var isEmpty: Bool { self == Requirements() }
}

public struct Load: Equatable, Sendable {
    // Decimal, not Double: a number is written back exactly as it was given (12345678901234567890
    // stays that, never 1.2345678901234567e+19).
    public var peakRPS: Decimal?
    public var avgRPS: Decimal?
    public var users: Decimal?
    public var dataVolume: String?
    public var latencyP99Ms: Decimal?
    public var availability: String?
    public var extensions = Extensions()
    public init(peakRPS: Decimal? = nil, avgRPS: Decimal? = nil, users: Decimal? = nil, dataVolume: String? = nil,
                latencyP99Ms: Decimal? = nil, availability: String? = nil) {
        self.peakRPS = peakRPS
        self.avgRPS = avgRPS
        self.users = users
        self.dataVolume = dataVolume
        self.latencyP99Ms = latencyP99Ms
        self.availability = availability
    }
    public var isEmpty: Bool { self == Load() }
}

public struct APIConventions: Equatable, Sendable {
    public var baseURL: String?
    public var versioning = Versioning()
    public var errorFormat: String?
    public var auth: [AuthScheme] = []
    public var rateLimits: [RateLimit] = []
    public var extensions = Extensions()
    public init(baseURL: String? = nil, versioning: Versioning = Versioning(), errorFormat: String? = nil,
                auth: [AuthScheme] = [], rateLimits: [RateLimit] = []) {
        self.baseURL = baseURL
        self.versioning = versioning
        self.errorFormat = errorFormat
        self.auth = auth
        self.rateLimits = rateLimits
    }
    public var isEmpty: Bool { self == APIConventions() }
}

public struct Versioning: Equatable, Sendable {
    public var strategy: VersioningStrategy?
    public var current: String?
    public var header: String?
    public var extensions = Extensions()
    public init(strategy: VersioningStrategy? = nil, current: String? = nil, header: String? = nil) {
        self.strategy = strategy
        self.current = current
        self.header = header
    }
    public var isEmpty: Bool { self == Versioning() }
}

public enum VersioningStrategy: String, CaseIterable, Sendable {
    case urlPath = "url-path", header, query
}

public struct AuthScheme: Equatable, Sendable {
    public var name: String
    public var type: AuthType?
    public var description: String?
    public var extensions = Extensions()
    public init(name: String, type: AuthType? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.description = description
    }
}

public enum AuthType: String, CaseIterable, Sendable {
    case jwt, oauth2, apiKey = "api-key", session, mtls, basic
}

public struct RateLimit: Equatable, Sendable {
    public var name: String
    public var limit: Int?
    public var window: Duration?
    public var scope: RateLimitScope?
    public var extensions = Extensions()
    public init(name: String, limit: Int? = nil, window: Duration? = nil, scope: RateLimitScope? = nil) {
        self.name = name
        self.limit = limit
        self.window = window
        self.scope = scope
    }
}

public enum RateLimitScope: String, CaseIterable, Sendable {
    case ip, user, apiKey = "api-key", global
}

/// A duration as the format writes it: a whole number and one unit of s, m, h or d.
public struct Duration: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, CaseIterable, Sendable {
        case milliseconds = "ms", seconds = "s", minutes = "m", hours = "h", days = "d"
        public var milliseconds: Int {
            switch self {
            case .milliseconds: 1
            case .seconds: 1000
            case .minutes: 60_000
            case .hours: 3_600_000
            case .days: 86_400_000
            }
        }
    }
    public var amount: Int
    public var unit: Unit
    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }
    /// Parses `250ms`, `30s`, `5m`, `1h`, `7d`; nil for anything else.
    public init?(_ text: String) {
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
    public var description: String { "\(amount)\(unit.rawValue)" }
}

// MARK: - Services and events

public struct Service: Equatable, Sendable {
    public var name: String
    public var domain: String?
    public var description: String?
    public var responsibilities: [String] = []
    public var datastore: String?
    public var stateless: Bool?
    public var replicas: String?
    public var calls: [ServiceCall] = []
    public var extensions = Extensions()
    public init(name: String, domain: String? = nil, description: String? = nil, responsibilities: [String] = [],
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

public struct ServiceCall: Equatable, Sendable {
    public var service: String
    public var style: CallStyle?
    public var purpose: String?
    public var event: String?
    public var extensions = Extensions()
    public init(service: String, style: CallStyle? = nil, purpose: String? = nil, event: String? = nil) {
        self.service = service
        self.style = style
        self.purpose = purpose
        self.event = event
    }
}

public enum CallStyle: String, CaseIterable, Sendable {
    case rest, grpc, graphql, event, queue
    /// Event and queue calls do not block the caller.
    public var isAsynchronous: Bool { self == .event || self == .queue }
}

public struct Event: Equatable, Sendable {
    public var name: String
    public var producer: String?
    public var consumers: [String] = []
    public var channel: String?
    public var delivery: Delivery?
    public var payload: String?
    public var extensions = Extensions()
    public init(name: String, producer: String? = nil, consumers: [String] = [], channel: String? = nil,
                delivery: Delivery? = nil, payload: String? = nil) {
        self.name = name
        self.producer = producer
        self.consumers = consumers
        self.channel = channel
        self.delivery = delivery
        self.payload = payload
    }
}

public enum Delivery: String, CaseIterable, Sendable {
    case atMostOnce = "at-most-once", atLeastOnce = "at-least-once", exactlyOnce = "exactly-once"
}

// MARK: - Endpoints

public struct Endpoint: Equatable, Sendable {
    public var method: HTTPMethod
    public var path: String
    public var service: String?
    public var summary: String?
    public var description: String?
    public var auth: String?
    public var scopes: [String] = []
    public var rateLimit: String?
    public var idempotent: Bool?
    public var deprecated: Bool?
    public var tags: [String] = []
    public var params: [Param] = []
    public var request: RequestBody?
    public var responses: [Response] = []
    public var extensions = Extensions()

    /// The `auth` value that marks an endpoint as public.
    public static let publicAuth = "none"

    public init(method: HTTPMethod, path: String, service: String? = nil, summary: String? = nil,
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
    public var name: String { "\(method.rawValue) \(path)" }
    public var isPublic: Bool { auth == Endpoint.publicAuth }
}

public enum HTTPMethod: String, CaseIterable, Sendable {
    case GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
    public var isWrite: Bool { [.POST, .PUT, .PATCH, .DELETE].contains(self) }
}

public struct Param: Equatable, Sendable {
    public var name: String
    public var location: ParamLocation
    public var type: String?
    public var required: Bool?
    public var description: String?
    public var extensions = Extensions()
    public init(name: String, location: ParamLocation, type: String? = nil, required: Bool? = nil,
                description: String? = nil) {
        self.name = name
        self.location = location
        self.type = type
        self.required = required
        self.description = description
    }
}

public enum ParamLocation: String, CaseIterable, Sendable { case path, query, header, cookie }

public struct RequestBody: Equatable, Sendable {
    public var contentType: String?
    public var example: String?
    public var extensions = Extensions()
    public init(contentType: String? = nil, example: String? = nil) {
        self.contentType = contentType
        self.example = example
    }
}

public struct Response: Equatable, Sendable {
    public var status: Int
    public var description: String?
    public var example: String?
    public var extensions = Extensions()
    public init(status: Int, description: String? = nil, example: String? = nil) {
        self.status = status
        self.description = description
        self.example = example
    }
}

// MARK: - Tables

public struct Table: Equatable, Sendable {
    public var name: String
    public var service: String?
    public var description: String?
    public var columns: [Column] = []
    /// A composite primary key; single-column keys are marked on the column instead.
    public var primaryKey: [String] = []
    public var indexes: [Index] = []
    public var partitioning: Partitioning?
    public var sharding: Sharding?
    public var estimatedRows: Int?
    public var extensions = Extensions()
    public init(name: String, service: String? = nil, description: String? = nil, columns: [Column] = [],
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

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// The primary key columns, whether declared on the table or on its columns.
    public var primaryKeyColumns: [String] {
        primaryKey.isEmpty ? columns.filter { $0.primaryKey == true }.map(\.name) : primaryKey
    }
}

public struct Column: Equatable, Sendable {
    public var name: String
    public var type: String?
    public var primaryKey: Bool?
    public var nullable: Bool?
    public var unique: Bool?
    public var defaultValue: String?
    /// `TABLE.COLUMN` of a foreign key.
    public var references: String?
    public var onDelete: OnDelete?
    public var pii: Bool?
    public var description: String?
    public var extensions = Extensions()
    public init(name: String, type: String? = nil, primaryKey: Bool? = nil, nullable: Bool? = nil,
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
    public var referencedColumn: (table: String, column: String)? {
        guard let references, let dot = references.lastIndex(of: ".") else { return nil }
        return (String(references[..<dot]), String(references[references.index(after: dot)...]))
    }
}

public enum OnDelete: String, CaseIterable, Sendable {
    case cascade, restrict, setNull = "set-null", noAction = "no-action"
}

public struct Index: Equatable, Sendable {
    public var name: String
    public var columns: [String] = []
    public var unique: Bool?
    public var kind: IndexKind?
    public var whereClause: String?
    public var extensions = Extensions()
    public init(name: String, columns: [String] = [], unique: Bool? = nil, kind: IndexKind? = nil,
                whereClause: String? = nil) {
        self.name = name
        self.columns = columns
        self.unique = unique
        self.kind = kind
        self.whereClause = whereClause
    }
}

public enum IndexKind: String, CaseIterable, Sendable { case btree, hash, gin, gist, brin }

public struct Partitioning: Equatable, Sendable {
    public var strategy: PartitionStrategy?
    public var key: [String] = []
    public var note: String?
    public var extensions = Extensions()
    public init(strategy: PartitionStrategy? = nil, key: [String] = [], note: String? = nil) {
        self.strategy = strategy
        self.key = key
        self.note = note
    }
}

public enum PartitionStrategy: String, CaseIterable, Sendable { case range, list, hash }

public struct Sharding: Equatable, Sendable {
    public var strategy: ShardStrategy?
    public var key: [String] = []
    public var shards: Int?
    public var note: String?
    public var extensions = Extensions()
    public init(strategy: ShardStrategy? = nil, key: [String] = [], shards: Int? = nil, note: String? = nil) {
        self.strategy = strategy
        self.key = key
        self.shards = shards
        self.note = note
    }
}

public enum ShardStrategy: String, CaseIterable, Sendable { case hash, range, directory, geo }

// MARK: - Stack, scaling, phases

public struct StackEntry: Equatable, Sendable {
    public var area: String
    public var choice: String?
    public var rationale: String?
    public var alternatives: [Alternative] = []
    public var extensions = Extensions()
    public init(area: String, choice: String? = nil, rationale: String? = nil, alternatives: [Alternative] = []) {
        self.area = area
        self.choice = choice
        self.rationale = rationale
        self.alternatives = alternatives
    }
}

public struct Alternative: Equatable, Sendable {
    public var name: String
    public var tradeoff: String?
    public var extensions = Extensions()
    public init(name: String, tradeoff: String? = nil) {
        self.name = name
        self.tradeoff = tradeoff
    }
}

public struct Scaling: Equatable, Sendable {
    public var bottlenecks: [Bottleneck] = []
    public var caches: [Cache] = []
    public var loadBalancing: String?
    public var failover: String?
    public var monitoring: [MonitoringSignal] = []
    public var notes: String?
    public var extensions = Extensions()
    public init(bottlenecks: [Bottleneck] = [], caches: [Cache] = [], loadBalancing: String? = nil,
                failover: String? = nil, monitoring: [MonitoringSignal] = [], notes: String? = nil) {
        self.bottlenecks = bottlenecks
        self.caches = caches
        self.loadBalancing = loadBalancing
        self.failover = failover
        self.monitoring = monitoring
        self.notes = notes
    }
    public var isEmpty: Bool { self == Scaling() }
}

public struct Bottleneck: Equatable, Sendable {
    public var name: String
    public var description: String?
    /// Element references (`KIND:NAME`).
    public var affects: [String] = []
    public var mitigation: String?
    public var extensions = Extensions()
    public init(name: String, description: String? = nil, affects: [String] = [], mitigation: String? = nil) {
        self.name = name
        self.description = description
        self.affects = affects
        self.mitigation = mitigation
    }
}

public struct Cache: Equatable, Sendable {
    public var name: String
    public var layer: CacheLayer?
    public var what: String?
    public var ttl: Duration?
    public var invalidation: String?
    /// Element references (`KIND:NAME`).
    public var serves: [String] = []
    public var extensions = Extensions()
    public init(name: String, layer: CacheLayer? = nil, what: String? = nil, ttl: Duration? = nil,
                invalidation: String? = nil, serves: [String] = []) {
        self.name = name
        self.layer = layer
        self.what = what
        self.ttl = ttl
        self.invalidation = invalidation
        self.serves = serves
    }
}

public enum CacheLayer: String, CaseIterable, Sendable { case cdn, redis, memcached, application, database }

public struct MonitoringSignal: Equatable, Sendable {
    public var signal: String
    public var target: String?
    public var alert: String?
    public var extensions = Extensions()
    public init(signal: String, target: String? = nil, alert: String? = nil) {
        self.signal = signal
        self.target = target
        self.alert = alert
    }
}

public struct Phase: Equatable, Sendable {
    public var name: String
    public var goal: String?
    /// Element references (`KIND:NAME`).
    public var includes: [String] = []
    public var extensions = Extensions()
    public init(name: String, goal: String? = nil, includes: [String] = []) {
        self.name = name
        self.goal = goal
        self.includes = includes
    }
}

// MARK: - Review comments and validation settings

public struct Comment: Equatable, Sendable {
    public var id: Int
    /// An element reference; nil for a comment on the whole design.
    public var element: String?
    public var author: String?
    /// RFC 3339 time, kept as written.
    public var at: String?
    public var text: String?
    public var status: CommentStatus?
    public var replies: [Reply] = []
    public var extensions = Extensions()
    public init(id: Int, element: String? = nil, author: String? = nil, at: String? = nil, text: String? = nil,
                status: CommentStatus? = nil, replies: [Reply] = []) {
        self.id = id
        self.element = element
        self.author = author
        self.at = at
        self.text = text
        self.status = status
        self.replies = replies
    }
    public var isOpen: Bool { status != .resolved }
}

public enum CommentStatus: String, CaseIterable, Sendable { case open, resolved }

public struct Reply: Equatable, Sendable {
    public var author: String?
    public var at: String?
    public var text: String?
    public var extensions = Extensions()
    public init(author: String? = nil, at: String? = nil, text: String? = nil) {
        self.author = author
        self.at = at
        self.text = text
    }
}

public struct ValidationSettings: Equatable, Sendable {
    public var disable: [String] = []
    /// Rule id to severity, in the order written.
    public var severity: [SeverityOverride] = []
    public var ignore: [IgnoreEntry] = []
    public var extensions = Extensions()
    public init(disable: [String] = [], severity: [SeverityOverride] = [], ignore: [IgnoreEntry] = []) {
        self.disable = disable
        self.severity = severity
        self.ignore = ignore
    }
    public var isEmpty: Bool { self == ValidationSettings() }
}

public enum Severity: String, CaseIterable, Sendable, Comparable {
    case info, warning, error
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
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

public struct SeverityOverride: Equatable, Sendable {
    public var rule: String
    public var severity: Severity
    public init(rule: String, severity: Severity) {
        self.rule = rule
        self.severity = severity
    }
}

public struct IgnoreEntry: Equatable, Sendable {
    public var rule: String
    public var element: String?
    public var reason: String?
    public var extensions = Extensions()
    public init(rule: String, element: String? = nil, reason: String? = nil) {
        self.rule = rule
        self.element = element
        self.reason = reason
    }
}

// MARK: - Extensions

/// `x_*` keys, kept exactly as loaded so that other tools can store data in a design.
public struct Extensions: Equatable, Sendable {
    public var entries: [Entry] = []
    public init(entries: [Entry] = []) { self.entries = entries }
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: ExtensionValue
        public init(key: String, value: ExtensionValue) {
            self.key = key
            self.value = value
        }
    }
    public var isEmpty: Bool { entries.isEmpty }
}

/// A YAML value under an `x_*` key. A scalar remembers whether it was plain, so that
/// `123` stays a number and `"123"` stays a string when written back.
public indirect enum ExtensionValue: Equatable, Sendable {
    case scalar(String, plain: Bool)
    case sequence([ExtensionValue])
    case mapping([Extensions.Entry])
}
