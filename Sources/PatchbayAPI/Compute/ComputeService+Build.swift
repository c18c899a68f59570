import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// The caller the compute side uses toward networking (Nova holds the service role).
    static let serviceCaller = Caller(projectId: "", userId: "patchbay-compute", roles: ["service", "admin"])

    /// Builds a server: ports, PCI requests, placement with an atomic claim, port binding, the
    /// guest definition. Any failure undoes everything done so far and leaves the server in
    /// ERROR with a fault that explains why.
    func build(_ server: Server, nics: [ServerCreate.NIC], caller: Caller) async {
        var server = server
        var attached: [ServerPort] = []
        do {
            for nic in nics { attached.append(try await attach(nic, to: server)) }
            server.ports = attached
            let (requests, requestPorts) = try await pciRequests(for: server, ports: attached)
            let (host, claimed) = try await place(server, requests: requests)
            server.host = host
            for (requestIndex, addresses) in claimed {
                if let portIndex = requestPorts[requestIndex] {
                    attached[portIndex].device = addresses.first
                } else {
                    server.aliasDevices += addresses
                }
            }
            server.ports = attached
            for port in attached { try await bind(port, server: server, host: host) }
            server.domainXML = try await renderDomain(server, host: host)
            try await finish(&server)
        } catch {
            await fail(&server, attached: attached, error: error)
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
                                                   segments: network.segments) {
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

    private func bind(_ attached: ServerPort, server: Server, host: String) async throws {
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

    /// The libvirt domain for the host's agent, from the bound ports and claimed devices.
    private func renderDomain(_ server: Server, host: String) async throws -> String {
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
        return try DomainXML.render(DomainDefinition(name: name, uuid: server.id, memoryMB: server.flavor.ramMB,
                                                     vcpus: server.flavor.vcpus, interfaces: interfaces, aliasDevices: aliasDevices))
    }

    private func finish(_ server: inout Server) async throws {
        guard let host = server.host else { return }
        let serverId = server.id
        let entry = try await repository.write { session -> InventoryCache.Entry? in
            guard var entry = try await current(host, in: session) else { return nil }
            let change = entry.inventory.allocate(server: serverId)
            if !change.isEmpty { guard try await session.apply(change, host: entry.host) else { throw Self.raceLost } }
            return entry
        }
        if let entry { cache.store(entry) }
        if config.waitForAgent {
            server.taskState = "spawning"
        } else {
            server.status = .active
        }
        server.audit = server.audit.bumped(at: clock.now())
        let final = server
        try await repository.write { try await $0.save(final) }
    }

    /// Builds cut short by a restart cannot be resumed safely: undo them like any failed build,
    /// so no claimed device or bound port outlives them. Run at start, before serving.
    func recoverInterruptedBuilds() async throws {
        // A server in `spawning` is fully placed and only waits for its agent: it survives a restart.
        let interrupted = try await repository.read { try await $0.servers(projectId: nil) }
            .filter { $0.status == .build && $0.taskState != "spawning" }
        for var server in interrupted {
            await fail(&server, attached: server.ports, error: PatchbayError(
                code: "compute.build_interrupted", type: "BuildAbortException", category: .internalError,
                message: "Build of instance \(server.id) aborted: the server restarted while it was building."))
        }
    }

    func fail(_ server: inout Server, attached: [ServerPort], error: any Error) async {
        // Clean-up failures cannot change the outcome (the server is in ERROR either way), but an
        // operator must see what was left behind.
        do { try await releaseDevices(of: server) } catch {
            logger.error("build clean-up: releasing devices failed", metadata: ["server": "\(server.id)", "error": "\(error)"])
        }
        do { try await detachPorts(attached) } catch {
            logger.error("build clean-up: detaching ports failed", metadata: ["server": "\(server.id)", "error": "\(error)"])
        }
        let message = (error as? PatchbayError)?.message ?? "Build failed: \(error)"
        server.status = .error
        server.taskState = nil
        server.host = nil
        server.ports = attached.filter { !$0.createdByBoot }.map { ServerPort(portId: $0.portId, createdByBoot: false) }
        server.aliasDevices = []
        server.fault = ServerFault(code: 500, message: message, created: clock.now())
        server.audit = server.audit.bumped(at: clock.now())
        let final = server
        do { try await repository.write { try await $0.save(final) } } catch {
            logger.error("build clean-up: saving the ERROR state failed", metadata: ["server": "\(final.id)", "error": "\(error)"])
        }
        logger.notice("build failed", metadata: ["server": "\(final.id)", "fault": "\(final.fault?.message ?? "")"])
    }
}
