import PatchbayCore

/// Which rows of a project-owned table a caller may see.
public enum Visibility: Sendable, Equatable {
    /// Every row (admin).
    case all
    /// Rows of this project, plus shared and external networks and the subnets of shared ones.
    case project(String)
}

/// Storage for the networking resources. Every call runs in one session; `write` sessions are
/// one transaction, so a handler's multi-row change commits or rolls back as a whole.
public protocol NetworkRepository: Sendable {
    /// Runs `body` with a read-only view.
    func read<T: Sendable>(_ body: (any NetworkSession) async throws -> T) async throws -> T
    /// Runs `body` in one transaction; a thrown error rolls back everything it wrote.
    func write<T: Sendable>(_ body: (any NetworkSession) async throws -> T) async throws -> T
}

/// The operations available inside a session. Writers maintain the side tables (segment
/// allocations, IP allocations, MAC uniqueness) from the documents they are given.
public protocol NetworkSession {
    /// The network with this id, regardless of project.
    func network(_ id: String) async throws -> Network?
    /// Networks visible under `visibility`.
    func networks(_ visibility: Visibility) async throws -> [Network]
    /// Stores a new network and claims its segments (a taken segment is a conflict).
    func insert(_ network: Network) async throws
    /// Replaces a network document.
    func update(_ network: Network) async throws
    /// Deletes a network and releases its segments.
    func deleteNetwork(_ id: String) async throws
    /// Every allocated segment, for the type drivers.
    func allocatedSegments() async throws -> AllocatedSegments

    /// The subnet with this id.
    func subnet(_ id: String) async throws -> Subnet?
    /// Subnets of one network.
    func subnets(network networkId: String) async throws -> [Subnet]
    /// Subnets visible under `visibility`.
    func subnets(_ visibility: Visibility) async throws -> [Subnet]
    /// Stores a new subnet.
    func insert(_ subnet: Subnet) async throws
    /// Replaces a subnet document.
    func update(_ subnet: Subnet) async throws
    /// Deletes a subnet.
    func deleteSubnet(_ id: String) async throws
    /// Addresses allocated in a subnet.
    func allocatedAddresses(subnet subnetId: String) async throws -> Set<String>
    /// Whether one address is allocated in a subnet (an index lookup).
    func isAllocated(subnet subnetId: String, address: String) async throws -> Bool

    /// The port with this id.
    func port(_ id: String) async throws -> Port?
    /// Ports of one network.
    func ports(network networkId: String) async throws -> [Port]
    /// Ports bound to one host.
    func ports(host: String) async throws -> [Port]
    /// Ports whose `device_id` is `deviceId` (a server's, reserved or created for it).
    func ports(device deviceId: String) async throws -> [Port]
    /// Ports visible under `visibility`: a project's own, and every port on its networks.
    func ports(_ visibility: Visibility) async throws -> [Port]
    /// Whether a MAC is taken on a network.
    func macInUse(network networkId: String, mac: String) async throws -> Bool
    /// Stores a new port with its IP allocations.
    func insert(_ port: Port) async throws
    /// Replaces a port document, and its IP allocations unless they equal `previousAddresses`
    /// (the port's addresses before the change; nil when not known).
    func update(_ port: Port, previousAddresses: [FixedIP]?) async throws
    /// Deletes a port and frees its addresses.
    func deletePort(_ id: String) async throws

    /// Every agent.
    func agents() async throws -> [AgentRecord]
    /// Agents on one host.
    func agents(host: String) async throws -> [AgentRecord]
    /// Each host's latest agent heartbeat (Unix seconds), without decoding documents.
    func agentHeartbeats() async throws -> [String: Int64]
    /// The agent with this id.
    func agent(_ id: String) async throws -> AgentRecord?
    /// Moves agents' heartbeats (agent id → Unix seconds) forward, without rewriting documents.
    func recordHeartbeats(_ beats: [String: Int64]) async throws
    /// Inserts or replaces an agent (unique per host and type).
    func save(_ agent: AgentRecord) async throws
    /// Deletes an agent.
    func deleteAgent(_ id: String) async throws

    /// The tap service with this id.
    func tapService(_ id: String) async throws -> TapService?
    /// Tap services visible under `visibility` (a project sees only its own).
    func tapServices(_ visibility: Visibility) async throws -> [TapService]
    /// Stores a new tap service.
    func insert(_ service: TapService) async throws
    /// Replaces a tap service document.
    func update(_ service: TapService) async throws
    /// Deletes a tap service and its flows.
    func deleteTapService(_ id: String) async throws
    /// The tap flow with this id.
    func tapFlow(_ id: String) async throws -> TapFlow?
    /// Tap flows visible under `visibility`.
    func tapFlows(_ visibility: Visibility) async throws -> [TapFlow]
    /// The flows whose source port or service port is on `host` (one indexed query).
    func tapFlows(host: String) async throws -> [TapFlow]
    /// Stores a new tap flow.
    func insert(_ flow: TapFlow) async throws
    /// Replaces a tap flow document (its service and source port never change).
    func update(_ flow: TapFlow) async throws
    /// Deletes a tap flow.
    func deleteTapFlow(_ id: String) async throws
    /// How many tap services and tap flows a project owns (the quota counts).
    func tapCounts(project: String) async throws -> (services: Int, flows: Int)
}

extension NetworkSession {
    /// Replaces a port document and its IP allocations.
    public func update(_ port: Port) async throws { try await update(port, previousAddresses: nil) }
}
