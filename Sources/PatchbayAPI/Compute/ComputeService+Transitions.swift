import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// `server` after `event` at `now` (a build step renews its lease; the last one drops it); nil
    /// `event` changes no state and is refused once the server is being deleted (a build step
    /// recording its progress). Throws the state machine's refusal.
    func stepped(_ server: Server, _ event: ServerEvent?, now: Int64) throws -> Server {
        var next = server
        if let event {
            switch ServerLifecycle.next(server.lifecycle, on: event, serverId: server.id) {
            case .moved(let state): next.lifecycle = state
            case .unchanged: return server
            case .refused(let error): throw error
            }
        } else if server.isDeleting {
            throw PatchbayError.instanceInvalidState(server.id, .placed, server.lifecycle)
        }
        // Only build steps touch the lease: a delete keeps it, so recovery and the delete itself
        // wait for a live build to see the delete and undo its own work.
        switch event {
        case nil, .placed?: next.lease = BuildLease(owner: instanceId, expiresAt: now + config.buildLease)
        case .wired?, .buildFailed?: next.lease = nil
        default: break
        }
        next.audit = server.audit.bumped(at: now)
        return next
    }

    /// Moves stored server `id` by `event` (see ``stepped(_:_:now:)``) and applies `change` to it,
    /// as a compare-and-swap on its revision inside one transaction; `extra` runs in the same
    /// transaction (e.g. an inventory change). Returns the stored server, or throws 404 when it
    /// is gone and the refusal when the event does not apply. `isolation` is `.snapshot` only
    /// for a step whose every conflict is a write to the server row or a host generation.
    @discardableResult
    func advance(_ id: String, on event: ServerEvent?, isolation: TransactionIsolation = .serializable,
                 change: @Sendable (inout Server) throws -> Void = { _ in },
                 extra: @Sendable (Server, any ComputeSession) async throws -> Void = { _, _ in }) async throws -> Server {
        let now = clock.now()
        return try await repository.write(isolation: isolation) { session in
            guard let stored = try await session.server(id) else { throw Self.serverNotFound(id) }
            var next = try stepped(stored, event, now: now)
            guard next != stored else { return stored }
            try change(&next)
            try await extra(next, session)
            guard try await session.update(next, expectedRevision: stored.audit.revisionNumber) else { throw Self.serverRaced(id) }
            return next
        }
    }

    static func serverNotFound(_ id: String) -> PatchbayError {
        PatchbayError(code: "compute.server_not_found", type: "InstanceNotFound", category: .notFound,
                      message: "Instance \(id) could not be found.")
    }

    static func serverRaced(_ id: String) -> PatchbayError {
        PatchbayError(code: "compute.server_conflict", type: "InstanceConflict", category: .conflict,
                      message: "Instance \(id) was changed by another request; retry.")
    }
}
