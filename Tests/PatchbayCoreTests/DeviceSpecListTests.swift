import Testing
import PatchbayCore

@Suite("DeviceSpecList: first match wins, PFs cover VFs, exclusions")
struct DeviceSpecListTests {
    /// Two Intel PFs with VFs (PF 1572, VF 154c) and one NVIDIA GPU.
    static let devices: [PCIDevice] = {
        func device(_ text: String, _ product: String, _ type: PCIDeviceType, parent: String? = nil,
                    netdev: String? = nil, vendor: String = "8086") -> PCIDevice {
            PCIDevice(address: PCIAddress(text)!, vendorId: vendor, productId: product, type: type,
                      parentAddress: parent.flatMap { PCIAddress($0) }, netdev: netdev)
        }
        var devices = [device("0000:81:00.0", "1572", .pf, netdev: "ens1f0"),
                       device("0000:82:00.0", "1572", .pf, netdev: "ens2f0"),
                       device("0000:03:00.0", "1db4", .pci, vendor: "10de")]
        for function in 0..<4 {
            devices.append(device("0000:81:10.\(function)", "154c", .vf, parent: "0000:81:00.0", netdev: "ens1f0v\(function)"))
        }
        devices.append(device("0000:82:10.0", "154c", .vf, parent: "0000:82:00.0"))
        devices.append(device("0000:82:10.1", "154c", .vf, parent: "0000:82:00.0"))
        return devices
    }()
    static let host = Dictionary(uniqueKeysWithValues: devices.map { ($0.address, $0) })

    private static func device(_ text: String) throws -> PCIDevice {
        let address = try #require(PCIAddress(text))
        return try #require(host[address])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let specs: [String]
        let address: String
        let expected: (index: Int, physnet: String?)?
        var testDescription: String { name }
    }

    @Test("matching table", arguments: [
        Case(name: "PF address covers its VF", specs: [#"{"address": "0000:81:00.0", "physical_network": "p1"}"#],
             address: "0000:81:10.2", expected: (0, "p1")),
        Case(name: "PF address matches the PF", specs: [#"{"address": "0000:81:00.0", "physical_network": "p1"}"#],
             address: "0000:81:00.0", expected: (0, "p1")),
        Case(name: "PF address does not cover another PF's VF", specs: [#"{"address": "0000:81:00.0"}"#],
             address: "0000:82:10.0", expected: nil),
        Case(name: "VF address does not cover its sibling", specs: [#"{"address": "0000:81:10.1"}"#],
             address: "0000:81:10.2", expected: nil),
        Case(name: "VF address matches that VF", specs: [#"{"address": "0000:81:10.1"}"#],
             address: "0000:81:10.1", expected: (0, nil)),
        Case(name: "wildcard PF address does not cover VFs", specs: [#"{"address": "*:81:00.0"}"#],
             address: "0000:81:10.2", expected: nil),
        Case(name: "regex PF address does not cover VFs", specs: [#"{"address": {"bus": "81", "slot": "00"}}"#],
             address: "0000:81:10.2", expected: nil),
        Case(name: "PF devname covers its VF", specs: [#"{"devname": "ens1f0", "physical_network": "p1"}"#],
             address: "0000:81:10.1", expected: (0, "p1")),
        Case(name: "PF devname matches the PF", specs: [#"{"devname": "ens1f0"}"#],
             address: "0000:81:00.0", expected: (0, nil)),
        Case(name: "PF devname does not cover another PF's VF", specs: [#"{"devname": "ens1f0"}"#],
             address: "0000:82:10.1", expected: nil),
        Case(name: "VF devname matches only that VF", specs: [#"{"devname": "ens1f0v1"}"#],
             address: "0000:81:10.2", expected: nil),
        Case(name: "vendor/product select VFs", specs: [#"{"vendor_id": "8086", "product_id": "154c"}"#],
             address: "0000:82:10.1", expected: (0, nil)),
        Case(name: "vendor/product exclude the PF", specs: [#"{"vendor_id": "8086", "product_id": "154c"}"#],
             address: "0000:81:00.0", expected: nil),
        Case(name: "PF address with VF product covers VFs", specs: [#"{"address": "0000:81:00.0", "product_id": "154c"}"#],
             address: "0000:81:10.3", expected: (0, nil)),
        Case(name: "PF address with VF product skips the PF", specs: [#"{"address": "0000:81:00.0", "product_id": "154c"}"#],
             address: "0000:81:00.0", expected: nil),
        Case(name: "first match wins over a later physnet",
             specs: [#"{"address": "0000:81:00.0", "physical_network": "p1"}"#, #"{"vendor_id": "8086", "physical_network": "p2"}"#],
             address: "0000:81:10.0", expected: (0, "p1")),
        Case(name: "later entry applies when the first misses",
             specs: [#"{"address": "0000:81:00.0", "physical_network": "p1"}"#, #"{"vendor_id": "8086", "physical_network": "p2"}"#],
             address: "0000:82:10.0", expected: (1, "p2")),
        Case(name: "regex bus and slot", specs: [#"[{"address": {"bus": "8[12]", "slot": "10"}}]"#],
             address: "0000:82:10.1", expected: (0, nil)),
        Case(name: "regex skips other slots", specs: [#"[{"address": {"bus": "8[12]", "slot": "10"}}]"#],
             address: "0000:82:00.0", expected: nil),
        Case(name: "regex domain", specs: [#"{"address": {"domain": "000[01]", "bus": "82"}}"#],
             address: "0000:82:10.1", expected: (0, nil)),
        Case(name: "regex domain is anchored", specs: [#"{"address": {"domain": "00", "bus": "82"}}"#],
             address: "0000:82:10.1", expected: nil),
        Case(name: "type-PCI device by vendor", specs: [#"{"vendor_id": "10de"}"#],
             address: "0000:03:00.0", expected: (0, nil)),
        Case(name: "no entries, no match", specs: [], address: "0000:81:10.0", expected: nil),
    ])
    func matching(_ testCase: Case) throws {
        let list = try DeviceSpecList.parse(values: testCase.specs)
        let matched = list.match(try Self.device(testCase.address), in: Self.host)
        #expect(matched?.specIndex == testCase.expected?.index)
        #expect(matched?.physicalNetwork == testCase.expected?.physnet)
        #expect(matched?.device.address.description == (testCase.expected == nil ? nil : testCase.address))
    }

    @Test("a VF is covered only when its parent is known to the host and is a PF")
    func parentMustBeAKnownPF() throws {
        let list = try DeviceSpecList.parse(values: [#"{"address": "0000:81:00.0"}"#, #"{"devname": "ens1f0"}"#])
        let vf = try Self.device("0000:81:10.0")
        #expect(list.match(vf, in: [:]) == nil)
        var host = Self.host
        host[vf.parentAddress!]?.type = .pci
        #expect(list.match(vf, in: host) == nil)
        #expect(list.match(vf, in: Self.host)?.specIndex == 0)
    }

    @Test("excluded addresses never match, even when named by an entry")
    func exclusions() throws {
        let list = try DeviceSpecList.parse(
            values: [#"{"address": "0000:81:10.3"}"#, #"{"address": "0000:81:00.0", "physical_network": "p1"}"#],
            exclusions: ["0000:81:10.3", " 0000:81:10.2 "])
        #expect(list.exclusions.count == 2)
        #expect(list.match(try Self.device("0000:81:10.3"), in: Self.host) == nil)
        #expect(list.match(try Self.device("0000:81:10.2"), in: Self.host) == nil)
        #expect(list.match(try Self.device("0000:81:10.1"), in: Self.host)?.specIndex == 1)
        #expect(list.match(try Self.device("0000:81:00.0"), in: Self.host)?.physicalNetwork == "p1")
    }

    @Test("bad exclusions and entries name their position", arguments: [
        ([#"{"devname": "a"}"#], ["0000:81:10.2", "81:10.3"], "device_spec exclusion 2 '81:10.3' is invalid: it is not a PCI address dddd:bb:ss.f"),
        ([#"{"devname": "a"}"#, #"{"trusted": "maybe"}"#], [], #"device_spec entry 2 '{"trusted":"maybe"}' is invalid: trusted"#),
    ])
    func badListConfig_Fails(values: [String], exclusions: [String], message: String) throws {
        let error = try #require(throws: PatchbayError.self) {
            try DeviceSpecList.parse(values: values, exclusions: exclusions)
        }
        #expect(error.code == "config.invalid_device_spec")
        #expect(error.message.hasPrefix(message))
    }

    @Test("matchAll keeps input order, carries the entry's tags and agrees with match")
    func matchAllAgreesWithMatch() throws {
        let list = try DeviceSpecList.parse(
            values: [#"{"devname": "ens1f0", "physical_network": "p1", "trusted": "true", "rack": "r7"}"#,
                     #"{"vendor_id": "8086", "product_id": "154c", "physical_network": "p2"}"#],
            exclusions: ["0000:82:10.1"])
        let all = list.matchAll(Self.devices)
        #expect(all.map(\.device.address.description) == ["0000:81:00.0", "0000:81:10.0", "0000:81:10.1",
                                                           "0000:81:10.2", "0000:81:10.3", "0000:82:10.0"])
        #expect(all == Self.devices.compactMap { list.match($0, in: Self.host) })
        let first = try #require(all.first)
        #expect(first.trusted && first.tags == ["physical_network": "p1", "trusted": "true", "rack": "r7"])
        #expect(all.last?.trusted == false && all.last?.physicalNetwork == "p2" && all.last?.specIndex == 1)
    }

    @Test("10,000 devices: 40 PFs x 249 functions, one entry per PF, three exclusions")
    func tenThousandDevices() throws {
        var devices: [PCIDevice] = []
        var values: [String] = []
        for pf in 0..<40 {
            let bus = 0x41 + pf
            let pfAddress = try #require(PCIAddress(domain: 0, bus: bus, slot: 0, function: 0))
            devices.append(PCIDevice(address: pfAddress, vendorId: "8086", productId: "1572", type: .pf))
            for vf in 0..<248 {
                let address = try #require(PCIAddress(domain: 0, bus: bus, slot: 1 + vf / 8, function: vf % 8))
                devices.append(PCIDevice(address: address, vendorId: "8086", productId: "154c", type: .vf,
                                         parentAddress: pfAddress, vfNumber: vf))
            }
            values.append(#"{"address": "\#(pfAddress)", "physical_network": "physnet\#(pf % 2 + 1)"}"#)
        }
        let list = try DeviceSpecList.parse(values: values, exclusions: ["0000:41:01.0", "0000:41:01.1", "0000:68:00.0"])
        let matched = list.matchAll(devices)
        #expect(devices.count == 9_960)
        #expect(matched.count == 9_957)
        #expect(matched.filter { $0.physicalNetwork == "physnet1" }.count == 4_978)
        #expect(matched.filter { $0.physicalNetwork == "physnet2" }.count == 4_979)
        #expect(matched.allSatisfy { $0.specIndex == Int($0.device.address.bus) - 0x41 })
    }
}
