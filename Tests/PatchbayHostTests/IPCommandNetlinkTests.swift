import PatchbayCore
import PatchbayHost
import Testing

@Suite("IPCommandNetlink builds ip commands and parses ip -j output")
struct IPCommandNetlinkTests {
    @Test func oneCommandCarriesEveryChange() {
        let arguments = IPCommandNetlink.arguments(pf: "ens1f0", vf: 3, changes: VFSettings(
            mac: "fa:16:3e:00:00:01", vlan: 100, spoofChecking: false, linkState: .enable, maxTxRate: 500).allChanges)
        #expect(arguments.joined(separator: " ") == "link set dev ens1f0 vf 3 mac fa:16:3e:00:00:01 vlan 100 qos 0 "
            + "spoofchk off trust off state enable min_tx_rate 0 max_tx_rate 500")
    }

    @Test func parsesBothVLANShapesOfVFInfo() throws {
        let json = """
        [{"ifindex":4,"ifname":"ens1f0","vfinfo_list":[
          {"vf":0,"link_type":"ether","address":"fa:16:3e:00:00:01","broadcast":"ff:ff:ff:ff:ff:ff",
           "vlan_list":[{"vlan":100,"qos":2,"protocol":"802.1Q"}],"rate":{"max_tx":500,"min_tx":10},
           "spoofchk":false,"link_state":"enable","trust":true,"query_rss_en":false},
          {"vf":1,"link_type":"ether","address":"00:00:00:00:00:00","broadcast":"ff:ff:ff:ff:ff:ff",
           "vlan":7,"qos":0,"rate":{"max_tx":0,"min_tx":0},"spoofchk":true,"link_state":"auto","trust":false}]}]
        """
        let vfs = try IPCommandNetlink.parseVFInfo(json)
        #expect(vfs[0] == VFSettings(mac: "fa:16:3e:00:00:01", vlan: 100, qos: 2, spoofChecking: false, trust: true,
                                     linkState: .enable, minTxRate: 10, maxTxRate: 500))
        #expect(vfs[1] == VFSettings(vlan: 7))
    }

    @Test func garbageOutput_Fails() {
        #expect(throws: PatchbayError.self) { try IPCommandNetlink.parseVFInfo("not json") }
    }
}
