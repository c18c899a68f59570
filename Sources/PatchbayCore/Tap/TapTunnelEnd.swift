/// One end of a tap service's tunnel on a host: the VXLAN device `pbtap<vni>`, which Patchbay's
/// agent creates, records as its own and deletes when no flow needs it.
public struct TapTunnelEnd: Hashable, Sendable {
    /// The service's VNI.
    public var vni: Int
    /// Where copies are sent (the monitor's host); nil on the monitor's host, which only receives.
    public var peer: String?

    /// Creates a tunnel end.
    public init(vni: Int, peer: String?) {
        self.vni = vni
        self.peer = peer
    }

    /// The device name, `pbtap<vni>`.
    public var name: String { Self.deviceName(vni: vni) }

    /// The one naming rule of tap-service VXLAN devices, `pbtap<vni>` (at most 13 bytes).
    public static func deviceName(vni: Int) -> String { "pbtap\(vni)" }

    /// The device of a tap service's tunnel.
    public static func deviceName(forService id: String) -> String { deviceName(vni: vni(forService: id)) }

    /// Whether `name` is one of these devices.
    public static func isTunnelName(_ name: String) -> Bool {
        name.hasPrefix("pbtap") && Int(name.dropFirst(5)) != nil
    }

    /// A tap service's VNI: from the upper half of the 24-bit space (0x800000–0xFFFFFF), where
    /// network VNI ranges do not normally reach, by a hash of the service id.
    public static func vni(forService id: String) -> Int {
        0x80_0000 | Int(FNV1a.hash64(id.lowercased()) & 0x7F_FFFF)
    }
}
