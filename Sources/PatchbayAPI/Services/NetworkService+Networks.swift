import PatchbayCore
import PatchbayStore

/// What a caller asks for when creating a network.
struct NetworkCreate: Sendable {
    var projectId: String
    var name = ""
    var description = ""
    var adminStateUp = true
    var shared = false
    var external = false
    var mtu: Int?
    var portSecurityEnabled = true
    var provider = ProviderRequest()
    var defaultPortProfile: String?
    var tags: [String] = []
}

/// The changes a caller asks for on an existing network (nil = unchanged).
struct NetworkUpdate: Sendable {
    var name: String?
    var description: String?
    var adminStateUp: Bool?
    var shared: Bool?
    var external: Bool?
    var mtu: Int?
    var portSecurityEnabled: Bool?
    var defaultPortProfile: String??
    var provider = ProviderRequest()
}

extension NetworkService {
    /// Creates networks (one, or a bulk) in one transaction, allocating a segment for each.
    func createNetworks(_ requests: [NetworkCreate], caller: Caller) async throws -> [(Network, [Subnet])] {
        try NetworkPolicy.requireWrite(caller, action: "create_network")
        return try await repository.write { session in
            var allocated = try await session.allocatedSegments()
            var rng = SystemRandomNumberGenerator()
            var created: [(Network, [Subnet])] = []
            for request in requests {
                let segment = try SegmentAllocator.allocate(request.provider, config: config.typeDrivers,
                                                            allocated: allocated, using: &rng)
                allocated.insert(segment)
                let maximum = segment.mtu(globalPhysnetMTU: config.globalPhysnetMTU)
                if let mtu = request.mtu, mtu > maximum {
                    throw PatchbayError.invalidInput("Requested MTU is too big, maximum is \(maximum)")
                }
                let network = Network(
                    id: UUIDv4.make(), projectId: request.projectId, name: request.name, description: request.description,
                    adminStateUp: request.adminStateUp, shared: request.shared, external: request.external,
                    mtu: request.mtu ?? maximum, portSecurityEnabled: request.portSecurityEnabled, segments: [segment],
                    defaultPortProfile: request.defaultPortProfile, tags: request.tags, audit: AuditStamp(createdAt: clock.now()))
                try await session.insert(network)
                created.append((network, []))
            }
            return created
        }
    }

    /// Shows one network with its subnets.
    func network(_ id: String, caller: Caller) async throws -> (Network, [Subnet]) {
        try await repository.read { session in
            let network = try await visibleNetwork(id, caller: caller, in: session)
            return (network, try await session.subnets(network: id))
        }
    }

    /// Lists the networks the caller may see, each with its subnets.
    func networks(caller: Caller) async throws -> [(Network, [Subnet])] {
        try await repository.read { session in
            let networks = try await session.networks(visibility(caller))
            let subnets = Dictionary(grouping: try await session.subnets(.all), by: \.networkId)
            return networks.map { ($0, subnets[$0.id] ?? []) }
        }
    }

    /// Applies an update; provider attributes cannot change once allocated.
    func updateNetwork(_ id: String, _ update: NetworkUpdate, caller: Caller, expectedRevision: Int? = nil) async throws -> (Network, [Subnet]) {
        try NetworkPolicy.requireWrite(caller, action: "update_network")
        return try await repository.write { session in
            var network = try await visibleNetwork(id, caller: caller, in: session)
            guard caller.owns(network.projectId) else { throw PatchbayError.policyNotAuthorized("update_network") }
            try checkRevision(expectedRevision, current: network.audit.revisionNumber, kind: "network", id: id)
            if !update.provider.isEmpty {
                let current = network.primarySegment
                let unchanged = (update.provider.networkType == nil || update.provider.networkType == current?.networkType.rawValue)
                    && (update.provider.physicalNetwork == nil || update.provider.physicalNetwork == current?.physicalNetwork)
                    && (update.provider.segmentationId == nil || update.provider.segmentationId == current?.segmentationId)
                guard unchanged else {
                    throw PatchbayError.invalidInput("Plugin does not support updating the following provider network attributes: \(update.provider.changedNames.joined(separator: ", "))")
                }
            }
            if let mtu = update.mtu {
                let maximum = network.primarySegment?.mtu(globalPhysnetMTU: config.globalPhysnetMTU) ?? config.globalPhysnetMTU
                guard mtu <= maximum else { throw PatchbayError.invalidInput("Requested MTU is too big, maximum is \(maximum)") }
                try await checkMTU(mtu, fits: try await session.subnets(network: id), networkId: id)
                network.mtu = mtu
            }
            if let name = update.name { network.name = name }
            if let description = update.description { network.description = description }
            if let up = update.adminStateUp { network.adminStateUp = up }
            if let shared = update.shared { network.shared = shared }
            if let external = update.external { network.external = external }
            if let security = update.portSecurityEnabled { network.portSecurityEnabled = security }
            if let profile = update.defaultPortProfile { network.defaultPortProfile = profile }
            network.audit = network.audit.bumped(at: clock.now())
            try await session.update(network)
            return (network, try await session.subnets(network: id))
        }
    }

    /// Deletes a network and its subnets; 409 while non-DHCP ports remain.
    func deleteNetwork(_ id: String, caller: Caller, expectedRevision: Int? = nil) async throws {
        try NetworkPolicy.requireWrite(caller, action: "delete_network")
        try await repository.write { session in
            let network = try await visibleNetwork(id, caller: caller, in: session)
            guard caller.owns(network.projectId) else { throw PatchbayError.policyNotAuthorized("delete_network") }
            try checkRevision(expectedRevision, current: network.audit.revisionNumber, kind: "network", id: id)
            let ports = try await session.ports(network: id)
            let blocking = ports.filter { !$0.deviceOwner.hasPrefix("network:dhcp") }
            if !blocking.isEmpty {
                throw PatchbayError.conflict("NetworkInUse", code: "network.in_use",
                    "Unable to complete operation on network \(id). There are one or more ports still in use on the network, id for these ports is: \(blocking.map(\.id).joined(separator: ",")).")
            }
            for port in ports { try await session.deletePort(port.id) }
            for subnet in try await session.subnets(network: id) { try await session.deleteSubnet(subnet.id) }
            try await session.deleteNetwork(id)
        }
    }

    func checkMTU(_ mtu: Int, fits subnets: [Subnet], networkId: String) async throws {
        for subnet in subnets where mtu < (subnet.ipVersion == 4 ? 68 : 1280) {
            throw PatchbayError.conflict("NetworkMTUSubnetConflict", code: "network.mtu_subnet_conflict",
                "MTU of \(networkId) is not compatible with subnet \(subnet.id).")
        }
    }
}

extension ProviderRequest {
    /// The wire names of the provider attributes this request sets.
    var changedNames: [String] {
        [("provider:network_type", networkType != nil), ("provider:physical_network", physicalNetwork != nil),
         ("provider:segmentation_id", segmentationId != nil)].filter(\.1).map(\.0)
    }
}
