import Foundation
import NetnsTesting
import PatchbayAgent
import PatchbayCore
import PatchbayHost
import PatchbayTesting
import Testing

/// Interface attach and detach carried out by a real agent: an attached VF port is plugged into
/// the running domain and its definition; a detached one keeps its VF claimed until the guest
/// lets go of it, however many passes that takes.
@Suite("The agent hot plugs attached ports and holds detached ones until the guest lets go",
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct AgentHotPlugTests {
    @Test func attachPlugsTheVFAndDetachFreesItOnlyOnceTheGuestLetGo() async throws {
        try await AgentHarness.run { harness in
            let guests = HotPlugTestHypervisor(base: harness.hypervisor)
            let agent = try AgentHarness.makeAgent(config: harness.config, netlink: harness.nic, hypervisor: guests,
                                                   timeout: .seconds(2))
            await agent.syncInventory()
            await agent.heartbeat()
            let (id, _) = try await harness.bootDirectServer(vlan: 121)
            try await harness.converge(agent) { _ in try await harness.serverBody(id)["status"] == "ACTIVE" }

            // Attach a second direct port: the agent plugs it live and into the definition.
            let networkId = try #require(try await harness.client.get("/network/v2.0/networks").json["networks"]?.arrayValue?.first?["id"]?.stringValue)
            let created = try await harness.client.post("/network/v2.0/ports", ["port": [
                "network_id": .string(networkId), "binding:vnic_type": "direct"]])
            let portId = try #require(created.json["port"]?["id"]?.stringValue)
            let attached = try await harness.client.post("/compute/v2.1/servers/\(id)/os-interface",
                                                         ["interfaceAttachment": ["port_id": .string(portId)]])
            #expect(attached.status == 200, "\(attached.json)")
            let mac = try #require(try await harness.portBody(portId)["mac_address"]?.stringValue)
            let key = GuestNICDevice.key(mac: mac)
            let plugged = try await harness.converge(agent) { pass in
                pass.guestActions.contains { if case .attachDevice(id, _, let device, true, true) = $0 { device.key == key } else { false } }
            }
            #expect(plugged.guestInterfaces[id]?.contains(portId) == true)
            #expect(GuestNICDevice.devices(inDomainXML: try guests.domainXML(uuid: id, inactive: false)).map(\.key).contains(key))
            #expect(GuestNICDevice.devices(inDomainXML: try guests.domainXML(uuid: id, inactive: true)).map(\.key).contains(key))
            try await harness.converge(agent) { _ in try await harness.portBody(portId)["status"] == "ACTIVE" }
            #expect(try await Self.heldVFs(harness).count == 2)

            // Detach while the guest does not let go: the VF and the binding stay with the server.
            guests.holdUnplugs.withLock { $0 = true }
            #expect(try await harness.client.delete("/compute/v2.1/servers/\(id)/os-interface/\(portId)").status == 202)
            var unplugs = 0
            for _ in 0..<4 {
                let pass = await agent.pass()
                unplugs += pass.guestActions.filter { if case .detachDevice(id, _, _, true, _) = $0 { true } else { false } }.count
                #expect(pass.guestInterfaces[id]?.contains(portId) == true, "still held by the guest")
            }
            #expect(unplugs == 1, "the live unplug is asked once, not every pass")
            #expect(try await Self.heldVFs(harness).count == 2, "the VF is not handed out while the guest holds it")
            #expect(try await harness.portBody(portId)["device_id"]?.stringValue == id)

            // The guest lets go: the next report finishes the detach and the VF is free again.
            guests.letGo()
            try await harness.converge(agent) { _ in try await harness.portBody(portId)["device_id"] == "" }
            #expect(try await harness.portBody(portId)["device_id"] == "")
            #expect(try await Self.heldVFs(harness).count == 1)
            let listed = try await harness.client.get("/compute/v2.1/servers/\(id)/os-interface").json["interfaceAttachments"]?.arrayValue ?? []
            #expect(!listed.contains { $0["port_id"]?.stringValue == portId })
        }
    }

    /// The host's devices claimed or allocated.
    static func heldVFs(_ harness: AgentHarness) async throws -> [JSONValue] {
        let devices = try await harness.client.get("/patchbay/v1/hosts/compute-1/pci_devices").json["devices"]?.arrayValue ?? []
        return devices.filter { $0["state"] == "claimed" || $0["state"] == "allocated" }
    }
}
