import PatchbayCore
import PatchbayStore

extension NetworkService {
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
            let previousAddresses = port.fixedIps
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
            let previousHost = port.binding.hostId
            if let host = update.hostId, host != port.binding.hostId { port.binding.hostId = host; rebind = true }
            if let vnic = update.vnicType, vnic.rawValue != port.binding.vnicType { port.binding.vnicType = vnic.rawValue; rebind = true }
            var profile = update.profile ?? port.binding.profile
            if let trusted = update.trusted { profile["trusted"] = .bool(trusted) }
            if profile != port.binding.profile { port.binding.profile = profile; rebind = true }
            try applyRequiredCapabilities(update.requiredCapabilities, to: &port, boundTo: previousHost)
            if rebind {
                port.binding = port.binding.cleared()
                port.status = .down
                try await bind(&port, network: network, in: session)
            }
            port.audit = port.audit.bumped(at: clock.now())
            try await session.update(port, previousAddresses: previousAddresses)
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
            try await session.update(port, previousAddresses: port.fixedIps)
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

    /// Refuses binding attributes to non-admins and fixed IPs the caller may not choose.
    func checkPortPolicy(_ present: Set<String>, _ fixedIps: [FixedIPRequest]?, network: Network, caller: Caller,
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
    func checkAddressPairs(_ port: Port) throws {
        if !port.portSecurityEnabled, !port.allowedAddressPairs.isEmpty {
            throw PatchbayError.conflict("AddressPairAndPortSecurityRequired", code: "port.address_pairs_need_port_security",
                "Port Security must be enabled in order to have allowed address pairs on a port.")
        }
    }

    /// The requested MAC (400 when malformed, 409 when in use on the network), or a generated one.
    func chooseMAC(_ requested: String??, networkId: String, in session: any NetworkSession) async throws -> String {
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
