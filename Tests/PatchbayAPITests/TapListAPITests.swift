import PatchbayCore
import PatchbayTesting
import Testing

/// TaaS lists: name and field filters, paging, sorting, per-project isolation and the member
/// policy (a reader may not even read), and vlan_filter validation through the API.
@Suite struct TapListAPITests {
    typealias T = TapAPI
    typealias N = NetworkAPISupport

    @Test func nameFilterPagingAndSorting() async throws {
        try await withNetworkAPIServer { _, client in
            let ports = try await T.ports(client, count: 3)
            for (index, name) in ["c", "a", "b"].enumerated() { _ = try await T.service(client, port: ports[index], ["name": .string(name)]) }
            // OSC resolves a name by a GET expecting 404, then a name filter.
            N.expectError(try await client.get("\(T.taas)/tap_services/a"), 404, "TapServiceNotFound", "")
            let named = try await client.get("\(T.taas)/tap_services?name=a")
            #expect((named.json["tap_services"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["a"])
            #expect(N.ids(try await client.get("\(T.taas)/tap_services?port_id=\(ports[2])"), "tap_services").count == 1)
            #expect(N.ids(try await client.get("\(T.taas)/tap_services?project_id=admin"), "tap_services").count == 3)
            let sorted = try await client.get("\(T.taas)/tap_services?sort_key=name&sort_dir=desc")
            #expect((sorted.json["tap_services"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["c", "b", "a"])
            let first = try await client.get("\(T.taas)/tap_services?sort_key=name&sort_dir=asc&limit=2")
            let page = (first.json["tap_services"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(page == ["a", "b"], "\(first.status) \(first.json)")
            #expect(first.json["tap_services_links"]?.arrayValue?.isEmpty == false)
            let marker = try #require(first.json["tap_services"]?.arrayValue?.last?["id"]?.stringValue)
            let next = try await client.get("\(T.taas)/tap_services?sort_key=name&sort_dir=asc&limit=2&marker=\(marker)")
            #expect((next.json["tap_services"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["c"])
            let lost = UUIDv4.make()
            N.expectError(try await client.get("\(T.taas)/tap_services?limit=1&marker=\(lost)"), 404, "TapServiceNotFound", lost)
            N.expectError(try await client.get("\(T.taas)/tap_flows?limit=1&marker=\(lost)"), 404, "TapFlowNotFound", lost)
            let fields = try await client.get("\(T.taas)/tap_services?fields=name")
            #expect(fields.json["tap_services"]?.arrayValue?.first?.objectValue?.keys.sorted() == ["name"])
            let service = try #require(named.json["tap_services"]?.arrayValue?.first?["id"]?.stringValue)
            _ = try await T.flow(client, service: service, source: ports[1], "IN", ["name": "f1"])
            _ = try await T.flow(client, service: service, source: ports[2], "OUT", ["name": "f2"])
            let flows = try await client.get("\(T.taas)/tap_flows?direction=OUT")
            #expect((flows.json["tap_flows"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["f2"])
        }
    }

    @Test func projectsAreIsolated_AndReadersRefused() async throws {
        try await withNetworkAPIServer { _, admin in
            let alice = admin.acting(project: "p1", roles: "member")
            let bob = admin.acting(project: "p2", roles: "member")
            let ports = try await T.ports(alice, count: 2)
            let service = try N.id(try await T.service(alice, port: ports[0]))
            let flow = try N.id(try await T.flow(alice, service: service, source: ports[1]))
            #expect(N.ids(try await bob.get("\(T.taas)/tap_services"), "tap_services").isEmpty)
            #expect(N.ids(try await bob.get("\(T.taas)/tap_flows"), "tap_flows").isEmpty)
            N.expectError(try await bob.get("\(T.taas)/tap_services/\(service)"), 404, "TapServiceNotFound", "")
            N.expectError(try await bob.get("\(T.taas)/tap_flows/\(flow)"), 404, "TapFlowNotFound", "")
            N.expectError(try await bob.delete("\(T.taas)/tap_flows/\(flow)"), 404, "TapFlowNotFound", "")
            N.expectError(try await bob.post("\(T.taas)/tap_services", ["tap_service": ["port_id": .string(ports[0])]]),
                          404, "PortNotFound", "")
            N.expectError(try await bob.post("\(T.taas)/tap_flows", ["tap_flow": .object(T.flowBody(service, ports[1], "IN"))]),
                          404, "TapServiceNotFound", "")
            #expect(N.ids(try await admin.get("\(T.taas)/tap_services"), "tap_services") == [service])
            let reader = admin.acting(project: "p1", roles: "reader")
            N.expectError(try await reader.get("\(T.taas)/tap_services/\(service)"), 403, "PolicyNotAuthorized", "get_tap_service")
            N.expectError(try await reader.get("\(T.taas)/tap_flows/\(flow)"), 403, "PolicyNotAuthorized", "get_tap_flow")
            N.expectError(try await reader.post("\(T.taas)/tap_services", ["tap_service": ["port_id": .string(ports[0])]]),
                          403, "PolicyNotAuthorized", "create_tap_service")
            N.expectError(try await reader.put("\(T.taas)/tap_flows/\(flow)", ["tap_flow": ["name": "x"]]),
                          403, "PolicyNotAuthorized", "update_tap_flow")
            N.expectError(try await reader.delete("\(T.taas)/tap_services/\(service)"), 403, "PolicyNotAuthorized", "delete_tap_service")
            #expect(N.ids(try await reader.get("\(T.taas)/tap_services"), "tap_services").isEmpty)
            #expect(try await alice.get("\(T.taas)/tap_flows/\(flow)").status == 200)
        }
    }

    static let filters: [(String, Bool)] = [
        ("10", true), ("1-4094", true), ("189,279,999-1008", true), ("7,7", true),
        ("0", false), ("4095", false), ("9-3", false), ("1,,2", false), ("x", false), ("", false), ("1-2-3", false),
    ]

    @Test func vlanFilterValidation() async throws {
        try await withNetworkAPIServer { _, client in
            let ports = try await T.ports(client, count: 2)
            let service = try N.id(try await T.service(client, port: ports[0]))
            for (filter, accepted) in Self.filters {
                let reply = try await client.post("\(T.taas)/tap_flows", ["tap_flow": .object(
                    T.flowBody(service, ports[1], "BOTH", ["vlan_filter": .string(filter)]))])
                if accepted {
                    #expect(reply.status == 201 && reply.json["tap_flow"]?["vlan_filter"] == .string(filter), "\(filter)")
                } else {
                    N.expectError(reply, 400, "HTTPBadRequest", "vlan_filter")
                }
            }
            let null = try await client.post("\(T.taas)/tap_flows", ["tap_flow": .object(
                T.flowBody(service, ports[1], "BOTH", ["vlan_filter": .null]))])
            #expect(null.status == 201 && null.json["tap_flow"]?["vlan_filter"] == .null)
        }
    }
}
