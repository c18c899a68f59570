/// A tap flow in a host's desired state: listed for the host of its source port and for the
/// host of its service port, once both ports are bound.
public struct HostTapFlow: Hashable, Sendable {
    /// The flow id (what the agent reports status for).
    public var id: String
    /// The tap service the flow delivers to.
    public var tapServiceId: String
    /// Which of the source port's traffic is mirrored.
    public var direction: TapDirection
    /// The VLANs mirrored; nil for every VLAN.
    public var vlanFilter: VLANFilter?
    /// The mirrored port.
    public var sourcePortId: String
    /// The host the source port is bound to.
    public var sourceHost: String
    /// The tap service's (destination) port.
    public var servicePortId: String
    /// The host the service port is bound to.
    public var serviceHost: String
    /// The service host's tunnel endpoint, for the source host when the two hosts differ and the
    /// service host's agent reported one; nil otherwise.
    public var serviceTunnelIP: String?

    /// Creates a desired tap flow.
    public init(id: String, tapServiceId: String, direction: TapDirection, vlanFilter: VLANFilter? = nil,
                sourcePortId: String, sourceHost: String, servicePortId: String, serviceHost: String,
                serviceTunnelIP: String? = nil) {
        self.id = id
        self.tapServiceId = tapServiceId
        self.direction = direction
        self.vlanFilter = vlanFilter.map { VLANFilter(ranges: $0.normalized) }
        self.sourcePortId = sourcePortId
        self.sourceHost = sourceHost
        self.servicePortId = servicePortId
        self.serviceHost = serviceHost
        self.serviceTunnelIP = serviceTunnelIP
    }
}

/// The wire form of one desired tap flow: `{id, tap_service_id, direction, vlan_filter,
/// source_port_id, source_host, service_port_id, service_host, service_tunnel_ip}`, where
/// `vlan_filter` is null (every VLAN) or the merged, ascending ranges as `[[first, last], …]`.
extension HostTapFlow {
    /// The flow as a JSON object.
    public var json: JSONValue {
        .object([
            "id": .string(id), "tap_service_id": .string(tapServiceId), "direction": .string(direction.rawValue),
            "vlan_filter": vlanFilter.map { .array($0.normalized.map { [.int($0.lowerBound), .int($0.upperBound)] }) } ?? .null,
            "source_port_id": .string(sourcePortId), "source_host": .string(sourceHost),
            "service_port_id": .string(servicePortId), "service_host": .string(serviceHost),
            "service_tunnel_ip": serviceTunnelIP.map(JSONValue.string) ?? .null,
        ])
    }

    /// Parses one flow object.
    public init(json: JSONValue) throws(PatchbayError) {
        guard let id = json["id"]?.stringValue, let service = json["tap_service_id"]?.stringValue,
              let direction = json["direction"]?.stringValue.flatMap(TapDirection.init(rawValue:)),
              let source = json["source_port_id"]?.stringValue, let sourceHost = json["source_host"]?.stringValue,
              let target = json["service_port_id"]?.stringValue, let serviceHost = json["service_host"]?.stringValue
        else { throw .invalidInput("desired state: a tap flow needs id, tap_service_id, direction, ports and hosts") }
        var filter: VLANFilter?
        if let ranges = json["vlan_filter"], !ranges.isNull {
            let pairs = (ranges.arrayValue ?? []).map { ($0.arrayValue?.first?.intValue, $0.arrayValue?.last?.intValue) }
            let text = pairs.map { first, last in "\(first ?? 0)-\(last ?? 0)" }.joined(separator: ",")
            filter = try VLANFilter.parse(text)
        }
        self.init(id: id, tapServiceId: service, direction: direction, vlanFilter: filter, sourcePortId: source,
                  sourceHost: sourceHost, servicePortId: target, serviceHost: serviceHost,
                  serviceTunnelIP: json["service_tunnel_ip"]?.stringValue)
    }
}
