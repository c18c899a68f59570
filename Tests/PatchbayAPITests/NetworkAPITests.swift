import PatchbayCore
import PatchbayTesting
import Testing

/// Networks over HTTP: defaults, segment allocation, provider policy, updates, deletes and visibility.
@Suite struct NetworkAPITests {
    typealias S = NetworkAPISupport

    @Test("A plain create gets a VLAN on physnet1 from 100-199, MTU 1500 and Neutron's defaults")
    func createDefaults() async throws {
        try await withNetworkAPIServer { _, client in
            let network = try await S.createNetwork(client, ["name": "net1"])
            #expect(network["name"] == "net1")
            #expect(network["provider:network_type"] == "vlan")
            #expect(network["provider:physical_network"] == "physnet1")
            let vlan = try #require(network["provider:segmentation_id"]?.intValue)
            #expect((100...199).contains(vlan))
            #expect(network["mtu"] == 1500)
            #expect(network["status"] == "ACTIVE")
            #expect(network["revision_number"] == 1)
            #expect(network["admin_state_up"] == true)
            #expect(network["shared"] == false)
            #expect(network["router:external"] == false)
            #expect(network["port_security_enabled"] == true)
            #expect(network["subnets"] == [])
            #expect(network["project_id"] == "admin")
            #expect(network["tenant_id"] == network["project_id"])
            let shown = try await client.get("\(S.v2)/networks/\(try S.id(network))")
            #expect(shown.status == 200)
            #expect(shown.json["network"] == network)
        }
    }

    @Test("Project networks use the VLAN range first, then VXLAN (MTU 1450), then fail with 503")
    func projectNetworkFallThrough() async throws {
        try await withNetworkAPIServer(yaml: S.tinyRangesYAML) { _, client in
            var vlans: Set<Int> = []
            for _ in 0..<2 {
                let network = try await S.createNetwork(client)
                #expect(network["provider:network_type"] == "vlan")
                #expect(network["mtu"] == 1500)
                vlans.insert(try #require(network["provider:segmentation_id"]?.intValue))
            }
            #expect(vlans == [100, 101])
            let tunnelled = try await S.createNetwork(client)
            #expect(tunnelled["provider:network_type"] == "vxlan")
            #expect(tunnelled["provider:physical_network"] == .null)
            #expect(tunnelled["provider:segmentation_id"] == 1000)
            #expect(tunnelled["mtu"] == 1450)
            let exhausted = try await client.post("\(S.v2)/networks", ["network": ["name": "one too many"]])
            S.expectError(exhausted, 503, "NoNetworkAvailable", "No tenant network is available for allocation")
            #expect(S.ids(try await client.get("\(S.v2)/networks"), "networks").count == 3)
        }
    }

    @Test("A fully specified provider request gets exactly that segment", arguments: [
        ("vlan", "physnet1", 150, 1500), ("vlan", "physnet1", 3000, 1500), ("vlan", "physnet2", 7, 1500),
        ("vxlan", nil, 1500, 1450), ("vxlan", nil, 50000, 1450),
    ] as [(String, String?, Int, Int)])
    func providerCreate(type: String, physnet: String?, segment: Int, mtu: Int) async throws {
        let yaml = #"ml2: {network_vlan_ranges: ["physnet1:100:199", "physnet2"]}"#
        try await withNetworkAPIServer(yaml: yaml) { _, client in
            let network = try await S.createNetwork(client, S.provider(type, physnet: physnet, segment: segment))
            #expect(network["provider:network_type"] == .string(type))
            #expect(network["provider:physical_network"] == (physnet.map(JSONValue.string) ?? .null))
            #expect(network["provider:segmentation_id"] == .int(segment))
            #expect(network["mtu"] == .int(mtu))
        }
    }

    @Test("Asking for a segment that is taken is a 409 naming it", arguments: [
        (S.provider("vlan", physnet: "physnet1", segment: 150), "VlanIdInUse", "VLAN 150 on physical network physnet1 is in use"),
        (S.provider("flat", physnet: "physnet2"), "FlatNetworkInUse", "Physical network physnet2 is in use"),
        (S.provider("vxlan", segment: 1500), "TunnelIdInUse", "tunnel ID 1500 is in use"),
    ])
    func providerSegmentTaken_Fails(provider: [String: JSONValue], type: String, message: String) async throws {
        try await withNetworkAPIServer { _, client in
            _ = try await S.createNetwork(client, provider)
            let second = try await client.post("\(S.v2)/networks", ["network": .object(provider)])
            S.expectError(second, 409, type, message)
            #expect(S.ids(try await client.get("\(S.v2)/networks"), "networks").count == 1)
        }
    }

    @Test("Invalid provider requests are 400 InvalidInput", arguments: [
        (S.provider("vlan", physnet: "physnet9", segment: 10), "physical_network 'physnet9' unknown"),
        (S.provider("gre"), "network_type value 'gre' not supported"),
        (S.provider("vlan", physnet: "physnet1", segment: 4095), "segmentation_id out of range (1 through 4094)"),
        (S.provider("vxlan", physnet: "physnet1"), "physical_network specified for VXLAN"),
        (S.provider("flat"), "physical_network required for flat"),
        (["provider:physical_network": "physnet1"], "network_type required"),
    ])
    func providerInvalid_Fails(provider: [String: JSONValue], message: String) async throws {
        try await withNetworkAPIServer { _, client in
            let reply = try await client.post("\(S.v2)/networks", ["network": .object(provider)])
            S.expectError(reply, 400, "InvalidInput", message)
        }
    }

    @Test("A project member may not set provider:* or shared, and never reads provider:*")
    func memberProviderPolicy() async throws {
        try await withNetworkAPIServer { _, admin in
            let member = admin.acting(project: "p1", roles: "member")
            for attributes in [S.provider("vlan"), ["provider:segmentation_id": 120], ["shared": true]] as [[String: JSONValue]] {
                let denied = try await member.post("\(S.v2)/networks", ["network": .object(attributes)])
                S.expectError(denied, 403, "PolicyNotAuthorized", "(rule:create_network:\(attributes.keys.first!))")
            }
            let network = try await S.createNetwork(member, ["name": "mine"])
            let id = try S.id(network)
            #expect(network["project_id"] == "p1")
            let providerKeys = ["provider:network_type", "provider:physical_network", "provider:segmentation_id"]
            let shown = try await member.get("\(S.v2)/networks/\(id)")
            let listed = try #require(try await member.get("\(S.v2)/networks").json["networks"]?.arrayValue?.first)
            for body in [network, try #require(shown.json["network"]), listed] {
                for key in providerKeys { #expect(body[key] == nil, "\(key) leaked to a member") }
                #expect(body["mtu"] == 1500)
            }
            let update = try await member.put("\(S.v2)/networks/\(id)", ["network": ["provider:segmentation_id": 130]])
            S.expectError(update, 403, "PolicyNotAuthorized", "update_network:provider:segmentation_id")
            let asAdmin = try await admin.get("\(S.v2)/networks/\(id)")
            #expect(asAdmin.json["network"]?["provider:network_type"] == "vlan")
        }
    }

    @Test("PUT changes name, description, admin_state_up and mtu and bumps the revision")
    func update() async throws {
        try await withNetworkAPIServer { _, client in
            let id = try S.id(try await S.createNetwork(client, ["name": "before"]))
            let reply = try await client.put("\(S.v2)/networks/\(id)", ["network": [
                "name": "after", "description": "renamed", "admin_state_up": false, "mtu": 1400,
            ]])
            #expect(reply.status == 200)
            let network = try #require(reply.json["network"])
            #expect(network["name"] == "after")
            #expect(network["description"] == "renamed")
            #expect(network["admin_state_up"] == false)
            #expect(network["mtu"] == 1400)
            #expect(network["revision_number"] == 2)
            #expect(try await client.get("\(S.v2)/networks/\(id)").json["network"] == network)
        }
    }

    @Test("Bad PUT and POST bodies are 400 and change nothing", arguments: [
        ("PUT", #"{"network": {"mtu": 1501}}"#, "InvalidInput", "Requested MTU is too big, maximum is 1500"),
        ("PUT", #"{"network": {"mtu": -1}}"#, "HTTPBadRequest", "Invalid input for mtu"),
        ("PUT", #"{"network": {"id": "x"}}"#, "HTTPBadRequest", "Cannot update read-only attribute id"),
        ("PUT", #"{"network": {"status": "DOWN"}}"#, "HTTPBadRequest", "Cannot update read-only attribute status"),
        ("PUT", #"{"network": {"colour": "red"}}"#, "HTTPBadRequest", "Unrecognized attribute(s) 'colour'"),
        ("PUT", #"{"network": {"name": 1}}"#, "HTTPBadRequest", "Invalid input for name"),
        ("PUT", #"{"net": {}}"#, "HTTPBadRequest", "Unable to find 'network' in request body"),
        ("PUT", #"{"network": {"name": "x"#, "HTTPBadRequest", "Malformed JSON in request body"),
        ("POST", #"{"network": {"colour": "red", "zz": 1}}"#, "HTTPBadRequest", "Unrecognized attribute(s) 'colour, zz'"),
        ("POST", #"{"network": {"status": "DOWN"}}"#, "HTTPBadRequest", "Attribute 'status' not allowed in POST"),
        ("POST", #"{"network": {"mtu": 9000}}"#, "InvalidInput", "Requested MTU is too big"),
        ("POST", "{not json", "HTTPBadRequest", "Malformed JSON in request body"),
        ("POST", "[]", "HTTPBadRequest", "Body contains invalid data"),
    ])
    func badBody_Fails(method: String, body: String, type: String, message: String) async throws {
        try await withNetworkAPIServer { _, client in
            let network = try await S.createNetwork(client, ["name": "keep"])
            let path = method == "PUT" ? "\(S.v2)/networks/\(try S.id(network))" : "\(S.v2)/networks"
            let reply = try await client.send(method, path, rawBody: body)
            S.expectError(reply, 400, type, message)
            let list = try await client.get("\(S.v2)/networks").json["networks"]?.arrayValue
            #expect(list == [network], "a failed request changed the networks")
        }
    }

    @Test("DELETE answers 204 with no body, then the network is 404 and its VLAN is free again")
    func delete() async throws {
        try await withNetworkAPIServer { _, client in
            let provider = S.provider("vlan", physnet: "physnet1", segment: 150)
            let id = try S.id(try await S.createNetwork(client, provider))
            let deleted = try await client.delete("\(S.v2)/networks/\(id)")
            #expect(deleted.status == 204)
            #expect(deleted.json == .null)
            for reply in [try await client.get("\(S.v2)/networks/\(id)"), try await client.delete("\(S.v2)/networks/\(id)"),
                          try await client.put("\(S.v2)/networks/\(id)", ["network": ["name": "x"]])] {
                S.expectError(reply, 404, "NetworkNotFound", "Network \(id) could not be found.")
            }
            let again = try await S.createNetwork(client, provider)
            #expect(again["provider:segmentation_id"] == 150)
        }
    }

    @Test("A network with a port is 409 NetworkInUse naming the port, until the port is gone")
    func deleteInUse_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let id = try S.id(try await S.createNetwork(client))
            let portId = try S.id(try await S.createPort(client, network: id, ["device_owner": "compute:nova"]))
            let refused = try await client.delete("\(S.v2)/networks/\(id)")
            S.expectError(refused, 409, "NetworkInUse", "id for these ports is: \(portId)")
            #expect(try await client.get("\(S.v2)/networks/\(id)").status == 200)
            #expect(try await client.delete("\(S.v2)/ports/\(portId)").status == 204)
            #expect(try await client.delete("\(S.v2)/networks/\(id)").status == 204)
        }
    }

    @Test("Another project's private network is 404 to a member; a shared one is readable but not writable")
    func crossProjectVisibility() async throws {
        try await withNetworkAPIServer { _, admin in
            let owner = admin.acting(project: "p1", roles: "member")
            let stranger = admin.acting(project: "p2", roles: "member")
            let privateId = try S.id(try await S.createNetwork(owner, ["name": "private"]))
            let sharedId = try S.id(try await S.createNetwork(admin, ["name": "public", "shared": true, "project_id": "p1"]))
            for reply in [try await stranger.get("\(S.v2)/networks/\(privateId)"),
                          try await stranger.put("\(S.v2)/networks/\(privateId)", ["network": ["name": "mine now"]]),
                          try await stranger.delete("\(S.v2)/networks/\(privateId)")] {
                S.expectError(reply, 404, "NetworkNotFound", privateId)
            }
            #expect(S.ids(try await stranger.get("\(S.v2)/networks"), "networks") == [sharedId])
            let shared = try await stranger.get("\(S.v2)/networks/\(sharedId)")
            #expect(shared.status == 200)
            #expect(shared.json["network"]?["shared"] == true)
            #expect(shared.json["network"]?["provider:network_type"] == nil)
            S.expectError(try await stranger.put("\(S.v2)/networks/\(sharedId)", ["network": ["name": "x"]]),
                          403, "PolicyNotAuthorized", "update_network")
            S.expectError(try await stranger.delete("\(S.v2)/networks/\(sharedId)"), 403, "PolicyNotAuthorized", "delete_network")
            #expect(Set(S.ids(try await owner.get("\(S.v2)/networks"), "networks")) == [privateId, sharedId])
            #expect(try await owner.get("\(S.v2)/networks/\(privateId)").json["network"]?["name"] == "private")
        }
    }
}
