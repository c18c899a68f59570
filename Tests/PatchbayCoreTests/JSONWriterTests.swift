import Testing

@testable import PatchbayCore

@Suite("JSONWriter")
struct JSONWriterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let value: JSONValue
        let text: String
        var testDescription: String { text }
        init(_ value: JSONValue, _ text: String) { (self.value, self.text) = (value, text) }
    }

    static let scalars: [Case] = [
        Case(.null, "null"), Case(true, "true"), Case(false, "false"),
        Case(.int(0), "0"), Case(.int(7), "7"), Case(.int(-7), "-7"), Case(.int(10), "10"),
        Case(.int(-10), "-10"), Case(.int(1_234_567_890), "1234567890"),
        Case(.int(Int.max), "9223372036854775807"), Case(.int(Int.min), "-9223372036854775808"),
        Case(.double(2), "2.0"), Case(.double(-2), "-2.0"), Case(.double(0), "0.0"), Case(.double(-0.0), "-0.0"),
        Case(.double(0.1), "0.1"), Case(.double(-0.5), "-0.5"), Case(.double(1000), "1000.0"),
        Case(.double(1e16), "1e+16"), Case(.double(1.5e300), "1.5e+300"), Case(.double(.leastNonzeroMagnitude), "5e-324"),
        Case(.double(1.0 / 3.0), "0.3333333333333333"), Case(.double(.nan), "null"),
        Case(.double(.infinity), "null"), Case(.double(-.infinity), "null"),
        Case("", #""""#), Case("plain", #""plain""#),
    ]

    static let escapedStrings: [Case] = [
        Case("\"", #""\"""#), Case("\\", #""\\""#), Case("a/b", #""a/b""#),
        Case("\n\r\t", #""\n\r\t""#), Case("\u{8}\u{C}", #""\b\f""#),
        Case("\u{0}", #""\u0000""#), Case("\u{1}x", #""\u0001x""#), Case("\u{1F}", #""\u001f""#),
        Case("\u{B}", #""\u000b""#), Case("\u{7F}", "\"\u{7F}\""), Case(" ", #"" ""#),
        Case("é😀€", "\"é😀€\""), Case("\u{2028}", "\"\u{2028}\""),
        Case("say \"hi\"\n", #""say \"hi\"\n""#), Case("\"\"", #""\"\"""#),
    ]

    static let containers: [Case] = [
        Case(.array([]), "[]"), Case(.object([:]), "{}"), Case([1], "[1]"),
        Case([1, "a", nil, true, 2.5], #"[1,"a",null,true,2.5]"#),
        Case(["k": [true, .object([:])]], #"{"k":[true,{}]}"#),
        Case(["a\"b": "c\nd"], #"{"a\"b":"c\nd"}"#),
        Case([[["deep"]]], #"[[["deep"]]]"#),
    ]

    @Test("writes scalars", arguments: scalars)
    func write_scalars(_ testCase: Case) {
        #expect(JSONWriter.string(testCase.value) == testCase.text)
    }

    @Test("escapes quotes, backslashes and control characters only", arguments: escapedStrings)
    func write_escapesStrings(_ testCase: Case) {
        let string = testCase.value.stringValue ?? ""
        #expect(JSONWriter.string(.string(string)) == testCase.text)
        #expect(JSONWriter.string(.object([string: .string(string)])) == "{\(testCase.text):\(testCase.text)}")
    }

    @Test("writes compact containers", arguments: containers)
    func write_containers(_ testCase: Case) {
        #expect(JSONWriter.string(testCase.value) == testCase.text)
        #expect(JSONWriter.string(testCase.value, sortedKeys: true) == testCase.text)
    }

    @Test func write_everyControlCharacterIsEscaped() throws {
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        let bytes = JSONWriter.bytes(.string(controls))
        #expect(!bytes.contains { $0 < 0x20 })
        #expect(try JSONParser.parse(bytes) == .string(controls))
    }

    @Test func write_appendsToAnExistingBuffer() {
        var buffer = Array("prefix:".utf8)
        JSONWriter.write(["a": [1, 2]], into: &buffer)
        JSONWriter.write(.null, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:{"a":[1,2]}null"#)
        #expect(JSONWriter.bytes(["a": "é"]) == Array(#"{"a":"é"}"#.utf8))
    }

    @Test func write_sortedKeysOrdersEveryLevel() {
        let value: JSONValue = ["b": 1, "a": ["z": 1, "y": [["d": 1, "c": 2]]], "B": 2, "aa": 3, "": 4]
        #expect(JSONWriter.string(value, sortedKeys: true)
            == #"{"":4,"B":2,"a":{"y":[{"c":2,"d":1}],"z":1},"aa":3,"b":1}"#)
    }

    @Test func write_sortedKeysIsDeterministicWhateverTheInsertionOrder() throws {
        let keys = (0..<200).map { "key\($0)" }
        var forward: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated() { forward[key] = .int(index) }
        var backward: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated().reversed() { backward[key] = .int(index) }
        let expected = "{" + keys.sorted().map { "\"\($0)\":\(keys.firstIndex(of: $0)!)" }.joined(separator: ",") + "}"
        #expect(JSONWriter.string(.object(forward), sortedKeys: true) == expected)
        #expect(JSONWriter.string(.object(backward), sortedKeys: true) == expected)
        #expect(try JSONParser.parse(JSONWriter.bytes(.object(backward))) == .object(forward))
    }

    @Test func write_unsortedKeysFollowDictionaryOrder() {
        let members: [String: JSONValue] = ["one": 1, "two": 2, "three": 3, "four": 4]
        let expected = "{" + members.map { "\"\($0.key)\":\(JSONWriter.string($0.value))" }.joined(separator: ",") + "}"
        #expect(JSONWriter.string(.object(members)) == expected)
    }
}

extension JSONWriterTests {
    static let roundTripValues: [JSONValue] = [
        .null, true, false, .int(0), .int(Int.max), .int(Int.min), .double(2), .double(-0.5), .double(1e16),
        .double(1e-7), .double(0.1 + 0.2), .double(.greatestFiniteMagnitude), .double(.leastNonzeroMagnitude),
        "", "line\nbreak \"quoted\" back\\slash /slash \u{0}\u{1F}\u{7F} é 😀 \u{10FFFF}",
        [1, 2.5, "three", nil, [true, false]],
        ["id": "8a3f", "admin_state_up": true, "mtu": 1450, "tags": [], "extra": ["ratio": 0.75, "none": nil]],
    ]

    static let canonicalTexts = [
        #"{"a":[1,2.0,-3.5e-07,"x\ny"],"b":{"c":null,"d":true},"e":""}"#,
        #"[9223372036854775807,-9223372036854775808,9.223372036854776e+18]"#,
        #"["\u0000\u001f\"\\/é😀"]"#,
    ]

    @Test("parse(write(value)) gives the value back, doubles stay doubles", arguments: roundTripValues)
    func roundTrip_valueThroughText(_ value: JSONValue) throws {
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.string(value, sortedKeys: true)) == value)
    }

    @Test("write(parse(text)) gives canonical text back", arguments: canonicalTexts)
    func roundTrip_textThroughValue(_ text: String) throws {
        #expect(JSONWriter.string(try JSONParser.parse(text), sortedKeys: true) == text)
    }

    @Test func roundTrip_fiveHundredResources() throws {
        let resources: [JSONValue] = (0..<500).map { index in
            [
                "id": .string("port-\(index)"), "name": .string("név \(index) \"q\""), "admin_state_up": .bool(index % 2 == 0),
                "mac_address": "fa:16:3e:00:00:01", "fixed_ips": [["subnet_id": "s", "ip_address": .string("10.0.0.\(index % 250)")]],
                "revision_number": .int(index), "weight": .double(Double(index) / 8), "description": nil,
                "tags": ["a", "b"], "binding:profile": [:],
            ]
        }
        let document: JSONValue = ["ports": .array(resources)]
        let bytes = JSONWriter.bytes(document, sortedKeys: true)
        #expect(try JSONParser.parse(bytes) == document)
        #expect(JSONWriter.bytes(try JSONParser.parse(bytes), sortedKeys: true) == bytes)
    }
}
