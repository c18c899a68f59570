import FailPoints
import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// The caller the compute side uses toward networking (Nova holds the service role).
    static let serviceCaller = Caller(projectId: "", userId: "patchbay-compute", roles: ["service", "admin"])

    /// Builds a server: its ports, PCI requests, placement with one atomic claim of devices, RAM
    /// and VCPUs, port binding and the guest definition. Every step is a compare-and-swap on the
    /// server row, so a step that finds the server deleted (or taken over by recovery) stops;
    /// any failure undoes what the build did and leaves the server in ERROR with a fault that
    /// explains why (or frees it entirely when it was deleted meanwhile).
    func build(_ serverId: String, nics: [ServerCreate.NIC]) async {
        do {
            var server = try await advance(serverId, on: nil)
            // The user's ports are on the row already; each port the boot creates is recorded
            // at its place in `networks` before the next step, so recovery finds it.
            for (index, nic) in nics.enumerated() {
                guard case .network = nic else { continue }
                let attached = try await attach(nic, to: server)
                FailPoint.hit("build.after_port")
                server = try await advance(serverId, on: nil) { $0.ports.insert(attached, at: min(index, $0.ports.count)) }
            }
            let (requests, requestPorts) = try await pciRequests(for: server, ports: server.ports)
            server = try await place(server, requests: requests, requestPorts: requestPorts)
            FailPoint.hit("build.after_claim")
            guard let host = server.host else { throw Self.serverRaced(serverId) }
            for port in server.ports { try await bind(port, server: server, host: host) }
            FailPoint.hit("build.after_bind")
            server.storage = try await storageWithConfigDrive(for: server)
            let xml = try await renderDomain(server, host: host)
            try await finish(serverId, host: host, domainXML: xml, storage: server.storage)
            FailPoint.hit("build.after_wired")
        } catch {
            await abandon(serverId, error: error)
        }
    }

    private func attach(_ nic: ServerCreate.NIC, to server: Server) async throws -> ServerPort {
        switch nic {
        case .network(let networkId):
            var request = PortCreate(projectId: server.projectId, networkId: networkId)
            request.deviceId = server.id
            request.deviceOwner = "compute:nova"
            let port = try await network.createPorts([request], caller: Self.serviceCaller)[0]
            return ServerPort(portId: port.id, createdByBoot: true)
        case .port(let portId):
            return ServerPort(portId: portId, createdByBoot: false)
        }
    }

    /// PCI requests from the ports (Nova's derivation) and the flavor's aliases, with the port
    /// each port-request belongs to.
    private func pciRequests(for server: Server, ports: [ServerPort]) async throws -> ([PCIRequest], [Int: Int]) {
        var requests: [PCIRequest] = []
        var requestPorts: [Int: Int] = [:]
        for (index, attached) in ports.enumerated() {
            let port = try await network.port(attached.portId, caller: Self.serviceCaller)
            let (network, _) = try await network.network(port.networkId, caller: Self.serviceCaller)
            let vnic = VnicType(rawValue: port.binding.vnicType) ?? .normal
            if let request = try PCIRequest.forPort(id: port.id, vnicType: vnic, profile: port.binding.profile,
                                                   segments: network.segments,
                                                   requiredCapabilities: port.requiredCapabilities ?? []) {
                requestPorts[requests.count] = index
                requests.append(request)
            }
        }
        if let value = server.flavor.extraSpecs[Flavor.pciAliasKey] {
            requests += try PCIRequest.forFlavorAliases(value) { name in
                guard let aliases = config.aliases[name] else { return nil }
                return PCIRequest.AliasTemplate(
                    specs: aliases.map { PCIRequest.Spec(vendorId: $0.vendorId, productId: $0.productId, deviceType: $0.deviceType) },
                    numaPolicy: aliases.first?.numaPolicy)
            }
        }
        return (requests, requestPorts)
    }

    func bind(_ attached: ServerPort, server: Server, host: String) async throws {
        let port = try await network.port(attached.portId, caller: Self.serviceCaller)
        var update = PortUpdate()
        update.hostId = host
        update.deviceId = server.id
        update.deviceOwner = "compute:nova"
        update.present = ["binding:host_id", "device_id", "device_owner"]
        if let address = attached.device, let record = cache.entry(host)?.inventory.record(at: address) {
            var profile = port.binding.profile
            let device = record.device.device
            profile["pci_vendor_info"] = .string(device.vendorInfo)
            profile["pci_slot"] = .string(device.address.description)
            profile["physical_network"] = record.device.physicalNetwork.map(JSONValue.string) ?? .null
            if device.type == .vf {
                if let mac = device.pfMACAddress { profile["pf_mac_address"] = .string(mac) }
                if let number = device.vfNumber { profile["vf_num"] = .int(number) }
            } else if device.type == .pf, let mac = device.pfMACAddress {
                profile["device_mac_address"] = .string(mac)
            }
            update.profile = profile
            update.present.insert("binding:profile")
        }
        let bound = try await network.updatePort(attached.portId, update, caller: Self.serviceCaller)
        if bound.binding.vifType == VifType.bindingFailed.rawValue {
            throw PatchbayError(code: "compute.port_binding_failed", type: "PortBindingFailed", category: .conflict,
                                message: "Binding failed for port \(bound.id): \(bound.binding.failureReason ?? "no reason given")")
        }
    }

    /// The libvirt domain for the host's agent, from the bound ports and claimed devices, and
    /// the disks and console its agent lays out.
    func renderDomain(_ server: Server, host: String) async throws -> String {
        let layout = try await layout(of: host)
        let files = try Self.guestFiles(server.storage, serverId: server.id, host: host, layout: layout)
        let inventory = cache.entry(host)?.inventory
        var interfaces: [GuestInterface] = []
        for attached in server.ports {
            let port = try await network.port(attached.portId, caller: Self.serviceCaller)
            let (network, _) = try await network.network(port.networkId, caller: Self.serviceCaller)
            let device = attached.device.flatMap { inventory?.record(at: $0)?.device.device }
            interfaces.append(try GuestInterface(port: port, device: device, mtu: network.mtu))
        }
        let aliasDevices = server.aliasDevices.compactMap { inventory?.record(at: $0)?.device.device }
        let name = DomainNaming.name(for: server.id)
        var definition = DomainDefinition(name: name, uuid: server.id, memoryMB: server.flavor.ramMB,
                                          vcpus: server.flavor.vcpus, interfaces: interfaces, aliasDevices: aliasDevices)
        definition.virtType = layout.virtType
        definition.disks = files.disks
        definition.consoleLog = files.consoleLog
        return try DomainXML.render(definition)
    }

    /// The last build step: the claimed devices become allocated and the server is handed to its
    /// host's agent (spawning), in one transaction with the server's compare-and-swap.
    private func finish(_ serverId: String, host: String, domainXML: String, storage: GuestStorage?) async throws {
        let cache = cache
        let wait = config.waitForAgent
        let allocated = LockedBox<InventoryCache.Entry?>(nil)
        // A snapshot suffices: the allocation writes the host's generation (compare-and-swap)
        // and the step the server's revision, so every conflict is a write to one of those rows.
        try await advance(serverId, on: .wired(waitForAgent: wait), isolation: .snapshot,
                          change: { $0.domainXML = domainXML; $0.storage = storage }) { _, session in
            guard var entry = try await self.current(host, in: session) else { return }
            let change = entry.inventory.allocate(server: serverId)
            if !change.isEmpty { guard try await session.apply(change, host: entry.host) else { throw Self.raceLost } }
            allocated.set(entry)
        }
        if let entry = allocated.get() { cache.store(entry) }
    }
}
