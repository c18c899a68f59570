import PatchbayCore
import PatchbayTesting
import Testing

/// TaaS create, show, update and delete: exact fields, defaults, bulk, and the errors Neutron's
/// TaaS plugin gives.
@Suite struct TapAPITests {
    typealias T = TapAPI
    typealias N = NetworkAPISupport

    @Test func createShowUpdateDelete_ExactFields() async throws {
        try await withNetworkAPIServer { _, client in
            let ports = try await T.ports(client, count: 2)
            let service = try await T.service(client, port: ports[0], ["name": "ts1"])
            #expect(Set(service.objectValue?.keys ?? [:].keys) == ["id", "tenant_id", "name", "description", "port_id", "status"])
            #expect(service["status"] == "DOWN" && service["description"] == "" && service["tenant_id"] == "admin")
            let serviceId = try N.id(service)
            let flow = try await T.flow(client, service: serviceId, source: ports[1], "BOTH", ["vlan_filter": "189,279,999-1008"])
            #expect(Set(flow.objectValue?.keys ?? [:].keys) == ["id", "tenant_id", "tap_service_id", "name", "description",
                                                                 "source_port", "direction", "status", "vlan_filter"])
            #expect(flow["vlan_filter"] == "189,279,999-1008" && flow["status"] == "DOWN" && flow["name"] == "")
            let plain = try await T.flow(client, service: serviceId, source: ports[1], "IN")
            #expect(plain["vlan_filter"] == .null)
            let flowId = try N.id(flow)
            let updated = try await client.put("\(T.taas)/tap_flows/\(flowId)", ["tap_flow": ["description": "d"]])
            #expect(updated.status == 200 && updated.json["tap_flow"]?["description"] == "d")
            let renamed = try await client.put("\(T.taas)/tap_services/\(serviceId)", ["tap_service": ["name": "ts2"]])
            #expect(renamed.status == 200 && renamed.json["tap_service"]?["name"] == "ts2")
            #expect(try await client.get("\(T.taas)/tap_services/\(serviceId)").json["tap_service"]?["name"] == "ts2")
            #expect(try await client.delete("\(T.taas)/tap_flows/\(flowId)").status == 204)
            N.expectError(try await client.get("\(T.taas)/tap_flows/\(flowId)"), 404, "TapFlowNotFound", flowId)
            #expect(try await client.delete("\(T.taas)/tap_services/\(serviceId)").status == 204)
            let gone = try await client.get("\(T.taas)/tap_services/\(serviceId)")
            N.expectError(gone, 404, "TapServiceNotFound", "Tap Service  \(serviceId) does not exist")
            N.expectError(try await client.get("\(T.taas)/tap_flows/\(try N.id(plain))"), 404, "TapFlowNotFound", "")
        }
    }

    @Test func bulkCreate() async throws {
        try await withNetworkAPIServer { _, client in
            let ports = try await T.ports(client, count: 2)
            let reply = try await client.post("\(T.taas)/tap_services", ["tap_services": [
                ["port_id": .string(ports[0]), "name": "a"], ["port_id": .string(ports[1]), "name": "b"]]])
            #expect(reply.status == 201)
            #expect((reply.json["tap_services"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["a", "b"])
            let failing = try await client.post("\(T.taas)/tap_services", ["tap_services": [
                ["port_id": .string(ports[0]), "name": "c"], ["port_id": .string(UUIDv4.make()), "name": "d"]]])
            #expect(failing.status == 404 && failing.errorType == "PortNotFound")
            #expect(N.ids(try await client.get("\(T.taas)/tap_services"), "tap_services").count == 2)
        }
    }

    @Test func readOnlyAndUnknownAttributes_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let ports = try await T.ports(client, count: 2)
            let service = try N.id(try await T.service(client, port: ports[0]))
            let flow = try N.id(try await T.flow(client, service: service, source: ports[1]))
            for (path, member, body) in [("tap_services/\(service)", "tap_service", ["port_id": JSONValue.string(ports[1])]),
                                         ("tap_flows/\(flow)", "tap_flow", ["direction": "IN"]),
                                         ("tap_flows/\(flow)", "tap_flow", ["vlan_filter": "1"]),
                                         ("tap_services/\(service)", "tap_service", ["status": "ACTIVE"])] {
                let reply = try await client.put("\(T.taas)/\(path)", [member: .object(body)])
                N.expectError(reply, 400, "HTTPBadRequest", "Cannot update read-only attribute")
            }
            let unknown = try await client.post("\(T.taas)/tap_services", ["tap_service": ["port_id": .string(ports[0]), "bogus": 1]])
            N.expectError(unknown, 400, "HTTPBadRequest", "Unrecognized attribute")
            let noPort = try await client.post("\(T.taas)/tap_services", ["tap_service": ["name": "x"]])
            N.expectError(noPort, 400, "HTTPBadRequest", "port_id")
            let noDirection = try await client.post("\(T.taas)/tap_flows", ["tap_flow": [
                "tap_service_id": .string(service), "source_port": .string(ports[1])]])
            N.expectError(noDirection, 400, "HTTPBadRequest", "direction")
            let badDirection = try await client.post("\(T.taas)/tap_flows", ["tap_flow": .object(T.flowBody(service, ports[1], "both"))])
            N.expectError(badDirection, 400, "HTTPBadRequest", "direction")
        }
    }

    @Test func missingReferences_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let ports = try await T.ports(client, count: 1)
            let missing = UUIDv4.make()
            N.expectError(try await client.post("\(T.taas)/tap_services", ["tap_service": ["port_id": .string(missing)]]),
                          404, "PortNotFound", missing)
            let service = try N.id(try await T.service(client, port: ports[0]))
            N.expectError(try await client.post("\(T.taas)/tap_flows", ["tap_flow": .object(T.flowBody(missing, ports[0], "IN"))]),
                          404, "TapServiceNotFound", "Tap Service  \(missing) does not exist")
            N.expectError(try await client.post("\(T.taas)/tap_flows", ["tap_flow": .object(T.flowBody(service, missing, "IN"))]),
                          404, "PortNotFound", missing)
            N.expectError(try await client.put("\(T.taas)/tap_flows/\(missing)", ["tap_flow": ["name": "x"]]), 404, "TapFlowNotFound", "")
            N.expectError(try await client.delete("\(T.taas)/tap_services/\(missing)"), 404, "TapServiceNotFound", "")
        }
    }

    @Test func foreignProjects_Fails() async throws {
        try await withNetworkAPIServer { _, client in
            let ports = try await T.ports(client, count: 2)
            let notOwned = try await client.post("\(T.taas)/tap_services", ["tap_service": [
                "port_id": .string(ports[0]), "tenant_id": "p2"]])
            N.expectError(notOwned, 403, "PortDoesNotBelongToTenant", "")
            let service = try N.id(try await T.service(client, port: ports[0]))
            let flow = try await client.post("\(T.taas)/tap_flows", ["tap_flow": .object(
                T.flowBody(service, ports[1], "OUT", ["tenant_id": "p2"]))])
            N.expectError(flow, 403, "TapServiceNotBelongToTenant", "")
        }
    }
}
