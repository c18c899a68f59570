/// The wire form of `GET /patchbay/v1/hosts/{host}/desired`:
/// `{"desired": {host, ports, guests, tunnel_peers, retiring, tap_flows}}`.
extension HostDesiredState {
    /// The state as the JSON object inside `"desired"`.
    public var json: JSONValue {
        .object([
            "host": .string(host),
            "ports": .array(ports.map(\.json)),
            "guests": .array(guests.map(\.json)),
            "tunnel_peers": .object(tunnelPeers.mapValues { .array($0.map(JSONValue.string)) }),
            "retiring": .array(retiring.map(JSONValue.string)),
            "tap_flows": .array(tapFlows.map(\.json)),
        ])
    }

    /// Parses the object inside `"desired"`; throws `request.invalid_input` naming the bad field.
    public init(json: JSONValue) throws(PatchbayError) {
        guard let host = json["host"]?.stringValue else { throw .invalidInput("desired state: host is missing") }
        var ports: [HostPort] = []
        for item in json["ports"]?.arrayValue ?? [] { ports.append(try HostPort(json: item)) }
        var guests: [AssignedGuest] = []
        for item in json["guests"]?.arrayValue ?? [] { guests.append(try AssignedGuest(json: item)) }
        var peers: [String: [String]] = [:]
        for (network, list) in json["tunnel_peers"]?.objectValue ?? [:] {
            peers[network] = (list.arrayValue ?? []).compactMap(\.stringValue)
        }
        let retiring = (json["retiring"]?.arrayValue ?? []).compactMap(\.stringValue)
        var taps: [HostTapFlow] = []
        for item in json["tap_flows"]?.arrayValue ?? [] { taps.append(try HostTapFlow(json: item)) }
        self.init(host: host, ports: ports, guests: guests, tunnelPeers: peers, retiring: retiring, tapFlows: taps)
    }
}

extension HostPort {
    /// The port as a JSON object.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "mac_address": .string(macAddress), "network_id": .string(networkId),
            "device_id": .string(deviceId), "admin_state_up": .bool(adminStateUp),
            "port_security_enabled": .bool(portSecurityEnabled), "propagate_uplink_status": .bool(propagateUplinkStatus),
            "status": .string(status), "vnic_type": .string(vnicType), "vif_type": .string(vifType),
            "vif_details": .object(vifDetails), "profile": .object(profile),
        ]
        if let segment {
            object["segment"] = .object([
                "network_type": .string(segment.networkType.rawValue),
                "physical_network": segment.physicalNetwork.map(JSONValue.string) ?? .null,
                "segmentation_id": segment.segmentationId.map(JSONValue.int) ?? .null,
            ])
        }
        return .object(object)
    }

    /// Parses one port object.
    public init(json: JSONValue) throws(PatchbayError) {
        guard let id = json["id"]?.stringValue, let mac = json["mac_address"]?.stringValue,
              let network = json["network_id"]?.stringValue, let vifType = json["vif_type"]?.stringValue
        else { throw .invalidInput("desired state: a port needs id, mac_address, network_id and vif_type") }
        var segment: Segment?
        if let object = json["segment"], !object.isNull {
            guard let type = object["network_type"]?.stringValue.flatMap(NetworkType.init(rawValue:)) else {
                throw .invalidInput("desired state: port \(id) has a segment without a known network_type")
            }
            segment = Segment(networkType: type, physicalNetwork: object["physical_network"]?.stringValue,
                              segmentationId: object["segmentation_id"]?.intValue)
        }
        self.init(id: id, macAddress: mac, networkId: network, deviceId: json["device_id"]?.stringValue ?? "",
                  adminStateUp: json["admin_state_up"]?.boolValue ?? true,
                  portSecurityEnabled: json["port_security_enabled"]?.boolValue ?? true,
                  propagateUplinkStatus: json["propagate_uplink_status"]?.boolValue ?? false,
                  status: json["status"]?.stringValue ?? "DOWN", vnicType: json["vnic_type"]?.stringValue ?? "normal",
                  vifType: vifType, vifDetails: json["vif_details"]?.objectValue ?? [:],
                  profile: json["profile"]?.objectValue ?? [:], segment: segment)
    }
}

extension AssignedGuest {
    /// The guest as a JSON object: `{server_id, name, domain_xml, awaiting_start, power,
    /// reboot: {counter, hard}, storage}` (`storage` only for a guest laid out in an instances
    /// directory: its console log lives there even when it has no disk).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "server_id": .string(serverId), "name": .string(name), "domain_xml": .string(domainXML),
            "awaiting_start": .bool(awaitingStart), "power": .string(power.rawValue),
            "reboot": .object(["counter": .int(reboot.counter), "hard": .bool(reboot.hard)])]
        if let storage { object["storage"] = storage.json }
        return .object(object)
    }

    /// Parses one guest object; `power` defaults to `running` and `reboot` to none, as a server
    /// from before power actions sends neither.
    public init(json: JSONValue) throws(PatchbayError) {
        guard let id = json["server_id"]?.stringValue, let name = json["name"]?.stringValue,
              let xml = json["domain_xml"]?.stringValue
        else { throw .invalidInput("desired state: a guest needs server_id, name and domain_xml") }
        var power = Power.running
        if let value = json["power"], !value.isNull {
            guard let parsed = value.stringValue.flatMap(Power.init(rawValue:)) else {
                throw .invalidInput("desired state: guest \(id) has power other than running or shutoff")
            }
            power = parsed
        }
        var reboot = Reboot()
        if let value = json["reboot"], !value.isNull {
            guard let counter = value["counter"]?.intValue, counter >= 0 else {
                throw .invalidInput("desired state: guest \(id) has a reboot without a counter of 0 or more")
            }
            reboot = Reboot(counter: counter, hard: value["hard"]?.boolValue ?? false)
        }
        var storage: GuestStorage?
        if let value = json["storage"], !value.isNull { storage = try GuestStorage(json: value, serverId: id) }
        self.init(serverId: id, name: name, domainXML: xml, awaitingStart: json["awaiting_start"]?.boolValue ?? false,
                  power: power, reboot: reboot, storage: storage)
    }
}
