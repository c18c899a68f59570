import PatchbayCore
import PatchbayStore

extension NetworkService {
    /// Creates ports (one, or a bulk) in one transaction: MAC, fixed IPs, then binding. A
    /// generated MAC or an address from a subnet's cursor is not looked up first: when the
    /// unique keys refuse one (a MAC collision, or an address another server or a rolled-back
    /// create took), the create runs again with fresh choices, the cursors a few addresses on.
    func createPorts(_ requests: [PortCreate], caller: Caller) async throws -> [Port] {
        try NetworkPolicy.requireWrite(caller, action: "create_port")
        var attempt = 1
        while true {
            do {
                return try await createPortsOnce(requests, caller: caller)
            } catch let error as PatchbayError {
                let generatedMAC = error.code == "port.mac_in_use" && requests.allSatisfy { $0.macAddress == nil }
                let chosenAddress = error.code == "port.ip_already_allocated"
                    && requests.allSatisfy { $0.fixedIps?.allSatisfy { $0.ipAddress == nil } ?? true }
                guard generatedMAC || chosenAddress else { throw error }
                guard attempt < max(1, config.macGenerationRetries) else {
                    guard generatedMAC else { throw error }
                    throw PatchbayError(code: "port.mac_generation_failure", type: "MacAddressGenerationFailure",
                                        category: .unavailable, message: "Unable to generate unique mac on network \(requests[0].networkId).")
                }
                attempt += 1
                if chosenAddress {
                    // Skipping on resolves concurrent creates; a subnet whose addresses are taken
                    // in long runs (its cursor wrapped) is scanned afresh in the later tries.
                    let rescan = attempt > max(1, config.macGenerationRetries) / 2
                    for request in requests { try await moveCursors(network: request.networkId, rescan: rescan) }
                }
            }
        }
    }

    /// Moves the allocation cursors of the network's subnets on by a few addresses, at random
    /// (a server whose cursor runs in step with another's stops colliding with it), or forgets
    /// them, so the next try scans for the lowest free address.
    private func moveCursors(network: String, rescan: Bool) async throws {
        for subnet in try await repository.read({ try await $0.subnets(network: network) }) {
            if rescan { cursors.forget(subnet: subnet.id) } else { cursors.skip(subnet: subnet.id, by: Int.random(in: 0...7)) }
        }
    }

    private func createPortsOnce(_ requests: [PortCreate], caller: Caller) async throws -> [Port] {
        try await repository.write { session in
            var created: [Port] = []
            for request in requests {
                let network = try await visibleNetwork(request.networkId, caller: caller, in: session)
                if !network.shared, !caller.isAdminOrService, caller.projectId != network.projectId {
                    // An external network is visible to everyone, but only its owner and admins plug ports into it.
                    throw PatchbayError.policyNotAuthorized("create_port")
                }
                try checkPortPolicy(request.present, request.fixedIps, network: network, caller: caller, action: "create_port")
                let mac = try await chooseMAC(request.macAddress, networkId: network.id, in: session)
                let fixedIps = try await allocateAddresses(request.fixedIps, networkId: network.id, mac: mac, in: session)
                var port = Port(
                    id: UUIDv4.make(), projectId: request.projectId, networkId: network.id, name: request.name,
                    description: request.description, adminStateUp: request.adminStateUp, macAddress: mac,
                    fixedIps: fixedIps, deviceId: request.deviceId, deviceOwner: request.deviceOwner,
                    portSecurityEnabled: request.portSecurityEnabled ?? network.portSecurityEnabled,
                    allowedAddressPairs: (request.allowedAddressPairs ?? []).map { pair in
                        AddressPair(ipAddress: pair.ipAddress, macAddress: pair.macAddress.isEmpty ? mac : pair.macAddress)
                    },
                    propagateUplinkStatus: request.propagateUplinkStatus,
                    binding: PortBinding(hostId: request.hostId, vnicType: request.vnicType.rawValue, profile: request.profile),
                    tags: request.tags, requiredCapabilities: request.requiredCapabilities, audit: AuditStamp(createdAt: clock.now()))
                try checkAddressPairs(port)
                _ = try PortCapabilities.nicRequirements(request.requiredCapabilities, vnicType: request.vnicType)
                try await bind(&port, network: network, in: session)
                try await session.insert(port)
                created.append(port)
            }
            return created
        }
    }
}
