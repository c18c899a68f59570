import PatchbayCore
import PatchbayStore

extension NetworkService {
    /// Creates ports (one, or a bulk) in one transaction: MAC, fixed IPs, then binding. A
    /// generated MAC or an address from a subnet's cursor is not looked up first: when the
    /// unique keys refuse one (a MAC collision, or an address another server or a rolled-back
    /// create took), the create runs again with fresh choices.
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
                if chosenAddress { for request in requests { try await forgetCursors(network: request.networkId) } }
            }
        }
    }

    /// Forgets the allocation cursors of the network's subnets.
    private func forgetCursors(network: String) async throws {
        for subnet in try await repository.read({ try await $0.subnets(network: network) }) { cursors.forget(subnet: subnet.id) }
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
                    tags: request.tags, audit: AuditStamp(createdAt: clock.now()))
                try checkAddressPairs(port)
                try await bind(&port, network: network, in: session)
                try await session.insert(port)
                created.append(port)
            }
            return created
        }
    }

    /// Loads a port the caller may see (its own, or one on a network it owns), or throws `PortNotFound`.
    func visiblePort(_ id: String, caller: Caller, in session: any NetworkSession) async throws -> Port {
        guard let port = try await session.port(id) else { throw PatchbayError.notFound("Port", id) }
        if NetworkPolicy.canSee(caller, projectId: port.projectId) { return port }
        if caller.canRead, let network = try await session.network(port.networkId), network.projectId == caller.projectId {
            return port
        }
        throw PatchbayError.notFound("Port", id)
    }

    /// Shows one port.
    func port(_ id: String, caller: Caller) async throws -> Port {
        try await repository.read { session in try await visiblePort(id, caller: caller, in: session) }
    }

    /// Lists the ports the caller may see.
    func ports(caller: Caller) async throws -> [Port] {
        try await repository.read { session in try await session.ports(visibility(caller)) }
    }

    /// Updates a port; a change of host, vnic type or profile clears the binding and binds again.
    func updatePort(_ id: String, _ update: PortUpdate, caller: Caller, expectedRevision: Int? = nil) async throws -> Port {
        try NetworkPolicy.requireWrite(caller, action: "update_port")
        return try await repository.write { session in
            var port = try await visiblePort(id, caller: caller, in: session)
            guard caller.owns(port.projectId) || caller.isService else { throw PatchbayError.policyNotAuthorized("update_port") }
            try checkRevision(expectedRevision, current: port.audit.revisionNumber, kind: "port", id: id)
            guard let network = try await session.network(port.networkId) else { throw PatchbayError.notFound("Network", port.networkId) }
            try checkPortPolicy(update.present, update.fixedIps, network: network, caller: caller, action: "update_port")
            // Compare in canonical form: `FA-16-3E-…` naming the current MAC is no change.
            if let requested = update.macAddress, requested.map({ MACAddress($0)?.description ?? $0 }) != port.macAddress {
                let bound = port.binding.vifType != VifType.unbound.rawValue && port.binding.vifType != VifType.bindingFailed.rawValue
                if bound {
                    throw PatchbayError.conflict("PortBound", code: "port.bound",
                        "Unable to complete operation on port \(id), port is already bound, port type: \(port.binding.vifType), old_mac \(port.macAddress), new_mac \(requested ?? "generated").")
                }
                port.macAddress = try await chooseMAC(requested, networkId: network.id, in: session)
            }
            if let requests = update.fixedIps {
                let keep = port.fixedIps.filter { fixed in requests.contains { $0.ipAddress == fixed.ipAddress && ($0.subnetId ?? fixed.subnetId) == fixed.subnetId } }
                let fresh = requests.filter { request in !keep.contains { $0.ipAddress == request.ipAddress } }
                // Only the addresses being given up count as free again; kept ones stay taken.
                let released = port.fixedIps.filter { !keep.contains($0) }
                let added = try await allocateAddresses(fresh, networkId: network.id, mac: port.macAddress, keeping: released, in: session)
                port.fixedIps = keep + added
            }
            if let name = update.name { port.name = name }
            if let description = update.description { port.description = description }
            if let up = update.adminStateUp { port.adminStateUp = up }
            if let device = update.deviceId { port.deviceId = device }
            if let owner = update.deviceOwner { port.deviceOwner = owner }
            if let security = update.portSecurityEnabled { port.portSecurityEnabled = security }
            if let pairs = update.allowedAddressPairs {
                port.allowedAddressPairs = pairs.map { AddressPair(ipAddress: $0.ipAddress, macAddress: $0.macAddress.isEmpty ? port.macAddress : $0.macAddress) }
            }
            if let propagate = update.propagateUplinkStatus { port.propagateUplinkStatus = propagate }
            try checkAddressPairs(port)
            var rebind = port.binding.vifType == VifType.bindingFailed.rawValue
            if let host = update.hostId, host != port.binding.hostId { port.binding.hostId = host; rebind = true }
            if let vnic = update.vnicType, vnic.rawValue != port.binding.vnicType { port.binding.vnicType = vnic.rawValue; rebind = true }
            var profile = update.profile ?? port.binding.profile
            if let trusted = update.trusted { profile["trusted"] = .bool(trusted) }
            if profile != port.binding.profile { port.binding.profile = profile; rebind = true }
            if rebind {
                port.binding = port.binding.cleared()
                port.status = .down
                try await bind(&port, network: network, in: session)
            }
            port.audit = port.audit.bumped(at: clock.now())
            try await session.update(port)
            return port
        }
    }

    /// Atomically marks a port as used by `deviceId` (Nova's `device_id`), refusing with 409
    /// `PortInUse` when another device already holds it, so two boots cannot take one port.
    func reservePort(_ id: String, deviceId: String, caller: Caller) async throws {
        try await repository.write { session in
            var port = try await visiblePort(id, caller: caller, in: session)
            guard port.deviceId.isEmpty || port.deviceId == deviceId else {
                throw PatchbayError.conflict("PortInUse", code: "port.in_use",
                    "Unable to complete operation on port \(id) for network \(port.networkId). Port already has an attached device \(port.deviceId).")
            }
            port.deviceId = deviceId
            port.audit = port.audit.bumped(at: clock.now())
            try await session.update(port)
        }
    }

    /// The ids of the ports whose `device_id` is `deviceId` (for the compute side's clean-up).
    func portIds(device deviceId: String) async throws -> [String] {
        try await repository.read { try await $0.ports(device: deviceId).map(\.id) }
    }

    /// Deletes a port and frees its addresses.
    func deletePort(_ id: String, caller: Caller, expectedRevision: Int? = nil) async throws {
        try NetworkPolicy.requireWrite(caller, action: "delete_port")
        try await repository.write { session in
            let port = try await visiblePort(id, caller: caller, in: session)
            let ownsNetwork = try await session.network(port.networkId)?.projectId == caller.projectId
            guard caller.owns(port.projectId) || caller.isService || ownsNetwork else {
                throw PatchbayError.policyNotAuthorized("delete_port")
            }
            try checkRevision(expectedRevision, current: port.audit.revisionNumber, kind: "port", id: id)
            try await session.deletePort(id)
        }
    }

    private func checkPortPolicy(_ present: Set<String>, _ fixedIps: [FixedIPRequest]?, network: Network, caller: Caller,
                                 action: String) throws {
        for attribute in NetworkPolicy.bindingWrites.union(["trusted"]) where present.contains(attribute) && !caller.isAdminOrService {
            throw PatchbayError.policyNotAuthorized("\(action):\(attribute)")
        }
        let ownsNetwork = caller.isAdminOrService || caller.projectId == network.projectId
        for attribute in ["mac_address", "port_security_enabled", "allowed_address_pairs"] where present.contains(attribute) && !ownsNetwork {
            throw PatchbayError.policyNotAuthorized("\(action):\(attribute)")
        }
        if fixedIps?.contains(where: { $0.ipAddress != nil }) == true, !ownsNetwork {
            throw PatchbayError.policyNotAuthorized("\(action):fixed_ips:ip_address")
        }
    }

    /// Allowed address pairs only make sense with port security on (Neutron's rule).
    private func checkAddressPairs(_ port: Port) throws {
        if !port.portSecurityEnabled, !port.allowedAddressPairs.isEmpty {
            throw PatchbayError.conflict("AddressPairAndPortSecurityRequired", code: "port.address_pairs_need_port_security",
                "Port Security must be enabled in order to have allowed address pairs on a port.")
        }
    }

    private func chooseMAC(_ requested: String??, networkId: String, in session: any NetworkSession) async throws -> String {
        if let requested = requested ?? nil {
            guard let mac = MACAddress(requested) else {
                throw PatchbayError.badRequest("Invalid input for mac_address. Reason: '\(requested)' is not a valid MAC address.",
                                               code: "request.invalid_attribute")
            }
            if try await session.macInUse(network: networkId, mac: mac.description) {
                throw PatchbayError.conflict("MacAddressInUse", code: "port.mac_in_use",
                    "Unable to complete operation for network \(networkId). The mac address \(mac) is in use.")
            }
            return mac.description
        }
        // Not looked up: a collision is refused by the unique key and the create runs again.
        var rng = SystemRandomNumberGenerator()
        return macs.next(using: &rng).description
    }
}
