import PatchbayCore
import PatchbayTesting
import Testing

/// Roles and tenant isolation with real tokens: member, reader, admin, and another project.
@Suite("Identity policy and isolation")
struct IdentityPolicyTests {
    @Test("a member may not set binding:host_id (403) and never sees binding:* fields")
    func memberBinding_Fails() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let (member, _) = try await keystone.member(project: "p1", user: "alice", role: "member", admin: admin)
            let network = try await member.post("/network/v2.0/networks", ["network": ["name": "mine"]])
            #expect(network.status == 201)
            #expect(network.json["network"]?["provider:network_type"] == nil, "provider:* stripped for members")
            let networkId = try #require(network.json["network"]?["id"]?.stringValue)
            let bound = try await member.post("/network/v2.0/ports", ["port": [
                "network_id": .string(networkId), "binding:host_id": "compute1"]])
            #expect(bound.status == 403)
            #expect(bound.errorType == "PolicyNotAuthorized")
            let port = try await member.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]])
            #expect(port.status == 201)
            let fields = try #require(port.json["port"]?.objectValue)
            #expect(fields["binding:vnic_type"] == "normal")
            for hidden in ["binding:host_id", "binding:profile", "binding:vif_type", "binding:vif_details", "binding:failure_reason"] {
                #expect(fields[hidden] == nil, "\(hidden) must be stripped for a member")
            }
            let adminView = try await admin.get("/network/v2.0/ports/\(fields["id"]?.stringValue ?? "")")
            #expect(adminView.json["port"]?["binding:vif_type"] == "unbound")
        }
    }

    @Test("another project's network, subnet and port are 404 on show, update and delete", arguments: ["networks", "subnets", "ports"])
    func otherProject_Fails(collection: String) async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let (owner, _) = try await keystone.member(project: "owner", user: "olga", role: "member", admin: admin)
            let (stranger, _) = try await keystone.member(project: "stranger", user: "sam", role: "member", admin: admin)
            let network = try await owner.post("/network/v2.0/networks", ["network": ["name": "private"]])
            let networkId = try #require(network.json["network"]?["id"]?.stringValue)
            let subnet = try await owner.post("/network/v2.0/subnets", ["subnet": [
                "network_id": .string(networkId), "ip_version": 4, "cidr": "10.9.0.0/24"]])
            let port = try await owner.post("/network/v2.0/ports", ["port": ["network_id": .string(networkId)]])
            let ids = ["networks": networkId, "subnets": subnet.json["subnet"]?["id"]?.stringValue ?? "",
                       "ports": port.json["port"]?["id"]?.stringValue ?? ""]
            let member = String(collection.dropLast())
            let path = "/network/v2.0/\(collection)/\(ids[collection] ?? "")"
            let show = try await stranger.get(path)
            let update = try await stranger.put(path, [member: ["name": "stolen"]])
            let delete = try await stranger.delete(path)
            for reply in [show, update, delete] {
                #expect(reply.status == 404)
                #expect(reply.json["NeutronError"] != nil)
                #expect(!JSONWriter.string(reply.json).contains("10.9.0"), "no data leaks in the error")
            }
            let listed = try await stranger.get("/network/v2.0/\(collection)")
            #expect(listed.json[collection]?.arrayValue?.isEmpty == true)
            #expect(try await owner.get(path).status == 200, "the owner still has it")
        }
    }

    @Test("a reader can read its project but cannot create, update or delete")
    func readerWrites_Fail() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let (member, projectId) = try await keystone.member(project: "shared-p", user: "writer", role: "member", admin: admin)
            let network = try await member.post("/network/v2.0/networks", ["network": ["name": "n"]])
            let networkId = try #require(network.json["network"]?["id"]?.stringValue)
            let readerUser = try await admin.post("/identity/v3/users", ["user": ["name": "reader1", "password": "pw", "domain_id": "default"]])
            let readerId = try #require(readerUser.json["user"]?["id"]?.stringValue)
            let roles = try await admin.get("/identity/v3/roles?name=reader")
            let readerRole = try #require(roles.json["roles"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await admin.put("/identity/v3/projects/\(projectId)/users/\(readerId)/roles/\(readerRole)").status == 204)
            let reader = try await keystone.client(user: "reader1", password: "pw", project: "shared-p")
            #expect(try await reader.get("/network/v2.0/networks/\(networkId)").status == 200)
            let create = try await reader.post("/network/v2.0/networks", ["network": ["name": "nope"]])
            let update = try await reader.put("/network/v2.0/networks/\(networkId)", ["network": ["name": "nope"]])
            let delete = try await reader.delete("/network/v2.0/networks/\(networkId)")
            for reply in [create, update, delete] {
                #expect(reply.status == 403)
                #expect(reply.errorType == "PolicyNotAuthorized")
            }
            #expect(try await member.get("/network/v2.0/networks/\(networkId)").json["network"]?["name"] == "n")
        }
    }

    @Test("the identity admin API is admin only")
    func identityAdmin_Fails() async throws {
        try await withTokenServer { _, keystone in
            let admin = try await keystone.admin()
            let (member, _) = try await keystone.member(project: "p2", user: "bob", role: "member", admin: admin)
            let create = try await member.post("/identity/v3/projects", ["project": ["name": "mine"]])
            #expect(create.status == 403)
            #expect(create.json["error"]?["title"] == "Forbidden")
            #expect(try await member.get("/identity/v3/users").status == 403)
            let projects = try await member.get("/identity/v3/auth/projects")
            #expect(projects.json["projects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["p2"])
        }
    }
}
