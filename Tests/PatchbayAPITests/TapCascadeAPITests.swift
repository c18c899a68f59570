import PatchbayCore
import PatchbayTesting
import Testing

/// Port deletes take their tap resources with them in the same transaction, service deletes
/// their flows, and per-project quotas hold under concurrent creates.
@Suite struct TapCascadeAPITests {
    typealias T = TapAPI
    typealias N = NetworkAPISupport

    @Test func deletingTheServicePortDeletesServiceAndFlows() async throws {
        try await withNetworkAPIServer { server, client in
            let ports = try await T.ports(client, count: 3)
            let service = try N.id(try await T.service(client, port: ports[0]))
            let flow = try N.id(try await T.flow(client, service: service, source: ports[1]))
            let other = try N.id(try await T.service(client, port: ports[2]))
            #expect(try await client.delete("\(N.v2)/ports/\(ports[0])").status == 204)
            N.expectError(try await client.delete("\(T.taas)/tap_services/\(service)"), 404, "TapServiceNotFound", "")
            N.expectError(try await client.delete("\(T.taas)/tap_flows/\(flow)"), 404, "TapFlowNotFound", "")
            let rows = try await T.storeRows(server)
            #expect(rows.services == [other] && rows.flows.isEmpty)
        }
    }

    @Test func deletingTheSourcePortDeletesItsFlowsOnly() async throws {
        try await withNetworkAPIServer { server, client in
            let ports = try await T.ports(client, count: 3)
            let service = try N.id(try await T.service(client, port: ports[0]))
            let mirrored = try N.id(try await T.flow(client, service: service, source: ports[1]))
            let kept = try N.id(try await T.flow(client, service: service, source: ports[2]))
            #expect(try await client.delete("\(N.v2)/ports/\(ports[1])").status == 204)
            N.expectError(try await client.delete("\(T.taas)/tap_flows/\(mirrored)"), 404, "TapFlowNotFound", "")
            var rows = try await T.storeRows(server)
            #expect(rows.services == [service] && rows.flows == [kept])
            #expect(try await client.delete("\(T.taas)/tap_services/\(service)").status == 204)
            rows = try await T.storeRows(server)
            #expect(rows.services.isEmpty && rows.flows.isEmpty)
        }
    }

    static let quotaYAML = """
        quotas:
          tap_service: 3
          tap_flow: 1
        """

    @Test func quotaIsPerProject_AndHoldsUnderConcurrentCreates() async throws {
        try await withNetworkAPIServer(yaml: Self.quotaYAML) { server, admin in
            let ports = try await T.ports(admin, count: 2)
            let service = try N.id(try await T.service(admin, port: ports[0]))
            _ = try await T.service(admin, port: ports[0])
            _ = try await T.flow(admin, service: service, source: ports[1])
            let overFlow = try await admin.post("\(T.taas)/tap_flows", ["tap_flow": .object(T.flowBody(service, ports[1], "IN"))])
            N.expectError(overFlow, 409, "OverQuota", "tap_flow")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await admin.post("\(T.taas)/tap_services", ["tap_service": ["port_id": .string(ports[1])]]).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
            #expect(try await T.storeRows(server).services.count == 3)
            // Another project has its own quota.
            let other = admin.acting(project: "p2", roles: "member")
            let theirs = try await T.ports(other, count: 1, cidr: "10.30.0.0/24")
            _ = try await T.service(other, port: theirs[0])
        }
    }

    @Test func unlimitedQuota() async throws {
        try await withNetworkAPIServer(yaml: "quotas:\n  tap_service: -1\n  tap_flow: 0\n") { _, admin in
            let ports = try await T.ports(admin, count: 1)
            let service = try N.id(try await T.service(admin, port: ports[0]))
            for _ in 0..<3 { _ = try await T.service(admin, port: ports[0]) }
            N.expectError(try await admin.post("\(T.taas)/tap_flows", ["tap_flow": .object(T.flowBody(service, ports[0], "IN"))]),
                          409, "OverQuota", "")
        }
    }
}
