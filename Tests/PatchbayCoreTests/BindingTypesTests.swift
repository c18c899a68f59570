@testable import PatchbayCore
import Testing

@Suite struct BindingTypesTests {
    typealias F = BindingFixture

    @Test(arguments: [
        ("normal", VnicType.normal), ("direct", .direct), ("macvtap", .macvtap), ("direct-physical", .directPhysical),
    ])
    func parseVnicType(_ text: String, _ expected: VnicType) throws {
        #expect(try VnicType(parsing: text) == expected)
        #expect(expected.rawValue == text)
    }

    @Test(arguments: ["baremetal", "vdpa", "smart-nic", "virtio-forwarder", "", "Direct", "direct_physical", "garbage"])
    func parseVnicType_Fails(_ text: String) {
        #expect(throws: PatchbayError(
            code: "port.invalid_vnic_type", type: "HTTPBadRequest", category: .badRequest,
            message: "Invalid input for binding:vnic_type. "
                + "Reason: '\(text)' is not in ['normal', 'direct', 'macvtap', 'direct-physical'].")) {
            try VnicType(parsing: text)
        }
    }

    @Test(arguments: [
        (VifType.unbound, "unbound"), (.bindingFailed, "binding_failed"), (.hwVeb, "hw_veb"),
        (.hostdevPhysical, "hostdev_physical"), (.macvtap, "macvtap"), (.bridge, "bridge"),
    ])
    func vifTypeWireNames(_ type: VifType, _ wire: String) {
        #expect(type.rawValue == wire)
        #expect(VifType(rawValue: wire) == type)
    }

    @Test(arguments: [
        (PortProfile(id: "gold", vlan: 100), F.vlan100),
        (PortProfile(id: "any"), F.flat1),
        (PortProfile(id: "any"), F.vxlan5001),
        // A profile pins a VLAN id, not a physnet.
        (PortProfile(id: "gold", vlan: 300), F.vlan300OnPhysnet2),
    ])
    func profileCompatible(_ profile: PortProfile, _ segment: Segment) {
        #expect(profile.conflict(with: segment) == nil)
    }

    @Test(arguments: [
        (F.vlan200, "port profile gold carries VLAN 100 but the segment is vlan 200 on physnet1"),
        (F.flat1, "port profile gold carries VLAN 100 but the segment is flat on physnet1"),
        (F.vxlan5001, "port profile gold carries VLAN 100 but the segment is vxlan 5001"),
    ])
    func profileConflict_Fails(_ segment: Segment, _ expected: String) {
        #expect(PortProfile(id: "gold", vlan: 100).conflict(with: segment) == expected)
    }

    @Test(arguments: [
        ([String: JSONValue](), String?.none, String?.none),
        ([:], "netdefault", "netdefault"),
        (["profileid": "port"], nil, "port"),
        (["profileid": "port"], "netdefault", "port"),
        (["profileid": ""], "netdefault", "netdefault"),
        (["profileid": 7], "netdefault", "netdefault"),
        (["profileid": .null], nil, nil),
        ([:], "", nil),
    ])
    func effectiveProfileId(_ profile: [String: JSONValue], _ networkDefault: String?, _ expected: String?) {
        let request = F.request(profile: profile, networkDefaultProfileId: networkDefault)
        #expect(request.effectiveProfileId == expected)
    }

    static let capabilityRows: [(JSONValue?, Bool)] = [
        (["switchdev"], true),
        (["other", "switchdev"], true),
        (["other"], false),
        ("switchdev", false),   // a bare string is not a capability list
        (.null, false),
        (nil, false),           // no capabilities key
    ]

    @Test(arguments: capabilityRows)
    func capabilities(_ capabilities: JSONValue?, _ hasSwitchdev: Bool) {
        let profile: [String: JSONValue] = capabilities.map { ["capabilities": $0] } ?? [:]
        #expect(F.request(profile: profile).hasCapability("switchdev") == hasSwitchdev)
    }
}
