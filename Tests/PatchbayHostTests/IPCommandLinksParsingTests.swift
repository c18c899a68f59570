import PatchbayCore
import PatchbayHost
import Testing

@Suite("IPCommandLinks parses real ip, bridge and tc JSON")
struct IPCommandLinksParsingTests {
    @Test func readsEveryKindOfLink() throws {
        let links = Dictionary(uniqueKeysWithValues: try IPCommandLinks.parseLinks(L2Fixtures.links).map { ($0.name, $0) })
        #expect(links.count == 7)
        #expect(links["pbr-physnet1"] == HostLink(name: "pbr-physnet1", kind: "bridge", isUp: true, hasCarrier: true,
                                                  mac: "12:85:f7:f6:c2:a3"))
        #expect(links["up0"] == HostLink(name: "up0", kind: "veth", master: "pbr-physnet1", isUp: true, hasCarrier: true,
                                         mac: "12:85:f7:f6:c2:a3", parent: "up0p"))
        #expect(links["tapa"]?.isUp == true, "admin UP without carrier still counts as up")
        #expect(links["tapa"]?.hasCarrier == false, "NO-CARRIER: nothing holds the tap")
        #expect(links["tapa"]?.master == "pbr-physnet1")
        #expect(links["vxlan-1001"] == HostLink(name: "vxlan-1001", kind: "vxlan", master: "pbvx-1001", isUp: false,
                                                mac: "be:cd:8e:46:bb:4b",
                                                vxlan: .init(vni: 1001, localIP: "192.0.2.1", underlay: "up0p")))
        #expect(links["pbvx-1001"]?.isUp == false)
        #expect(links["mvtabc"] == HostLink(name: "mvtabc", kind: "macvtap", mac: "fa:16:3e:11:22:33",
                                            parent: "up0p", macvtapMode: "bridge"))
    }

    @Test func aPeerInAnotherNamespaceHasNoParentName() throws {
        let link = try #require(try IPCommandLinks.parseLinks(L2Fixtures.tapWithPeerElsewhere).first)
        #expect(link == HostLink(name: "tapc", kind: "veth", mac: "72:b0:2f:29:75:cd"))
    }

    @Test func anIPv6VTEPIsReadFromLocal6() throws {
        // `ip -j -d link show dev vx6` after `ip link add vx6 type vxlan id 5 local 2001:db8::1 …`.
        let json = #"[{"ifindex":2,"ifname":"vx6","flags":["BROADCAST","MULTICAST"],"linkinfo":{"info_kind":"vxlan","#
            + #""info_data":{"id":5,"local6":"2001:db8::1","port_range":{"low":0,"high":0},"port":4789,"learning":false}}}]"#
        #expect(try IPCommandLinks.parseLinks(json).first?.vxlan == .init(vni: 5, localIP: "2001:db8::1"))
    }

    @Test func floodPeersAreTheZeroMACEntries() throws {
        #expect(try IPCommandLinks.parseFloodPeers(L2Fixtures.fdb) == ["vxlan-1001": ["192.0.2.2", "192.0.2.3"]])
        #expect(try IPCommandLinks.parseFloodPeers("[]") == [:])
    }

    @Test(arguments: [
        (L2Fixtures.pushFilter, L2Fixtures.popFilter, AccessVLAN.vlan(101)),
        (L2Fixtures.untaggedFilter, L2Fixtures.untaggedFilter, .flat),
        ("[]", "[]", .none),
        ("", "", .none),
        (L2Fixtures.pushFilter, "[]", .unrecognized),
        (L2Fixtures.untaggedFilter, L2Fixtures.popFilter, .unrecognized),
        (L2Fixtures.popFilter, L2Fixtures.pushFilter, .unrecognized),
        (L2Fixtures.foreignFilter, L2Fixtures.popFilter, .unrecognized),
    ])
    func accessVLANFromFilters(ingress: String, egress: String, expected: AccessVLAN) throws {
        let vlan = TCFilter.accessVLAN(ingress: try IPCommandLinks.parseFilters(ingress),
                                       egress: try IPCommandLinks.parseFilters(egress))
        #expect(vlan == expected)
    }

    @Test func filtersCarryTheirSlotAndProgram() throws {
        #expect(try IPCommandLinks.parseFilters(L2Fixtures.pushFilter)
            == [TCFilter(pref: 1, kind: "bpf", handle: "0x1", programName: "pb_push_101")])
        let foreign = try IPCommandLinks.parseFilters(L2Fixtures.foreignFilter)
        #expect(foreign.count == 2)
        #expect(foreign.allSatisfy { $0.kind == "u32" && !$0.isManagedSlot && $0.accessProgram == nil })
    }

    @Test func thePinnedNameServesWhenTheProgramHasNoName() throws {
        let json = #"[{"pref":1,"kind":"bpf","options":{"handle":"0x1","bpf_name":"pop-7:[*fsobj]"}}]"#
        #expect(try IPCommandLinks.parseFilters(json).first?.accessProgram == .pop(vid: 7))
    }

    @Test(arguments: ["not json", #"{"ifname":"eth0"}"#, "[1,"])
    func garbageOutput_Fails(_ output: String) {
        #expect(throws: PatchbayError.self) { try IPCommandLinks.parseLinks(output) }
        #expect(throws: PatchbayError.self) { try IPCommandLinks.parseFloodPeers(output) }
        #expect(throws: PatchbayError.self) { try IPCommandLinks.parseFilters(output) }
    }
}
