import PatchbayAPI
import PatchbayCore
import PatchbayTesting
import Testing

/// Nova flavors and extra specs over HTTP (admin-only writes, Nova faults), and the compute microversion headers.
@Suite struct FlavorAPITests {
    static let v21 = ComputeAPI.v21
    static let aliasYAML = ComputeAPI.yaml(aliases: [#"{"name": "a1", "vendor_id": "10de", "product_id": "1db6"}"#])

    @Test func flavorCreateListDetailShowDelete() async throws {
        try await ComputeAPI.withServer { _, client in
            let created = try await client.post("\(Self.v21)/flavors", ["flavor": [
                "name": "m1.small", "id": "f1", "ram": 2048, "vcpus": 2, "disk": 20, "description": "small"]])
            #expect(created.status == 200)
            let flavor = try #require(created.json["flavor"])
            #expect(flavor["id"] == "f1")
            #expect(flavor["ram"] == 2048)
            #expect(flavor["vcpus"] == 2)
            #expect(flavor["disk"] == 20)
            #expect(flavor["os-flavor-access:is_public"] == true)
            #expect(flavor["extra_specs"] == [:])
            let generated = try await ComputeAPI.flavor(client, name: "m1.large", ram: 8192, vcpus: 4)
            #expect(!generated.isEmpty && generated != "f1")

            let list = try await client.get("\(Self.v21)/flavors")
            #expect(list.status == 200)
            let brief = list.json["flavors"]?.arrayValue ?? []
            #expect(Set(brief.compactMap { $0["name"]?.stringValue }) == ["m1.small", "m1.large"])
            #expect(brief.allSatisfy { $0["ram"] == nil && $0["links"] != nil }, "the plain list has no details: \(list.json)")

            let detail = try await client.get("\(Self.v21)/flavors/detail")
            #expect(detail.status == 200)
            #expect(Set(detail.json["flavors"]?.arrayValue?.compactMap { $0["ram"]?.intValue } ?? []) == [2048, 8192])

            let shown = try await client.get("\(Self.v21)/flavors/f1")
            #expect(shown.status == 200)
            #expect(shown.json["flavor"]?["name"] == "m1.small")
            #expect(shown.json["flavor"]?["description"] == "small")

            #expect(try await client.delete("\(Self.v21)/flavors/f1").status == 202)
            let gone = try await client.get("\(Self.v21)/flavors/f1")
            #expect(gone.status == 404)
            #expect(ComputeAPI.fault(gone)?.key == "itemNotFound")
            #expect(try await client.get("\(Self.v21)/flavors").json["flavors"]?.arrayValue?.count == 1)
        }
    }

    /// Member callers may read flavors but not change them.
    static let memberWrites: [(String, String, JSONValue?)] = [
        ("POST", "/flavors", ["flavor": ["name": "x", "ram": 512, "vcpus": 1]]),
        ("DELETE", "/flavors/f1", nil),
        ("POST", "/flavors/f1/os-extra_specs", ["extra_specs": ["hw:cpu_policy": "dedicated"]]),
        ("DELETE", "/flavors/f1/os-extra_specs/k1", nil),
    ]

    @Test(arguments: memberWrites)
    func memberFlavorWrite_Fails(method: String, path: String, body: JSONValue?) async throws {
        try await ComputeAPI.withServer { _, client in
            try await ComputeAPI.flavor(client, id: "f1", extraSpecs: ["k1": "v1"])
            let member = client.acting(project: "p1", roles: "member")
            let reply = try await member.send(method, Self.v21 + path, body)
            #expect(reply.status == 403, "\(method) \(path): \(reply.json)")
            #expect(ComputeAPI.fault(reply)?.key == "forbidden")
            #expect(ComputeAPI.fault(reply)?.message.contains("os_compute_api:os-flavor") == true)
            // Nothing changed, and members can still read.
            let shown = try await member.get("\(Self.v21)/flavors/f1")
            #expect(shown.status == 200)
            #expect(shown.json["flavor"]?["extra_specs"] == ["k1": "v1"])
            #expect(try await member.get("\(Self.v21)/flavors").json["flavors"]?.arrayValue?.count == 1)
        }
    }

    static let duplicates: [(String, JSONValue)] = [("same name", ["name": "m1.small", "ram": 512, "vcpus": 1]),
                                                    ("same id", ["name": "other", "id": "f1", "ram": 512, "vcpus": 1])]

    @Test(arguments: duplicates)
    func duplicateFlavor_Fails(label: String, body: JSONValue) async throws {
        try await ComputeAPI.withServer { _, client in
            try await ComputeAPI.flavor(client, name: "m1.small", id: "f1")
            let reply = try await client.post("\(Self.v21)/flavors", ["flavor": body])
            #expect(reply.status == 409, "\(label): \(reply.json)")
            #expect(ComputeAPI.fault(reply)?.key == "conflictingRequest")
            #expect(ComputeAPI.fault(reply)?.message.contains("already exists") == true)
            #expect(try await client.get("\(Self.v21)/flavors").json["flavors"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: [("GET", "/flavors/nope", "Flavor nope could not be found"),
                      ("DELETE", "/flavors/nope", "Flavor nope could not be found"),
                      ("GET", "/flavors/nope/os-extra_specs", "Flavor nope could not be found"),
                      ("DELETE", "/flavors/nope/os-extra_specs/k1", "Flavor nope could not be found"),
                      ("DELETE", "/flavors/f1/os-extra_specs/missing", "no extra specs with key missing")])
    func unknownFlavorOrKey_Fails(method: String, path: String, message: String) async throws {
        try await ComputeAPI.withServer { _, client in
            try await ComputeAPI.flavor(client, id: "f1")
            let reply = try await client.send(method, Self.v21 + path)
            #expect(reply.status == 404, "\(method) \(path): \(reply.json)")
            #expect(ComputeAPI.fault(reply)?.key == "itemNotFound")
            #expect(ComputeAPI.fault(reply)?.message.contains(message) == true, "\(reply.json)")
            // Faults carry the served microversion too, as Nova's do.
            #expect(reply.headers["openstack-api-version"] == "compute 2.1")
        }
    }

    static let badBodies: [JSONValue] = [["flavor": ["ram": 512, "vcpus": 1]], ["flavor": ["name": "x", "ram": 0, "vcpus": 1]],
                                         ["flavor": ["name": "x", "ram": 512]], ["name": "x"]]

    @Test(arguments: badBodies)
    func invalidFlavorBody_Fails(body: JSONValue) async throws {
        try await ComputeAPI.withServer { _, client in
            let reply = try await client.post("\(Self.v21)/flavors", body)
            #expect(reply.status == 400, "\(body): \(reply.json)")
            #expect(ComputeAPI.fault(reply)?.key == "badRequest")
            #expect(ComputeAPI.fault(reply)?.message.contains("Invalid input") == true)
        }
    }

    @Test func extraSpecsSetGetDelete() async throws {
        try await ComputeAPI.withServer(yaml: Self.aliasYAML) { _, client in
            try await ComputeAPI.flavor(client, id: "f1")
            let path = "\(Self.v21)/flavors/f1/os-extra_specs"
            #expect(try await client.get(path).json["extra_specs"] == [:])
            let set = try await client.post(path, ["extra_specs": ["pci_passthrough:alias": "a1:2", "hw:cpu_policy": "dedicated"]])
            #expect(set.status == 200, "\(set.json)")
            #expect(set.json["extra_specs"] == ["pci_passthrough:alias": "a1:2", "hw:cpu_policy": "dedicated"])
            // A second set merges and overwrites by key.
            let merged = try await client.post(path, ["extra_specs": ["hw:cpu_policy": "shared", "quota:vif": 10]])
            #expect(merged.json["extra_specs"] == ["pci_passthrough:alias": "a1:2", "hw:cpu_policy": "shared", "quota:vif": "10"])
            #expect(try await client.get(path).json["extra_specs"] == merged.json["extra_specs"])
            #expect(try await client.get("\(Self.v21)/flavors/f1").json["flavor"]?["extra_specs"] == merged.json["extra_specs"])

            #expect(try await client.delete("\(path)/hw:cpu_policy").status == 200)
            #expect(try await client.get(path).json["extra_specs"] == ["pci_passthrough:alias": "a1:2", "quota:vif": "10"])
        }
    }

    @Test(arguments: [("nope:1", "PCI alias nope is not defined"), ("a1:0", "the count must be at least 1"),
                      ("a1", "is not of the form 'alias:count'"), ("a1:two", "not a whole number"),
                      ("a1:1, nope:2", "PCI alias nope is not defined"), ("", "it is empty")])
    func invalidPCIAliasExtraSpec_Fails(value: String, reason: String) async throws {
        try await ComputeAPI.withServer(yaml: Self.aliasYAML) { _, client in
            try await ComputeAPI.flavor(client, id: "f1", extraSpecs: ["pci_passthrough:alias": "a1:1"])
            let path = "\(Self.v21)/flavors/f1/os-extra_specs"
            let reply = try await client.post(path, ["extra_specs": ["pci_passthrough:alias": .string(value), "k": "v"]])
            #expect(reply.status == 400, "'\(value)': \(reply.json)")
            #expect(ComputeAPI.fault(reply)?.key == "badRequest")
            let message = ComputeAPI.fault(reply)?.message ?? ""
            #expect(message.contains("pci_passthrough:alias") && message.contains(reason), "\(message)")
            // Nothing of the rejected request was stored.
            #expect(try await client.get(path).json["extra_specs"] == ["pci_passthrough:alias": "a1:1"])
        }
    }

    // MARK: Microversions

    @Test(arguments: [nil, "compute 2.1", "compute latest"])
    func answersCarryTheServedMicroversion(asked: String?) async throws {
        try await ComputeAPI.withServer { server, _ in
            let client = APIClient(baseURL: server.baseURL, headers: asked.map { ["OpenStack-API-Version": $0] } ?? [:])
            for path in ["/flavors", "/os-hypervisors"] {
                let reply = try await client.get(Self.v21 + path)
                #expect(reply.status == 200, "\(path): \(reply.json)")
                #expect(reply.headers["openstack-api-version"] == "compute 2.1")
                #expect(reply.headers["x-openstack-nova-api-version"] == "2.1")
                #expect(reply.headers["vary"]?.contains("OpenStack-API-Version") == true)
            }
            let version = try await client.get("/compute/v2.1")
            #expect(version.json["version"]?["version"] == "2.1")
            #expect(version.json["version"]?["min_version"] == "2.1")
        }
    }

    @Test(arguments: [("OpenStack-API-Version", "compute 2.99"), ("X-OpenStack-Nova-API-Version", "2.99"),
                      ("OpenStack-API-Version", "compute 2.2")])
    func unsupportedMicroversion_Fails(header: String, value: String) async throws {
        try await ComputeAPI.withServer { server, _ in
            let client = APIClient(baseURL: server.baseURL, headers: [header: value])
            let reply = try await client.get("\(Self.v21)/flavors")
            #expect(reply.status == 406, "\(header): \(value): \(reply.json)")
            #expect(ComputeAPI.fault(reply)?.key == "notAcceptable")
            let message = ComputeAPI.fault(reply)?.message ?? ""
            #expect(message.contains("is not supported by the API") && message.contains("maximum is 2.1"), "\(message)")
        }
    }
}

/// A version string that is not `MajorNum.MinorNum` is a 400, as Nova answers.
@Suite("Compute microversion format")
struct MicroversionFormatTests {
    @Test(arguments: ["compute abc", "compute 2", "compute 2.x", "compute 2.1.0"])
    func malformedMicroversion_Fails(value: String) async throws {
        try await ComputeAPI.withServer { server, _ in
            let reply = try await APIClient(baseURL: server.baseURL, headers: ["OpenStack-API-Version": value])
                .get("/compute/v2.1/flavors")
            #expect(reply.status == 400, "\(value): \(reply.json)")
            #expect(ComputeAPI.fault(reply)?.key == "badRequest")
            #expect(ComputeAPI.fault(reply)?.message.contains("is of invalid format") == true)
        }
    }
}
