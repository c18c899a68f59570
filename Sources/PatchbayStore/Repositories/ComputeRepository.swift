import PatchbayCore

/// Storage for compute: flavors, hosts with their PCI device records, and servers.
public protocol ComputeRepository: Sendable {
    /// Runs `body` with a read-only view.
    func read<T: Sendable>(_ body: (any ComputeSession) async throws -> T) async throws -> T
    /// Runs `body` in one transaction at `isolation` (see ``TransactionIsolation``).
    func write<T: Sendable>(isolation: TransactionIsolation, _ body: (any ComputeSession) async throws -> T) async throws -> T
}

extension ComputeRepository {
    /// Runs `body` in one serializable transaction.
    public func write<T: Sendable>(_ body: (any ComputeSession) async throws -> T) async throws -> T {
        try await write(isolation: .serializable, body)
    }
}

/// The compute operations available inside a session.
public protocol ComputeSession {
    /// Every flavor.
    func flavors() async throws -> [Flavor]
    /// A flavor by id.
    func flavor(_ id: String) async throws -> Flavor?
    /// Inserts or replaces a flavor (names are unique).
    func save(_ flavor: Flavor) async throws
    /// Deletes a flavor.
    func deleteFlavor(_ id: String) async throws

    /// Every host with its generation.
    func hosts() async throws -> [(ComputeHost, Int)]
    /// How many hosts there are and the sum of their generations: as generations only grow, it
    /// moves whenever a host is added, removed or changed (one aggregate read, no documents).
    func hostsFingerprint() async throws -> HostsFingerprint
    /// Every host's generation, by name (no documents).
    func hostGenerations() async throws -> [String: Int]
    /// One host with its generation.
    func host(_ name: String) async throws -> (ComputeHost, Int)?
    /// The host's desired-state revision: moved by every commit that changes what its desired
    /// state is computed from (nil when nothing ever named the host). One indexed read.
    func hostRevision(_ host: String) async throws -> Int?
    /// The device records of a host.
    func devices(host: String) async throws -> [DeviceRecord]
    /// Writes a host's inventory change if the stored generation still equals
    /// `change.baseGeneration` (compare-and-swap); false when another writer got there first.
    func apply(_ change: InventoryChange, host: ComputeHost) async throws -> Bool

    /// Every server, or those of one project.
    func servers(projectId: String?) async throws -> [Server]
    /// The servers placed on a host.
    func servers(host: String) async throws -> [Server]
    /// A server by id.
    func server(_ id: String) async throws -> Server?
    /// Inserts a new server.
    func insert(_ server: Server) async throws
    /// Replaces a server if its stored revision still equals `expectedRevision` (compare-and-swap);
    /// false when another writer moved it first or it is gone. `server.audit.revisionNumber` is
    /// the revision stored.
    func update(_ server: Server, expectedRevision: Int) async throws -> Bool
    /// Deletes a server.
    func deleteServer(_ id: String) async throws
    /// Stores the tail of server `id`'s console log, replacing the last one.
    func saveConsole(_ id: String, output: String, at time: Int64) async throws
    /// The tail of server `id`'s console log as last stored; nil when none was.
    func console(_ id: String) async throws -> String?

    /// A user's key pairs, by name.
    func keyPairs(userId: String) async throws -> [KeyPair]
    /// One of a user's key pairs.
    func keyPair(userId: String, name: String) async throws -> KeyPair?
    /// Stores a new key pair; false when the user has one of that name already.
    func insert(_ keyPair: KeyPair) async throws -> Bool
    /// Deletes one of a user's key pairs; false when there was none.
    func deleteKeyPair(userId: String, name: String) async throws -> Bool
    /// The memory and CPUs the servers placed on `host` hold.
    func claimedResources(host: String) async throws -> ClaimedResources
    /// The same for every host that has servers.
    func claimedResourcesByHost() async throws -> [String: ClaimedResources]
}

/// The host table's count and summed generations (see ``ComputeSession/hostsFingerprint()``).
public struct HostsFingerprint: Hashable, Sendable {
    /// How many hosts.
    public var hosts: Int64
    /// The sum of their generations.
    public var generations: Int64

    /// A fingerprint of `hosts` hosts whose generations sum to `generations`.
    public init(hosts: Int64, generations: Int64) {
        self.hosts = hosts
        self.generations = generations
    }
}
