extension TypeDriverConfig {
    /// Builds a configuration from `ml2_conf.ini` list entries, rejecting malformed ones.
    ///
    /// - `networkVlanRanges`: `physnet:min:max`, or a bare `physnet` for the whole 1–4094 range.
    /// - `flatNetworks`: physnet names, or `*` for any; an empty list allows none.
    /// - `vniRanges`: `min:max` within 1–16777215.
    /// - `projectNetworkTypes`: names of `NetworkType`s, in the order they are tried.
    public static func parse(networkVlanRanges: [String], flatNetworks: [String], vniRanges: [String],
                             projectNetworkTypes: [String]) throws(PatchbayError) -> TypeDriverConfig {
        TypeDriverConfig(
            vlanRanges: try networkVlanRanges.map { entry throws(PatchbayError) in try parseVlanRange(entry) },
            flatNetworks: parseFlatNetworks(flatNetworks),
            vniRanges: try vniRanges.map { entry throws(PatchbayError) in try parseVniRange(entry) },
            projectNetworkTypes: try parseNetworkTypes(projectNetworkTypes))
    }

    /// Parses one `network_vlan_ranges` entry.
    static func parseVlanRange(_ entry: String) throws(PatchbayError) -> VlanRange {
        func invalid(_ why: String) -> PatchbayError {
            PatchbayError(code: "config.invalid_vlan_range", type: "ConfigError", category: .internalError,
                          message: "network_vlan_ranges entry '\(entry)' is invalid: \(why)")
        }
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(trimmed)
        guard parts.count == 1 || parts.count == 3 else {
            throw invalid("expected 'physnet' or 'physnet:min:max'")
        }
        guard !parts[0].isEmpty else { throw invalid("the physical network name is empty") }
        guard parts.count == 3 else { return VlanRange(physnet: parts[0]) }
        let range = try parseBounds(parts[1], parts[2], within: vlanIdBounds, idName: "VLAN id", invalid: invalid)
        return VlanRange(physnet: parts[0], range: range)
    }

    /// Parses one `vni_ranges` entry.
    static func parseVniRange(_ entry: String) throws(PatchbayError) -> ClosedRange<Int> {
        func invalid(_ why: String) -> PatchbayError {
            PatchbayError(code: "config.invalid_vni_range", type: "ConfigError", category: .internalError,
                          message: "vni_ranges entry '\(entry)' is invalid: \(why)")
        }
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(trimmed)
        guard parts.count == 2 else { throw invalid("expected 'min:max'") }
        return try parseBounds(parts[0], parts[1], within: vniBounds, idName: "VNI", invalid: invalid)
    }

    /// Parses `flat_networks`: any `*` entry means every physnet; blank names are ignored.
    static func parseFlatNetworks(_ entries: [String]) -> FlatNetworks {
        let names = entries.map(trimmed).filter { !$0.isEmpty }
        if names.contains("*") { return .any }
        var seen = Set<String>()
        return .only(names.filter { seen.insert($0).inserted })
    }

    /// Parses `project_network_types`, keeping the first occurrence of each type.
    static func parseNetworkTypes(_ entries: [String]) throws(PatchbayError) -> [NetworkType] {
        var types: [NetworkType] = []
        for entry in entries {
            guard let type = NetworkType(rawValue: trimmed(entry)) else {
                let known = NetworkType.allCases.map(\.rawValue).joined(separator: ", ")
                throw PatchbayError(
                    code: "config.unknown_network_type", type: "ConfigError", category: .internalError,
                    message: "project_network_types entry '\(entry)' is not a known network type (\(known))")
            }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }

    /// Parses `min` and `max` into a range inside `bounds`, reporting problems through `invalid`.
    private static func parseBounds(_ minText: String, _ maxText: String, within bounds: ClosedRange<Int>,
                                    idName: String, invalid: (String) -> PatchbayError)
        throws(PatchbayError) -> ClosedRange<Int> {
        guard let low = Int(minText) else { throw invalid("\(idName) '\(minText)' is not a number") }
        guard let high = Int(maxText) else { throw invalid("\(idName) '\(maxText)' is not a number") }
        for value in [low, high] where !bounds.contains(value) {
            throw invalid("\(idName) \(value) is outside \(bounds.lowerBound) through \(bounds.upperBound)")
        }
        guard low <= high else { throw invalid("minimum \(low) is greater than maximum \(high)") }
        return low...high
    }

    /// The text without surrounding spaces or tabs, as oslo.config list entries are read.
    private static func trimmed(_ text: some StringProtocol) -> String {
        var text = Substring(text)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
