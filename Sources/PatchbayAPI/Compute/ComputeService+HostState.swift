import FailPoints
import PatchbayCore
import PatchbayStore

/// What a host's agent reports about its guests in one pass.
struct GuestReport: Sendable {
    /// Servers whose guest is running on the host.
    var running: Set<String>
    /// Servers whose guest could not be defined or started, with the hypervisor's reason.
    var failed: [String: String]
    /// Retiring servers (being deleted) of which no domain is left on the host.
    var absent: Set<String> = []
    /// Servers whose domain is defined but shut off.
    var stopped: Set<String> = []
    /// The last reboot counter the agent carried out, per server.
    var rebooted: [String: Int] = [:]
    /// The ports each defined domain has attached now, per server (only servers listed here
    /// confirm detaches).
    var interfaces: [String: Set<String>] = [:]
}

extension ComputeService {
    /// The state a host's agent converges to: its bound ports, its guests, VXLAN peers and tap flows.
    /// An unknown host answers 404, so an agent started with a mistyped `--host` (or a server
    /// pointed at an empty database) gets an error, never an empty state to converge to.
    func desiredState(host: String, caller: Caller) async throws -> HostDesiredState {
        try requireHost(caller, host)
        guard try await knownHost(host) != nil else { throw Self.hostNotFound(host) }
        // Servers first: a build binds its ports before it writes its domain, so every guest read
        // here finds its ports bound in the read after it. Read the other way round, a build
        // finishing between the two reads would hand the agent a guest without its ports (and it
        // would start the guest before making its tap).
        let servers = try await repository.read { try await $0.servers(host: host) }
        let (ports, agents, peerPorts, taps) = try await network.repository.read { session in
            let ports = try await session.ports(host: host).filter(\.isBoundForAgent)
            var peerPorts: [String: [Port]] = [:]
            for networkId in Set(ports.filter { $0.binding.boundSegment?.networkType == .vxlan }.map(\.networkId)) {
                peerPorts[networkId] = try await session.ports(network: networkId).filter(\.isBoundForAgent)
            }
            // Only the peers' agents (for their tunnel endpoints), each by its indexed host.
            var agents: [AgentRecord] = []
            for peer in Set(peerPorts.values.joined().map(\.binding.hostId)).subtracting([host]).sorted() {
                agents += try await session.agents(host: peer)
            }
            let taps = try await network.hostTapFlows(host: host, in: session)
            return (ports, agents, peerPorts, taps)
        }
        let tunnelIPs = Dictionary(agents.compactMap { agent in
            agent.extraConfigurations["tunneling_ip"]?.stringValue.map { (agent.host, $0) }
        }, uniquingKeysWith: { first, _ in first })
        var peers: [String: [String]] = [:]
        for (networkId, onNetwork) in peerPorts {
            let hosts = Set(onNetwork.map(\.binding.hostId)).subtracting([host])
            peers[networkId] = Set(hosts.compactMap { tunnelIPs[$0] }).sorted()
        }
        let guests = servers.compactMap { server -> AssignedGuest? in
            guard let xml = server.domainXML, server.vmState != .error, !server.isDeleting else { return nil }
            return AssignedGuest(serverId: server.id, name: DomainNaming.name(for: server.id), domainXML: xml,
                                 awaitingStart: server.vmState == .building, power: Self.desiredPower(of: server),
                                 reboot: server.reboot ?? AssignedGuest.Reboot(), storage: server.storage)
        }
        let retiring = servers.filter { $0.isDeleting && $0.domainXML != nil }.map(\.id)
        return HostDesiredState(host: host, ports: ports.map(HostPort.init(port:)), guests: guests, tunnelPeers: peers,
                                retiring: retiring, tapFlows: taps)
    }

    /// The host's desired-state revision, which every commit changing its desired state moves
    /// (one indexed read); nil when no write ever named the host.
    func desiredRevision(host: String, caller: Caller) async throws -> Int? {
        try requireHost(caller, host)
        return try await repository.read { try await $0.hostRevision(host) }
    }

    /// Applies a host's guest report: a server waiting for its guest goes ACTIVE once the guest
    /// runs and every port is ACTIVE; one whose guest failed goes to ERROR with the reason, and
    /// its devices and ports are released as for any failed build; a deleted server whose guest
    /// is reported absent is freed; power tasks are confirmed (see ``confirmPower(_:_:)``) and
    /// detaches finished (see ``confirmDetaches(_:_:)``). Returns the servers changed.
    func reportGuests(host: String, _ report: GuestReport, caller: Caller) async throws -> [String] {
        try requireHost(caller, host)
        cache.heartbeat(host, at: clock.now())
        let onHost = try await repository.read { try await $0.servers(host: host) }
        var changed: [String] = []
        for server in onHost where server.isDeleting && report.absent.contains(server.id) && !server.isBuildLeased(at: clock.now()) {
            FailPoint.hit("guests.before_purge")
            try await purge(server.id)
            changed.append(server.id)
        }
        for server in onHost where server.vmState == .building && server.taskState == .spawning {
            if let reason = report.failed[server.id] {
                await abandon(server.id, error: PatchbayError(
                    code: "compute.guest_failed", type: "InstanceDeployFailure", category: .internalError,
                    message: "The guest of instance \(server.id) failed on host \(host): \(reason)"))
                changed.append(server.id)
            } else if report.running.contains(server.id), try await portsAreUp(server) {
                do {
                    try await advance(server.id, on: .guestRunning)
                    changed.append(server.id)
                } catch let refusal as PatchbayError where refusal.code == "compute.instance_invalid_state" {}
            }
        }
        for server in onHost where !server.isDeleting {
            if try await confirmPower(server, report) { changed.append(server.id) }
            if try await confirmDetaches(server, report), !changed.contains(server.id) { changed.append(server.id) }
        }
        return changed
    }

    func portsAreUp(_ server: Server) async throws -> Bool {
        for attached in server.ports where !attached.detaching {
            let port = try await network.port(attached.portId, caller: Self.serviceCaller)
            if port.status != .active { return false }
        }
        return true
    }

    /// Records an agent heartbeat for the host's liveness (the inventory is only sent when it changes).
    func heartbeat(host: String) {
        cache.heartbeat(host, at: clock.now())
    }
}

extension Port {
    /// True when the binding succeeded, so an agent has something to wire.
    var isBoundForAgent: Bool {
        !binding.hostId.isEmpty && binding.vifType != VifType.unbound.rawValue
            && binding.vifType != VifType.bindingFailed.rawValue
    }
}

extension HostPort {
    /// The agent's view of a bound port.
    init(port: Port) {
        self.init(id: port.id, macAddress: port.macAddress, networkId: port.networkId, deviceId: port.deviceId,
                  adminStateUp: port.adminStateUp, portSecurityEnabled: port.portSecurityEnabled,
                  propagateUplinkStatus: port.propagateUplinkStatus, status: port.status.rawValue,
                  vnicType: port.binding.vnicType, vifType: port.binding.vifType, vifDetails: port.binding.vifDetails,
                  profile: port.binding.profile, segment: port.binding.boundSegment)
    }
}
