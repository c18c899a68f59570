import PatchbayCore

extension ServerConfig {
    /// The `quotas` section: per-project limits, each a count of 0 or more, or -1 for unlimited.
    static func tapQuota(_ root: ConfigNode) throws -> TapQuota {
        let quotas = try root.section("quotas", allowed: ["tap_service", "tap_flow"])
        func limit(_ key: String, _ fallback: Int) throws -> Int {
            let value = try quotas.int(key, default: fallback)
            guard value >= -1 else { throw ConfigError("\(quotas.join(key)): must be -1 (unlimited) or a count of 0 or more") }
            return value
        }
        return TapQuota(tapServices: try limit("tap_service", 100), tapFlows: try limit("tap_flow", 1000))
    }
}
