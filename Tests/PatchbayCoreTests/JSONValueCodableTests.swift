import Foundation
import Testing

@testable import PatchbayCore

@Suite("JSONValue+Codable")
struct JSONValueCodableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let expected: JSONValue
        var testDescription: String { text }
        init(_ text: String, _ expected: JSONValue) { (self.text, self.expected) = (text, expected) }
    }

    /// A wire model that embeds free-form JSON, the way request bodies do.
    struct Envelope: Codable, Equatable {
        var name: String
        var profile: JSONValue
    }

    static let decoded: [Case] = [
        Case("null", .null), Case("true", .bool(true)), Case("false", .bool(false)),
        Case("0", .int(0)), Case("1", .int(1)), Case("-7", .int(-7)),
        Case("9223372036854775807", .int(Int.max)), Case("9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        Case("1.5", .double(1.5)), Case("-0.5", .double(-0.5)), Case("1e300", .double(1e300)),
        Case(#""text""#, "text"), Case(#""1""#, "1"), Case(#""true""#, "true"),
        Case("[1,true,null,\"x\",0.5]", [.int(1), .bool(true), .null, "x", .double(0.5)]),
        Case(#"{"a":{"b":[]},"c":{}}"#, ["a": ["b": .array([])], "c": .object([:])]),
    ]

    static let roundTripValues: [JSONValue] = [
        .null, true, false, .int(0), .int(Int.max), .int(Int.min), .double(1.5), .double(-0.25), .double(1e-7),
        "", "é 😀 \"q\" \\ / \n \u{0}",
        [1, "two", nil, [false], .double(3.5)],
        ["id": "p1", "admin_state_up": true, "mtu": 1450, "ratio": 0.5, "tags": ["a"], "profile": [:], "x": nil],
    ]

    @Test func decode_keepsBooleansIntegersAndDoublesApart() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"a":true,"b":1,"c":1.5}"#.utf8))
        #expect(value == .object(["a": .bool(true), "b": .int(1), "c": .double(1.5)]))
        #expect(value["a"] != .int(1))
        #expect(value["b"] != .bool(true))
    }

    @Test("JSONDecoder decodes every JSON type", arguments: decoded)
    func decode_throughJSONDecoder(_ testCase: Case) throws {
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(testCase.text.utf8)) == testCase.expected)
    }

    @Test("JSONEncoder then JSONDecoder round-trips", arguments: roundTripValues)
    func roundTrip_throughFoundation(_ value: JSONValue) throws {
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONParser.parse(data) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(JSONWriter.bytes(value))) == value)
    }

    @Test func roundTrip_insideACodableModel() throws {
        let envelope = Envelope(name: "port", profile: ["vnic": "normal", "trusted": true, "vlan": 7])
        let data = try JSONEncoder().encode(envelope)
        #expect(try JSONDecoder().decode(Envelope.self, from: data) == envelope)
    }

    @Test func encode_nonFiniteDoublesAsNull() throws {
        let data = try JSONEncoder().encode([JSONValue.double(.nan), .double(.infinity), .double(-.infinity)])
        #expect(String(decoding: data, as: UTF8.self) == "[null,null,null]")
    }

    @Test func encode_integralDoubleComesBackAsEqualInteger() throws {
        // JSONEncoder prints 2.0 as "2", so Foundation cannot tell it from an integer; JSONWriter keeps "2.0".
        let data = try JSONEncoder().encode(JSONValue.double(2))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(decoded.intValue == 2)
        #expect(try JSONParser.parse(JSONWriter.bytes(.double(2))) == .double(2))
    }

    @Test func decode_missingProfile_Fails() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Envelope.self, from: Data(#"{"name":"port"}"#.utf8))
        }
    }

    @Test(arguments: ["[1", "{\"a\"}", "tru", ""])
    func decode_malformedText_Fails(_ text: String) {
        // Grammar checks here are Foundation's (it even tolerates "[1,]"); request bodies go through JSONParser.
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }
}
