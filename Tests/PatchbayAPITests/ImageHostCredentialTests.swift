import PatchbayCore
import PatchbayTesting
import Testing

/// Booting servers from images, for the suites that need a server using an image.
enum ImageHostAPI {
    typealias C = ComputeAPI

    /// Reports `host` (with its agents, the Patchbay agent with an instances directory), then
    /// boots a server from `image` (active, raw or qcow2) on a normal port;
    /// `host` must be the only host with room so the server lands there. Returns the server id.
    static func bootServer(_ client: APIClient, image: String, host: String,
                           sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await C.fixtureHost(client, host: host, sourceLocation: sourceLocation)
        // The host's Patchbay agent lays root disks out in its instances directory.
        try await ServerConfigDriveAPITests.layOutAgent(client, host: host)
        let flavor = try await C.flavor(client, name: "f-\(UUIDv4.make().prefix(8))", ram: 256, vcpus: 1)
        let (network, _) = try await ServerBootAPI.vlanNetwork(client, sourceLocation: sourceLocation)
        let port = try await ServerBootAPI.port(client, network: network, vnic: "normal", sourceLocation: sourceLocation)
        let reply = try await client.post("\(C.v21)/servers", ["server": [
            "name": "from-image", "flavorRef": .string(flavor), "imageRef": .string(image), "networks": [["port": .string(port)]]]])
        #expect(reply.status == 202, "server create: \(reply.json)", sourceLocation: sourceLocation)
        let id = try #require(reply.json["server"]?["id"]?.stringValue, sourceLocation: sourceLocation)
        let server = try await C.waitForServer(client, id, status: "ACTIVE", sourceLocation: sourceLocation)
        #expect(server["OS-EXT-SRV-ATTR:host"]?.stringValue == host, "placed on \(host): \(server)", sourceLocation: sourceLocation)
        return id
    }
}

/// A per-host agent credential reads the images its host's servers boot from, and nothing else
/// of the image service; admins and the service user read every image.
@Suite struct ImageHostCredentialTests {
    typealias I = ImageAPI

    @Test("a host credential shows and downloads the image of a server on its host; every other image is a 404, every other call a 403")
    func hostCredentialReadsItsServersImages() async throws {
        try await withTokenServer { server, keystone in
            let admin = try await keystone.admin()
            let bytes = I.bytes(70_000, seed: 11)
            let used = try I.id(try await I.create(admin, ["name": "used", "disk_format": "raw", "container_format": "bare"]))
            #expect(try await I.upload(admin, used, bytes).status == 204)
            let other = try I.id(try await I.create(admin, ["name": "other", "disk_format": "raw", "container_format": "bare"]))
            #expect(try await I.upload(admin, other, I.bytes(10, seed: 12)).status == 204)
            let common = try I.id(try await I.create(admin, ["name": "public", "visibility": "public"]))
            _ = try await ImageHostAPI.bootServer(admin, image: used, host: "host-a")
            try await ComputeAPI.reportHost(admin, host: "host-b")

            let hostA = try await keystone.hostClient("host-a", admin: admin)
            let shown = try await hostA.get("\(I.v2)/images/\(used)")
            #expect(shown.status == 200 && shown.json["name"] == "used", "\(shown.json)")
            let downloaded = try await I.download(hostA, used)
            #expect(downloaded.status == 200)
            #expect(downloaded.bytes == bytes)
            #expect(downloaded.headers["content-md5"] == I.md5(bytes))
            for image in [other, common] {
                I.expectFault(try await hostA.get("\(I.v2)/images/\(image)").fault, 404, "No image found with ID \(image)")
                #expect(try await I.download(hostA, image).status == 404)
            }
            #expect(try await hostA.get("\(I.v2)/images").status == 403)
            #expect(try await hostA.post("\(I.v2)/images", ["name": "x"]).status == 403)
            #expect(try await I.patch(hostA, used, [I.op("replace", "/name", "x")]).status == 403)
            #expect(try await I.upload(hostA, used, [1]).status == 403)
            #expect(try await hostA.delete("\(I.v2)/images/\(used)").status == 403)

            let hostB = try await keystone.hostClient("host-b", admin: admin)
            #expect(try await hostB.get("\(I.v2)/images/\(used)").status == 404)
            #expect(try await I.download(hostB, used).status == 404)

            let service = try await keystone.client(user: "patchbay", password: TestServer.servicePassword, project: "service")
            #expect(try await service.get("\(I.v2)/images/\(other)").status == 200)
            #expect(try await I.download(service, other).status == 200)
            #expect(try await admin.get("\(I.v2)/images/\(used)").json["name"] == "used")
            _ = server
        }
    }
}
