import PatchbayCore
@testable import PatchbayAPI
import Testing

/// Builds that start together try first the hosts no other build of this server is claiming.
@Suite struct ClaimsInFlightTests {
    static let placements = ["a", "b", "c"].map { (Placement(host: $0, pciTakes: []), $0) }

    @Test func busyHostsGoLast_OrderOtherwiseKept() {
        let claims = ClaimsInFlight()
        #expect(claims.leastBusyFirst(Self.placements).map(\.1) == ["a", "b", "c"])
        claims.begin("a")
        claims.begin("a")
        claims.begin("b")
        #expect(claims.leastBusyFirst(Self.placements).map(\.1) == ["c", "b", "a"])
        claims.end("a")
        claims.end("a")
        #expect(claims.leastBusyFirst(Self.placements).map(\.1) == ["a", "c", "b"])
        claims.end("b")
        claims.end("b")
        #expect(claims.leastBusyFirst(Self.placements).map(\.1) == ["a", "b", "c"], "an extra end leaves no negative count")
    }
}
