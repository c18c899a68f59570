import Testing
import PatchbayCore

@Suite("DeviceSpec: parsing [pci]device_spec values")
struct DeviceSpecTests {
    private static func one(_ json: String) throws -> DeviceSpec {
        let specs = try DeviceSpec.parse(json: json)
        try #require(specs.count == 1)
        return specs[0]
    }

    @Test("vendor and product ids are normalised; missing or * is any", arguments: [
        (#"{"vendor_id": "8086", "product_id": "154C"}"#, "8086" as String?, "154c" as String?),
        (#"{"vendor_id": "0x8086", "product_id": "0X10FB"}"#, "8086", "10fb"),
        (#"{"vendor_id": "86", "product_id": "1"}"#, "0086", "0001"),
        (#"{"vendor_id": " ffff ", "product_id": "0000"}"#, "ffff", "0000"),
        (#"{"vendor_id": "*", "product_id": "*"}"#, nil, nil),
        (#"{"physical_network": "p1"}"#, nil, nil),
    ])
    func vendorAndProduct(json: String, vendor: String?, product: String?) throws {
        let spec = try Self.one(json)
        #expect(spec.vendorId == vendor)
        #expect(spec.productId == product)
    }

    @Test("tags are normalised to strings", arguments: [
        (#"{"physical_network": "physnet1", "trusted": "TRUE"}"#,
         ["physical_network": "physnet1", "trusted": "true"], "physnet1" as String?, true),
        (#"{"trusted": false}"#, ["trusted": "false"], nil, false),
        (#"{"trusted": "False"}"#, ["trusted": "false"], nil, false),
        (#"{"trusted": true, "physical_network": null}"#, ["trusted": "true"], nil, true),
        (#"{"physical_network": null}"#, [:], nil, false),
        (#"{"rack": "r1", "weight": 3, "managed": true, "address": "0000:81:00.0"}"#,
         ["rack": "r1", "weight": "3", "managed": "true"], nil, false),
    ])
    func tags(json: String, tags: [String: String], physnet: String?, trusted: Bool) throws {
        let spec = try Self.one(json)
        #expect(spec.tags == tags)
        #expect(spec.physicalNetwork == physnet)
        #expect(spec.trusted == trusted)
    }

    @Test("selectors: address glob, address dict, devname or none")
    func selectors() throws {
        let glob = try AddressPattern.parse(glob: "0000:81:00.0")
        #expect(try Self.one(#"{"address": "0000:81:00.0"}"#).selector == .address(glob))
        let regex = try AddressPattern.parse(regexFields: ["bus": "81", "function": "[2-7]"])
        #expect(try Self.one(#"{"address": {"bus": "81", "function": "[2-7]"}}"#).selector == .address(regex))
        #expect(try Self.one(#"{"devname": "ens1f0"}"#).selector == .devname("ens1f0"))
        #expect(try Self.one(#"{"vendor_id": "8086"}"#).selector == .any)
    }

    @Test("a list value gives its entries in order; an empty list gives none")
    func listValue() throws {
        let specs = try DeviceSpec.parse(json: #"[{"devname": "a", "physical_network": "p1"}, {"devname": "b"}]"#)
        #expect(specs.map(\.selector) == [.devname("a"), .devname("b")])
        #expect(specs.map(\.physicalNetwork) == ["p1", nil])
        #expect(try DeviceSpec.parse(json: "[]").isEmpty)
    }

    @Test("vendor and product ids filter devices")
    func vendorProductMatch() throws {
        let spec = try Self.one(#"{"vendor_id": "8086", "product_id": "154c"}"#)
        let address = try #require(PCIAddress("0000:81:10.0"))
        #expect(spec.matches(PCIDevice(address: address, vendorId: "8086", productId: "154C", type: .vf), parent: nil))
        #expect(!spec.matches(PCIDevice(address: address, vendorId: "8086", productId: "1572", type: .vf), parent: nil))
        #expect(!spec.matches(PCIDevice(address: address, vendorId: "15b3", productId: "154c", type: .vf), parent: nil))
    }

    @Test("invalid entries name the entry, its JSON and the reason", arguments: [
        ("not json", "not json", "it is not JSON ("),
        (#""0000:81:00.0""#, #""0000:81:00.0""#, "expected a JSON object or a list of objects, not a string"),
        ("[1]", "1", "expected a JSON object, not a number"),
        (#"{"address": "0000:81:00.0", "devname": "eth0"}"#, #"{"address":"0000:81:00.0","devname":"eth0"}"#,
         "it gives both address and devname; give at most one"),
        (#"{"vendor_id": "zz"}"#, #"{"vendor_id":"zz"}"#, "vendor_id 'zz' is not a hexadecimal number"),
        (#"{"vendor_id": ""}"#, #"{"vendor_id":""}"#, "vendor_id '' is not a hexadecimal number"),
        (#"{"product_id": "10000"}"#, #"{"product_id":"10000"}"#, "product_id '10000' is greater than 0xFFFF"),
        (#"{"vendor_id": 8086}"#, #"{"vendor_id":8086}"#, "vendor_id must be a hex string, not a number"),
        (#"{"address": "0000:0a:20.0"}"#, #"{"address":"0000:0a:20.0"}"#,
         "address '0000:0a:20.0' has slot '20' above the maximum 1f"),
        (#"{"address": "0000:0a:00.1.2"}"#, #"{"address":"0000:0a:00.1.2"}"#,
         "address '0000:0a:00.1.2' has more than one '.'"),
        (#"{"address": {"bus": "["}}"#, #"{"address":{"bus":"["}}"#, "address bus '[' is not a valid regular expression"),
        (#"{"address": {"bus_id": "01"}}"#, #"{"address":{"bus_id":"01"}}"#, "address has unknown key 'bus_id'"),
        (#"{"address": {"bus": 1}}"#, #"{"address":{"bus":1}}"#, "address bus must be a regular expression string, not a number"),
        (#"{"address": 5}"#, #"{"address":5}"#, "address must be a glob string or a dict of regular expressions, not a number"),
        (#"{"devname": ""}"#, #"{"devname":""}"#, "devname must be a non-empty interface name"),
        (#"{"trusted": "yes"}"#, #"{"trusted":"yes"}"#, #"trusted must be a boolean (true or false), not "yes""#),
        (#"{"trusted": 1}"#, #"{"trusted":1}"#, "trusted must be a boolean (true or false), not 1"),
        (#"{"physical_network": 5}"#, #"{"physical_network":5}"#, "physical_network must be a non-empty string or null, not 5"),
        (#"{"physical_network": ""}"#, #"{"physical_network":""}"#, #"physical_network must be a non-empty string or null, not """#),
        (#"{"": "x"}"#, #"{"":"x"}"#, "a tag has an empty name"),
        (#"{"rack": [1]}"#, #"{"rack":[1]}"#, "tag 'rack' must be a string, boolean or number, not a list"),
        (#"[{"vendor_id": "8086"}, {"vendor_id": "xyz"}]"#, #"{"vendor_id":"xyz"}"#, "vendor_id 'xyz' is not a hexadecimal number"),
    ])
    func invalidEntry_Fails(json: String, quoted: String, reason: String) throws {
        let error = try #require(throws: PatchbayError.self) { try DeviceSpec.parse(json: json, entry: 3) }
        #expect(error.code == "config.invalid_device_spec")
        #expect(error.type == "ConfigError")
        #expect(error.category == .internalError)
        #expect(error.message.hasPrefix("device_spec entry 3 '\(quoted)' is invalid: \(reason)"))
    }
}
