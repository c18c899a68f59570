/// What the server wants a host to look like: the ports bound to it, the guests placed on it and,
/// for VXLAN, the other hosts' tunnel endpoints. The agent converges the host to this.
public struct HostDesiredState: Hashable, Sendable {
    /// The host this state is for.
    public var host: String
    /// Every port bound to the host (binding succeeded), ordered by id.
    public var ports: [HostPort]
    /// Every guest placed on the host that must exist, ordered by server id.
    public var guests: [AssignedGuest]
    /// For each VXLAN network with ports here, the tunnel IPs of the other hosts that also have ports on it.
    public var tunnelPeers: [String: [String]]
    /// Servers being deleted whose guests must be gone from the host, ordered by id. The agent
    /// tears these down without counting them against its teardown limit, and reports each one
    /// `absent` once no domain of it is left, which lets the server free what it held.
    public var retiring: [String]
    /// The tap flows whose source port or service port is bound here (both bound), ordered by id.
    public var tapFlows: [HostTapFlow]

    /// Creates a desired state.
    public init(host: String, ports: [HostPort] = [], guests: [AssignedGuest] = [], tunnelPeers: [String: [String]] = [:],
                retiring: [String] = [], tapFlows: [HostTapFlow] = []) {
        self.tapFlows = tapFlows.sorted { $0.id < $1.id }
        self.host = host
        self.ports = ports.sorted { $0.id < $1.id }
        self.guests = guests.sorted { $0.serverId < $1.serverId }
        self.tunnelPeers = tunnelPeers.mapValues { $0.sorted() }
        self.retiring = retiring.sorted()
    }

    /// A stable fingerprint of the whole state, used as the HTTP entity tag.
    public var revision: String {
        FNV1a.hex(FNV1a.hash64(JSONWriter.string(json, sortedKeys: true)))
    }
}

/// A port bound to a host, with everything an agent needs to wire it.
public struct HostPort: Hashable, Sendable {
    /// The port id.
    public var id: String
    /// The port's MAC address.
    public var macAddress: String
    /// The network the port is on.
    public var networkId: String
    /// The server (or other device) that owns the port.
    public var deviceId: String
    /// `admin_state_up`.
    public var adminStateUp: Bool
    /// `port_security_enabled` (spoof checking on a VF).
    public var portSecurityEnabled: Bool
    /// `propagate_uplink_status` (VF link state `auto`).
    public var propagateUplinkStatus: Bool
    /// The port's current status on the server (`ACTIVE`, `DOWN`, …).
    public var status: String
    /// `binding:vnic_type`.
    public var vnicType: String
    /// `binding:vif_type`.
    public var vifType: String
    /// `binding:vif_details`.
    public var vifDetails: [String: JSONValue]
    /// `binding:profile`.
    public var profile: [String: JSONValue]
    /// The segment the port is bound on.
    public var segment: Segment?

    /// Creates a bound port.
    public init(id: String, macAddress: String, networkId: String, deviceId: String = "", adminStateUp: Bool = true,
                portSecurityEnabled: Bool = true, propagateUplinkStatus: Bool = false, status: String = "DOWN",
                vnicType: String = "normal", vifType: String, vifDetails: [String: JSONValue] = [:],
                profile: [String: JSONValue] = [:], segment: Segment? = nil) {
        self.id = id
        self.macAddress = macAddress
        self.networkId = networkId
        self.deviceId = deviceId
        self.adminStateUp = adminStateUp
        self.portSecurityEnabled = portSecurityEnabled
        self.propagateUplinkStatus = propagateUplinkStatus
        self.status = status
        self.vnicType = vnicType
        self.vifType = vifType
        self.vifDetails = vifDetails
        self.profile = profile
        self.segment = segment
    }
}

/// A guest the server placed on a host: its domain, whether the server still waits for it, and
/// the power state and reboots the owner asked for.
public struct AssignedGuest: Hashable, Sendable {
    /// The power state the owner wants: `os-stop` asks `shutoff`, `os-start` `running`.
    public enum Power: String, Hashable, Sendable {
        /// The domain runs.
        case running
        /// The domain stays defined but shut off (its devices stay claimed, as in Nova).
        case shutoff
    }

    /// The reboots asked so far: the server bumps `counter` per `reboot` request; the agent
    /// reboots the domain (destroy and start when `hard`, else a guest-cooperative reboot) when
    /// `counter` is above the last one it carried out, and reports that counter as `rebooted`.
    public struct Reboot: Hashable, Sendable, Codable {
        /// Reboots requested over the server's life; 0 when none.
        public var counter: Int
        /// True when the last request was `HARD`.
        public var hard: Bool

        /// Creates a reboot request record.
        public init(counter: Int = 0, hard: Bool = false) {
            self.counter = counter
            self.hard = hard
        }
    }

    /// The server id, which is the domain UUID.
    public var serverId: String
    /// The libvirt domain name.
    public var name: String
    /// The libvirt domain XML.
    public var domainXML: String
    /// True while the server is in BUILD, waiting for the agent to report the guest running.
    public var awaitingStart: Bool
    /// Whether the domain should run.
    public var power: Power
    /// The reboots asked so far.
    public var reboot: Reboot
    /// The files the host lays out before defining the guest; nil when there are none.
    public var storage: GuestStorage?

    /// Creates a guest assignment.
    public init(serverId: String, name: String, domainXML: String, awaitingStart: Bool, power: Power = .running,
                reboot: Reboot = Reboot(), storage: GuestStorage? = nil) {
        self.storage = storage
        self.serverId = serverId
        self.name = name
        self.domainXML = domainXML
        self.awaitingStart = awaitingStart
        self.power = power
        self.reboot = reboot
    }
}
