import Testing
import PatchbayCore

@Suite("AddressPattern: device_spec address globs and regex dicts")
struct AddressPatternTests {
    private static func address(_ text: String) throws -> PCIAddress { try #require(PCIAddress(text)) }

    @Test("glob matching, wildcards and partial forms", arguments: [
        ("*:0a:00.*", "0000:0a:00.3", true),
        ("*:0a:00.*", "0000:0b:00.3", false),
        (":0a:00.", "0001:0a:00.7", true),
        (":0a:00.", "0001:0a:01.0", false),
        ("0000:0a:00.1", "0000:0a:00.1", true),
        ("0000:0a:00.1", "0000:0a:00.2", false),
        ("0000:0a:00.1", "0001:0a:00.1", false),
        ("0A:00.1", "0001:0a:00.1", true),
        ("00.1", "0000:81:00.1", true),
        ("00.1", "0000:81:01.1", false),
        (".5", "0000:81:10.5", true),
        (".5", "0000:81:10.4", false),
        ("0000:81:1f.", "0000:81:1f.7", true),
        ("0000:81:10", "0000:81:10.6", true),
        ("0000:81:10", "0000:81:11.6", false),
        ("81:10", "0003:81:10.0", true),
        ("*", "ffff:ff:1f.7", true),
        ("", "0000:00:00.0", true),
        ("*:*:*.*", "0000:42:07.3", true),
    ])
    func globMatching(glob: String, address: String, expected: Bool) throws {
        let pattern = try AddressPattern.parse(glob: glob)
        #expect(pattern.form == .glob)
        #expect(pattern.matches(try Self.address(address)) == expected)
    }

    @Test("only a glob with every field given is an exact address", arguments: [
        ("0000:0a:00.1", "0000:0a:00.1" as String?),
        ("0000:0A:00.1", "0000:0a:00.1"),
        ("*:0a:00.1", nil),
        ("0a:00.1", nil),
        ("0000:0a:00.", nil),
        ("0000:0a:00", nil),
    ])
    func exactAddress(glob: String, expected: String?) throws {
        #expect(try AddressPattern.parse(glob: glob).exactAddress?.description == expected)
    }

    @Test("malformed or out-of-range globs", arguments: [
        ("0000:0a:00.1.2", "has more than one '.'"),
        ("0:0000:0a:00.1", "more than three ':'-separated fields before the '.'"),
        ("0000:0a:20.0", "slot '20' above the maximum 1f"),
        ("0000:0a:00.8", "function '8' above the maximum 7"),
        ("0000:100:00.0", "bus '100' above the maximum ff"),
        ("10000:0a:00.0", "domain '10000' above the maximum ffff"),
        ("0000:0g:00.0", "bus '0g', which is neither hex nor '*'"),
        ("0000:0a:0*.0", "slot '0*', which is neither hex nor '*'"),
        ("-1:0a:00.0", "domain '-1', which is neither hex nor '*'"),
    ])
    func malformedGlob_Fails(glob: String, reason: String) throws {
        let error = try #require(throws: PatchbayError.self) { try AddressPattern.parse(glob: glob) }
        #expect(error.code == "config.invalid_device_spec")
        #expect(error.type == "ConfigError")
        #expect(error.category == .internalError)
        #expect(error.message.hasPrefix("device_spec entry 1 '{\"address\":\"\(glob)\"}' is invalid: address '\(glob)' "))
        #expect(error.message.hasSuffix(reason))
    }

    @Test("regex dicts are anchored at both ends", arguments: [
        (["bus": "1f"], "0000:1f:00.0", true),
        (["bus": "1."], "0000:1f:00.0", true),
        (["bus": "1."], "0000:2f:00.0", false),
        (["bus": "8[12]"], "0000:82:00.0", true),
        (["bus": "8[12]"], "0000:83:00.0", false),
        (["slot": "0[1-2]", "function": "[2-7]"], "0000:02:01.2", true),
        (["slot": "0[1-2]", "function": "[2-7]"], "0000:02:03.2", false),
        (["slot": "0[1-2]", "function": "[2-7]"], "0000:02:01.1", false),
        (["slot": "0"], "0000:00:01.0", false),
        (["function": "1"], "0000:00:00.1", true),
        (["domain": ".*", "bus": "02"], "abcd:02:00.0", true),
        (["domain": "0001"], "0001:00:00.0", true),
        (["domain": "0001"], "0000:00:00.0", false),
        (["domain": "000"], "0000:00:00.0", false),
        (["domain": "00[0-9a-f]+"], "00ff:00:00.0", true),
        ([:], "ffff:ff:1f.7", true),
    ])
    func regexMatching(fields: [String: String], address: String, expected: Bool) throws {
        let pattern = try AddressPattern.parse(regexFields: fields)
        #expect(pattern.form == .regex)
        #expect(pattern.exactAddress == nil)
        #expect(pattern.matches(try Self.address(address)) == expected)
    }

    @Test("bus regex '1' does not match bus 1f (Nova's re.match prefix match would)")
    func regexBusOneDoesNotMatch1f_UnlikeNovaPrefixMatch() throws {
        let pattern = try AddressPattern.parse(regexFields: ["bus": "1"])
        #expect(!pattern.matches(try Self.address("0000:1f:00.0")))
        #expect(!pattern.matches(try Self.address("0000:01:00.0")))
        #expect(!pattern.matches(try Self.address("0000:10:00.0")))
    }

    @Test("bad regex dicts", arguments: [
        (["bus_id": "01"], "address has unknown key 'bus_id' (allowed: domain, bus, slot, function)"),
        (["bus": "["], "address bus '[' is not a valid regular expression"),
        (["domain": "(00"], "address domain '(00' is not a valid regular expression"),
        (["function": "[2-"], "address function '[2-' is not a valid regular expression"),
    ])
    func badRegexDict_Fails(fields: [String: String], reason: String) throws {
        let error = try #require(throws: PatchbayError.self) { try AddressPattern.parse(regexFields: fields) }
        #expect(error.code == "config.invalid_device_spec")
        #expect(error.message.contains("is invalid: \(reason)"))
    }

    @Test("equal sources give equal patterns")
    func equality() throws {
        #expect(try AddressPattern.parse(glob: "0000:81:00.0") == AddressPattern.parse(glob: "0000:81:00.0"))
        #expect(try AddressPattern.parse(glob: "0000:81:00.0") != AddressPattern.parse(glob: "0000:81:00.1"))
        #expect(try AddressPattern.parse(regexFields: ["domain": "000."]) == AddressPattern.parse(regexFields: ["domain": "000."]))
        #expect(try AddressPattern.parse(regexFields: ["bus": "8."]) != AddressPattern.parse(regexFields: ["bus": "9."]))
    }
}
