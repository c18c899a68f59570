import PatchbayCore
import Testing

/// `vlan_filter`: Neutron's pattern, plus ids in 1-4094 and ascending ranges.
@Suite struct VLANFilterTests {
    static let valid: [(String, [ClosedRange<Int>])] = [
        ("10", [10...10]), ("1,4094", [1...1, 4094...4094]), ("20-30", [20...30]), ("5-5", [5...5]),
        ("189,279,999-1008", [189...189, 279...279, 999...1008]), ("007", [7...7]),
    ]

    static let invalid = ["", "0", "4095", "5000", "9-3", "1-", "-1", "1,,2", "a", "1 ,2", "1-2-3", "10,", "+5", "1-99999999999999999999"]

    @Test(arguments: valid)
    func parses(_ text: String, _ ranges: [ClosedRange<Int>]) throws {
        let filter = try VLANFilter.parse(text)
        #expect(filter.text == text)
        #expect(filter.ranges == ranges)
    }

    @Test(arguments: invalid)
    func invalidFilter_Fails(_ text: String) {
        #expect(throws: PatchbayError.self) { try VLANFilter.parse(text) }
        do { _ = try VLANFilter.parse(text) } catch { #expect(error.code == "tap_flow.invalid_vlan_filter") }
    }

    @Test func containsAndNormalizes() throws {
        let filter = try VLANFilter.parse("30-40,10,35-50,11")
        #expect(filter.contains(10) && filter.contains(11) && filter.contains(50) && filter.contains(30))
        #expect(!filter.contains(12) && !filter.contains(51) && !filter.contains(29))
        #expect(filter.normalized == [10...11, 30...50])
        #expect(VLANFilter(ranges: filter.normalized).text == "10-11,30-50")
    }

    @Test func desiredTapFlowRoundTrips() throws {
        let flow = HostTapFlow(id: "f", tapServiceId: "s", direction: .in, vlanFilter: try VLANFilter.parse("20-30,10"),
                               sourcePortId: "a", sourceHost: "h1", servicePortId: "b", serviceHost: "h2", serviceTunnelIP: "192.0.2.2")
        #expect(flow.json["vlan_filter"] == [[10, 10], [20, 30]])
        #expect(try HostTapFlow(json: flow.json) == flow)
        let state = HostDesiredState(host: "h1", tapFlows: [flow])
        #expect(try HostDesiredState(json: state.json) == state)
    }
}
