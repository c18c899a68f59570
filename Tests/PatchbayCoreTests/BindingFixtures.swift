@testable import PatchbayCore
import Testing

/// Agents, segments and requests shared by the binding tests. The target host is `compute2`.
enum BindingFixture {
    static let host = "compute2"

    static let flat1 = Segment(networkType: .flat, physicalNetwork: "physnet1")
    static let vlan100 = Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 100)
    static let vlan200 = Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 200)
    static let vlan300OnPhysnet2 = Segment(networkType: .vlan, physicalNetwork: "physnet2", segmentationId: 300)
    static let vxlan5001 = Segment(networkType: .vxlan, segmentationId: 5001)

    /// An agent on `host` (default `compute2`) with the given mappings.
    static func agent(_ type: AgentType, alive: Bool = true, host: String = host,
                      devices: [String: [String]] = [:], interfaces: [String: String] = [:],
                      bridges: [String: String] = [:]) -> AgentSnapshot {
        AgentSnapshot(id: "\(type.rawValue)@\(host)", type: type, host: host, alive: alive,
                      mappings: AgentMappings(deviceMappings: devices, interfaceMappings: interfaces,
                                              bridgeMappings: bridges))
    }

    /// A NIC Switch agent mapping physnet1 to the PF `ens1f0`.
    static let sriovAgent = agent(.nicSwitch, devices: ["physnet1": ["ens1f0"]])
    /// A Macvtap agent mapping physnet1 to `ens2`.
    static let macvtapAgent = agent(.macvtap, interfaces: ["physnet1": "ens2"])
    /// A Linux bridge agent mapping physnet1 to `ens3`.
    static let bridgeAgent = agent(.linuxBridge, bridges: ["physnet1": "ens3"])
    /// Patchbay's own agent, carrying every mapping kind for physnet1.
    static let patchbayAgent = agent(.patchbay, devices: ["physnet1": ["ens1f0"]],
                                     interfaces: ["physnet1": "ens2"], bridges: ["physnet1": "ens3"])

    /// A request for port `P` on `compute2`.
    static func request(_ vnicType: VnicType = .normal, segments: [Segment] = [vlan100],
                        agents: [AgentSnapshot] = [], profile: [String: JSONValue] = [:],
                        networkDefaultProfileId: String? = nil,
                        knownProfiles: [String: PortProfile] = [:]) -> BindingRequest {
        BindingRequest(portId: "P", host: host, vnicType: vnicType, profile: profile, segments: segments,
                       networkDefaultProfileId: networkDefaultProfileId, agents: agents,
                       knownProfiles: knownProfiles)
    }
}

/// One row of a driver table: a named request, the segment to try, and the expected verdict.
struct BindingDriverCase: Sendable, CustomTestStringConvertible {
    let name: String
    let request: BindingRequest
    let segment: Segment
    let expected: DriverVerdict

    init(_ name: String, _ request: BindingRequest, _ segment: Segment = BindingFixture.vlan100,
         expect expected: DriverVerdict) {
        self.name = name
        self.request = request
        self.segment = segment
        self.expected = expected
    }

    var testDescription: String { name }
}
