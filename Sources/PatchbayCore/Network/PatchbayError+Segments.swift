/// Failures of segment allocation, with Neutron's exception names.
extension PatchbayError {
    /// 503 `NoNetworkAvailable`: no project segment (or no id in the requested pool) is free.
    public static let noNetworkAvailable = PatchbayError(
        code: "network.no_segment_available", type: "NoNetworkAvailable", category: .unavailable,
        message: "Unable to create the network. No tenant network is available for allocation.")

    /// 409 `VlanIdInUse`: the requested VLAN id is taken on that physical network.
    public static func vlanIdInUse(_ vlanId: Int, physnet: String) -> PatchbayError {
        .conflict("VlanIdInUse", code: "network.vlan_in_use",
                  "Unable to create the network. The VLAN \(vlanId) on physical network \(physnet) is in use.")
    }

    /// 409 `FlatNetworkInUse`: the physical network already carries a flat network.
    public static func flatNetworkInUse(physnet: String) -> PatchbayError {
        .conflict("FlatNetworkInUse", code: "network.flat_in_use",
                  "Unable to create the flat network. Physical network \(physnet) is in use.")
    }

    /// 409 `TunnelIdInUse`: the requested VNI is taken.
    public static func tunnelIdInUse(_ tunnelId: Int) -> PatchbayError {
        .conflict("TunnelIdInUse", code: "network.tunnel_in_use",
                  "Unable to create the network. The tunnel ID \(tunnelId) is in use.")
    }
}
