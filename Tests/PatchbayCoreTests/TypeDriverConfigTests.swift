import Testing
import PatchbayCore

@Suite("TypeDriverConfig parsing")
struct TypeDriverConfigTests {
    private static func parse(vlan: [String] = [], flat: [String] = ["*"], vni: [String] = [],
                              types: [String] = []) throws -> TypeDriverConfig {
        try TypeDriverConfig.parse(networkVlanRanges: vlan, flatNetworks: flat, vniRanges: vni,
                                   projectNetworkTypes: types)
    }

    @Test("network_vlan_ranges entries", arguments: [
        ("physnet1:100:200", VlanRange(physnet: "physnet1", range: 100...200)),
        ("physnet1", VlanRange(physnet: "physnet1", range: 1...4094)),
        (" physnet1 : 1 : 4094 ", VlanRange(physnet: "physnet1", range: 1...4094)),
        ("p:7:7", VlanRange(physnet: "p", range: 7...7)),
        ("p:4094:4094", VlanRange(physnet: "p", range: 4094...4094)),
    ])
    func vlanRange(entry: String, expected: VlanRange) throws {
        #expect(try Self.parse(vlan: [entry]).vlanRanges == [expected])
    }

    @Test("a bare physnet is the whole allocatable range")
    func barePhysnetDefaultsToWholeRange() {
        #expect(VlanRange(physnet: "x").range == 1...4094)
        #expect(TypeDriverConfig.vlanIdBounds == 1...4094)
        #expect(TypeDriverConfig.vniBounds == 1...16_777_215)
    }

    @Test("physnets keep config order, distinct, and collect their ranges")
    func vlanPhysnetsInOrder() throws {
        let config = try Self.parse(vlan: ["b:10:20", "a", "b:30:40", "c:1:1"])
        #expect(config.vlanRanges.count == 4)
        #expect(config.vlanPhysnets == ["b", "a", "c"])
        #expect(config.vlanRanges(on: "b") == [10...20, 30...40])
        #expect(config.vlanRanges(on: "missing").isEmpty)
    }

    @Test("bad network_vlan_ranges entries", arguments: [
        ("physnet1:100", "expected 'physnet' or 'physnet:min:max'"),
        ("physnet1:1:2:3", "expected 'physnet' or 'physnet:min:max'"),
        (":1:10", "the physical network name is empty"),
        ("", "the physical network name is empty"),
        ("  ", "the physical network name is empty"),
        ("p:a:10", "VLAN id 'a' is not a number"),
        ("p:1:b", "VLAN id 'b' is not a number"),
        ("p::10", "VLAN id '' is not a number"),
        ("p:1.5:10", "VLAN id '1.5' is not a number"),
        ("p:0:10", "VLAN id 0 is outside 1 through 4094"),
        ("p:-1:5", "VLAN id -1 is outside 1 through 4094"),
        ("p:1:4095", "VLAN id 4095 is outside 1 through 4094"),
        ("p:200:100", "minimum 200 is greater than maximum 100"),
    ])
    func vlanRange_Fails(entry: String, why: String) {
        let expected = PatchbayError(code: "config.invalid_vlan_range", type: "ConfigError", category: .internalError,
                                     message: "network_vlan_ranges entry '\(entry)' is invalid: \(why)")
        #expect(throws: expected) { try Self.parse(vlan: ["ok:1:2", entry]) }
    }

    @Test("flat_networks", arguments: [
        (["*"], TypeDriverConfig.FlatNetworks.any),
        (["a", "*"], .any),
        ([" * "], .any),
        (["a", "b", " a ", ""], .only(["a", "b"])),
        ([], .only([])),
        ([""], .only([])),
    ])
    func flatNetworks(entries: [String], expected: TypeDriverConfig.FlatNetworks) throws {
        #expect(try Self.parse(flat: entries).flatNetworks == expected)
    }

    @Test("flat allow-list decides which physnets are accepted")
    func flatAllows() {
        #expect(TypeDriverConfig.FlatNetworks.any.allows("anything"))
        #expect(TypeDriverConfig.FlatNetworks.only(["a"]).allows("a"))
        #expect(!TypeDriverConfig.FlatNetworks.only(["a"]).allows("b"))
        #expect(!TypeDriverConfig.FlatNetworks.only([]).allows("a"))
    }

    @Test("vni_ranges entries", arguments: [
        ("1:1000", 1...1000),
        (" 10 : 20 ", 10...20),
        ("1:16777215", 1...16_777_215),
        ("5:5", 5...5),
    ])
    func vniRange(entry: String, expected: ClosedRange<Int>) throws {
        #expect(try Self.parse(vni: [entry]).vniRanges == [expected])
    }

    @Test("bad vni_ranges entries", arguments: [
        ("10", "expected 'min:max'"),
        ("1:2:3", "expected 'min:max'"),
        ("", "expected 'min:max'"),
        (":", "VNI '' is not a number"),
        ("a:5", "VNI 'a' is not a number"),
        ("5:x", "VNI 'x' is not a number"),
        ("0:10", "VNI 0 is outside 1 through 16777215"),
        ("1:16777216", "VNI 16777216 is outside 1 through 16777215"),
        ("20:10", "minimum 20 is greater than maximum 10"),
    ])
    func vniRange_Fails(entry: String, why: String) {
        let expected = PatchbayError(code: "config.invalid_vni_range", type: "ConfigError", category: .internalError,
                                     message: "vni_ranges entry '\(entry)' is invalid: \(why)")
        #expect(throws: expected) { try Self.parse(vni: ["1:2", entry]) }
    }

    @Test("project_network_types keep order and drop repeats", arguments: [
        (["vlan", "vxlan"], [NetworkType.vlan, .vxlan]),
        (["vxlan", "vlan", "vxlan"], [.vxlan, .vlan]),
        ([" flat ", "vlan"], [.flat, .vlan]),
        ([], []),
    ])
    func projectNetworkTypes(entries: [String], expected: [NetworkType]) throws {
        #expect(try Self.parse(types: entries).projectNetworkTypes == expected)
    }

    @Test("unknown project_network_types", arguments: ["geneve", "local", "VLAN", ""])
    func projectNetworkTypes_Fails(entry: String) {
        let expected = PatchbayError(
            code: "config.unknown_network_type", type: "ConfigError", category: .internalError,
            message: "project_network_types entry '\(entry)' is not a known network type (flat, vlan, vxlan)")
        #expect(throws: expected) { try Self.parse(types: ["vlan", entry]) }
    }

    @Test("a full configuration")
    func fullConfiguration() throws {
        let config = try Self.parse(vlan: ["physnet1:100:200", "physnet2"], flat: ["flat1"],
                                    vni: ["1:1000", "5000:6000"], types: ["vlan", "vxlan"])
        #expect(config == TypeDriverConfig(
            vlanRanges: [VlanRange(physnet: "physnet1", range: 100...200), VlanRange(physnet: "physnet2")],
            flatNetworks: .only(["flat1"]), vniRanges: [1...1000, 5000...6000],
            projectNetworkTypes: [.vlan, .vxlan]))
    }
}
