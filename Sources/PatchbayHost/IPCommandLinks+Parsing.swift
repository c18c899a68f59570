import PatchbayCore

/// The pure halves of `IPCommandLinks`: iproute2 JSON in, state out.
extension IPCommandLinks {
    /// The links of `ip -j -d link show`.
    public static func parseLinks(_ json: String) throws(PatchbayError) -> [HostLink] {
        try array(json, "ip -j -d link show").compactMap { entry -> HostLink? in
            guard let name = entry["ifname"]?.stringValue else { return nil }
            let info = entry["linkinfo"], data = info?["info_data"]
            let kind = info?["info_kind"]?.stringValue
            let vxlan = kind == "vxlan" ? data?["id"]?.intValue.map {
                HostLink.VXLANSettings(vni: $0, localIP: (data?["local"] ?? data?["local6"])?.stringValue,
                                       underlay: data?["link"]?.stringValue)
            } : nil
            let flags = entry["flags"]?.arrayValue ?? []
            return HostLink(name: name, kind: kind, master: entry["master"]?.stringValue,
                            isUp: flags.contains(.string("UP")), hasCarrier: flags.contains(.string("LOWER_UP")),
                            mac: entry["address"]?.stringValue ?? "00:00:00:00:00:00",
                            parent: entry["link"]?.stringValue,
                            macvtapMode: kind == "macvtap" ? data?["mode"]?.stringValue : nil, vxlan: vxlan)
        }
    }

    /// The VTEPs each device floods to: the `00:00:00:00:00:00 … dst $peer` entries of
    /// `bridge -j fdb show`, by device.
    public static func parseFloodPeers(_ json: String) throws(PatchbayError) -> [String: Set<String>] {
        var peers: [String: Set<String>] = [:]
        for entry in try array(json, "bridge -j fdb show") {
            guard entry["mac"]?.stringValue == zeroMAC, let device = entry["ifname"]?.stringValue,
                  let peer = entry["dst"]?.stringValue else { continue }
            peers[device, default: []].insert(peer)
        }
        return peers
    }

    /// The filters of `tc -j filter show dev $dev ingress|egress` (the bare per-pref headers
    /// without `options` are skipped).
    public static func parseFilters(_ json: String) throws(PatchbayError) -> [TCFilter] {
        try array(json, "tc -j filter show").compactMap { entry -> TCFilter? in
            guard let options = entry["options"] else { return nil }
            let pinned = options["bpf_name"]?.stringValue?.split(separator: ":").first.map(String.init)
            return TCFilter(pref: entry["pref"]?.intValue, kind: entry["kind"]?.stringValue,
                            handle: options["handle"]?.stringValue,
                            programName: options["prog"]?["name"]?.stringValue ?? pinned)
        }
    }

    /// The all-zero MAC of flood entries.
    static let zeroMAC = "00:00:00:00:00:00"

    /// `json` as an array of values; empty output counts as an empty array.
    private static func array(_ json: String, _ command: String) throws(PatchbayError) -> [JSONValue] {
        if json.allSatisfy(\.isWhitespace) { return [] }
        let value: JSONValue
        do { value = try JSONParser.parse(json) } catch { throw .commandFailed(command, "unparseable output") }
        guard let array = value.arrayValue else { throw .commandFailed(command, "output is not a JSON array") }
        return array
    }
}
