@testable import PatchbayCore
import Testing

/// The config drive's files: who the guest is, and one link per NIC (`phy` for a VF, `vif` for a
/// macvtap or bridge port, a `vlan` link where the guest tags) with its addresses and routes.
@Suite struct ConfigDriveTests {
    static let subnet = Subnet(id: "s4", projectId: "p", networkId: "n1", name: "", ipVersion: 4, cidr: "10.0.0.0/24",
                               gatewayIp: "10.0.0.1", allocationPools: [], dnsNameservers: ["10.0.0.53"],
                               hostRoutes: [HostRoute(destination: "192.168.0.0/16", nexthop: "10.0.0.254")], audit: AuditStamp(createdAt: 0))
    static let subnet6 = Subnet(id: "s6", projectId: "p", networkId: "n1", name: "", ipVersion: 6, cidr: "fd00:1::/64",
                                gatewayIp: nil, allocationPools: [], audit: AuditStamp(createdAt: 0))

    static func interface(_ port: String, mac: String, vnic: VnicType, ip: String, vlan: Int? = nil) throws -> DriveInterface {
        DriveInterface(portId: port, macAddress: mac, mtu: 1450, kind: DriveInterface.kind(of: vnic), guestVLAN: vlan,
                       networkId: "n1", addresses: [try #require(DriveAddress(fixedIP: ip, on: subnet))])
    }

    static func drive() throws -> ConfigDrive {
        ConfigDrive(identity: InstanceIdentity(uuid: "u-1", name: "vm1", hostname: "vm1", projectId: "p",
                                               metadata: ["role": "dpdk"], publicKeys: ["k1": "ssh-ed25519 AAAA"]),
                    interfaces: [
                        try interface("11111111-aaaa-bbbb", mac: "fa:16:3e:00:00:01", vnic: .direct, ip: "10.0.0.5"),
                        try interface("22222222-aaaa-bbbb", mac: "fa:16:3e:00:00:02", vnic: .macvtap, ip: "10.0.0.6"),
                        try interface("33333333-aaaa-bbbb", mac: "fa:16:3e:00:00:03", vnic: .normal, ip: "10.0.0.7", vlan: 120),
                    ], userData: Array("#!/bin/sh\necho hi\n".utf8))
    }

    @Test func oneLinkPerNIC_PhyForAVF_VifOtherwise_AVLANLinkWhereTheGuestTags() throws {
        let links = try #require(try Self.drive().networkData["links"]?.arrayValue)
        #expect(links.map { $0["type"]?.stringValue } == ["phy", "vif", "vif", "vlan"])
        #expect(links.map { $0["id"]?.stringValue } == ["tap11111111-aa", "tap22222222-aa", "tap33333333-aa", "vlan2"])
        #expect(links[0]["ethernet_mac_address"]?.stringValue == "fa:16:3e:00:00:01")
        #expect(links[0]["mtu"]?.intValue == 1450 && links[0]["vif_id"]?.stringValue == "11111111-aaaa-bbbb")
        #expect(links[3]["vlan_link"]?.stringValue == "tap33333333-aa" && links[3]["vlan_id"]?.intValue == 120)
        #expect(links[3]["vlan_mac_address"]?.stringValue == "fa:16:3e:00:00:03")
    }

    @Test func eachAddressIsANetworkOnItsLink_WithGatewayRoutesAndDNS() throws {
        let data = try Self.drive().networkData
        let networks = try #require(data["networks"]?.arrayValue)
        #expect(networks.map { $0["link"]?.stringValue } == ["tap11111111-aa", "tap22222222-aa", "vlan2"])
        #expect(networks.map { $0["ip_address"]?.stringValue } == ["10.0.0.5", "10.0.0.6", "10.0.0.7"])
        #expect(networks[0]["type"]?.stringValue == "ipv4" && networks[0]["netmask"]?.stringValue == "255.255.255.0")
        #expect(networks[0]["network_id"]?.stringValue == "n1" && networks[1]["id"]?.stringValue == "network1")
        let routes = try #require(networks[0]["routes"]?.arrayValue)
        #expect(routes.map { $0["network"]?.stringValue } == ["0.0.0.0", "192.168.0.0"])
        #expect(routes.map { $0["netmask"]?.stringValue } == ["0.0.0.0", "255.255.0.0"])
        #expect(routes.map { $0["gateway"]?.stringValue } == ["10.0.0.1", "10.0.0.254"])
        #expect(data["services"] == .array([.object(["type": "dns", "address": "10.0.0.53"])]), "one DNS server, listed once")
    }

    @Test func anIPv6AddressHasItsMaskAndNoDefaultRouteWithoutAGateway() throws {
        let address = try #require(DriveAddress(fixedIP: "fd00:1::5", on: Self.subnet6))
        let drive = ConfigDrive(identity: InstanceIdentity(uuid: "u", name: "v", hostname: "v", projectId: "p"), interfaces: [
            DriveInterface(portId: "p6", macAddress: "fa:16:3e:00:00:06", mtu: 1500, kind: .virtual, networkId: "n1", addresses: [address]),
        ])
        let network = try #require(drive.networkData["networks"]?.arrayValue?.first)
        #expect(network["type"]?.stringValue == "ipv6")
        #expect(network["netmask"]?.stringValue == "ffff:ffff:ffff:ffff::")
        #expect(network["routes"] == .array([]))
        #expect(IPNetwork("0.0.0.0/0")?.netmask.description == "0.0.0.0")
        #expect(IPNetwork("10.0.0.1/32")?.netmask.description == "255.255.255.255")
        #expect(IPNetwork("10.0.16.0/20")?.netmask.description == "255.255.240.0")
    }

    @Test func metaDataAndFiles() throws {
        let drive = try Self.drive()
        let meta = drive.metaData
        #expect(meta["uuid"]?.stringValue == "u-1" && meta["hostname"]?.stringValue == "vm1")
        #expect(meta["meta"]?["role"]?.stringValue == "dpdk")
        #expect(meta["public_keys"]?["k1"]?.stringValue == "ssh-ed25519 AAAA")
        #expect(meta["keys"]?.arrayValue?.first?["type"]?.stringValue == "ssh")
        let files = drive.files()
        #expect(files.map(\.path) == ["openstack/latest/meta_data.json", "openstack/latest/network_data.json",
                                      "openstack/latest/user_data"])
        #expect(files[2].contents == Array("#!/bin/sh\necho hi\n".utf8))
        #expect(try JSONParser.parse(files[1].contents) == drive.networkData)
        #expect(files.map(\.contents) == (try Self.drive()).files().map(\.contents), "the same bytes every time")
        var withoutUserData = drive
        withoutUserData.userData = nil
        #expect(withoutUserData.files().count == 2)
    }
}
