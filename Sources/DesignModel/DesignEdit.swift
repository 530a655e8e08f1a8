/// Parts of a design that are not lists of named elements, each replaced as a whole.
package enum DesignSection: Equatable, Sendable {
    case header(DesignHeader)
    case requirements(Requirements)
    case apiSettings(APISettings)
    case deployment(String?)
    case scalingNotes(ScalingNotes)
    case security([String])
    case validation(ValidationSettings)
    case extensions(Extensions)

    package enum Key: CaseIterable, Sendable { case header, requirements, apiSettings, deployment, scalingNotes, security, validation, extensions }

    package var key: Key {
        switch self {
        case .header: .header
        case .requirements: .requirements
        case .apiSettings: .apiSettings
        case .deployment: .deployment
        case .scalingNotes: .scalingNotes
        case .security: .security
        case .validation: .validation
        case .extensions: .extensions
        }
    }
}

package struct DesignHeader: Equatable, Sendable {
    package var title: String
    package var version: String?
    package var status: DesignStatus?
    package var owners: [String]
    package var summary: String?
    package init(title: String, version: String? = nil, status: DesignStatus? = nil, owners: [String] = [], summary: String? = nil) {
        self.title = title
        self.version = version
        self.status = status
        self.owners = owners
        self.summary = summary
    }
}

/// The API conventions other than the auth schemes and rate limits, which are elements.
package struct APISettings: Equatable, Sendable {
    package var baseURL: String?
    package var versioning: Versioning
    package var errorFormat: String?
    package var extensions: Extensions
    package init(baseURL: String? = nil, versioning: Versioning = Versioning(), errorFormat: String? = nil,
                extensions: Extensions = Extensions()) {
        self.baseURL = baseURL
        self.versioning = versioning
        self.errorFormat = errorFormat
        self.extensions = extensions
    }
}

/// The scaling texts; bottlenecks, caches and monitoring signals are elements.
package struct ScalingNotes: Equatable, Sendable {
    package var loadBalancing: String?
    package var failover: String?
    package var notes: String?
    package var extensions: Extensions
    package init(loadBalancing: String? = nil, failover: String? = nil, notes: String? = nil, extensions: Extensions = Extensions()) {
        self.loadBalancing = loadBalancing
        self.failover = failover
        self.notes = notes
        self.extensions = extensions
    }
}

extension Design {
    package func section(_ key: DesignSection.Key) -> DesignSection {
        switch key {
        case .header: .header(DesignHeader(title: title, version: version, status: status, owners: owners, summary: summary))
        case .requirements: .requirements(requirements)
        case .apiSettings: .apiSettings(APISettings(baseURL: api.baseURL, versioning: api.versioning,
                                                    errorFormat: api.errorFormat, extensions: api.extensions))
        case .deployment: .deployment(deployment)
        case .scalingNotes: .scalingNotes(ScalingNotes(loadBalancing: scaling.loadBalancing, failover: scaling.failover,
                                                       notes: scaling.notes, extensions: scaling.extensions))
        case .security: .security(security)
        case .validation: .validation(validation)
        case .extensions: .extensions(extensions)
        }
    }

    package mutating func setSection(_ section: DesignSection) {
        switch section {
        case let .header(h):
            title = h.title
            version = h.version
            status = h.status
            owners = h.owners
            summary = h.summary
        case let .requirements(r): requirements = r
        case let .apiSettings(a):
            api.baseURL = a.baseURL
            api.versioning = a.versioning
            api.errorFormat = a.errorFormat
            api.extensions = a.extensions
        case let .deployment(d): deployment = d
        case let .scalingNotes(s):
            scaling.loadBalancing = s.loadBalancing
            scaling.failover = s.failover
            scaling.notes = s.notes
            scaling.extensions = s.extensions
        case let .security(s): security = s
        case let .validation(v): validation = v
        case let .extensions(e): extensions = e
        }
    }
}

/// A primitive change to a design. Applying one returns the edit that undoes it.
package indirect enum DesignEdit: Equatable, Sendable {
    case insert(DesignElement, at: Int)
    case remove(ElementCollection, at: Int)
    case replace(DesignElement, at: Int)
    case move(ElementCollection, from: Int, to: Int)
    case setSection(DesignSection)
    case batch([DesignEdit])
}

extension Design {
    /// Applies an edit and returns its inverse.
    @discardableResult
    package mutating func apply(_ edit: DesignEdit) -> DesignEdit {
        switch edit {
        case let .insert(element, index):
            modify(element.collection) { $0.insert(element, at: index) }
            return .remove(element.collection, at: index)
        case let .remove(collection, index):
            let old = element(at: index, in: collection)
            modify(collection) { $0.remove(at: index) }
            return .insert(old, at: index)
        case let .replace(element, index):
            let old = self.element(at: index, in: element.collection)
            set(element, at: index)
            return .replace(old, at: index)
        case let .move(collection, from, to):
            modify(collection) { $0.insert($0.remove(at: from), at: to) }
            return .move(collection, from: to, to: from)
        case let .setSection(section):
            let old = self.section(section.key)
            setSection(section)
            return .setSection(old)
        case let .batch(edits):
            return .batch(edits.map { apply($0) }.reversed())
        }
    }
}
