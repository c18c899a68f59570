/// Renders one guest NIC as the libvirt device element for its vif type, one function per shape:
/// Nova's shapes, except that a device the host agent owns (``PortDevice``) is only opened by
/// libvirt, never created by it too. Every input is checked before anything is written, so a failure leaves no output.
public enum InterfaceXML {
    /// The vif types Patchbay can render, as their wire strings.
    public static let supportedVifTypes = ["hw_veb", "802.1qbh", "hostdev_physical", "802.1qbg", "macvtap", "bridge", "ethernet"]

    /// The device element for `interface`, as a standalone fragment.
    /// - Throws: see ``write(_:into:)``.
    public static func render(_ interface: GuestInterface) throws(PatchbayError) -> String {
        var writer = XMLWriter()
        try write(interface, into: &writer)
        return writer.output
    }

    /// Writes the device element for `interface`.
    ///
    /// An `hw_veb` binding whose vif_details carry a `profileid` (Patchbay's port profiles) is
    /// rendered with an 802.1Qbh virtualport, exactly like a `802.1qbh` binding.
    /// - Throws: `PatchbayError` (`InternalError`): `guest.unsupported_vif_type` for
    ///   `binding_failed`, `unbound` or any other type not in ``supportedVifTypes``;
    ///   `guest.unsupported_vnic_type`, `guest.invalid_vif_details`, `guest.missing_pci_device`,
    ///   `guest.invalid_mac_address`, `guest.invalid_mtu` when the binding cannot be rendered as that type.
    public static func write(_ interface: GuestInterface, into writer: inout XMLWriter) throws(PatchbayError) {
        try checkCommonFields(interface)
        switch interface.vifType {
        case "hw_veb", "802.1qbh": try virtualFunction(interface, into: &writer)
        case "hostdev_physical": hostdev(try interface.requiredDevice().address, into: &writer)
        case "802.1qbg": try vepa(interface, into: &writer)
        case "macvtap": try macvtap(interface, into: &writer)
        case "bridge": try bridge(interface, into: &writer)
        case "ethernet": ethernet(interface, into: &writer)
        default:
            throw GuestInterface.failure("guest.unsupported_vif_type",
                                         "Unexpected vif_type=\(interface.vifType) for port \(interface.portId)")
        }
    }

    /// `hw_veb`/`802.1qbh`: vnic direct → `<interface type='hostdev'>` on the VF's PCI address;
    /// vnic macvtap → the agent's macvtap on the VF netdev (`hw_veb` without a `profileid`), or
    /// libvirt's `<interface type='direct'>` in passthrough mode (an 802.1Qbh port profile).
    static func virtualFunction(_ interface: GuestInterface, into writer: inout XMLWriter) throws(PatchbayError) {
        let vlan = try interface.vlanTag()
        let profileId = interface.vifType == "802.1qbh"
            ? try interface.requiredDetail("profileid") : try interface.optionalDetail("profileid")
        switch interface.vnicType {
        case .direct:
            let address = try interface.requiredDevice().address
            writer.element("interface", ["type": "hostdev", "managed": "yes"]) { writer in
                writer.empty("mac", ["address": interface.macAddress])
                writer.element("source") { writer in pciAddress(address, typed: true, into: &writer) }
                vlanElement(vlan, into: &writer)
                qbhPort(profileId, into: &writer)
            }
        case .macvtap:
            guard let netdev = interface.vfNetdev ?? interface.device?.netdev, !netdev.isEmpty else {
                throw GuestInterface.failure("guest.missing_pci_device",
                                             "port \(interface.portId) (vnic_type macvtap) has no VF netdev to put the macvtap on")
            }
            if let device = interface.agentDevice {
                // The agent's passthrough macvtap on the VF; the VF itself carries the VLAN.
                return agentOwned(interface, device: device, into: &writer)
            }
            writer.element("interface", ["type": "direct"]) { writer in
                writer.empty("mac", ["address": interface.macAddress])
                writer.empty("model", ["type": "virtio"])
                writer.empty("driver", ["name": "vhost"])
                writer.empty("source", ["dev": netdev, "mode": "passthrough"])
                vlanElement(vlan, into: &writer)
                qbhPort(profileId, into: &writer)
            }
        case .normal, .directPhysical:
            throw GuestInterface.failure("guest.unsupported_vnic_type",
                                         "port \(interface.portId): vif_type \(interface.vifType) needs vnic_type direct or macvtap, not \(interface.vnicType.rawValue)")
        }
    }

    /// `hostdev_physical` and flavor alias devices: `<hostdev mode='subsystem' type='pci' managed='yes'>`.
    public static func hostdev(_ address: PCIAddress, into writer: inout XMLWriter) {
        writer.element("hostdev", ["mode": "subsystem", "type": "pci", "managed": "yes"]) { writer in
            writer.element("source") { writer in pciAddress(address, typed: false, into: &writer) }
        }
    }

    /// `802.1qbg`: a VEPA macvtap on `physical_interface` with the switch's VSI parameters.
    static func vepa(_ interface: GuestInterface, into writer: inout XMLWriter) throws(PatchbayError) {
        let source = try interface.requiredDetail("physical_interface")
        let parameters = try interface.qbgParameters()
        writer.element("interface", ["type": "direct"]) { writer in
            writer.empty("mac", ["address": interface.macAddress])
            writer.empty("model", ["type": "virtio"])
            writer.empty("source", ["dev": source, "mode": "vepa"])
            writer.element("virtualport", ["type": "802.1Qbg"]) { writer in
                writer.empty("parameters", ["managerid": parameters.managerId, "typeid": parameters.typeId,
                                            "typeidversion": parameters.typeIdVersion, "instanceid": parameters.instanceId])
            }
        }
    }

    /// `macvtap` (ML2 macvtap agent): the agent's macvtap on `macvtap_source` in `macvtap_mode`,
    /// which libvirt only opens.
    static func macvtap(_ interface: GuestInterface, into writer: inout XMLWriter) throws(PatchbayError) {
        _ = try interface.requiredDetail("macvtap_source")
        let mode = try interface.requiredDetail("macvtap_mode")
        guard ["vepa", "bridge", "private", "passthrough"].contains(mode) else {
            throw interface.invalidDetails("macvtap_mode must be vepa, bridge, private or passthrough, got '\(mode)'")
        }
        agentOwned(interface, device: .macvtap(PortDevice.macvtapName(portID: interface.portId)), into: &writer)
    }

    /// `bridge` (Linux bridge agent): the agent's tap, already filtered and on `bridge_name`
    /// when the guest starts, which libvirt only opens.
    static func bridge(_ interface: GuestInterface, into writer: inout XMLWriter) throws(PatchbayError) {
        _ = try interface.requiredDetail("bridge_name")
        agentOwned(interface, device: .tap(interface.tapName), into: &writer)
    }

    /// `ethernet` (seed 003): a bare tap that something else plugs; libvirt must not manage it.
    static func ethernet(_ interface: GuestInterface, into writer: inout XMLWriter) {
        agentOwned(interface, device: .tap(interface.tapName), into: &writer)
    }

    /// `<interface type='ethernet'>` on a device that exists before the guest starts:
    /// `<target dev='…' managed='no'/>` makes libvirt open it (a tap by name, a macvtap through
    /// `/dev/tapN`) without creating, configuring or deleting it. No `<driver>`: libvirt uses
    /// vhost-net where the host has it, and a guest still starts where it does not.
    static func agentOwned(_ interface: GuestInterface, device: PortDevice, into writer: inout XMLWriter) {
        writer.element("interface", ["type": "ethernet"]) { writer in
            writer.empty("mac", ["address": interface.macAddress])
            writer.empty("model", ["type": "virtio"])
            if let mtu = interface.mtu { writer.empty("mtu", ["size": String(mtu)]) }
            writer.empty("target", ["dev": device.name, "managed": "no"])
        }
    }
}

extension InterfaceXML {
    /// Checks the MAC (unless the shape has none) and the MTU, which libvirt would reject.
    static func checkCommonFields(_ interface: GuestInterface) throws(PatchbayError) {
        if let mtu = interface.mtu, !(68...65535).contains(mtu) {
            throw GuestInterface.failure("guest.invalid_mtu", "port \(interface.portId): MTU \(mtu) is outside 68-65535")
        }
        guard interface.vifType != "hostdev_physical" else { return }
        let groups = interface.macAddress.split(separator: ":", omittingEmptySubsequences: false)
        let valid = groups.count == 6 && groups.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
        guard valid else {
            throw GuestInterface.failure("guest.invalid_mac_address",
                                         "port \(interface.portId): '\(interface.macAddress)' is not a MAC address")
        }
    }

    /// `<address [type='pci'] domain='0x0000' bus='0x81' slot='0x10' function='0x2'/>`; Nova writes
    /// `type='pci'` inside `<interface type='hostdev'>` and leaves it out inside `<hostdev>`.
    static func pciAddress(_ address: PCIAddress, typed: Bool, into writer: inout XMLWriter) {
        let domain = hex(Int(address.domain), 4), bus = hex(Int(address.bus), 2)
        let slot = hex(Int(address.slot), 2), function = hex(Int(address.function), 1)
        if typed {
            writer.empty("address", ["type": "pci", "domain": domain, "bus": bus, "slot": slot, "function": function])
        } else {
            writer.empty("address", ["domain": domain, "bus": bus, "slot": slot, "function": function])
        }
    }

    /// `<vlan><tag id='…'/></vlan>`, or nothing for an untagged port.
    static func vlanElement(_ vlan: Int?, into writer: inout XMLWriter) {
        guard let vlan else { return }
        writer.element("vlan") { writer in writer.empty("tag", ["id": String(vlan)]) }
    }

    /// `<virtualport type='802.1Qbh'><parameters profileid='…'/></virtualport>`, or nothing.
    static func qbhPort(_ profileId: String?, into writer: inout XMLWriter) {
        guard let profileId else { return }
        writer.element("virtualport", ["type": "802.1Qbh"]) { writer in
            writer.empty("parameters", ["profileid": profileId])
        }
    }

    /// `0x` and `value` in lowercase hex, zero-padded to `width` digits.
    static func hex(_ value: Int, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
