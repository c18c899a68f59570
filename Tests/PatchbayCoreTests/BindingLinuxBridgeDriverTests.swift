@testable import PatchbayCore
import Testing

@Suite struct BindingLinuxBridgeDriverTests {
    typealias F = BindingFixture
    static let driver = LinuxBridgeDriver()

    static func bridge(_ name: String, vlan: String, vni: String? = nil) -> DriverVerdict {
        var details: [String: JSONValue] = [
            "bridge_name": .string(name), "port_filter": false, "connectivity": "l2", "vlan": .string(vlan),
        ]
        if let vni { details["vni"] = .string(vni) }
        return .bound(vifType: .bridge, details: details, initialStatus: .down)
    }

    static let binds: [BindingDriverCase] = [
        .init("flat", F.request(agents: [F.bridgeAgent]), F.flat1, expect: bridge("pbr-physnet1", vlan: "0")),
        .init("vlan", F.request(agents: [F.bridgeAgent]), expect: bridge("pbr-physnet1", vlan: "100")),
        .init("vxlan needs no mapping", F.request(agents: [F.agent(.linuxBridge)]), F.vxlan5001,
              expect: bridge("pbvx-5001", vlan: "0", vni: "5001")),
        .init("Patchbay agent serves linuxbridge", F.request(agents: [F.patchbayAgent]),
              expect: bridge("pbr-physnet1", vlan: "100")),
        .init("long physnet gets a hashed bridge",
              F.request(agents: [F.agent(.linuxBridge, bridges: ["physnet-datacentre-1": "bond0"])]),
              Segment(networkType: .vlan, physicalNetwork: "physnet-datacentre-1", segmentationId: 7),
              expect: bridge("pbr-161ad070127", vlan: "7")),
    ]

    @Test(arguments: binds)
    func bind(_ row: BindingDriverCase) {
        #expect(Self.driver.bind(row.request, segment: row.segment) == row.expected)
    }

    static let refusals: [BindingDriverCase] = [
        .init("direct", F.request(.direct, agents: [F.bridgeAgent]),
              expect: .refused("vnic_type direct is not supported")),
        .init("macvtap", F.request(.macvtap, agents: [F.bridgeAgent]),
              expect: .refused("vnic_type macvtap is not supported")),
        .init("direct-physical", F.request(.directPhysical, agents: [F.bridgeAgent]),
              expect: .refused("vnic_type direct-physical is not supported")),
        .init("no agent", F.request(), expect: .refused("no alive agent on host compute2")),
        .init("vxlan still needs an agent", F.request(agents: [F.sriovAgent]), F.vxlan5001,
              expect: .refused("no alive agent on host compute2")),
        .init("dead agent", F.request(agents: [F.agent(.linuxBridge, alive: false, bridges: ["physnet1": "ens3"])]),
              F.vxlan5001, expect: .refused("agent on host compute2 is not alive")),
        .init("physnet not mapped", F.request(agents: [F.bridgeAgent]), F.vlan300OnPhysnet2,
              expect: .refused("physnet2 not in bridge_mappings of agent on host compute2")),
        .init("vxlan without a VNI", F.request(agents: [F.bridgeAgent]), Segment(networkType: .vxlan),
              expect: .refused("vxlan segment has no VNI")),
    ]

    @Test(arguments: refusals)
    func bind_Fails(_ row: BindingDriverCase) {
        #expect(Self.driver.bind(row.request, segment: row.segment) == row.expected)
    }

    @Test(arguments: [
        ("physnet1", "pbr-physnet1"),
        ("abcdefghijk", "pbr-abcdefghijk"),        // exactly 15 bytes: kept
        ("abcdefghijkl", "pbr-6c3aaed3e05"),       // 16 bytes: hashed
        ("physnet-datacentre-1", "pbr-161ad070127"),
        ("phys net", "pbr-f49b5afda26"),           // space is not allowed in interface names
        ("phys/net", "pbr-163a1b2752f"),           // nor is a slash
        ("é", "pbr-0ac21707b71"),                  // non-ASCII is hashed
    ])
    func bridgeNameForPhysnet(_ physnet: String, _ expected: String) {
        let name = LinuxBridgeDriver.bridgeName(physicalNetwork: physnet)
        #expect(name == expected)
        #expect(name.utf8.count <= 15)
    }

    @Test func bridgeNameForVNI() {
        #expect(LinuxBridgeDriver.bridgeName(vni: 5001) == "pbvx-5001")
        #expect(LinuxBridgeDriver.bridgeName(vni: 16_777_215).utf8.count <= 15)
    }

    @Test(arguments: [
        ("", 0xcbf2_9ce4_8422_2325 as UInt64),      // the offset basis
        ("a", 0xaf63_dc4c_8601_ec8c),               // published FNV-1a 64 test vectors
        ("foobar", 0x8594_4171_f739_67e8),
    ])
    func fnv1a64(_ text: String, _ expected: UInt64) {
        #expect(FNV1a.hash64(text) == expected)
    }

    @Test func hexDigitsArePadded() {
        #expect(FNV1a.hex(0xab) == "00000000000000ab")
    }

    @Test func name() {
        #expect(Self.driver.name == "linuxbridge")
    }
}
