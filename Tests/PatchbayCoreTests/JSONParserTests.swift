import Testing

@testable import PatchbayCore

@Suite("JSONParser")
struct JSONParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let expected: JSONValue
        var testDescription: String { text.debugDescription }
        init(_ text: String, _ expected: JSONValue) { (self.text, self.expected) = (text, expected) }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let text: String
        let problem: String
        let offset: Int
        var testDescription: String { text.debugDescription }
        init(_ text: String, _ problem: String, at offset: Int) {
            (self.text, self.problem, self.offset) = (text, problem, offset)
        }
    }

    static let documents: [Case] = [
        Case("null", .null), Case("true", true), Case("false", false),
        Case("0", .int(0)), Case("-0", .int(0)), Case("42", .int(42)), Case("-42", .int(-42)),
        Case(" \t\r\n 7 \n", .int(7)), Case("\"\"", ""), Case("\"abc\"", "abc"), Case("\"a/b\"", "a/b"),
        Case("[]", .array([])), Case("{}", .object([:])), Case("[ ]", .array([])), Case("{ }", .object([:])),
        Case("[1,\"a\",null,true,[],{}]", [1, "a", nil, true, .array([]), .object([:])]),
        Case(" { \"a\" : { \"b\" : [ 1 , 2 ] } , \"c\" : false } ", ["a": ["b": [1, 2]], "c": false]),
        Case("{\"a\":1,\"a\":2}", ["a": 2]),
        Case("[[[[\"deep\"]]]]", [[[["deep"]]]]),
        Case("\"é😀\"", "é😀"),
    ]

    static let numbers: [Case] = [
        Case("9223372036854775807", .int(Int.max)),
        Case("-9223372036854775808", .int(Int.min)),
        Case("9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        Case("-9223372036854775809", .double(-9_223_372_036_854_775_809.0)),
        Case("123456789012345678901234567890", .double(1.2345678901234568e29)),
        Case("1e3", .double(1000)), Case("1E+2", .double(100)), Case("1e-2", .double(0.01)),
        Case("-0.5", .double(-0.5)), Case("1.5", .double(1.5)), Case("1.0", .double(1)),
        Case("0.0", .double(0)), Case("10.25e1", .double(102.5)), Case("0e0", .double(0)),
        Case("1e-400", .double(0)), Case("[1,2.5,-3]", [.int(1), .double(2.5), .int(-3)]),
    ]

    static let escapes: [Case] = [
        Case(#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        Case(#""\u00e9\u00E9""#, "éé"), Case(#""\u20AC""#, "€"), Case(#""\u0000""#, "\u{0}"),
        Case(#""a\u0041b""#, "aAb"), Case(#""\uD83D\uDE00""#, "😀"), Case(#""\ud83d\ude00!""#, "😀!"),
        Case(#""\uDBFF\uDFFF""#, "\u{10FFFF}"), Case(#""x\ny\tz""#, "x\ny\tz"),
        Case(#"{"k\u0021":"v\""}"#, ["k!": "v\""]),
    ]

    @Test("parses documents", arguments: documents)
    func parse_documents(_ testCase: Case) throws {
        #expect(try JSONParser.parse(testCase.text) == testCase.expected)
    }

    @Test("parses numbers: integers that fit Int stay .int, the rest are .double", arguments: numbers)
    func parse_numbers(_ testCase: Case) throws {
        let value = try JSONParser.parse(testCase.text)
        #expect(value == testCase.expected)
    }

    @Test func parse_integerVersusDoubleCase() throws {
        #expect(try JSONParser.parse("1") == .int(1))
        #expect(try JSONParser.parse("1.0") == .double(1))
        #expect(try JSONParser.parse("1.0") != .int(1))
        #expect(try JSONParser.parse("9223372036854775808") != .int(Int.max))
    }

    @Test("decodes escapes and surrogate pairs", arguments: escapes)
    func parse_escapes(_ testCase: Case) throws {
        #expect(try JSONParser.parse(testCase.text) == testCase.expected)
    }

    @Test func parse_acceptsEveryByteCollectionKind() throws {
        let text = #"{"a":[1,"é"]}"#
        let expected: JSONValue = ["a": [1, "é"]]
        let bytes = Array(text.utf8)
        #expect(try JSONParser.parse(bytes) == expected)
        #expect(try JSONParser.parse(text.utf8) == expected)
        #expect(try JSONParser.parse(("xx" + text).utf8.dropFirst(2)) == expected)
        #expect(try JSONParser.parse((Array("xx".utf8) + bytes)[2...]) == expected)
        #expect(try JSONParser.parse(bytes.lazy.map { $0 }) == expected)
        let fromRawBuffer = try bytes.withUnsafeBytes { try JSONParser.parse($0) }
        #expect(fromRawBuffer == expected)
    }

    @Test func parse_errorIsMalformedJSONBadRequest_Fails() {
        let expected = PatchbayError(
            code: "request.malformed_json", type: "HTTPBadRequest", category: .badRequest,
            message: "Malformed JSON in request body: expected ',' or ']' but found character '2' at offset 3.")
        #expect(throws: expected) { try JSONParser.parse("[1 2]") }
        #expect(expected.category.httpStatus == 400)
    }
}

extension JSONParserTests {
    static let malformedDocuments: [Failure] = [
        Failure("", "unexpected end of input", at: 0),
        Failure("  \n ", "unexpected end of input", at: 4),
        Failure("01", "invalid number: leading zero", at: 0),
        Failure("-01", "invalid number: leading zero", at: 0),
        Failure("[00]", "invalid number: leading zero", at: 1),
        Failure("+1", "unexpected character '+'", at: 0),
        Failure(".5", "unexpected character '.'", at: 0),
        Failure("1.", "invalid number: expected a digit after '.'", at: 2),
        Failure("1.e3", "invalid number: expected a digit after '.'", at: 2),
        Failure("1e", "invalid number: expected a digit in the exponent", at: 2),
        Failure("1e+", "invalid number: expected a digit in the exponent", at: 3),
        Failure("-", "invalid number: expected a digit", at: 1),
        Failure("- 1", "invalid number: expected a digit", at: 1),
        Failure("NaN", "unexpected character 'N'", at: 0),
        Failure("Infinity", "unexpected character 'I'", at: 0),
        Failure("-Infinity", "invalid number: expected a digit", at: 1),
        Failure("[1,NaN]", "unexpected character 'N'", at: 3),
        Failure("1e400", "number out of range", at: 0),
        Failure("[-1e400]", "number out of range", at: 1),
        Failure("[1,]", "unexpected character ']'", at: 3),
        Failure("[,1]", "unexpected character ','", at: 1),
        Failure("{\"a\":1,}", "expected a string key but found character '}'", at: 7),
        Failure("// c\n1", "unexpected character '/'", at: 0),
        Failure("[1 /* c */]", "expected ',' or ']' but found character '/'", at: 3),
        Failure("1 // c", "unexpected character '/' after the document", at: 2),
        Failure("1 2", "unexpected character '2' after the document", at: 2),
        Failure("[]]", "unexpected character ']' after the document", at: 2),
        Failure("{}x", "unexpected character 'x' after the document", at: 2),
        Failure("0x10", "unexpected character 'x' after the document", at: 1),
        Failure("falsey", "unexpected character 'y' after the document", at: 5),
        Failure("tru", "invalid literal", at: 0),
        Failure("[nul]", "invalid literal", at: 1),
        Failure("True", "unexpected character 'T'", at: 0),
        Failure("'a'", "unexpected character '''", at: 0),
        Failure("\u{1}", "unexpected byte 0x01", at: 0),
        Failure("\u{FEFF}1", "unexpected byte 0xEF", at: 0),
        Failure("[", "unexpected end of input", at: 1),
        Failure("[1", "unexpected end of input in array", at: 2),
        Failure("[1 2]", "expected ',' or ']' but found character '2'", at: 3),
        Failure("{", "expected a string key but found end of input", at: 1),
        Failure("{a:1}", "expected a string key but found character 'a'", at: 1),
        Failure("{1:1}", "expected a string key but found character '1'", at: 1),
        Failure("{\"a\"", "expected ':' but found end of input", at: 4),
        Failure("{\"a\" 1}", "expected ':' but found character '1'", at: 5),
        Failure("{\"a\":}", "unexpected character '}'", at: 5),
        Failure("{\"a\":1", "unexpected end of input in object", at: 6),
        Failure("{\"a\":1 \"b\":2}", "expected ',' or '}' but found character '\"'", at: 7),
    ]

    static let malformedStrings: [Failure] = [
        Failure("\"abc", "unterminated string", at: 4),
        Failure(#""a\n"#, "unterminated string", at: 4),
        Failure(#""a\"#, "unterminated string", at: 3),
        Failure("\"a\nb\"", "unescaped control character in string", at: 2),
        Failure("\"\u{0}\"", "unescaped control character in string", at: 1),
        Failure("\"a\\nb\tc\"", "unescaped control character in string", at: 5),
        Failure(#""\x""#, "invalid escape sequence", at: 1),
        Failure(#""\'""#, "invalid escape sequence", at: 1),
        Failure(#""\U0041""#, "invalid escape sequence", at: 1),
        Failure(#""\u12G4""#, "invalid \\u escape", at: 1),
        Failure(#""\u12""#, "invalid \\u escape", at: 1),
        Failure(#""\uD83D""#, "lone high surrogate", at: 1),
        Failure(#""\uD83Dx""#, "lone high surrogate", at: 1),
        Failure(#""\uD83D\n""#, "lone high surrogate", at: 1),
        Failure(#""\uD83D\u0041""#, "lone high surrogate", at: 1),
        Failure(#""\uD83D\uD83D""#, "lone high surrogate", at: 1),
        Failure(#""ab\uD83D\uZZZZ""#, "invalid \\u escape", at: 9),
        Failure(#""\uDE00""#, "lone low surrogate", at: 1),
        Failure(#""\uDE00\uD83D""#, "lone low surrogate", at: 1),
        Failure(#"{"\uDC00":1}"#, "lone low surrogate", at: 2),
    ]

    @Test("rejects malformed documents", arguments: malformedDocuments)
    func parse_malformedDocument_Fails(_ failure: Failure) {
        #expect(throws: PatchbayError.malformedJSON(failure.problem, offset: failure.offset)) {
            try JSONParser.parse(failure.text)
        }
    }

    @Test("rejects malformed strings and escapes", arguments: malformedStrings)
    func parse_malformedString_Fails(_ failure: Failure) {
        #expect(throws: PatchbayError.malformedJSON(failure.problem, offset: failure.offset)) {
            try JSONParser.parse(failure.text)
        }
    }

    @Test func parse_offsetsAreRelativeToTheSliceStart_Fails() {
        let bytes = Array("xx[1,]".utf8)[2...]
        #expect(throws: PatchbayError.malformedJSON("unexpected character ']'", offset: 3)) {
            try JSONParser.parse(bytes)
        }
        #expect(throws: PatchbayError.malformedJSON("unexpected character ']'", offset: 3)) {
            try JSONParser.parse(Array("[1,]".utf8).lazy.map { $0 })
        }
    }

    @Test(arguments: [1, 2, 511, 512])
    func parse_nestingUpToTheLimit(depth: Int) throws {
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var expectedArray: JSONValue = .array([])
        for _ in 1..<depth { expectedArray = .array([expectedArray]) }
        #expect(try JSONParser.parse(arrays) == expectedArray)
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        var expectedObject: JSONValue = 1
        for _ in 0..<depth { expectedObject = ["a": expectedObject] }
        #expect(try JSONParser.parse(objects) == expectedObject)
    }

    @Test(arguments: [513, 514, 100_000])
    func parse_nestingBeyondTheLimit_Fails(depth: Int) {
        let problem = "nesting deeper than 512 levels"
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: PatchbayError.malformedJSON(problem, offset: 512)) { try JSONParser.parse(arrays) }
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(throws: PatchbayError.malformedJSON(problem, offset: 5 * 512)) { try JSONParser.parse(objects) }
        let mixed = String(repeating: "[{\"a\":", count: depth / 2 + 1)
        #expect(throws: PatchbayError.malformedJSON(problem, offset: 6 * 256)) { try JSONParser.parse(mixed) }
    }

    @Test func parse_depthIsReleasedWhenContainersClose() throws {
        let sibling = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let text = "[" + Array(repeating: String(sibling.dropFirst().dropLast()), count: 3).joined(separator: ",") + "]"
        #expect(try JSONParser.parse(text).arrayValue?.count == 3)
    }
}
