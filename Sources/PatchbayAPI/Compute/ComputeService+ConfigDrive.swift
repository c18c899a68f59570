import PatchbayCore

extension ComputeService {
    /// The config drive a server's guest reads: who it is (name, host name, metadata) and, for
    /// every attached port, its link (`phy` for a passthrough port, `vif` otherwise) with MAC,
    /// the network's MTU and its fixed IPs with their subnets' gateway, routes and DNS servers.
    func configDrive(for server: Server) async throws -> ConfigDrive {
        var interfaces: [DriveInterface] = []
        for attached in server.ports where !attached.detaching {
            let port = try await network.port(attached.portId, caller: Self.serviceCaller)
            let (network, subnets) = try await network.network(port.networkId, caller: Self.serviceCaller)
            let addresses = port.fixedIps.compactMap { fixed in
                subnets.first { $0.id == fixed.subnetId }.flatMap { DriveAddress(fixedIP: fixed.ipAddress, on: $0) }
            }
            let vnic = VnicType(rawValue: port.binding.vnicType) ?? .normal
            interfaces.append(DriveInterface(portId: port.id, macAddress: port.macAddress, mtu: network.mtu,
                                             kind: DriveInterface.kind(of: vnic), networkId: network.id, addresses: addresses))
        }
        let data = server.guestData ?? GuestData()
        let identity = InstanceIdentity(uuid: server.id, name: server.name,
                                        hostname: InstanceIdentity.hostname(for: server.name, uuid: server.id),
                                        projectId: server.projectId, metadata: data.metadata,
                                        publicKeys: data.keyName.flatMap { name in data.keyData.map { [name: $0] } } ?? [:])
        return ConfigDrive(identity: identity, interfaces: interfaces, userData: data.decodedUserData)
    }
}
