import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayHost
import PatchbayTesting
import Testing

/// SIGKILL of a real `patchbay agent` process at each of its steps, with real KVM guests: a fresh
/// agent finishes the boot, the delete or the attach, with exactly one domain per server, its
/// tap opened by QEMU, and nothing left behind once the server is gone.
@Suite(.serialized, .requires(QEMUHost.isAvailable && NetworkNamespace.isAvailable,
                              "root, /dev/kvm and libvirtd on qemu:///system"))
struct AgentCrashProcessTests {
    static let active: @Sendable (JSONValue?) -> Bool = { $0?["status"] == "ACTIVE" && $0?["OS-EXT-STS:task_state"] == .null }

    @Test(arguments: ["agent.after_layout", "agent.after_links", "agent.after_define", "agent.after_start"])
    func killedDuringABoot_TheRestartedAgentFinishesIt(failpoint: String) async throws {
        try await KVMAgentProcess.run { lab in
            let fixture = try await lab.prepare(ports: 1)
            try lab.start(failpoint: failpoint)
            let id = try await Self.boot(lab, flavor: fixture.flavor, ports: fixture.ports, configDrive: true)
            #expect(try await lab.agentWasKilled(), "the agent died at \(failpoint)\n\(lab.agentLog())")
            try lab.start()
            #expect(try await lab.waitFor(id, Self.active), "ACTIVE after \(failpoint)\n\(lab.agentLog())")
            #expect(FileManager.default.fileExists(atPath: lab.instancePaths(id).configDrive), "the drive the guest reads")
            let tap = PortDevice.tapName(portID: fixture.ports[0])
            #expect(try lab.domains(of: id).map(\.running) == [true], "exactly one domain, running")
            let pid = try #require(QEMUHost.pid(ofDomain: DomainNaming.name(for: id)))
            #expect(QEMUHost.openNetworkDevices(pid: pid).taps == [tap])
            try await Self.deleteAndCheckClean(lab, id, tap: tap)
        }
    }

    @Test func killedBetweenLayingOutAndDefining_ADeletedServersFilesAreRemoved() async throws {
        try await KVMAgentProcess.run { lab in
            let fixture = try await lab.prepare(ports: 1)
            // A small raw image: the agent fetches it, checks it and lays a qcow2 overlay over it.
            let raw = lab.directory.appendingPathComponent("small.raw").path
            try Data(repeating: 0, count: 1 << 20).write(to: URL(fileURLWithPath: raw))
            let image = try await GuestImageFixture.upload(lab.admin, name: "small", file: raw, format: "raw")
            try lab.start(failpoint: "agent.after_layout")
            let id = try await Self.boot(lab, flavor: fixture.flavor, ports: fixture.ports, configDrive: true, image: image)
            #expect(try await lab.agentWasKilled(), "\(lab.agentLog())")
            #expect(FileManager.default.fileExists(atPath: lab.instancePaths(id).disk), "the overlay was made before the kill")
            #expect(FileManager.default.fileExists(atPath: lab.instancePaths(id).configDrive), "laid out before the kill")
            #expect(try lab.domains(of: id).isEmpty, "never defined")
            #expect(try await lab.admin.delete("/compute/v2.1/servers/\(id)").status == 204)
            try lab.start()
            #expect(try await lab.waitFor(id) { $0 == nil }, "\(lab.agentLog())")
            for _ in 0..<100 where FileManager.default.fileExists(atPath: lab.instancePaths(id).directory) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!FileManager.default.fileExists(atPath: lab.instancePaths(id).directory), "the orphaned overlay and drive are removed")
            #expect(try lab.domains(of: id).isEmpty)
            let cache = InstancePaths.cache(root: lab.directory.path + "/state/instances")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: cache))?.count == 1, "the image stays cached for the next guest")
        }
    }

    @Test func killedAfterTearingAGuestDown_TheRestartedAgentReportsItAbsent() async throws {
        try await KVMAgentProcess.run { lab in
            let fixture = try await lab.prepare(ports: 1)
            try lab.start()
            let id = try await Self.boot(lab, flavor: fixture.flavor, ports: fixture.ports)
            #expect(try await lab.waitFor(id, Self.active))
            try await lab.stopAgent()
            try lab.start(failpoint: "agent.after_teardown")
            #expect(try await lab.admin.delete("/compute/v2.1/servers/\(id)").status == 204)
            #expect(try await lab.agentWasKilled(), "\(lab.agentLog())")
            #expect(try lab.domains(of: id).isEmpty, "the guest was torn down")
            #expect(try await lab.server(id)?["OS-EXT-STS:task_state"] == "deleting", "not yet reported absent")
            try lab.start()
            #expect(try await lab.waitFor(id) { $0 == nil }, "gone once the restarted agent reports it absent")
            let port = try await lab.admin.get("/network/v2.0/ports/\(fixture.ports[0])").json["port"]
            #expect(port?["device_id"] == "" && port?["binding:host_id"] == "")
        }
    }

    @Test func killedAfterHotPluggingAPort_TheRestartedAgentKeepsItPluggedOnce() async throws {
        try await KVMAgentProcess.run { lab in
            let fixture = try await lab.prepare(ports: 2)
            try lab.start()
            let id = try await Self.boot(lab, flavor: fixture.flavor, ports: [fixture.ports[0]])
            #expect(try await lab.waitFor(id, Self.active))
            try await lab.stopAgent()
            try lab.start(failpoint: "agent.after_hotplug")
            let attached = try await lab.admin.post("/compute/v2.1/servers/\(id)/os-interface",
                                                    ["interfaceAttachment": ["port_id": .string(fixture.ports[1])]])
            #expect(attached.status == 200, "\(attached.json)")
            #expect(try await lab.agentWasKilled(), "\(lab.agentLog())")
            try lab.start()
            let taps = Set(fixture.ports.map(PortDevice.tapName(portID:)))
            let pid = try #require(QEMUHost.pid(ofDomain: DomainNaming.name(for: id)))
            for _ in 0..<100 where QEMUHost.openNetworkDevices(pid: pid).taps != taps { try await Task.sleep(for: .milliseconds(100)) }
            #expect(QEMUHost.openNetworkDevices(pid: pid).taps == taps, "both taps held by the same QEMU")
            let xml = try Shell.run("/usr/bin/virsh", ["-c", QEMUHost.uri, "dumpxml", DomainNaming.name(for: id)])
            #expect(GuestNICDevice.devices(inDomainXML: xml).count == 2, "plugged once, not twice")
            for _ in 0..<100 {
                if try await lab.admin.get("/network/v2.0/ports/\(fixture.ports[1])").json["port"]?["status"] == "ACTIVE" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await lab.admin.get("/network/v2.0/ports/\(fixture.ports[1])").json["port"]?["status"] == "ACTIVE")
        }
    }

    @Test func killedAfterAskingAnUnplug_TheDetachFinishesOnceTheGuestLetsGo() async throws {
        try await KVMAgentProcess.run { lab in
            let fixture = try await lab.prepare(ports: 2)
            try lab.start()
            let id = try await Self.boot(lab, flavor: fixture.flavor, ports: fixture.ports)
            #expect(try await lab.waitFor(id, Self.active))
            try await lab.stopAgent()
            try lab.start(failpoint: "agent.after_hotplug")
            let detached = try await lab.admin.delete("/compute/v2.1/servers/\(id)/os-interface/\(fixture.ports[1])")
            #expect(detached.status == 202)
            #expect(try await lab.agentWasKilled(), "\(lab.agentLog())")
            // The guest (no OS) never acknowledges the unplug: the restarted agent keeps the port
            // listed, and the server keeps it bound to the server.
            try lab.start()
            try await Task.sleep(for: .seconds(3))
            let held = try await lab.admin.get("/network/v2.0/ports/\(fixture.ports[1])").json["port"]
            #expect(held?["device_id"]?.stringValue == id, "still the server's while its guest holds it")
            // Powered off, the guest lets go of everything; its definition no longer has the port.
            let stop = try await lab.admin.post("/compute/v2.1/servers/\(id)/action", ["os-stop": .null])
            #expect(stop.status == 202)
            #expect(try await lab.waitFor(id) { $0?["status"] == "SHUTOFF" })
            for _ in 0..<100 {
                if try await lab.admin.get("/network/v2.0/ports/\(fixture.ports[1])").json["port"]?["device_id"] == "" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let freed = try await lab.admin.get("/network/v2.0/ports/\(fixture.ports[1])").json["port"]
            #expect(freed?["device_id"] == "" && freed?["binding:host_id"] == "", "freed once the guest let go: \(freed ?? .null)")
            let xml = try Shell.run("/usr/bin/virsh", ["-c", QEMUHost.uri, "dumpxml", "--inactive", DomainNaming.name(for: id)])
            #expect(GuestNICDevice.devices(inDomainXML: xml).count == 1)
        }
    }

    static func boot(_ lab: KVMAgentProcess, flavor: String, ports: [String], configDrive: Bool = false,
                     image: String = "") async throws -> String {
        // The agent must have reported its host before the server is placed there.
        try await lab.waitForHost()
        let created = try await lab.admin.post("/compute/v2.1/servers", ["server": [
            "name": "vm", "flavorRef": .string(flavor), "imageRef": .string(image), "config_drive": .bool(configDrive),
            "networks": .array(ports.map { ["port": .string($0)] })]])
        #expect(created.status == 202, "\(created.json)")
        let id = try #require(created.json["server"]?["id"]?.stringValue)
        lab.servers.append(id)
        return id
    }

    static func deleteAndCheckClean(_ lab: KVMAgentProcess, _ id: String, tap: String) async throws {
        #expect(try await lab.admin.delete("/compute/v2.1/servers/\(id)").status == 204)
        #expect(try await lab.waitFor(id) { $0 == nil })
        #expect(try lab.domains(of: id).isEmpty)
        for _ in 0..<100 where lab.linkExists(tap) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!lab.linkExists(tap), "the tap goes with the port's binding")
        #expect(!FileManager.default.fileExists(atPath: lab.instancePaths(id).directory), "the guest's files go with it")
    }
}
