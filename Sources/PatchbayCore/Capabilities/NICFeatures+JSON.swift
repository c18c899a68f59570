/// The wire form of a PF's features in a host's inventory report:
/// `{driver, total_vfs, link_speed_mbps, mirroring: {in, out, vlan_filter}, trust, spoof_check,
/// max_tx_rate, min_tx_rate}`, every member optional.
extension NICFeatures {
    /// The features as an inventory report member.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "mirroring": mirroring.json, "trust": .bool(abilities.trust), "spoof_check": .bool(abilities.spoofCheck),
            "max_tx_rate": .bool(abilities.maxTxRate), "min_tx_rate": .bool(abilities.minTxRate),
        ]
        if let driver { object["driver"] = .string(driver) }
        if let totalVFs { object["total_vfs"] = .int(totalVFs) }
        if let linkSpeedMbps { object["link_speed_mbps"] = .int(linkSpeedMbps) }
        return .object(object)
    }

    /// Reads a report member; an ability left out is what the driver is known to honour.
    /// - Throws: `request.invalid_input` naming the first member of the wrong type or range.
    public init(json: JSONValue, field: String = "nic_features") throws(PatchbayError) {
        guard case .object(let members) = json else { throw .invalidInput("\(field) must be an object") }
        func flag(_ value: JSONValue?, _ name: String) throws(PatchbayError) -> Bool? {
            guard let value else { return nil }
            guard let flag = value.boolValue else { throw .invalidInput("\(field).\(name) must be true or false") }
            return flag
        }
        func count(_ name: String, in range: ClosedRange<Int>) throws(PatchbayError) -> Int? {
            guard let value = members[name] else { return nil }
            guard let number = value.intValue, range.contains(number) else {
                throw .invalidInput("\(field).\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        var driver: String?
        if let value = members["driver"] {
            guard let text = value.stringValue, !text.isEmpty, text.utf8.count <= 64 else {
                throw .invalidInput("\(field).driver must be a driver name of 1 to 64 characters")
            }
            driver = text
        }
        let mirror = members["mirroring"]
        if let mirror, mirror.objectValue == nil { throw .invalidInput("\(field).mirroring must be an object") }
        let known = SRIOVDriverAbilities(driver: driver)
        let abilities = SRIOVDriverAbilities(
            trust: try flag(members["trust"], "trust") ?? known.trust,
            spoofCheck: try flag(members["spoof_check"], "spoof_check") ?? known.spoofCheck,
            maxTxRate: try flag(members["max_tx_rate"], "max_tx_rate") ?? known.maxTxRate,
            minTxRate: try flag(members["min_tx_rate"], "min_tx_rate") ?? known.minTxRate)
        self.init(driver: driver, totalVFs: try count("total_vfs", in: 0...65_535),
                  linkSpeedMbps: try count("link_speed_mbps", in: 1...100_000_000),
                  mirroring: MirrorSupport(ingress: try flag(mirror?["in"], "mirroring.in") ?? false,
                                           egress: try flag(mirror?["out"], "mirroring.out") ?? false,
                                           vlanFilter: try flag(mirror?["vlan_filter"], "mirroring.vlan_filter") ?? false),
                  abilities: abilities)
    }
}
