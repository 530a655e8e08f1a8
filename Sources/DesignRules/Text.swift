import Foundation
import Synchronization
import DesignModel

/// The casing style of one identifier: a path segment, a parameter or a JSON key.
package enum Casing: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// One lowercase word (`items`, `id`): fits every style.
    case lower
    case kebab, snake, camel, pascal, screamingSnake
    /// Mixed separators, spaces or other characters.
    case mixed

    package var description: String {
        switch self {
        case .lower: "lowercase"
        case .kebab: "kebab-case"
        case .snake: "snake_case"
        case .camel: "camelCase"
        case .pascal: "PascalCase"
        case .screamingSnake: "SCREAMING_SNAKE_CASE"
        case .mixed: "mixed case"
        }
    }

    var bit: UInt8 { 1 << UInt8(rawValue) }

    /// The style a design requires (`validation.path_casing`…).
    init(_ style: CasingStyle) {
        switch style {
        case .kebab: self = .kebab
        case .snake: self = .snake
        case .camel: self = .camel
        case .pascal: self = .pascal
        }
    }

    /// Classifies UTF-8 bytes without building a string.
    static func of<S: Sequence>(_ bytes: S) -> Casing where S.Element == UInt8 {
        var upper = false, lower = false, underscore = false, hyphen = false, other = false
        var first = true, firstUpper = false, any = false
        for b in bytes {
            any = true
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                upper = true
                if first { firstUpper = true }
            case UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: "_"): underscore = true
            case UInt8(ascii: "-"): hyphen = true
            default: other = true
            }
            first = false
        }
        if other || !any || (underscore && hyphen) { return .mixed }
        if hyphen { return upper ? .mixed : .kebab }
        if underscore {
            if !upper { return .snake }
            return lower ? .mixed : .screamingSnake
        }
        if !upper { return .lower }
        if !lower { return .screamingSnake }
        return firstUpper ? .pascal : .camel
    }

    static func of(_ text: String) -> Casing { of(text.utf8) }
}

/// Counts casing styles and names the dominant one, so that the odd ones out can be reported.
extension Casing {
    /// Whether a name in this style breaks the `required` one: a lowercase word fits every
    /// style, mixed separators fit none.
    func breaks(_ required: Casing) -> Bool {
        switch self {
        case .lower: false
        case .mixed: true
        default: self != required
        }
    }
}

/// Splits an identifier into lowercase words at `-`, `_`, spaces, dots and camelCase humps.
func words(_ text: String) -> [String] {
    var result: [String] = []
    var current: [UInt8] = []
    var previousLower = false
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "/"):
            if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
            previousLower = false
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            if previousLower, !current.isEmpty {
                result.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            current.append(b + 32)
            previousLower = false
        default:
            current.append(b)
            previousLower = true
        }
    }
    if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
    return result
}

/// What the rules want to know about one identifier (a path segment, parameter, column or index
/// name), computed once per distinct name in a validation run.
/// A class: rules fetch traits by the thousand per run, and a reference is one retain where a
/// copy of the struct retained each of its strings.
package final class NameTraits: Sendable {
    package let casing: Casing
    package let isVersion: Bool
    package let isPlural: Bool
    /// A verb such as `get` or `create` among its words.
    package let verb: String?
    /// The credential it names (`password`, `api_key`), for parameters.
    package let credential: String?
    /// The secret it names, for columns (session ids and such are not secrets at rest).
    package let secret: String?
    /// It says it holds a hash or ciphertext (`password_hash`).
    package let hashed: Bool
    package let personal: Bool
    package let listName: Bool
    package let reserved: Bool
    package let lowerSnake: Bool
    package let pagination: Bool
    /// Names figures about something (`stats`, `metrics`): plural, yet not a collection.
    package let isAggregate: Bool
    package let idempotencyKey: Bool
    /// `phone2` is `phone` number 2.
    package let numbered: (stem: String, number: Int)?
    /// The card data it names (`card_number`, `cvv`), for columns.
    package let cardData: String?
    /// Its last word (`at` in `created_at`), lowercased.
    package let lastWord: String
    /// The action that changes state it names (`cancel`; `signin` for `sign-in`), for path segments.
    package let stateChange: String?

    init(_ name: String) {
        let w = words(name)
        casing = Casing.of(name)
        isVersion = isVersionSegment(name)
        isPlural = pluralWord(w.last)
        isAggregate = w.last.map(Vocabulary.aggregateNouns.contains) ?? false
        verb = pathVerb(w)
        credential = credentialTerm(w, forColumn: false)
        secret = credentialTerm(w, forColumn: true)
        hashed = w.contains(where: Vocabulary.hashedWords.contains)
        personal = looksPersonal(w)
        let last = w.last ?? ""
        lastWord = last
        cardData = SecurityRules.cardDataTerm(w)
        // `sign in` is two words of one segment (`/sign-in`); so is `log out`.
        let joined = w.count == 2 ? w.joined() : nil
        stateChange = w.first(where: APIRules.SafeMethodStateChange.actions.contains)
            ?? joined.flatMap { APIRules.SafeMethodStateChange.actions.contains($0) ? $0 : nil }
        listName = (w.count > 1 && (last == "ids" || last == "list" || last == "csv")) || Vocabulary.listNames.contains(last)
        lowerSnake = isLowerSnakeCase(name)
        reserved = Vocabulary.reservedWords.contains(lowerSnake ? name : name.lowercased())
        pagination = w.count == 1 ? Vocabulary.paginationParams.contains(last) : Vocabulary.paginationParams.contains(w.joined())
        idempotencyKey = w.suffix(2) == ["idempotency", "key"]
        var digits = 0
        for b in name.utf8.reversed() { if b >= 0x30 && b <= 0x39 { digits += 1 } else { break } }
        if digits > 0, digits < name.utf8.count, let number = Int(name.suffix(digits)) {
            var stem = name.dropLast(digits)
            while stem.last == "_" { stem = stem.dropLast() }
            numbered = stem.isEmpty ? nil : (String(stem), number)
        } else {
            numbered = nil
        }
    }
}

/// The id in `slot` (a dictionary's slot for a key, -1 when the key is new), or `next`, written
/// into the slot, when it is new: a lookup and an insert for one hash of the key.
func intern<ID: BinaryInteger>(_ slot: inout ID, next: ID) -> ID {
    if slot < 0 { slot = next }
    return slot
}

/// Traits of distinct names, interned per validation run; traits and path templates computed in
/// earlier runs come from `RuleMemo`.
/// The scans of one index build: from the memo when a text was scanned before, else scanned
/// and kept to be merged into the memo.
struct ScanTable {
    private let memo: RuleMemo.Snapshot
    private(set) var new: [String: JSONScan] = [:]

    init(memo: RuleMemo.Snapshot) { self.memo = memo }

    mutating func scan(_ text: String) -> JSONScan {
        if let known = memo.scans[text] ?? new[text] { return known }
        let scanned = JSONScan(text)
        new[text] = scanned
        return scanned
    }
}

struct NameTable {
    private(set) var traits: [NameTraits] = []
    private var positions: [String: Int32] = [:]
    private let memo: RuleMemo.Snapshot
    private(set) var newNames: [String: NameTraits] = [:]
    private(set) var newPaths: [String: PathTemplate] = [:]

    /// `expected`: about how many names it will hold, so that its lookup is made at its size
    /// once instead of grown (and every name hashed again) as it fills.
    init(memo: RuleMemo.Snapshot, expected: Int = 0) {
        self.memo = memo
        positions.reserveCapacity(expected)
        traits.reserveCapacity(expected)
    }

    mutating func id(_ name: String) -> Int32 {
        // One hash for a name met before: the slot is read and, for a new name, filled in place.
        let id = intern(&positions[name, default: -1], next: Int32(traits.count))
        guard id == traits.count else { return id }
        if let known = memo.names[name] {
            traits.append(known)
        } else {
            let computed = NameTraits(name)
            traits.append(computed)
            newNames[name] = computed
        }
        return id
    }

    mutating func path(_ raw: String) -> PathTemplate {
        if let known = memo.paths[raw] ?? newPaths[raw] { return known }
        let path = PathTemplate(raw)
        newPaths[raw] = path
        return path
    }
}

/// Results of pure functions of a name or path, kept across validation runs: an edit changes a
/// few names, and the workbench revalidates on every key press. Bounded; cleared when full.
final class RuleMemo: Sendable {
    static let shared = RuleMemo()
    static let limit = 200_000

    struct Snapshot: Sendable {
        var names: [String: NameTraits] = [:]
        var paths: [String: PathTemplate] = [:]
        /// JSON examples by their text, scanned: an edit revalidates a design whose examples are
        /// all but one the same, and scanning them was most of the index's time.
        var scans: [String: JSONScan] = [:]
    }

    private let current = Mutex(Snapshot())

    func snapshot() -> Snapshot {
        current.withLock { $0 }
    }

    func merge(scans newScans: [String: JSONScan]) {
        guard !newScans.isEmpty else { return }
        current.withLock { current in
            if current.scans.count + newScans.count > RuleMemo.limit { current.scans = [:] }
            current.scans.merge(newScans) { old, _ in old }
        }
    }

    func merge(_ table: NameTable) {
        guard !table.newNames.isEmpty || !table.newPaths.isEmpty else { return }
        let newNames = table.newNames, newPaths = table.newPaths
        current.withLock { current in
            if current.names.count + current.paths.count + newNames.count + newPaths.count > RuleMemo.limit {
                current = Snapshot()
            }
            current.names.merge(newNames) { old, _ in old }
            current.paths.merge(newPaths) { old, _ in old }
        }
    }
}

/// The verb that makes a path segment (given as its words) an action rather than a resource, if any.
func pathVerb(_ w: [String]) -> String? {
    for (i, word) in w.enumerated() {
        if Vocabulary.actionVerbs.contains(word) {
            // `list` and `set` only as the first word (`listOrders`), never in `price-list` or `data-set`.
            if (word == "list" || word == "set"), i > 0 { continue }
            return word
        }
        guard Vocabulary.nounVerbs.contains(word) else { continue }
        if w.count == 1 { return word }
        if i + 1 < w.count {
            let next = w[i + 1]
            if Vocabulary.verbParticles.contains(next) { return word }
            // Before a plural noun it qualifies it; before a singular one it takes it as its object.
            if pluralWord(next) { continue }
            if i == 0 { return word }
        }
    }
    return nil
}

func isLowerSnakeCase(_ name: String) -> Bool {
    var first = true
    for b in name.utf8 {
        let ok = (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || (!first && b >= 0x30 && b <= 0x39)
        if !ok { return false }
        first = false
    }
    return !first
}

/// `v1`, `v2`, `v1.1`: a version segment of a path.
func isVersionSegment<S: StringProtocol>(_ segment: S) -> Bool {
    var count = 0, sawDigit = false
    for b in segment.utf8 {
        count += 1
        if count == 1 {
            guard b == UInt8(ascii: "v") || b == UInt8(ascii: "V") else { return false }
            continue
        }
        if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { sawDigit = true; continue }
        if b == UInt8(ascii: "."), sawDigit { continue }
        return false
    }
    return sawDigit
}

/// Whether a noun (the last word of a segment) reads as a plural.
func isPlural(_ segment: String) -> Bool { pluralWord(words(segment).last) }

func pluralWord(_ word: String?) -> Bool {
    guard let word else { return true }
    if Vocabulary.pluralExceptions.contains(word) { return true }
    if Vocabulary.singularExceptions.contains(word) { return false }
    guard word.hasSuffix("s") else { return false }
    return !(word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is"))
}

/// Joins strings with one allocation: messages of rules that fire on thousands of elements.
/// Inlined, so that the list of parts is made on the stack: rules build thousands of messages a run.
@inline(__always)
func concat(_ parts: String...) -> String { joined(parts) }

func isBlank(_ text: String?) -> Bool {
    guard let text else { return true }
    for b in text.utf8 {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D: continue
        default: return false
        }
    }
    return true
}

/// ASCII case-insensitive `contains`, without Foundation or lowercasing copies.
func containsIgnoringCase(_ text: String, _ needle: StaticString) -> Bool {
    let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    guard !n.isEmpty else { return true }
    var copy = text
    return copy.withUTF8 { h in
        guard h.count >= n.count else { return false }
        outer: for i in 0...(h.count - n.count) {
            for j in 0..<n.count {
                var b = h[i + j]
                if b >= 0x41 && b <= 0x5A { b += 32 }
                if b != n[j] { continue outer }
            }
            return true
        }
        return false
    }
}

/// Whether `text` (UTF-8) names the identifier `name` as a whole word: `orders.id` and
/// "the orders table" name `orders`; `orders_archive` and `preorders` do not.
func namesIdentifier(_ text: [UInt8], _ name: String) -> Bool {
    let n = Array(name.utf8)
    guard !n.isEmpty, text.count >= n.count else { return false }
    func isWord(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
    }
    outer: for i in 0...(text.count - n.count) {
        for j in 0..<n.count where text[i + j] != n[j] { continue outer }
        if i > 0, isWord(text[i - 1]) { continue }
        if i + n.count < text.count, isWord(text[i + n.count]) { continue }
        return true
    }
    return false
}

func quoted(_ items: [String], limit: Int = 5) -> String {
    var parts: [String] = []
    parts.reserveCapacity(2 * min(items.count, limit) + 2)
    for (i, item) in items.prefix(limit).enumerated() {
        parts.append(i == 0 ? "'" : "', '")
        parts.append(item)
    }
    if !parts.isEmpty { parts.append("'") }
    if items.count > limit { parts.append(" and \(items.count - limit) more") }
    return joined(parts)
}

enum Vocabulary {
    static let pluralExceptions: Set<String> = [
        "people", "children", "men", "women", "data", "media", "criteria", "feet", "teeth", "mice", "geese",
        "indices", "matrices", "metadata", "news", "series", "species", "staff", "info", "feedback", "equipment",
        "software", "analytics",
    ]
    static let listNames: Set<String> = ["tags", "roles", "emails", "phones", "ids", "categories", "labels", "permissions"]
    static let singularExceptions: Set<String> = ["status", "address", "process", "access", "class", "bus", "campus"]
    /// Plural in form, but one answer about a resource (its statistics), not a list that grows.
    static let aggregateNouns: Set<String> = ["stats", "statistics", "analytics", "metrics", "totals", "counts", "usage", "insights"]

    /// Verbs that say what an HTTP method already says.
    /// Words that name an action wherever they stand in a path segment (`findByStatus`,
    /// `/users/{id}/activate`): no resource is called this.
    static let actionVerbs: Set<String> = [
        "get", "create", "delete", "remove", "add", "fetch", "put", "patch", "edit", "modify", "insert", "retrieve",
        "save", "destroy", "find", "activate", "deactivate", "reactivate", "cancel", "verify", "validate", "authenticate",
        "authorize", "enable", "disable", "submit", "generate", "calculate", "compute", "revoke", "confirm", "execute",
        "upsert", "assign", "unassign", "unsubscribe", "subscribe", "increment", "decrement", "apply", "purge", "clear",
        "resend", "unlock", "unblock", "unpublish", "unfollow", "unlike", "undo", "redo", "approve", "reject",
        "deny", "grant", "list", "set", "send", "logout", "signout", "unregister",
    ]

    /// Verbs that also name things (`post`, `read`, `search`, `upload`): an action when they stand
    /// alone (`/users/login`, `/pets/search`) or take an object (`updateOrder`), a thing when they
    /// qualify a plural noun (`/post-offices`, `/read-receipts`, `/search-results`) or end a
    /// compound noun (`/password-reset`).
    static let nounVerbs: Set<String> = [
        "post", "read", "write", "search", "upload", "download", "reset", "update", "export", "import", "check",
        "process", "login", "signin", "signup", "register", "refresh", "sync", "copy", "move", "merge", "archive",
        "publish", "lock", "block", "share", "follow", "like", "start", "stop", "pause", "resume", "retry", "restore",
        "accept", "decline", "invite", "refund", "pay", "run", "close", "open", "transfer", "report", "change",
        "review", "return", "request", "schedule", "book", "notify", "rate", "vote", "reply", "track", "print",
    ]

    /// Words after a verb that make it an action (`findByStatus`, `exportToCsv`).
    static let verbParticles: Set<String> = ["by", "for", "to", "from", "with", "all", "in", "out", "up", "into", "on"]

    /// Query parameter names that page through a collection (lowercased, separators removed).
    static let paginationParams: Set<String> = [
        "cursor", "page", "pagetoken", "pagesize", "perpage", "limit", "offset", "after", "before", "startingafter",
        "endingbefore", "nexttoken", "continuationtoken", "marker", "maxresults", "top", "skip", "pagenumber", "first",
        "last",
    ]

    static let credentialWords: Set<String> = [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "credential", "credentials", "authorization",
        "jwt", "otp", "apikey", "sessionid", "accesstoken", "refreshtoken",
    ]
    static let credentialPairs: Set<String> = ["api key", "access key", "private key", "secret key", "session id", "client secret"]
    static let credentialPairFirsts: Set<String> = Set(credentialPairs.map { String($0.split(separator: " ")[0]) })
    static let piiPairFirsts: Set<String> = Set(piiPairs.map { String($0.split(separator: " ")[0]) })
    /// Words before `token` that make it a paging token, not a credential.
    static let pagingTokenWords: Set<String> = ["page", "next", "continuation", "cursor", "sync", "resume"]
    static let hashedWords: Set<String> = [
        "hash", "hashed", "digest", "bcrypt", "argon2", "argon", "scrypt", "pbkdf2", "encrypted", "enc", "cipher",
        "ciphertext", "salt", "fingerprint", "hmac",
    ]

    static let piiWords: Set<String> = ["email", "phone", "ssn", "birthdate", "dob", "passport", "iban", "surname"]
    static let piiPairs: Set<String> = ["first name", "last name", "full name", "date of", "street address", "home address",
                                        "postal address", "to address", "billing address", "shipping address",
                                        "date birth", "birth date", "tax id", "national id"]

    /// PostgreSQL's reserved key words, plus a few that MySQL reserves and schemas often trip on.
    static let reservedWords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary",
        "both", "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create",
        "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
        "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left",
        "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only",
        "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
        "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to",
        "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
        "with", "key", "keys", "index", "range", "rank", "interval", "match", "condition", "groups", "row", "rows",
    ]
}
