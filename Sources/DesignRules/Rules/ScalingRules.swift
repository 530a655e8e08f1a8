import DesignModel

enum ScalingRules {
    static let all: [any Rule] = [
        BottleneckMitigation(), BottleneckAffects(), CacheServes(), CacheTTL(), CacheInvalidation(),
        CDNPrivateEndpoint(), CacheNonGET(), LoadStated(), Monitoring(), MonitoringTarget(), Failover(),
        LoadBalancing(),
    ]

    struct BottleneckMitigation: Rule {
        let id = "scale-bottleneck-mitigation"
        let reads: DesignSections = .scaling
        let defaultSeverity = Severity.warning
        let title = "Every bottleneck has a mitigation"
        let explanation = """
            Naming a bottleneck is half the work; the design must also say what keeps it from taking the system \
            down (caching, partitioning, queueing, read replicas). Fix: write the `mitigation`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.scaling.bottlenecks.compactMap { item in
                isBlank(item.mitigation) ? Issue(.bottleneck(item.name), "bottleneck '\(item.name)' has no mitigation") : nil
            }
        }
    }

    struct BottleneckAffects: Rule {
        let id = "scale-bottleneck-affects"
        let reads: DesignSections = .scaling
        let defaultSeverity = Severity.warning
        let title = "Every bottleneck names the elements it affects"
        let explanation = """
            A bottleneck is somewhere: an endpoint, a table, a service. `affects` ties it to those elements, so \
            that the workbench marks them and a rename keeps the link. Fix: list the affected elements as \
            KIND:NAME references.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.scaling.bottlenecks.compactMap { item in
                item.affects.isEmpty ? Issue(.bottleneck(item.name), "bottleneck '\(item.name)' affects no element") : nil
            }
        }
    }

    struct CacheServes: Rule {
        let id = "scale-cache-serves"
        let reads: DesignSections = .scaling
        let defaultSeverity = Severity.warning
        let title = "Every cache says what it holds and what it serves"
        let explanation = """
            A cache without `what` and `serves` cannot be reasoned about: nobody can tell which reads are fast, \
            which data may be stale, or what to purge. Fix: describe the cached data and list the endpoints (or \
            tables) it serves.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.scaling.caches.compactMap { cache in
                var missing: [String] = []
                if isBlank(cache.what) { missing.append("what it holds") }
                if cache.serves.isEmpty { missing.append("what it serves") }
                return missing.isEmpty ? nil : Issue(.cache(cache.name), "cache '\(cache.name)' does not say \(missing.joined(separator: " or "))")
            }
        }
    }

    struct CacheTTL: Rule {
        let id = "scale-cache-ttl"
        let reads: DesignSections = .scaling
        let defaultSeverity = Severity.warning
        let title = "Every cache has a TTL"
        let explanation = """
            A TTL bounds how stale a cached answer can be, even when an invalidation is missed, and keeps memory \
            from filling with cold keys. Fix: set `ttl` (e.g. 5m).
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.scaling.caches.compactMap { cache in
                cache.ttl == nil ? Issue(.cache(cache.name), "cache '\(cache.name)' has no ttl") : nil
            }
        }
    }

    struct CacheInvalidation: Rule {
        let id = "scale-cache-invalidation"
        let reads: DesignSections = .scaling
        let defaultSeverity = Severity.warning
        let title = "Every cache says how it is invalidated"
        let explanation = """
            When the underlying data changes, a cache without an invalidation plan serves the old value until the \
            TTL runs out. Say what removes or refreshes entries (delete on write, purge by key, events). Fix: write \
            the `invalidation`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.scaling.caches.compactMap { cache in
                isBlank(cache.invalidation) ? Issue(.cache(cache.name), "cache '\(cache.name)' does not say how it is invalidated") : nil
            }
        }
    }

    struct CDNPrivateEndpoint: Rule {
        let id = "scale-cdn-private-endpoint"
        let reads: DesignSections = [.scaling, .endpoints]
        let defaultSeverity = Severity.error
        let title = "No CDN cache in front of an endpoint that needs auth"
        let explanation = """
            A CDN is a shared cache: a response cached for one user's token is served to the next user who asks \
            for the same URL, leaking private data. Fix: cache only public endpoints at the CDN; cache per-user \
            data in the application or Redis keyed by user, or mark the responses `Cache-Control: private`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for cache in context.design.scaling.caches where cache.layer == .cdn {
                for item in cache.serves {
                    guard let ref = ElementRef(parsing: item), ref.kind == .endpoint, let e = context.index.endpoints[ref.name] else { continue }
                    let endpoint = context.design.endpoints[e]
                    if endpoint.isSecured {
                        issues.append(Issue(.cache(cache.name), "CDN cache '\(cache.name)' serves '\(endpoint.name)', which requires auth '\(endpoint.auth ?? "")'"))
                    }
                }
            }
            return issues
        }
    }

    struct CacheNonGET: Rule {
        let id = "scale-cache-non-get"
        let reads: DesignSections = [.scaling, .endpointList]
        let defaultSeverity = Severity.warning
        let title = "Caches serve only GET and HEAD endpoints"
        let explanation = """
            Responses to POST, PUT, PATCH and DELETE report changes; replaying a cached one tells the client a \
            change happened when it did not. Fix: cache the GET that reads the data, and let the write invalidate it.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for cache in context.design.scaling.caches {
                for item in cache.serves {
                    guard let ref = ElementRef(parsing: item), ref.kind == .endpoint, let e = context.index.endpoints[ref.name] else { continue }
                    let method = context.design.endpoints[e].method
                    if method != .GET && method != .HEAD {
                        issues.append(Issue(.cache(cache.name), "cache '\(cache.name)' serves '\(ref.name)', a \(method.rawValue)"))
                    }
                }
            }
            return issues
        }
    }

    struct LoadStated: Rule {
        let id = "scale-load-stated"
        let reads: DesignSections = .requirements
        let defaultSeverity = Severity.warning
        let title = "The expected load is stated"
        let explanation = """
            Scaling decisions (replicas, partitioning, caches) are only right or wrong against a load: peak and \
            average requests per second, users, data volume. Fix: fill in requirements.load, at least peak_rps.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let load = context.design.requirements.load
            guard load.peakRPS == nil, load.avgRPS == nil, load.users == nil else { return [] }
            return [Issue(.section("requirements"), "requirements.load states no peak_rps, avg_rps or users")]
        }
    }

    struct Monitoring: Rule {
        let id = "scale-monitoring"
        let reads: DesignSections = [.scaling, .services, .endpointList]
        let defaultSeverity = Severity.warning
        let title = "The design lists monitoring signals"
        let explanation = """
            Without stated signals (latency, error rate, saturation, queue lag) nobody knows whether the design \
            meets its targets in production or when to be woken up. Fix: list scaling.monitoring signals with a \
            target and an alert.
            """
        func check(_ context: RuleContext) -> [Issue] {
            guard context.design.scaling.monitoring.isEmpty, !context.design.services.isEmpty || !context.design.endpoints.isEmpty else { return [] }
            return [Issue(.section("scaling"), "scaling.monitoring lists no signals")]
        }
    }

    struct MonitoringTarget: Rule {
        let id = "scale-monitoring-target"
        let reads: DesignSections = .scaling
        let defaultSeverity = Severity.warning
        let title = "Every monitoring signal has a target"
        let explanation = """
            A signal without a target (p99 under 300 ms, errors under 0.5%) is a graph nobody acts on. Fix: write \
            the `target`, and the `alert` that fires when it is missed.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.scaling.monitoring.compactMap { signal in
                isBlank(signal.target) ? Issue(ElementRef(.monitoring, signal.signal), "monitoring signal '\(signal.signal)' has no target") : nil
            }
        }
    }

    struct Failover: Rule {
        let id = "scale-failover"
        let reads: DesignSections = [.scaling, .services, .tables]
        let defaultSeverity = Severity.warning
        let title = "Failover is stated when there is a datastore"
        let explanation = """
            Stateless replicas recover by restarting; a database does not. When services keep data, the design \
            must say what happens when the primary fails: standby, automatic promotion, RPO and RTO. Fix: write \
            scaling.failover.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let design = context.design
            guard isBlank(design.scaling.failover) else { return [] }
            guard design.services.contains(where: { !isBlank($0.datastore) }) || !design.tables.isEmpty else { return [] }
            return [Issue(.section("scaling"), "services keep data but scaling.failover is not stated")]
        }
    }

    struct LoadBalancing: Rule {
        let id = "scale-load-balancing"
        let reads: DesignSections = [.scaling, .services]
        let defaultSeverity = Severity.info
        let title = "Load balancing is stated when services run replicas"
        let explanation = """
            Replicas only help if traffic is spread over them and failing ones are taken out. Say how: the \
            balancer, its algorithm, health checks. Fix: write scaling.load_balancing.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let design = context.design
            guard isBlank(design.scaling.loadBalancing),
                  design.services.contains(where: { !isBlank($0.replicas) }) else { return [] }
            return [Issue(.section("scaling"), "services run replicas but scaling.load_balancing is not stated")]
        }
    }
}
