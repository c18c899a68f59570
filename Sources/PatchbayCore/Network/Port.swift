/// A Neutron port: a virtual NIC's attachment point on a network, with its addresses and binding.
public struct Port: Sendable, Codable, Hashable, Identifiable {
    /// The port's UUID.
    public var id: String
    /// The owning project.
    public var projectId: String
    /// The network the port is on.
    public var networkId: String
    /// Display name.
    public var name: String
    /// Free-form description.
    public var description: String
    /// Administrative state.
    public var adminStateUp: Bool
    /// The MAC address, lowercase colon form.
    public var macAddress: String
    /// The fixed IPs, in allocation order.
    public var fixedIps: [FixedIP]
    /// The consumer of the port (e.g. a server id).
    public var deviceId: String
    /// The consumer kind (e.g. `compute:nova`).
    public var deviceOwner: String
    /// DOWN, BUILD, ACTIVE or ERROR.
    public var status: PortStatus
    /// Whether anti-spoofing is on (spoofchk for VFs).
    public var portSecurityEnabled: Bool
    /// Extra address pairs allowed through port security.
    public var allowedAddressPairs: [AddressPair]
    /// Whether the VF's link follows the uplink (uplink-status-propagation).
    public var propagateUplinkStatus: Bool
    /// The binding inputs and outputs.
    public var binding: PortBinding
    /// Tags (standard-attr-tag).
    public var tags: [String]
    /// `patchbay:required_capabilities`, sorted; nil when none were asked for.
    public var requiredCapabilities: [Capability]?
    /// Creation and update times and revision.
    public var audit: AuditStamp

    /// Creates a port.
    public init(id: String, projectId: String, networkId: String, name: String = "", description: String = "",
                adminStateUp: Bool = true, macAddress: String, fixedIps: [FixedIP] = [], deviceId: String = "",
                deviceOwner: String = "", status: PortStatus = .down, portSecurityEnabled: Bool = true,
                allowedAddressPairs: [AddressPair] = [], propagateUplinkStatus: Bool = false,
                binding: PortBinding = PortBinding(), tags: [String] = [], requiredCapabilities: [Capability]? = nil,
                audit: AuditStamp) {
        self.id = id
        self.projectId = projectId
        self.networkId = networkId
        self.name = name
        self.description = description
        self.adminStateUp = adminStateUp
        self.macAddress = macAddress
        self.fixedIps = fixedIps
        self.deviceId = deviceId
        self.deviceOwner = deviceOwner
        self.status = status
        self.portSecurityEnabled = portSecurityEnabled
        self.allowedAddressPairs = allowedAddressPairs
        self.propagateUplinkStatus = propagateUplinkStatus
        self.binding = binding
        self.tags = tags
        self.requiredCapabilities = requiredCapabilities?.isEmpty == true ? nil : requiredCapabilities
        self.audit = audit
    }
}

/// The operational status of a port.
public enum PortStatus: String, Sendable, Codable, Hashable {
    case down = "DOWN", build = "BUILD", active = "ACTIVE", error = "ERROR"
}

/// One fixed IP of a port.
public struct FixedIP: Sendable, Codable, Hashable {
    /// The subnet the address belongs to.
    public var subnetId: String
    /// The address text.
    public var ipAddress: String

    /// Creates a fixed IP.
    public init(subnetId: String, ipAddress: String) {
        self.subnetId = subnetId
        self.ipAddress = ipAddress
    }
}

/// An allowed address pair: an extra IP (or CIDR) and optional MAC that port security admits.
public struct AddressPair: Sendable, Codable, Hashable {
    /// The IP address or CIDR.
    public var ipAddress: String
    /// The MAC, defaulting to the port's own.
    public var macAddress: String

    /// Creates an address pair.
    public init(ipAddress: String, macAddress: String) {
        self.ipAddress = ipAddress
        self.macAddress = macAddress
    }
}
