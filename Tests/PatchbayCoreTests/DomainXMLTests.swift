import Foundation
import PatchbayCore
import Testing

/// One guest NIC case: the interface, the fragments its XML must contain and must not contain.
struct DomainXMLCase: Sendable, CustomTestStringConvertible {
    let name: String
    let interface: GuestInterface
    let expected: [String]
    var absent: [String] = []
    var testDescription: String { name }
}

/// Interfaces for every vif type, shared by the rendering and the libvirt validation suites.
enum DomainXMLFixtures {
    static let mac = "fa:16:3e:11:22:33"
    static let portId = "dc065497-3c1a-4f0e-9d54-5b1e2f7a8c90"
    static let vfAddress = PCIAddress("0000:81:10.2")!
    static let pfAddress = PCIAddress("0000:81:00.0")!
    static let vf = PCIDevice(address: vfAddress, vendorId: "8086", productId: "154c", type: .vf,
                              parentAddress: pfAddress, numaNode: 0, netdev: "enp129s0f0v2", vfNumber: 2)
    static let pf = PCIDevice(address: pfAddress, vendorId: "8086", productId: "1572", type: .pf, netdev: "enp129s0f0")
    static let gpu = PCIDevice(address: PCIAddress("0000:3b:00.0")!, vendorId: "10de", productId: "1db4", type: .pci)
    static let qbgParams: JSONValue = ["managerid": 11, "typeid": "1193047", "typeidversion": 2,
                                       "instanceid": "a7e3c1d2-5b4f-4e6a-8c9d-0f1e2d3c4b5a"]

    /// An interface with this file's port id and MAC.
    static func nic(_ vifType: String, _ vnic: VnicType = .normal, details: [String: JSONValue] = [:],
                    device: PCIDevice? = nil, netdev: String? = nil, mtu: Int? = nil) -> GuestInterface {
        GuestInterface(portId: portId, macAddress: mac, vifType: vifType, vifDetails: details, vnicType: vnic,
                       device: device, vfNetdev: netdev, mtu: mtu)
    }

    static let hostdevOpen = "<interface type='hostdev' managed='yes'>"
    static let vfSource = "<address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x2'/>"
    static let passthrough = "<source dev='enp129s0f0v2' mode='passthrough'/>"
    static let qbh = ["<virtualport type='802.1Qbh'>", "<parameters profileid='MyPortProfile'/>"]

    /// One case per vif type and variant; device-using cases share the VF or PF.
    static let cases: [DomainXMLCase] = [
        DomainXMLCase(name: "hw_veb direct, vlan 100", interface: nic("hw_veb", .direct, details: ["vlan": "100"], device: vf),
                      expected: [hostdevOpen, "<mac address='\(mac)'/>", vfSource, "<vlan>", "<tag id='100'/>"],
                      absent: ["<model", "virtualport", "<target"]),
        DomainXMLCase(name: "hw_veb direct, flat (vlan 0)", interface: nic("hw_veb", .direct, details: ["vlan": "0"], device: vf),
                      expected: [hostdevOpen, vfSource], absent: ["<vlan>"]),
        DomainXMLCase(name: "hw_veb direct, no vlan key", interface: nic("hw_veb", .direct, device: vf),
                      expected: [hostdevOpen, vfSource], absent: ["<vlan>"]),
        DomainXMLCase(name: "hw_veb macvtap: the agent's macvtap on the VF", interface: nic("hw_veb", .macvtap, details: ["vlan": 100], device: vf),
                      expected: ["<interface type='ethernet'>", "<model type='virtio'/>",
                                 "<target dev='mvtdc065497-3c' managed='no'/>"],
                      absent: ["hostdev", "<address", "type='direct'", "<source", "<vlan>", "<driver"]),
        DomainXMLCase(name: "hw_veb macvtap, netdev given", interface: nic("hw_veb", .macvtap, device: vf, netdev: "ens1f0v7"),
                      expected: ["<target dev='mvtdc065497-3c' managed='no'/>"], absent: ["<vlan>", "type='direct'"]),
        DomainXMLCase(name: "hostdev_physical", interface: nic("hostdev_physical", .directPhysical, details: ["vlan": "100"], device: pf),
                      expected: ["<hostdev mode='subsystem' type='pci' managed='yes'>",
                                 "<address domain='0x0000' bus='0x81' slot='0x00' function='0x0'/>"],
                      absent: ["<interface", "<mac", "type='pci' domain", "<vlan>"]),
        DomainXMLCase(name: "802.1qbh direct", interface: nic("802.1qbh", .direct, details: ["profileid": "MyPortProfile"], device: vf),
                      expected: [hostdevOpen, vfSource] + qbh, absent: ["<vlan>"]),
        DomainXMLCase(name: "hw_veb macvtap with a port profile stays libvirt's",
                      interface: nic("hw_veb", .macvtap, details: ["vlan": 100, "profileid": "MyPortProfile"], device: vf),
                      expected: ["<interface type='direct'>", passthrough, "<tag id='100'/>"] + qbh, absent: ["managed='no'"]),
        DomainXMLCase(name: "802.1qbh macvtap", interface: nic("802.1qbh", .macvtap, details: ["profileid": "MyPortProfile"], device: vf),
                      expected: ["<interface type='direct'>", passthrough] + qbh),
        DomainXMLCase(name: "hw_veb direct with port profile",
                      interface: nic("hw_veb", .direct, details: ["vlan": "200", "profileid": "MyPortProfile"], device: vf),
                      expected: [hostdevOpen, "<tag id='200'/>"] + qbh),
        DomainXMLCase(name: "802.1qbg", interface: nic("802.1qbg", details: ["physical_interface": "eth0", "qbg_params": qbgParams]),
                      expected: ["<interface type='direct'>", "<model type='virtio'/>", "<source dev='eth0' mode='vepa'/>",
                                 "<virtualport type='802.1Qbg'>",
                                 "<parameters managerid='11' typeid='1193047' typeidversion='2' instanceid='a7e3c1d2-5b4f-4e6a-8c9d-0f1e2d3c4b5a'/>"],
                      absent: ["802.1Qbh", "<vlan>"]),
        DomainXMLCase(name: "macvtap: the agent's macvtap, opened by libvirt",
                      interface: nic("macvtap", details: ["macvtap_source": "eth1", "macvtap_mode": "bridge",
                                                          "physical_interface": "eth1"]),
                      expected: ["<interface type='ethernet'>", "<model type='virtio'/>",
                                 "<target dev='mvtdc065497-3c' managed='no'/>"],
                      absent: ["type='direct'", "<source", "<vlan>", "<driver", "virtualport"]),
        DomainXMLCase(name: "bridge: the agent's tap, filtered and plugged before the guest starts",
                      interface: nic("bridge", details: ["bridge_name": "pbr-physnet1", "vlan": "0"], mtu: 1500),
                      expected: ["<interface type='ethernet'>", "<model type='virtio'/>", "<mtu size='1500'/>",
                                 "<target dev='tapdc065497-3c' managed='no'/>"],
                      absent: ["type='bridge'", "<source"]),
        DomainXMLCase(name: "bridge without MTU", interface: nic("bridge", details: ["bridge_name": "pbvx-5001"]),
                      expected: ["<target dev='tapdc065497-3c' managed='no'/>"], absent: ["<mtu", "<source"]),
        DomainXMLCase(name: "ethernet", interface: nic("ethernet", mtu: 9000),
                      expected: ["<interface type='ethernet'>", "<model type='virtio'/>", "<mtu size='9000'/>",
                                 "<target dev='tapdc065497-3c' managed='no'/>"], absent: ["<source"]),
    ]

    /// A domain holding `interfaces` and a GPU alias device.
    static func domain(_ interfaces: [GuestInterface], name: String = "patchbay-test",
                       aliasDevices: [PCIDevice] = [gpu]) -> DomainDefinition {
        DomainDefinition(name: name, uuid: "6f1c2a3e-0d4b-4b8e-9a51-7d8c2b1e9f00", memoryMB: 1024, vcpus: 2,
                         interfaces: interfaces, aliasDevices: aliasDevices)
    }
}

/// Rendering each vif type into the libvirt shapes Nova emits.
@Suite struct DomainXMLTests {
    @Test(arguments: DomainXMLFixtures.cases)
    func interfaceShape(_ testCase: DomainXMLCase) throws {
        let xml = try InterfaceXML.render(testCase.interface)
        for fragment in testCase.expected { #expect(xml.contains(fragment), "missing \(fragment) in\n\(xml)") }
        for fragment in testCase.absent { #expect(!xml.contains(fragment), "unexpected \(fragment) in\n\(xml)") }
    }

    @Test func everySupportedVifTypeHasACase() {
        #expect(Set(DomainXMLFixtures.cases.map(\.interface.vifType)) == Set(InterfaceXML.supportedVifTypes))
    }

    @Test func hostdevInterfaceIsExactlyNovasShape() throws {
        let xml = try InterfaceXML.render(DomainXMLFixtures.cases[0].interface)
        #expect(xml == """
            <interface type='hostdev' managed='yes'>
              <mac address='fa:16:3e:11:22:33'/>
              <source>
                <address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x2'/>
              </source>
              <vlan>
                <tag id='100'/>
              </vlan>
            </interface>

            """)
    }

    @Test func domainHoldsSizeOSInterfacesAndAliasDevices() throws {
        let interfaces = DomainXMLFixtures.allShapes
        let xml = try DomainXML.render(DomainXMLFixtures.domain(interfaces))
        #expect(xml.hasPrefix("<domain type='kvm'>\n  <name>patchbay-test</name>\n  <uuid>6f1c2a3e-0d4b-4b8e-9a51-7d8c2b1e9f00</uuid>\n"))
        #expect(xml.hasSuffix("  </devices>\n</domain>\n"))
        for fragment in ["<memory unit='KiB'>1048576</memory>", "<currentMemory unit='KiB'>1048576</currentMemory>",
                         "<vcpu placement='static'>2</vcpu>", "<type arch='x86_64' machine='pc'>hvm</type>",
                         "<boot dev='hd'/>", "<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/>"] {
            #expect(xml.contains(fragment), "missing \(fragment)")
        }
        #expect(xml.components(separatedBy: "<interface ").count - 1 == interfaces.count - 1)
        #expect(xml.components(separatedBy: "<hostdev ").count - 1 == 2, "hostdev_physical and the alias device")
        #expect(xml.contains("    <interface type='hostdev' managed='yes'>\n      <mac "), "devices are indented under <devices>")
    }

    @Test func domainNameIsEscaped() throws {
        let xml = try DomainXML.render(DomainXMLFixtures.domain([], name: "a&b<'c'>\"", aliasDevices: []))
        #expect(xml.contains("<name>a&amp;b&lt;&apos;c&apos;&gt;&quot;</name>"))
    }

    @Test func interfaceFromBoundPort() throws {
        var port = Port(id: DomainXMLFixtures.portId, projectId: "p", networkId: "n", macAddress: DomainXMLFixtures.mac,
                        audit: AuditStamp(createdAt: 0))
        port.binding = PortBinding(hostId: "compute-1", vnicType: "macvtap", profile: ["pci_slot": "0000:81:10.2"],
                                   vifType: "hw_veb", vifDetails: ["vlan": "100"])
        let nic = try GuestInterface(port: port, device: DomainXMLFixtures.vf, mtu: 1500)
        #expect(nic.vnicType == .macvtap && nic.vifType == "hw_veb" && nic.vfNetdev == "enp129s0f0v2")
        #expect(nic.tapName == "tapdc065497-3c" && nic.profile["pci_slot"] == "0000:81:10.2")
        #expect(try InterfaceXML.render(nic).contains("<target dev='mvtdc065497-3c' managed='no'/>"))
    }

    /// One owner per device: a NIC whose device the agent creates is an ethernet interface on
    /// exactly that device, never a libvirt-made `direct` macvtap or `bridge` tap as well.
    @Test(arguments: DomainXMLFixtures.cases.filter { $0.interface.agentDevice != nil })
    func agentOwnedDevicesAreOnlyOpenedByLibvirt(_ testCase: DomainXMLCase) throws {
        let xml = try InterfaceXML.render(testCase.interface)
        let device = try #require(testCase.interface.agentDevice)
        #expect(xml.hasPrefix("<interface type='ethernet'>"))
        #expect(xml.contains("<target dev='\(device.name)' managed='no'/>"))
        #expect(!xml.contains("type='direct'") && !xml.contains("type='bridge'") && !xml.contains("<source"))
    }

    @Test func onlyBridgeMacvtapAndAgentMacvtapVFsHaveAgentDevices() {
        let owned = DomainXMLFixtures.cases.filter { $0.interface.agentDevice != nil }.map(\.interface.vifType)
        #expect(Set(owned) == ["bridge", "macvtap", "hw_veb"])
        let qbh = DomainXMLFixtures.nic("hw_veb", .macvtap, details: ["profileid": "MyPortProfile"], device: DomainXMLFixtures.vf)
        #expect(qbh.agentDevice == nil, "an 802.1Qbh port profile leaves the macvtap to libvirt")
        #expect(DomainXMLFixtures.nic("hw_veb", .direct, device: DomainXMLFixtures.vf).agentDevice == nil)
        #expect(DomainXMLFixtures.nic("ethernet").agentDevice == nil)
    }

    @Test func interfaceFromPortWithUnknownVnicType_Fails() {
        var port = Port(id: "p1", projectId: "p", networkId: "n", macAddress: DomainXMLFixtures.mac, audit: AuditStamp(createdAt: 0))
        port.binding.vnicType = "vdpa"
        #expect { try GuestInterface(port: port) } throws: { ($0 as? PatchbayError)?.code == "port.invalid_vnic_type" }
    }
}

/// A NIC or domain that cannot be rendered, with the error code and a message fragment expected.
struct DomainXMLFailure: Sendable, CustomTestStringConvertible {
    let name: String
    let interface: GuestInterface
    let code: String
    let message: String
    var testDescription: String { name }
}

/// Every way rendering refuses, each with a stable code and a message naming the port and cause.
@Suite struct DomainXMLFailureTests {
    typealias F = DomainXMLFixtures
    static let qbgBadTypeId: JSONValue = ["managerid": 11, "typeid": 0x100_0000, "typeidversion": 2, "instanceid": "a7e3c1d2-5b4f-4e6a-8c9d-0f1e2d3c4b5a"]
    static let qbgBadInstance: JSONValue = ["managerid": 11, "typeid": 1, "typeidversion": 2, "instanceid": "nope"]

    static let failures: [DomainXMLFailure] = [
        .init(name: "binding_failed", interface: F.nic("binding_failed"), code: "guest.unsupported_vif_type",
              message: "Unexpected vif_type=binding_failed for port \(F.portId)"),
        .init(name: "unbound", interface: F.nic("unbound", .direct, device: F.vf), code: "guest.unsupported_vif_type",
              message: "Unexpected vif_type=unbound for port \(F.portId)"),
        .init(name: "ovs", interface: F.nic("ovs"), code: "guest.unsupported_vif_type", message: "vif_type=ovs"),
        .init(name: "empty vif type", interface: F.nic(""), code: "guest.unsupported_vif_type", message: "vif_type= for"),
        .init(name: "case matters", interface: F.nic("HW_VEB", .direct, device: F.vf), code: "guest.unsupported_vif_type", message: "HW_VEB"),
        .init(name: "hw_veb direct, no device", interface: F.nic("hw_veb", .direct), code: "guest.missing_pci_device",
              message: "port \(F.portId) (vif_type hw_veb, vnic_type direct) has no claimed PCI device"),
        .init(name: "hw_veb macvtap, no netdev", interface: F.nic("hw_veb", .macvtap), code: "guest.missing_pci_device", message: "no VF netdev"),
        .init(name: "hw_veb macvtap, device without netdev",
              interface: F.nic("hw_veb", .macvtap, device: PCIDevice(address: F.vfAddress, vendorId: "8086", productId: "154c", type: .vf)),
              code: "guest.missing_pci_device", message: "no VF netdev"),
        .init(name: "hostdev_physical, no device", interface: F.nic("hostdev_physical", .directPhysical), code: "guest.missing_pci_device",
              message: "vif_type hostdev_physical"),
        .init(name: "hw_veb normal", interface: F.nic("hw_veb", .normal, device: F.vf), code: "guest.unsupported_vnic_type",
              message: "needs vnic_type direct or macvtap, not normal"),
        .init(name: "hw_veb direct-physical", interface: F.nic("hw_veb", .directPhysical, device: F.pf), code: "guest.unsupported_vnic_type",
              message: "not direct-physical"),
        .init(name: "vlan not a number", interface: F.nic("hw_veb", .direct, details: ["vlan": "abc"], device: F.vf),
              code: "guest.invalid_vif_details", message: "vlan must be a VLAN id 0-4095, got 'abc'"),
        .init(name: "vlan out of range", interface: F.nic("hw_veb", .direct, details: ["vlan": 4096], device: F.vf),
              code: "guest.invalid_vif_details", message: "got 4096"),
        .init(name: "vlan a bool", interface: F.nic("hw_veb", .direct, details: ["vlan": true], device: F.vf),
              code: "guest.invalid_vif_details", message: "got boolean"),
        .init(name: "802.1qbh without profileid", interface: F.nic("802.1qbh", .direct, device: F.vf),
              code: "guest.invalid_vif_details", message: "vif_details for vif_type 802.1qbh are invalid: profileid is missing"),
        .init(name: "empty profileid", interface: F.nic("hw_veb", .direct, details: ["profileid": ""], device: F.vf),
              code: "guest.invalid_vif_details", message: "profileid must be a non-empty string"),
        .init(name: "802.1qbg without qbg_params", interface: F.nic("802.1qbg", details: ["physical_interface": "eth0"]),
              code: "guest.invalid_vif_details", message: "qbg_params is missing"),
        .init(name: "802.1qbg without physical_interface", interface: F.nic("802.1qbg", details: ["qbg_params": F.qbgParams]),
              code: "guest.invalid_vif_details", message: "physical_interface is missing"),
        .init(name: "802.1qbg typeid too big", interface: F.nic("802.1qbg", details: ["physical_interface": "eth0", "qbg_params": qbgBadTypeId]),
              code: "guest.invalid_vif_details", message: "qbg_params.typeid must be a number 0-16777215, got 16777216"),
        .init(name: "802.1qbg instanceid not a UUID", interface: F.nic("802.1qbg", details: ["physical_interface": "eth0", "qbg_params": qbgBadInstance]),
              code: "guest.invalid_vif_details", message: "qbg_params.instanceid must be a UUID, got 'nope'"),
        .init(name: "macvtap without source", interface: F.nic("macvtap", details: ["macvtap_mode": "bridge"]),
              code: "guest.invalid_vif_details", message: "macvtap_source is missing"),
        .init(name: "macvtap with an unknown mode", interface: F.nic("macvtap", details: ["macvtap_source": "eth1", "macvtap_mode": "weird"]),
              code: "guest.invalid_vif_details", message: "got 'weird'"),
        .init(name: "bridge without bridge_name", interface: F.nic("bridge"), code: "guest.invalid_vif_details",
              message: "port \(F.portId): vif_details for vif_type bridge are invalid: bridge_name is missing"),
        .init(name: "bridge_name a number", interface: F.nic("bridge", details: ["bridge_name": 7]), code: "guest.invalid_vif_details",
              message: "bridge_name must be a non-empty string, got 7"),
        .init(name: "bad MAC", interface: GuestInterface(portId: "p1", macAddress: "fa:16:3e:11:22", vifType: "ethernet"),
              code: "guest.invalid_mac_address", message: "port p1: 'fa:16:3e:11:22' is not a MAC address"),
        .init(name: "MAC with quote", interface: GuestInterface(portId: "p1", macAddress: "fa:16:3e:11:22:3'", vifType: "ethernet"),
              code: "guest.invalid_mac_address", message: "is not a MAC address"),
        .init(name: "MTU zero", interface: F.nic("bridge", details: ["bridge_name": "br0"], mtu: 0), code: "guest.invalid_mtu",
              message: "MTU 0 is outside 68-65535"),
    ]

    @Test(arguments: failures)
    func interface_Fails(_ failure: DomainXMLFailure) {
        let error = #expect(throws: PatchbayError.self) { try InterfaceXML.render(failure.interface) }
        #expect(error?.code == failure.code)
        #expect(error?.type == "InternalError")
        #expect(error?.message.contains(failure.message) == true, "message: \(error?.message ?? "-")")
    }

    @Test(arguments: failures)
    func domainWithFailingInterface_Fails(_ failure: DomainXMLFailure) {
        let domain = F.domain([F.nic("ethernet"), failure.interface])
        let error = #expect(throws: PatchbayError.self) { try DomainXML.render(domain) }
        #expect(error?.code == failure.code)
    }

    /// The fixture domain with one field changed.
    static func changed(_ change: (inout DomainDefinition) -> Void) -> DomainDefinition {
        var domain = F.domain([]); change(&domain); return domain
    }

    static let invalidDomains: [(String, DomainDefinition, String)] = [
        ("empty name", changed { $0.name = "" }, "name '' must be 1-255 bytes"), ("slash in name", changed { $0.name = "a/b" }, "without '/'"),
        ("bad uuid", changed { $0.uuid = "6f1c2a3e-0d4b-4b8e-9a51" }, "is not a UUID"),
        ("no memory", changed { $0.memoryMB = 0 }, "memory 0 MiB must be at least 1"), ("no vcpus", changed { $0.vcpus = -1 }, "vcpus -1 must be at least 1"),
        ("VF given to a port and an alias", F.domain([F.nic("hw_veb", .direct, device: F.vf)], aliasDevices: [F.vf]),
         "PCI device 0000:81:10.2 is passed through twice"),
        ("PF given to two ports", F.domain([F.nic("hostdev_physical", .directPhysical, device: F.pf), F.nic("hw_veb", .direct, device: F.pf)]),
         "PCI device 0000:81:00.0 is passed through twice"),
    ]

    @Test(arguments: 0..<invalidDomains.count)
    func domain_Fails(_ index: Int) {
        let (name, domain, message) = Self.invalidDomains[index]
        let error = #expect(throws: PatchbayError.self, "\(name)") { try DomainXML.render(domain) }
        #expect(error?.code == "guest.invalid_domain", "\(name)")
        #expect(error?.message.contains(message) == true, "\(name): \(error?.message ?? "-")")
    }

    @Test func macvtapVFsMayShareAnAddressWithNothingPassedThrough() throws {
        let domain = F.domain([F.nic("hw_veb", .macvtap, device: F.vf)], aliasDevices: [F.vf])
        #expect(throws: Never.self) { try DomainXML.render(domain) }
    }
}

/// The XML builder's escaping and nesting.
@Suite struct XMLWriterTests {
    @Test(arguments: [("plain", "plain"), ("a&b", "a&amp;b"), ("<x>", "&lt;x&gt;"), ("\"q\"", "&quot;q&quot;"), ("it's", "it&apos;s"), ("&amp;", "&amp;amp;"), ("é ü", "é ü")])
    func escape(_ input: String, _ escaped: String) {
        #expect(XMLWriter.escape(input) == escaped)
    }

    @Test func attributesAndTextAreEscapedAndNested() {
        var writer = XMLWriter()
        writer.element("a", ["k": "x'y", "j": "<&>"]) { writer in
            writer.text("b", content: "1 < 2 & \"3\"")
            writer.empty("c")
        }
        #expect(writer.output == "<a k='x&apos;y' j='&lt;&amp;&gt;'>\n  <b>1 &lt; 2 &amp; &quot;3&quot;</b>\n  <c/>\n</a>\n")
    }
    struct Stop: Error {}

    @Test func throwingBody_Fails() {
        var writer = XMLWriter()
        #expect(throws: Stop.self) { try writer.element("a") { (_) throws(Stop) in throw Stop() } }
        writer.empty("z")
        #expect(writer.output == "<a>\n<z/>\n", "after a failed body the next element is back at depth 0")
    }
}
