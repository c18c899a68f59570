import PatchbayCore

extension ComputeController {
    /// `POST /servers/{id}/os-interface` with `{"interfaceAttachment": {"port_id": …}}` or
    /// `{"interfaceAttachment": {"net_id": …, "fixed_ips": [{"ip_address": …}]}}`: 200 with the
    /// attachment once the port is bound and the domain carries it.
    func attachInterface(_ request: APIRequest) async throws -> APIResponse {
        guard let body = try request.requireBody()["interfaceAttachment"]?.objectValue else {
            throw PatchbayError.badRequest("Invalid input for field/attribute interfaceAttachment.", code: "compute.invalid_interface")
        }
        let unknown = Set(body.keys).subtracting(["port_id", "net_id", "fixed_ips", "tag"])
        guard unknown.isEmpty else {
            throw PatchbayError.badRequest("Additional properties are not allowed (\(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")) were unexpected)",
                                           code: "compute.invalid_interface")
        }
        let wanted: InterfaceRequest
        switch (body["port_id"]?.stringValue, body["net_id"]?.stringValue) {
        case (let port?, nil) where body["fixed_ips"] == nil:
            wanted = .port(port)
        case (nil, let network?):
            wanted = .network(network, fixedIps: try Self.fixedIps(body["fixed_ips"]))
        case (nil, nil):
            throw PatchbayError.badRequest("Either port_id or net_id must be given.", code: "compute.invalid_interface")
        default:
            throw PatchbayError.badRequest("Specifying port_id with net_id or fixed_ips is not allowed.", code: "compute.invalid_interface")
        }
        let port = try await compute.attachInterface(request.parameter("id"), wanted, caller: request.caller)
        return .ok(["interfaceAttachment": NovaWire.interfaceAttachment(port)])
    }

    /// `DELETE /servers/{id}/os-interface/{port_id}`: 202; the port is freed once the guest lets it go.
    func detachInterface(_ request: APIRequest) async throws -> APIResponse {
        try await compute.detachInterface(request.parameter("id"), port: request.parameter("port_id"), caller: request.caller)
        return APIResponse(status: 202)
    }

    /// `fixed_ips` of an attach by network: `[{"ip_address": …}]`, as Nova accepts it.
    private static func fixedIps(_ value: JSONValue?) throws -> [FixedIPRequest]? {
        guard let value, !value.isNull else { return nil }
        guard let items = value.arrayValue, items.count == 1,
              let ip = items[0]["ip_address"]?.stringValue, IPAddress(ip) != nil else {
            throw PatchbayError.badRequest("Invalid input for field/attribute fixed_ips: one {\"ip_address\": …} with a valid address is expected.",
                                           code: "compute.invalid_interface")
        }
        return [FixedIPRequest(subnetId: nil, ipAddress: ip)]
    }
}
