import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

/// A server's metadata, user data and config drive choice, kept and shown as Nova shows them, and
/// the config drive they and its ports make; every malformed field a 400 that stores nothing.
@Suite struct ServerConfigDriveAPITests {
    typealias C = ComputeAPI
    typealias B = ServerBootAPI

    static let userData = Data("#!/bin/sh\necho booted\n".utf8).base64EncodedString()

    static func post(_ client: APIClient, flavor: String, networks: [JSONValue], _ extra: [String: JSONValue]) async throws -> APIClient.Reply {
        var server: [String: JSONValue] = ["name": "Drive VM_1", "flavorRef": .string(flavor), "imageRef": "",
                                           "networks": .array(networks)]
        server.merge(extra) { _, new in new }
        return try await client.post("\(C.v21)/servers", ["server": .object(server)])
    }

    /// Registers the host's Patchbay agent, which lays guests out under `/srv/instances` and runs them under TCG.
    static func layOutAgent(_ client: APIClient, host: String = "compute1") async throws {
        let reply = try await client.post("/patchbay/v1/agents/report", ["agent": [
            "agent_type": "Patchbay agent", "host": .string(host),
            "configurations": ["instances_path": "/srv/instances", "virt_type": "qemu"]]])
        #expect(reply.status == 200, "agent report: \(reply.json)")
    }

    @Test func theDriveCarriesIdentityMetadataUserDataAndALinkPerPort() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            try await Self.layOutAgent(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let direct = try await B.port(client, network: network, vnic: "direct")
            let normal = try await B.port(client, network: network, vnic: "normal")
            let reply = try await Self.post(client, flavor: flavor, networks: [["port": .string(direct)], ["port": .string(normal)]], [
                "metadata": ["role": "dpdk"], "user_data": .string(Self.userData), "config_drive": true])
            #expect(reply.status == 202, "\(reply.json)")
            let id = try #require(reply.json["server"]?["id"]?.stringValue)
            let shown = try await C.waitForServer(client, id, status: "ACTIVE")
            #expect(shown["metadata"] == ["role": "dpdk"] && shown["config_drive"] == "True" && shown["key_name"] == .null)

            let drive = try await client.get("\(C.patchbay)/servers/\(id)/config_drive")
            #expect(drive.status == 200, "\(drive.json)")
            #expect(drive.json["config_drive"] == true && drive.json["user_data"] == .string(Self.userData))
            let meta = try #require(drive.json["meta_data"])
            #expect(meta["uuid"] == .string(id) && meta["name"] == "Drive VM_1" && meta["hostname"] == "drive-vm-1")
            #expect(meta["meta"] == ["role": "dpdk"])
            let links = try #require(drive.json["network_data"]?["links"]?.arrayValue)
            #expect(links.map { $0["vif_id"]?.stringValue } == [direct, normal])
            #expect(links.map { $0["type"]?.stringValue } == ["phy", "vif"])
            let ports = [try await PortAPI.showPort(client, direct), try await PortAPI.showPort(client, normal)]
            #expect(links.map { $0["ethernet_mac_address"] } == ports.map { $0["mac_address"] })
            let networks = try #require(drive.json["network_data"]?["networks"]?.arrayValue)
            #expect(networks.map { $0["ip_address"] } == ports.map { $0["fixed_ips"]?.arrayValue?.first?["ip_address"] })
            #expect(networks.first?["routes"]?.arrayValue?.first?["gateway"] == "10.0.0.1")

            // The domain reads the drive from the agent's instances directory, and logs its console there.
            let xml = try #require(try await client.get("\(C.patchbay)/servers/\(id)/domain").json["domain_xml"]?.stringValue)
            #expect(xml.contains("<domain type='qemu'>"), "the agent reported virt_type qemu")
            #expect(xml.contains("<source file='/srv/instances/\(id)/disk.config'/>") && xml.contains("<readonly/>"))
            #expect(!xml.contains("/srv/instances/\(id)/disk'/>"), "no image, so no root disk")
            #expect(xml.contains("<log file='/srv/instances/\(id)/console.log' append='off'/>"))
        }
    }

    @Test func aDriveOnAHostWhoseAgentHoldsNoFilesFailsTheBuildSayingWhy() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let reply = try await Self.post(client, flavor: flavor, networks: [["uuid": .string(network)]], ["config_drive": true])
            let id = try #require(reply.json["server"]?["id"]?.stringValue)
            let shown = try await C.waitForServer(client, id, status: "ERROR")
            #expect(shown["fault"]?["message"]?.stringValue?.contains("reports no instances_path") == true, "\(shown)")
        }
    }

    @Test func withoutTheFieldsTheServerShowsNone() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let reply = try await Self.post(client, flavor: flavor, networks: [["uuid": .string(network)]], [:])
            let id = try #require(reply.json["server"]?["id"]?.stringValue)
            let shown = try await C.waitForServer(client, id, status: "ACTIVE")
            #expect(shown["metadata"] == [:] && shown["config_drive"] == "")
            let drive = try await client.get("\(C.patchbay)/servers/\(id)/config_drive")
            #expect(drive.json["config_drive"] == false && drive.json["user_data"] == .null)
        }
    }

    @Test(arguments: [
        ["user_data": "not base64!"] as [String: JSONValue],
        ["user_data": .string(String(repeating: "QUFB", count: 16384))],
        ["metadata": ["k": 1]],
        ["metadata": .object([String(repeating: "k", count: 256): "v"])],
        ["metadata": "role=dpdk"],
        ["config_drive": "maybe"],
        ["key_name": "mykey"],
    ])
    func malformedFieldsAre400_NothingStored(_ extra: [String: JSONValue]) async throws {
        try await C.withServer { _, client in
            let flavor = try await C.flavor(client)
            let (network, _) = try await B.vlanNetwork(client)
            let reply = try await Self.post(client, flavor: flavor, networks: [["uuid": .string(network)]], extra)
            #expect(reply.status == 400, "\(extra): \(reply.json)")
            #expect(C.fault(reply)?.key == "badRequest", "\(reply.json)")
            let listed = try await client.get("\(C.v21)/servers")
            #expect(listed.json["servers"]?.arrayValue?.isEmpty == true)
        }
    }
}
