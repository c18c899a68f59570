/// One NIC of a guest as the compute host must render it: the bound port's binding outputs plus
/// the device claimed for it, if any.
public struct GuestInterface: Sendable, Hashable {
    /// The Neutron port id; the tap name is derived from it.
    public var portId: String
    /// The guest-visible MAC address.
    public var macAddress: String
    /// `binding:vif_type` as its wire string (`hw_veb`, `802.1qbg`, `ethernet`, …).
    public var vifType: String
    /// `binding:vif_details`.
    public var vifDetails: [String: JSONValue]
    /// `binding:vnic_type`.
    public var vnicType: VnicType
    /// `binding:profile` (`pci_slot`, `physical_network`, …), kept for the record.
    public var profile: [String: JSONValue]
    /// The PCI device claimed for the port (a VF for `hw_veb`, a PF for `hostdev_physical`).
    public var device: PCIDevice?
    /// The VF's network interface name, needed for a macvtap on a VF.
    public var vfNetdev: String?
    /// The network MTU, rendered as `<mtu size>` on tap-based interfaces when known.
    public var mtu: Int?

    /// Creates an interface from its parts.
    public init(portId: String, macAddress: String, vifType: String, vifDetails: [String: JSONValue] = [:],
                vnicType: VnicType = .normal, profile: [String: JSONValue] = [:], device: PCIDevice? = nil,
                vfNetdev: String? = nil, mtu: Int? = nil) {
        self.portId = portId
        self.macAddress = macAddress
        self.vifType = vifType
        self.vifDetails = vifDetails
        self.vnicType = vnicType
        self.profile = profile
        self.device = device
        self.vfNetdev = vfNetdev
        self.mtu = mtu
    }

    /// Creates an interface from a bound port; the VF netdev defaults to the device's netdev.
    /// - Throws: `PatchbayError` `port.invalid_vnic_type` when the stored vnic type is unknown.
    public init(port: Port, device: PCIDevice? = nil, vfNetdev: String? = nil, mtu: Int? = nil) throws(PatchbayError) {
        self.init(portId: port.id, macAddress: port.macAddress, vifType: port.binding.vifType,
                  vifDetails: port.binding.vifDetails, vnicType: try VnicType(parsing: port.binding.vnicType),
                  profile: port.binding.profile, device: device, vfNetdev: vfNetdev ?? device?.netdev, mtu: mtu)
    }

    /// The tap device name Nova uses: `tap` and the first 11 characters of the port id.
    public var tapName: String { PortDevice.tapName(portID: portId) }

    /// The device the host agent creates for this NIC, if it owns one (see ``PortDevice/agentOwned(portID:vifType:vnicType:vifDetails:)``).
    public var agentDevice: PortDevice? {
        PortDevice.agentOwned(portID: portId, vifType: vifType, vnicType: vnicType.rawValue, vifDetails: vifDetails)
    }

    /// The VLAN to tag on the VF: `vif_details.vlan` as a string or number; nil for absent or 0.
    /// - Throws: `guest.invalid_vif_details` for anything that is not a VLAN id 0–4095.
    public func vlanTag() throws(PatchbayError) -> Int? {
        guard let raw = vifDetails["vlan"], !raw.isNull else { return nil }
        guard let vlan = raw.intValue ?? raw.stringValue.flatMap({ Int($0) }), (0...4095).contains(vlan) else {
            throw invalidDetails("vlan must be a VLAN id 0-4095, got \(Self.describe(raw))")
        }
        return vlan == 0 ? nil : vlan
    }

    /// A non-empty string in `vif_details`, or nil when absent.
    /// - Throws: `guest.invalid_vif_details` when the key holds something other than a non-empty string.
    public func optionalDetail(_ key: String) throws(PatchbayError) -> String? {
        guard let raw = vifDetails[key], !raw.isNull else { return nil }
        guard let text = raw.stringValue, !text.isEmpty else {
            throw invalidDetails("\(key) must be a non-empty string, got \(Self.describe(raw))")
        }
        return text
    }

    /// A non-empty string that `vif_details` must hold for this vif type.
    /// - Throws: `guest.invalid_vif_details` when absent or not a non-empty string.
    public func requiredDetail(_ key: String) throws(PatchbayError) -> String {
        guard let text = try optionalDetail(key) else { throw invalidDetails("\(key) is missing") }
        return text
    }

    /// The claimed PCI device, which hostdev and VF shapes cannot do without.
    /// - Throws: `guest.missing_pci_device` when no device was claimed for the port.
    public func requiredDevice() throws(PatchbayError) -> PCIDevice {
        guard let device else {
            throw GuestInterface.failure("guest.missing_pci_device",
                                         "port \(portId) (vif_type \(vifType), vnic_type \(vnicType.rawValue)) has no claimed PCI device")
        }
        return device
    }

    /// The 802.1Qbg VSI parameters from `vif_details.qbg_params`, as libvirt's attribute strings.
    /// - Throws: `guest.invalid_vif_details` when the dict is missing or a value is out of the
    ///   range libvirt accepts (managerid and typeidversion 0–255, typeid 0–0xFFFFFF, instanceid a UUID).
    public func qbgParameters() throws(PatchbayError) -> (managerId: String, typeId: String, typeIdVersion: String, instanceId: String) {
        guard let params = vifDetails["qbg_params"]?.objectValue else { throw invalidDetails("qbg_params is missing") }
        func number(_ key: String, max: Int) throws(PatchbayError) -> String {
            let raw = params[key] ?? .null
            guard let value = raw.intValue ?? raw.stringValue.flatMap({ Int($0) }), (0...max).contains(value) else {
                throw invalidDetails("qbg_params.\(key) must be a number 0-\(max), got \(Self.describe(raw))")
            }
            return String(value)
        }
        let instance = params["instanceid"] ?? .null
        guard let instanceId = instance.stringValue, Self.isUUID(instanceId) else {
            throw invalidDetails("qbg_params.instanceid must be a UUID, got \(Self.describe(instance))")
        }
        return (try number("managerid", max: 0xFF), try number("typeid", max: 0xFF_FFFF),
                try number("typeidversion", max: 0xFF), instanceId)
    }

    /// `guest.invalid_vif_details` naming this port and vif type.
    func invalidDetails(_ reason: String) -> PatchbayError {
        Self.failure("guest.invalid_vif_details", "port \(portId): vif_details for vif_type \(vifType) are invalid: \(reason)")
    }

    /// A guest rendering failure: Nova raises `InternalError` when it cannot build a VIF config.
    static func failure(_ code: String, _ message: String) -> PatchbayError {
        PatchbayError(code: code, type: "InternalError", category: .internalError, message: message)
    }

    /// True for `8-4-4-4-12` hex digits.
    public static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// A JSON value as it appears in an error message.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .int(let number): String(number)
        default: value.typeName
        }
    }
}
