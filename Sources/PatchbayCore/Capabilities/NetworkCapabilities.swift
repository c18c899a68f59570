/// The capabilities API's answer for a network: its segment and MTU, which vnic types a port on
/// it can be bound with, and what Patchbay gives a `normal` port on it.
public enum NetworkCapabilities {
    /// The answer for a network.
    public static func answer(_ network: Network) -> [String: JSONValue] {
        var answer = PortCapabilities.networkFacts(network)
        let tunnelled = network.primarySegment?.networkType.isTunnelled ?? false
        // SR-IOV binds only flat and VLAN segments (the NIC switch has no tunnel endpoint).
        let vnicTypes: [VnicType] = tunnelled ? [.normal] : VnicType.allCases
        answer["vnic_types"] = .array(vnicTypes.map { .string($0.rawValue) })
        answer["port_security_enabled"] = .bool(network.portSecurityEnabled)
        let software = PortCapabilities.software(for: .normal)
        answer["mirroring"] = MirrorSupport(ingress: software.contains(.mirroringIn), egress: software.contains(.mirroringOut),
                                            vlanFilter: software.contains(.mirroringVLANFilter)).json
        answer["inline"] = .bool(software.contains(.inline))
        answer["security_groups"] = .string("not_enforced")
        return answer
    }

    /// 404 `CapabilityNotSupported`: `key` is absent or false for the resource.
    public static func notSupported(_ key: String, kind: String, id: String) -> PatchbayError {
        PatchbayError(code: "capability.not_supported", type: "CapabilityNotSupported", category: .notFound,
                      message: "Capability \(key) is not supported by \(kind) \(id).")
    }
}
