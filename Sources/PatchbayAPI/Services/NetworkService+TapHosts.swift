import PatchbayCore
import PatchbayStore

/// One agent's status report for a tap flow.
struct TapFlowReport: Sendable {
    var id: String
    var status: TapStatus
    var reason: String?
}

extension NetworkService {
    /// The tap flows in `host`'s desired state: those whose source port or service port is
    /// bound there, once both ends are bound.
    func hostTapFlows(host: String, in session: any NetworkSession) async throws -> [HostTapFlow] {
        var desired: [HostTapFlow] = []
        var tunnelIPs: [String: String?] = [:]
        for flow in try await session.tapFlows(host: host) {
            guard let source = try await session.port(flow.sourcePort), TapPolicy.isBound(source),
                  let service = try await session.tapService(flow.tapServiceId),
                  let target = try await session.port(service.portId), TapPolicy.isBound(target),
                  source.binding.hostId == host || target.binding.hostId == host
            else { continue }
            let serviceHost = target.binding.hostId
            var tunnelIP: String?
            if serviceHost != source.binding.hostId {
                if tunnelIPs[serviceHost] == nil {
                    tunnelIPs[serviceHost] = try await session.agents(host: serviceHost)
                        .compactMap { $0.extraConfigurations["tunneling_ip"]?.stringValue }.first
                }
                tunnelIP = tunnelIPs[serviceHost] ?? nil
            }
            desired.append(HostTapFlow(
                id: flow.id, tapServiceId: service.id, direction: flow.direction,
                vlanFilter: try flow.vlanFilter.map { try VLANFilter.parse($0) }, sourcePortId: source.id,
                sourceHost: source.binding.hostId, servicePortId: target.id, serviceHost: serviceHost, serviceTunnelIP: tunnelIP))
        }
        return desired
    }

    /// Applies a host agent's tap flow reports (`ACTIVE` or `ERROR` with a reason). Flows that
    /// are not in the host's desired state are ignored; the last report of either host wins.
    /// Returns the ids of the flows updated. A report moves no host's revision.
    func reportTapFlows(host: String, _ reports: [TapFlowReport], caller: Caller) async throws -> [String] {
        try HostPolicy.requireHost(caller, host, action: "report_tap_flows")
        return try await repository.write { session in
            var updated: [String] = []
            for report in reports {
                guard var flow = try await session.tapFlow(report.id),
                      let source = try await session.port(flow.sourcePort),
                      let service = try await session.tapService(flow.tapServiceId),
                      let target = try await session.port(service.portId),
                      TapPolicy.isBound(source), TapPolicy.isBound(target),
                      source.binding.hostId == host || target.binding.hostId == host
                else { continue }
                let reason = report.status == .error ? report.reason : nil
                guard flow.status != report.status || flow.statusReason != reason else { continue }
                flow.status = report.status
                flow.statusReason = reason
                try await session.update(flow)
                updated.append(flow.id)
            }
            return updated
        }
    }
}
