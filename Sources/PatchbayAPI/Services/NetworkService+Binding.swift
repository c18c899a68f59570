import PatchbayCore
import PatchbayStore

extension NetworkService {
    /// Runs the binding engine for a port with a host, recording the outcome (and, on failure,
    /// the reason) on the port. A port without a host is left unbound.
    func bind(_ port: inout Port, network: Network, in session: any NetworkSession) async throws {
        guard !port.binding.hostId.isEmpty else {
            port.binding = PortBinding(vnicType: port.binding.vnicType, profile: port.binding.profile)
            port.status = .down
            return
        }
        let now = clock.now()
        let agents = try await session.agents(host: port.binding.hostId).map {
            $0.snapshot(now: now, downTime: config.agentDownTime)
        }
        let request = BindingRequest(
            portId: port.id, host: port.binding.hostId, vnicType: VnicType(rawValue: port.binding.vnicType) ?? .normal,
            profile: port.binding.profile, segments: network.segments, networkDefaultProfileId: network.defaultPortProfile,
            agents: agents, knownProfiles: config.portProfiles)
        switch engine.bind(request) {
        case .bound(let bound):
            port.binding.vifType = bound.vifType.rawValue
            port.binding.vifDetails = bound.vifDetails
            port.binding.boundSegment = bound.segment
            port.binding.boundDriver = bound.driverName
            port.binding.failureReason = nil
            port.status = bound.initialStatus
        case .failed(let reason):
            port.binding.vifType = VifType.bindingFailed.rawValue
            port.binding.vifDetails = [:]
            port.binding.boundSegment = nil
            port.binding.boundDriver = nil
            port.binding.failureReason = reason
            port.status = .down
        }
    }

    /// Records a device up/down report from the agent on `host`: only a port bound to that host
    /// moves, DOWN ↔ ACTIVE. Returns the ids that changed and those that were refused, with why.
    func reportDevices(host: String, up: [String], down: [String], caller: Caller) async throws -> (updated: [String], failed: [String: String]) {
        try HostPolicy.requireHost(caller, host, action: "update_port:status")
        return try await repository.write { session in
            var updated: [String] = [], failed: [String: String] = [:]
            for (ids, status) in [(up, PortStatus.active), (down, PortStatus.down)] {
                for id in ids {
                    // A host credential learns nothing about ports that are not on its host.
                    guard var port = try await session.port(id), caller.isAdmin || port.binding.hostId == host else {
                        failed[id] = caller.isAdmin ? "no such port" : "no such port on host \(host)"
                        continue
                    }
                    // Unbound or failed first: an unbound port has no host to name.
                    guard port.binding.vifType != VifType.bindingFailed.rawValue, port.binding.vifType != VifType.unbound.rawValue else {
                        failed[id] = "port is not bound (\(port.binding.vifType))"
                        continue
                    }
                    guard port.binding.hostId == host else {
                        failed[id] = "port is bound to host '\(port.binding.hostId)', not '\(host)'"
                        continue
                    }
                    let target: PortStatus = status == .active && !port.adminStateUp ? .down : status
                    if port.status != target {
                        port.status = target
                        port.audit = port.audit.bumped(at: clock.now())
                        try await session.update(port, previousAddresses: port.fixedIps)
                    }
                    updated.append(id)
                }
            }
            return (updated, failed)
        }
    }
}
