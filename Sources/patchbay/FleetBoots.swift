import Foundation
import PatchbayAgent
import PatchbayCore

/// Boots through the API against a simulated fleet: one at a time to claimed and bound (the
/// server answers ACTIVE once the VF is claimed and the port bound, `wait_for_agent` off), or a
/// storm of concurrent boots that each host's agent carries out (`wait_for_agent` on).
struct FleetBoots {
    let fleet: FleetAgents

    /// A VLAN network with a /16 subnet and a one-VCPU flavor; (network id, flavor id).
    func prepare() async throws -> (network: String, flavor: String) {
        let network = try await fleet.post("/network/v2.0/networks", #"{"network": {"name": "boots", "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 160}}"#)
        let networkId = network["network"]["id"].string
        _ = try await fleet.post("/network/v2.0/subnets",
                                 #"{"subnet": {"network_id": "\#(networkId)", "ip_version": 4, "cidr": "10.64.0.0/16"}}"#)
        let flavor = try await fleet.post("/compute/v2.1/flavors", #"{"flavor": {"name": "fleet.small", "ram": 512, "vcpus": 1, "disk": 1}}"#)
        return (networkId, flavor["flavor"]["id"].string)
    }

    /// A `direct` port on `network`; its id.
    func directPort(_ network: String) async throws -> String {
        try await fleet.post("/network/v2.0/ports", #"{"port": {"network_id": "\#(network)", "binding:vnic_type": "direct"}}"#)["port"]["id"].string
    }

    /// POSTs a server on `port`; its id.
    func postServer(name: String, flavor: String, port: String) async throws -> String {
        try await fleet.post("/compute/v2.1/servers", #"{"server": {"name": "\#(name)", "flavorRef": "\#(flavor)", "imageRef": "", "networks": [{"port": "\#(port)"}]}}"#)["server"]["id"].string
    }

    /// `count` boots one after another, each timed from its POST until GET shows it ACTIVE.
    func timeBoots(_ count: Int) async throws {
        let (network, flavor) = try await prepare()
        var latencies = Latencies()
        var first = 0.0
        for index in 0..<count {
            let port = try await directPort(network)
            let began = ContinuousClock.now
            let id = try await postServer(name: "timed-\(index)", flavor: flavor, port: port)
            while true {
                let status = try await fleet.get("/compute/v2.1/servers/\(id)")["server"]["status"].string
                if status == "ACTIVE" { break }
                guard status == "BUILD" else { throw FleetFailure("server \(id) went \(status)") }
            }
            let elapsed = began.duration(to: .now).milliseconds
            if index == 0 { first = elapsed } else { latencies.add(elapsed) }
        }
        print(String(format: "fleet: boot to claimed and bound among %d hosts × %d VFs, POST to ACTIVE over HTTP: first (cold) %.2f ms; then %@",
                     fleet.agents.count, fleet.vfs, first, latencies.summary))
    }
}
