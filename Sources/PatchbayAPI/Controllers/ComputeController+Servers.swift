import PatchbayCore

extension ComputeController {
    func createServer(_ request: APIRequest) async throws -> APIResponse {
        guard let body = try request.requireBody()["server"]?.objectValue else {
            throw PatchbayError.badRequest("Invalid input for field/attribute server.", code: "compute.invalid_server")
        }
        guard let name = body["name"]?.stringValue, !name.isEmpty, name.count <= 255 else {
            throw PatchbayError.badRequest("Invalid input for field/attribute name: a name of 1 to 255 characters is required.",
                                           code: "compute.invalid_server")
        }
        guard let flavorRef = body["flavorRef"]?.stringValue ?? body["flavorRef"]?.intValue.map(String.init) else {
            throw PatchbayError.badRequest("Invalid input for field/attribute flavorRef.", code: "compute.invalid_server")
        }
        var nics: [ServerCreate.NIC] = []
        for item in body["networks"]?.arrayValue ?? [] {
            if let port = item["port"]?.stringValue {
                nics.append(.port(port))
            } else if let uuid = item["uuid"]?.stringValue {
                nics.append(.network(uuid))
            } else {
                throw PatchbayError.badRequest("Invalid input for field/attribute networks: each entry needs 'uuid' or 'port'.",
                                               code: "compute.invalid_server")
            }
        }
        var keyName: String?
        if let key = body["key_name"], !key.isNull {
            guard let text = key.stringValue else {
                throw PatchbayError.badRequest("Invalid key_name provided.", code: "compute.invalid_key_name")
            }
            keyName = text
        }
        var create = ServerCreate(name: name, flavorRef: flavorRef, imageRef: body["imageRef"]?.stringValue ?? "", nics: nics,
                                  guestData: try GuestData(parsing: body))
        create.keyName = keyName
        let server = try await compute.createServer(create, caller: request.caller)
        return APIResponse(status: 202, body: ["server": ["id": .string(server.id), "links": NovaWire.link(base, "servers/\(server.id)"),
                                                          "OS-DCF:diskConfig": "MANUAL", "security_groups": []]],
                           headers: [("Location", "\(base)/compute/v2.1/servers/\(server.id)")])
    }

    func listServers(_ request: APIRequest) async throws -> APIResponse {
        let detail = request.path.hasSuffix("/detail")
        var rendered: [JSONValue] = []
        for server in try await compute.servers(caller: request.caller) {
            rendered.append(NovaWire.server(server, base: base, detail: detail, addresses: try await addresses(server)))
        }
        return .ok(["servers": .array(rendered)])
    }

    func showServer(_ request: APIRequest) async throws -> APIResponse {
        let server = try await compute.server(request.parameter("id"), caller: request.caller)
        return .ok(["server": NovaWire.server(server, base: base, detail: true, addresses: try await addresses(server))])
    }

    func deleteServer(_ request: APIRequest) async throws -> APIResponse {
        try await compute.deleteServer(request.parameter("id"), caller: request.caller)
        return .noContent
    }

    /// `GET /servers/{id}/os-interface`.
    func interfaces(_ request: APIRequest) async throws -> APIResponse {
        let server = try await compute.server(request.parameter("id"), caller: request.caller)
        var items: [JSONValue] = []
        for attached in server.ports where !attached.detaching {
            guard let port = try? await compute.network.port(attached.portId, caller: ComputeService.serviceCaller) else { continue }
            items.append(NovaWire.interfaceAttachment(port))
        }
        return .ok(["interfaceAttachments": .array(items)])
    }

    /// Nova's `addresses`: network name → `[{addr, version, OS-EXT-IPS-MAC:mac_addr}]`.
    private func addresses(_ server: Server) async throws -> [String: JSONValue] {
        var result: [String: [JSONValue]] = [:]
        for attached in server.ports {
            guard let port = try? await compute.network.port(attached.portId, caller: ComputeService.serviceCaller),
                  let (network, _) = try? await compute.network.network(port.networkId, caller: ComputeService.serviceCaller)
            else { continue }
            for fixed in port.fixedIps {
                result[network.name.isEmpty ? network.id : network.name, default: []].append([
                    "addr": .string(fixed.ipAddress), "version": .int(fixed.ipAddress.contains(":") ? 6 : 4),
                    "OS-EXT-IPS-MAC:mac_addr": .string(port.macAddress), "OS-EXT-IPS:type": "fixed"])
            }
        }
        return result.mapValues(JSONValue.array)
    }
}
