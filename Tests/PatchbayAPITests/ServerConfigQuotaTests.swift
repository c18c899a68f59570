import PatchbayAPI
import PatchbayCore
import Testing

/// The `quotas` section: per-project tap limits, -1 for unlimited.
@Suite struct ServerConfigQuotaTests {
    @Test func defaultsAndOverrides() throws {
        #expect(try ServerConfig.load(yaml: "").networking.tapQuota == TapQuota(tapServices: 100, tapFlows: 1000))
        #expect(try ServerConfig.load(yaml: ServerConfig.defaultYAML).networking.tapQuota == TapQuota())
        let set = try ServerConfig.load(yaml: "quotas:\n  tap_service: -1\n  tap_flow: 0\n").networking.tapQuota
        #expect(set == TapQuota(tapServices: -1, tapFlows: 0))
        #expect(TapQuota.allows(5, limit: -1) && !TapQuota.allows(0, limit: 0) && TapQuota.allows(9, limit: 10))
    }
}
