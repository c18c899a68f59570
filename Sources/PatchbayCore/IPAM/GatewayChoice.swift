/// What a subnet request says about its gateway.
public enum GatewayChoice: Sendable, Hashable {
    /// `gateway_ip` left out: Neutron's default, the first host (network + 1) for IPv4 and the
    /// network address itself (the subnet-router anycast address) for IPv6.
    case automatic
    /// `gateway_ip: null`: no gateway.
    case none
    /// A gateway address given by the caller.
    case explicit(IPAddress)
}
