import Testing
import PatchbayCore

@Suite("PCIAlias, PCIAliasTable and FlavorPCIRequest")
struct PCIAliasTests {
    static let nic = PCIAlias(name: "a1", vendorId: "8086", productId: "154c")

    @Test("alias entries parse with defaults and normalised ids", arguments: [
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "154C"}"#, [nic]),
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "154c", "capability_type": "pci", "resource_class": "X", "#
            + #""traits": "A,B", "live_migratable": "true"}"#, [nic]),
        (#"{"name": "gpu", "vendor_id": "10DE", "product_id": "1db4", "device_type": "type-PCI", "numa_policy": "required"}"#,
         [PCIAlias(name: "gpu", vendorId: "10de", productId: "1db4", deviceType: .pci, numaPolicy: .required)]),
        (#"[{"name": "a1", "vendor_id": "8086", "product_id": "154c"}, {"name": "pf", "vendor_id": "8086", "#
            + #""product_id": "1572", "device_type": "type-PF", "numa_policy": "socket"}]"#,
         [nic, PCIAlias(name: "pf", vendorId: "8086", productId: "1572", deviceType: .pf, numaPolicy: .socket)]),
    ])
    func parse(json: String, expected: [PCIAlias]) throws {
        #expect(try PCIAlias.parse(json: json) == expected)
    }

    @Test("invalid alias entries name the entry, its JSON and the reason", arguments: [
        ("{", "{", "it is not JSON ("),
        ("5", "5", "expected a JSON object or a list of objects, not a number"),
        (#"["a1"]"#, #""a1""#, "expected a JSON object, not a string"),
        (#"{"vendor_id": "8086", "product_id": "154c"}"#, #"{"product_id":"154c","vendor_id":"8086"}"#, "name is required"),
        (#"{"name": "", "vendor_id": "8086", "product_id": "154c"}"#, #"{"name":"","product_id":"154c","vendor_id":"8086"}"#,
         "name must be a non-empty string"),
        (#"{"name": 5, "vendor_id": "8086", "product_id": "154c"}"#, #"{"name":5,"product_id":"154c","vendor_id":"8086"}"#,
         "name must be a non-empty string"),
        (#"{"name": "a1", "product_id": "154c"}"#, #"{"name":"a1","product_id":"154c"}"#, "vendor_id is required"),
        (#"{"name": "a1", "vendor_id": "8086"}"#, #"{"name":"a1","vendor_id":"8086"}"#, "product_id is required"),
        (#"{"name": "a1", "vendor_id": "zz", "product_id": "154c"}"#, #"{"name":"a1","product_id":"154c","vendor_id":"zz"}"#,
         "vendor_id 'zz' is not a hexadecimal number"),
        (#"{"name": "a1", "vendor_id": "*", "product_id": "154c"}"#, #"{"name":"a1","product_id":"154c","vendor_id":"*"}"#,
         "vendor_id '*' is not a hexadecimal number"),
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "10000"}"#, #"{"name":"a1","product_id":"10000","vendor_id":"8086"}"#,
         "product_id '10000' is greater than 0xFFFF"),
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "154c", "device_type": "vdpa"}"#,
         #"{"device_type":"vdpa","name":"a1","product_id":"154c","vendor_id":"8086"}"#,
         #"device_type must be one of type-PCI, type-PF, type-VF, not "vdpa""#),
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "154c", "numa_policy": "strict"}"#,
         #"{"name":"a1","numa_policy":"strict","product_id":"154c","vendor_id":"8086"}"#,
         #"numa_policy must be one of required, legacy, preferred, socket, not "strict""#),
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "154c", "dev_type": "type-VF"}"#,
         #"{"dev_type":"type-VF","name":"a1","product_id":"154c","vendor_id":"8086"}"#, "unknown key 'dev_type'"),
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "154c", "capability_type": "gpu"}"#,
         #"{"capability_type":"gpu","name":"a1","product_id":"154c","vendor_id":"8086"}"#,
         #"capability_type must be "pci", not "gpu""#),
    ])
    func invalidAlias_Fails(json: String, quoted: String, reason: String) throws {
        let error = try #require(throws: PatchbayError.self) { try PCIAlias.parse(json: json, entry: 2) }
        #expect(error.code == "config.invalid_pci_alias")
        #expect(error.type == "ConfigError")
        #expect(error.category == .internalError)
        #expect(error.message.hasPrefix("[pci]alias entry 2 '\(quoted)' is invalid: \(reason)"))
    }

    @Test("entries sharing a name are ORed")
    func sameNameIsOred() throws {
        let table = try PCIAliasTable.parse(values: [
            #"{"name": "a1", "vendor_id": "8086", "product_id": "154c", "device_type": "type-VF"}"#,
            #"[{"name": "gpu", "vendor_id": "10de", "product_id": "1db4", "numa_policy": "preferred"},"#
                + #" {"name": "a1", "vendor_id": "15b3", "product_id": "101e", "device_type": "type-VF"}]"#,
        ])
        #expect(table.names == ["a1", "gpu"])
        let a1 = try #require(table["a1"])
        #expect(a1.map { "\($0.vendorId):\($0.productId)" } == ["8086:154c", "15b3:101e"])
        #expect(table.numaPolicy(of: "a1") == .legacy && table.numaPolicy(of: "gpu") == .preferred)
        #expect(table["missing"] == nil && table.numaPolicy(of: "missing") == nil)
        let address = try #require(PCIAddress("0000:81:10.0"))
        let mellanoxVF = PCIDevice(address: address, vendorId: "15b3", productId: "101e", type: .vf)
        let mellanoxPF = PCIDevice(address: address, vendorId: "15b3", productId: "101e", type: .pf)
        #expect(a1.contains { $0.matches(mellanoxVF) })
        #expect(!a1.contains { $0.matches(mellanoxPF) })
    }

    @Test("a default numa_policy equals an explicit legacy one")
    func defaultPolicyIsLegacy() throws {
        let table = try PCIAliasTable.parse(values: [
            #"{"name": "a1", "vendor_id": "8086", "product_id": "154c"}"#,
            #"{"name": "a1", "vendor_id": "8086", "product_id": "1572", "numa_policy": "legacy"}"#,
        ])
        #expect(table["a1"]?.count == 2)
    }

    @Test("entries sharing a name must agree on numa_policy and device_type", arguments: [
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "1572", "numa_policy": "required"}"#,
         "alias 'a1' has numa_policy required but an earlier entry with that name has legacy"),
        (#"{"name": "a1", "vendor_id": "8086", "product_id": "1572", "device_type": "type-PF"}"#,
         "alias 'a1' has device_type type-PF but an earlier entry with that name has (any)"),
    ])
    func conflictingSameName_Fails(second: String, reason: String) throws {
        let error = try #require(throws: PatchbayError.self) {
            try PCIAliasTable.parse(values: [#"{"name": "a1", "vendor_id": "8086", "product_id": "154c"}"#, second])
        }
        #expect(error.code == "config.invalid_pci_alias")
        #expect(error.message.hasPrefix("[pci]alias entry 2 '{"))
        #expect(error.message.hasSuffix("is invalid: \(reason)"))
    }

    @Test("a table built from aliases checks conflicts too")
    func tableFromAliasesConflict_Fails() throws {
        let vf = PCIAlias(name: "a1", vendorId: "8086", productId: "154c", deviceType: .vf)
        #expect(try PCIAliasTable([Self.nic, Self.nic])["a1"]?.count == 2)
        let error = try #require(throws: PatchbayError.self) { try PCIAliasTable([Self.nic, vf]) }
        #expect(error.message.hasPrefix("[pci]alias entry 2 "))
    }

    @Test("flavor pci_passthrough:alias values", arguments: [
        ("a1:2, a2:1", [FlavorPCIRequest.Item(aliasName: "a1", count: 2), .init(aliasName: "a2", count: 1)]),
        ("a1:1", [.init(aliasName: "a1", count: 1)]),
        (" a1 : 3 ", [.init(aliasName: "a1", count: 3)]),
        ("a1:1,a1:2", [.init(aliasName: "a1", count: 1), .init(aliasName: "a1", count: 2)]),
        ("my-gpu.v2:16", [.init(aliasName: "my-gpu.v2", count: 16)]),
    ])
    func flavorRequest(value: String, items: [FlavorPCIRequest.Item]) throws {
        let request = try FlavorPCIRequest.parse(value)
        #expect(request.items == items)
        #expect(request.totalCount == items.reduce(0) { $0 + $1.count })
    }

    @Test("malformed flavor pci_passthrough:alias values", arguments: [
        ("", "it is empty; expected 'alias:count'"),
        ("a1", "item 'a1' is not of the form 'alias:count'"),
        ("a1:2:3", "item 'a1:2:3' is not of the form 'alias:count'"),
        ("a1:", "item 'a1:' has count '', which is not a whole number"),
        (":2", "item ':2' has an empty alias name"),
        ("a1:0", "item 'a1:0' has count 0; the count must be at least 1"),
        ("a1:x", "item 'a1:x' has count 'x', which is not a whole number"),
        ("a1:-1", "item 'a1:-1' has count '-1', which is not a whole number"),
        ("a1:+1", "item 'a1:+1' has count '+1', which is not a whole number"),
        ("a1:1.5", "item 'a1:1.5' has count '1.5', which is not a whole number"),
        ("a1:2,", "item '' is not of the form 'alias:count'"),
    ])
    func malformedFlavorRequest_Fails(value: String, reason: String) throws {
        let error = try #require(throws: PatchbayError.self) { try FlavorPCIRequest.parse(value) }
        #expect(error.code == "flavor.invalid_pci_alias_request")
        #expect(error.type == "InvalidInput")
        #expect(error.category == .badRequest)
        #expect(error.message == "pci_passthrough:alias '\(value)' is invalid: \(reason)")
    }

    @Test("flavor requests must name configured aliases")
    func unknownAliasInFlavorRequest_Fails() throws {
        let table = try PCIAliasTable([Self.nic])
        #expect(try FlavorPCIRequest.parse("a1:2", aliases: table).items == [.init(aliasName: "a1", count: 2)])
        let error = try #require(throws: PatchbayError.self) { try FlavorPCIRequest.parse("a1:1, gpu:2", aliases: table) }
        #expect(error.code == "flavor.invalid_pci_alias_request")
        #expect(error.message.hasSuffix("is invalid: PCI alias gpu is not defined"))
        #expect(throws: PatchbayError.self) { try FlavorPCIRequest.parse("a1:1", aliases: PCIAliasTable()) }
    }
}
