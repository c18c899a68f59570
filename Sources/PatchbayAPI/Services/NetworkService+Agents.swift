import Logging
import PatchbayCore
import PatchbayStore

/// An agent's self-report: who it is and what wiring it has.
struct AgentReport: Sendable {
    var agentType: AgentType
    var host: String
    var binary: String
    var topic = "N/A"
    var availabilityZone: String?
    var mappings: AgentMappings
    var extra: [String: JSONValue] = [:]
    /// True on the first report after the agent process started.
    var startFlag = false
}

extension NetworkService {
    /// Registers an agent or records its heartbeat (unique per host and type). Admins, or the
    /// host's own credential. A heartbeat that changes nothing but the time is queued for the
    /// next batch (see ``HeartbeatBatcher``); anything else rewrites the agent in a transaction.
    func report(_ report: AgentReport, caller: Caller) async throws -> AgentRecord {
        try HostPolicy.requireHost(caller, report.host, action: "report_agent_state")
        let now = clock.now()
        func updated(_ existing: AgentRecord?) -> AgentRecord {
            var record = existing ?? AgentRecord(
                id: UUIDv4.make(), agentType: report.agentType, binary: report.binary, topic: report.topic, host: report.host,
                mappings: report.mappings, createdAt: now, startedAt: now, heartbeatAt: now)
            record.binary = report.binary
            record.topic = report.topic
            record.availabilityZone = report.availabilityZone
            record.mappings = report.mappings
            record.extraConfigurations = report.extra
            record.heartbeatAt = max(record.heartbeatAt, now)
            if report.startFlag { record.startedAt = now }
            return record
        }
        let known = try await repository.read { session in
            try await session.agents(host: report.host).first { $0.agentType == report.agentType }
        }
        if let known, !report.startFlag {
            let record = updated(known)
            var timestampsAside = record
            timestampsAside.heartbeatAt = known.heartbeatAt
            if timestampsAside == known {
                await heartbeats.record(known.id, at: now, into: repository)
                return record
            }
        }
        return try await repository.write { session in
            let record = updated(try await session.agents(host: report.host).first { $0.agentType == report.agentType })
            try await session.save(record)
            return record
        }
    }

    /// Logs why a host's agent cannot wire ports (the `reasons` of its device report); the
    /// ports themselves stay DOWN.
    func logUnwiredPorts(host: String, reasons: [String: String]) {
        let logger = Logger(label: "patchbay.network")
        for (port, reason) in reasons.sorted(by: { $0.key < $1.key }) {
            logger.warning("agent cannot wire port", metadata: ["host": "\(host)", "port": "\(port)", "reason": "\(reason)"])
        }
    }

    /// Lists agents: everything for admins, an empty list for everyone else (as Neutron does).
    func agents(caller: Caller) async throws -> [AgentRecord] {
        guard caller.isAdmin else { return [] }
        return try await repository.read { session in try await session.agents() }
    }

    /// Shows one agent; non-admins get 404.
    func agent(_ id: String, caller: Caller) async throws -> AgentRecord {
        guard caller.isAdmin, let agent = try await repository.read({ session in try await session.agent(id) }) else {
            throw PatchbayError.notFound("Agent", id)
        }
        return agent
    }

    /// Changes an agent's admin state or description.
    func updateAgent(_ id: String, adminStateUp: Bool?, description: String?, caller: Caller) async throws -> AgentRecord {
        guard caller.isAdmin else { throw PatchbayError.notFound("Agent", id) }
        return try await repository.write { session in
            guard var agent = try await session.agent(id) else { throw PatchbayError.notFound("Agent", id) }
            if let adminStateUp { agent.adminStateUp = adminStateUp }
            if let description { agent.description = description }
            try await session.save(agent)
            return agent
        }
    }

    /// Deletes an agent record.
    func deleteAgent(_ id: String, caller: Caller) async throws {
        guard caller.isAdmin else { throw PatchbayError.notFound("Agent", id) }
        try await repository.write { session in
            guard try await session.agent(id) != nil else { throw PatchbayError.notFound("Agent", id) }
            try await session.deleteAgent(id)
        }
    }

    /// Whether an agent is alive now.
    func isAlive(_ agent: AgentRecord) -> Bool { agent.isAlive(now: clock.now(), downTime: config.agentDownTime) }

    /// Replaces the tags of a resource.
    func setTags(collection: String, id: String, tags: [String], caller: Caller) async throws -> [String] {
        try NetworkPolicy.requireWrite(caller, action: "update_\(collection)_tags")
        return try await repository.write { session in
            switch collection {
            case "networks":
                var network = try await visibleNetwork(id, caller: caller, in: session)
                guard caller.owns(network.projectId) else { throw PatchbayError.policyNotAuthorized("update_network:tags") }
                network.tags = tags
                network.audit = network.audit.bumped(at: clock.now())
                try await session.update(network)
            case "subnets":
                var (subnet, _) = try await visibleSubnet(id, caller: caller, in: session)
                guard caller.owns(subnet.projectId) else { throw PatchbayError.policyNotAuthorized("update_subnet:tags") }
                subnet.tags = tags
                subnet.audit = subnet.audit.bumped(at: clock.now())
                try await session.update(subnet)
            default:
                var port = try await visiblePort(id, caller: caller, in: session)
                port.tags = tags
                port.audit = port.audit.bumped(at: clock.now())
                try await session.update(port, previousAddresses: port.fixedIps)
            }
            return tags
        }
    }

    /// The tags of a resource.
    func tags(collection: String, id: String, caller: Caller) async throws -> [String] {
        try await repository.read { session in
            switch collection {
            case "networks": try await visibleNetwork(id, caller: caller, in: session).tags
            case "subnets": try await visibleSubnet(id, caller: caller, in: session).0.tags
            default: try await visiblePort(id, caller: caller, in: session).tags
            }
        }
    }
}
