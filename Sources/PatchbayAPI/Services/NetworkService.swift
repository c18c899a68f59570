import PatchbayCore
import PatchbayStore

/// The networking plugin: Neutron's semantics over the repository. It never sees HTTP, and
/// every public call that writes runs in one repository transaction.
public struct NetworkService: Sendable {
    let repository: any NetworkRepository
    let config: NetworkingConfig
    let clock: any WallClock
    let engine: BindingEngine
    let macs: MACGenerator
    let cursors = AllocationCursors()
    let heartbeats = HeartbeatBatcher()

    /// Creates the service; fails when the mechanism driver list or base MAC is invalid.
    public init(repository: any NetworkRepository, config: NetworkingConfig, clock: any WallClock) throws {
        self.repository = repository
        self.config = config
        self.clock = clock
        self.engine = BindingEngine(drivers: try BindingEngine.drivers(named: config.mechanismDrivers))
        self.macs = try MACGenerator(baseMAC: config.baseMAC)
    }

    /// Loads a network the caller may see, or throws `NetworkNotFound`.
    func visibleNetwork(_ id: String, caller: Caller, in session: any NetworkSession) async throws -> Network {
        guard let network = try await session.network(id),
              NetworkPolicy.canSee(caller, projectId: network.projectId, shared: network.shared || network.external)
        else { throw PatchbayError.notFound("Network", id) }
        return network
    }

    /// Throws 412 when an `If-Match: revision_number=N` precondition does not hold.
    func checkRevision(_ expected: Int?, current: Int, kind: String, id: String) throws {
        guard let expected, expected != current else { return }
        throw PatchbayError(code: "request.revision_mismatch", type: "RevisionNumberConstraintFailed", category: .preconditionFailed,
                            message: "Constrained to \(expected), but current revision is \(current)")
    }

    /// The visibility scope of a caller's list calls; 403 for a caller without a reader role
    /// (such as a per-host agent credential), which may list nothing, not even its own project.
    func visibility(_ caller: Caller) throws -> Visibility {
        guard caller.canRead else { throw PatchbayError.policyNotAuthorized("project_reader") }
        return caller.isAdmin || caller.isService ? .all : .project(caller.projectId)
    }
}
