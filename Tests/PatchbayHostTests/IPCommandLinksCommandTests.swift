import PatchbayCore
import PatchbayHost
import Testing

@Suite("IPCommandLinks turns actions into iproute2 commands")
struct IPCommandLinksCommandTests {
    @Test(arguments: [
        (L2Action.createBridge("pbr-physnet1"), "ip link add pbr-physnet1 type bridge"),
        (.createVXLAN(name: "vxlan-1001", vni: 1001, localIP: "192.0.2.1", underlay: "eth1"),
         "ip link add vxlan-1001 type vxlan id 1001 local 192.0.2.1 dstport 4789 nolearning dev eth1"),
        (.createVXLAN(name: "vxlan-7", vni: 7, localIP: "192.0.2.1", underlay: nil),
         "ip link add vxlan-7 type vxlan id 7 local 192.0.2.1 dstport 4789 nolearning"),
        (.addFloodPeer(device: "vxlan-7", peer: "192.0.2.2"), "bridge fdb append 00:00:00:00:00:00 dev vxlan-7 dst 192.0.2.2"),
        (.removeFloodPeer(device: "vxlan-7", peer: "192.0.2.2"), "bridge fdb del 00:00:00:00:00:00 dev vxlan-7 dst 192.0.2.2"),
        (.enslave(device: "tap1", bridge: "pbr-physnet1"), "ip link set dev tap1 master pbr-physnet1"),
        (.setUp("tap1"), "ip link set dev tap1 up"),
        (.createTap("tap1"), "ip tuntap add dev tap1 mode tap vnet_hdr"),
        (.createMacvtap(name: "mvt1", source: "eth2", mode: "vepa", mac: "fa:16:3e:00:00:01"),
         "ip link add link eth2 name mvt1 address fa:16:3e:00:00:01 type macvtap mode vepa"),
        (.setMAC(device: "mvt1", mac: "fa:16:3e:00:00:02"), "ip link set dev mvt1 address fa:16:3e:00:00:02"),
        (.deleteLink("mvt1"), "ip link del dev mvt1"),
    ])
    func oneCommandPerAction(_ action: L2Action, _ expected: String) {
        #expect(IPCommandLinks.command(for: action)?.description == expected)
    }

    @Test func accessVLANHasNoSingleCommand() {
        #expect(IPCommandLinks.command(for: .setAccessVLAN(device: "tap1", vlan: .flat)) == nil)
    }

    @Test func accessProgramsReplaceTheManagedSlotEgressFirst() throws {
        let commands = IPCommandLinks.accessVLANCommands(
            device: "tap1", paths: (ingress: "/p/push-101", egress: "/p/pop-101"),
            ingress: [], egress: try IPCommandLinks.parseFilters(L2Fixtures.untaggedFilter))
        #expect(commands.map(\.description) == [
            "tc qdisc replace dev tap1 clsact",
            "tc filter replace dev tap1 egress pref 1 handle 1 bpf da object-pinned /p/pop-101",
            "tc filter replace dev tap1 ingress pref 1 handle 1 bpf da object-pinned /p/push-101",
        ])
    }

    @Test func foreignFiltersAreClearedFirst() throws {
        let commands = IPCommandLinks.accessVLANCommands(
            device: "tap1", paths: (ingress: "/p/untagged", egress: "/p/untagged"),
            ingress: try IPCommandLinks.parseFilters(L2Fixtures.foreignFilter), egress: [])
        #expect(commands.map(\.description) == [
            "tc qdisc replace dev tap1 clsact",
            "tc filter replace dev tap1 egress pref 1 handle 1 bpf da object-pinned /p/untagged",
            "tc filter del dev tap1 ingress",
            "tc filter replace dev tap1 ingress pref 1 handle 1 bpf da object-pinned /p/untagged",
        ])
    }

    @Test func noneRemovesTheQdiscOnlyWhenThereAreFilters() throws {
        let push = try IPCommandLinks.parseFilters(L2Fixtures.pushFilter)
        #expect(IPCommandLinks.accessVLANCommands(device: "tap1", paths: nil, ingress: push, egress: [])
            .map(\.description) == ["tc qdisc del dev tap1 clsact"])
        #expect(IPCommandLinks.accessVLANCommands(device: "tap1", paths: nil, ingress: [], egress: []) == [])
    }

    @Test func runnerNamesTheMissingDevice() {
        #expect(CommandRunner.missingDeviceName(in: #"Cannot find device "eth9""#) == "eth9")
        #expect(CommandRunner.missingDeviceName(in: "RTNETLINK answers: File exists") == nil)
    }
}
