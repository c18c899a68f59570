import Foundation
import NetnsTesting
import PatchbayAgent
import PatchbayCore
import PatchbayTesting
import Testing

/// Real guests on a real hypervisor: servers booted through the API from an uploaded image, with
/// the agent on `qemu:///system`, read their addresses from the config drive and ping each other
/// by the addresses Patchbay gave them (read back from their console logs through
/// `os-getConsoleOutput`): over bridge ports on a VLAN network, and over macvtap ports. A guest on
/// another VLAN with the same subnet reaches neither. Deleting them removes domains, files and taps.
@Suite(.serialized, .requires(QEMUHost.isAvailable && NetworkNamespace.isAvailable,
                              "root, /dev/kvm and libvirtd on qemu:///system"))
struct KVMGuestPingTests {
    /// A user-data script that pings `peer` for up to `tries` seconds and prints the outcome (it
    /// runs once the guest is ready; its peer may boot later, under TCG tens of seconds later).
    static func pinging(_ peer: String, tries: Int) -> String {
        let script = """
            #!/bin/sh
            i=0
            while [ $i -lt \(tries) ]; do
              if ping -c 1 -W 1 \(peer) >/dev/null 2>&1; then echo "PING-OK \(peer)"; exit 0; fi
              i=$((i+1)); sleep 1
            done
            echo "PING-FAIL \(peer)"
            """
        return Data(script.utf8).base64EncodedString()
    }

    /// A network on `physnet` (VLAN `vlan`, or flat when nil) with subnet 10.77.0.0/24.
    static func network(_ lab: KVMAgentProcess, physnet: String, vlan: Int?) async throws -> String {
        var body: [String: JSONValue] = ["name": "ping", "provider:physical_network": .string(physnet),
                                         "provider:network_type": vlan == nil ? "flat" : "vlan"]
        if let vlan { body["provider:segmentation_id"] = .int(vlan) }
        let network = try await lab.admin.post("/network/v2.0/networks", ["network": .object(body)])
        let id = try #require(network.json["network"]?["id"]?.stringValue, "\(network.json)")
        let subnet = try await lab.admin.post("/network/v2.0/subnets", ["subnet": [
            "network_id": .string(id), "cidr": "10.77.0.0/24", "ip_version": 4, "gateway_ip": .null]])
        #expect(subnet.status == 201, "\(subnet.json)")
        return id
    }

    /// A port on `network`; returns its id and address.
    static func port(_ lab: KVMAgentProcess, on network: String, ip: String) async throws -> (id: String, ip: String) {
        let port = try await lab.admin.post("/network/v2.0/ports", ["port": [
            "network_id": .string(network), "fixed_ips": [["ip_address": .string(ip)]]]])
        let id = try #require(port.json["port"]?["id"]?.stringValue, "\(port.json)")
        return (id, ip)
    }

    static func boot(_ lab: KVMAgentProcess, image: String, flavor: String, port: String, userData: String) async throws -> String {
        let created = try await lab.admin.post("/compute/v2.1/servers", ["server": [
            "name": "ping-vm", "flavorRef": .string(flavor), "imageRef": .string(image), "config_drive": true,
            "user_data": .string(userData), "networks": [["port": .string(port)]]]])
        #expect(created.status == 202, "\(created.json)")
        let id = try #require(created.json["server"]?["id"]?.stringValue)
        lab.servers.append(id)
        return id
    }

    /// The console output once it holds a line starting with one of `markers` (up to 240 s: three
    /// guests under TCG on two cores take up to a minute to boot).
    static func console(_ lab: KVMAgentProcess, _ id: String, until markers: [String]) async throws -> String {
        var output = ""
        for _ in 0..<480 {
            let reply = try await lab.admin.post("/compute/v2.1/servers/\(id)/action", ["os-getConsoleOutput": ["length": 200]])
            output = reply.json["output"]?.stringValue ?? ""
            if output.split(separator: "\n").contains(where: { line in markers.contains { line.hasPrefix($0) } }) { return output }
            try await Task.sleep(for: .milliseconds(500))
        }
        return output
    }

    /// Boots one guest per port in `pairs` (each pinging its peer), checks every console, then
    /// deletes the servers and checks their domains, files and taps are gone.
    static func pingEachOther(_ lab: KVMAgentProcess, network: String, isolated: (network: String, ip: String)? = nil) async throws {
        let image = try await GuestImageFixture.upload(lab.admin, name: "patchbay-guest")
        let flavor = try await lab.admin.post("/compute/v2.1/flavors", ["flavor": ["name": "ping", "ram": 256, "vcpus": 1, "disk": 1]])
        let flavorId = try #require(flavor.json["flavor"]?["id"]?.stringValue)
        try await lab.waitForHost()
        let started = ContinuousClock.now
        let a = try await port(lab, on: network, ip: "10.77.0.11")
        let b = try await port(lab, on: network, ip: "10.77.0.12")
        var guests = [(id: try await boot(lab, image: image, flavor: flavorId, port: a.id, userData: pinging(b.ip, tries: 150)), expect: "PING-OK \(b.ip)"),
                      (id: try await boot(lab, image: image, flavor: flavorId, port: b.id, userData: pinging(a.ip, tries: 150)), expect: "PING-OK \(a.ip)")]
        var ports = [a.id, b.id]
        if let isolated {
            let c = try await port(lab, on: isolated.network, ip: isolated.ip)
            ports.append(c.id)
            guests.append((try await boot(lab, image: image, flavor: flavorId, port: c.id, userData: pinging(a.ip, tries: 20)), "PING-FAIL \(a.ip)"))
        }
        for guest in guests where !(try await lab.waitFor(guest.id, AgentCrashProcessTests.active)) {
            Issue.record("server \(guest.id) is not ACTIVE: \(try await lab.server(guest.id) ?? .null)\n\(lab.agentLog())")
            return
        }
        // Measured, not asserted: from the first request of the boots to each guest's ready marker.
        for guest in guests {
            _ = try await console(lab, guest.id, until: ["patchbay-guest: ready"])
            let elapsed = ContinuousClock.now - started
            print("guest boot: ports created and server \(guest.id) booted to its console marker in \(elapsed) (\(DomainDefinition.VirtType.detected().rawValue))")
        }
        for guest in guests {
            let output = try await console(lab, guest.id, until: ["PING-OK", "PING-FAIL"])
            #expect(output.contains("patchbay-guest: ready"), "the guest came up:\n\(output)")
            #expect(output.contains(guest.expect), "expected \(guest.expect):\n\(output)")
        }
        for guest in guests {
            let xml = try Shell.run("/usr/bin/virsh", ["-c", QEMUHost.uri, "dumpxml", DomainNaming.name(for: guest.id)])
            #expect(xml.contains(lab.instancePaths(guest.id).disk), "the domain reads its overlay")
            #expect(FileManager.default.fileExists(atPath: lab.instancePaths(guest.id).disk))
        }
        for guest in guests { #expect(try await lab.admin.delete("/compute/v2.1/servers/\(guest.id)").status == 204) }
        for guest in guests {
            #expect(try await lab.waitFor(guest.id) { $0 == nil }, "deleted\n\(lab.agentLog())")
            #expect(try lab.domains(of: guest.id).isEmpty)
            for _ in 0..<100 where FileManager.default.fileExists(atPath: lab.instancePaths(guest.id).directory) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!FileManager.default.fileExists(atPath: lab.instancePaths(guest.id).directory), "overlay and drive removed")
        }
        for port in ports {
            let devices = [PortDevice.tapName(portID: port), PortDevice.macvtapName(portID: port)]
            for _ in 0..<100 where devices.contains(where: lab.linkExists) { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!devices.contains(where: lab.linkExists), "the port's tap or macvtap is gone")
        }
    }

    @Test func bridgePortsOnAVLANNetworkPingEachOther_AndAnotherVLANReachesNeither() async throws {
        try await KVMAgentProcess.run { lab in
            try lab.start()
            let network = try await Self.network(lab, physnet: lab.physnet, vlan: 310)
            let other = try await Self.network(lab, physnet: lab.physnet, vlan: 311)
            try await Self.pingEachOther(lab, network: network, isolated: (other, "10.77.0.13"))
        }
    }

    @Test func macvtapPortsPingEachOther() async throws {
        try await KVMAgentProcess.run { lab in
            try lab.start()
            let network = try await Self.network(lab, physnet: lab.macvtapPhysnet, vlan: nil)
            try await Self.pingEachOther(lab, network: network)
        }
    }
}
