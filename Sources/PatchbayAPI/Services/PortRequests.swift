import PatchbayCore

/// One requested fixed IP: a subnet, an address, or both.
struct FixedIPRequest: Sendable, Hashable {
    var subnetId: String?
    var ipAddress: String?
}

/// What a caller asks for when creating a port.
struct PortCreate: Sendable {
    var projectId: String
    var networkId: String
    var name = ""
    var description = ""
    var adminStateUp = true
    var macAddress: String?
    var fixedIps: [FixedIPRequest]?
    var deviceId = ""
    var deviceOwner = ""
    var portSecurityEnabled: Bool?
    var allowedAddressPairs: [AddressPair]?
    var propagateUplinkStatus = false
    var vnicType: VnicType = .normal
    var hostId = ""
    var profile: [String: JSONValue] = [:]
    var tags: [String] = []
    /// `patchbay:required_capabilities`.
    var requiredCapabilities: [Capability] = []
    /// Attribute names present in the body, for policy checks.
    var present: Set<String> = []
}

/// The changes a caller asks for on a port (nil = unchanged).
struct PortUpdate: Sendable {
    var name: String?
    var description: String?
    var adminStateUp: Bool?
    /// `.some(nil)` regenerates the MAC (port-mac-address-regenerate).
    var macAddress: String??
    var fixedIps: [FixedIPRequest]?
    var deviceId: String?
    var deviceOwner: String?
    var portSecurityEnabled: Bool?
    var allowedAddressPairs: [AddressPair]?
    var propagateUplinkStatus: Bool?
    var vnicType: VnicType?
    var hostId: String?
    var profile: [String: JSONValue]?
    /// port-trusted-vif: sets `binding:profile.trusted`.
    var trusted: Bool?
    /// `patchbay:required_capabilities`.
    var requiredCapabilities: [Capability]?
    /// Attribute names present in the body, for policy checks.
    var present: Set<String> = []
}
