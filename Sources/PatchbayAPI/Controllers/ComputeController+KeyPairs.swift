import PatchbayCore

extension ComputeController {
    /// `GET /os-keypairs`: `{"keypairs": [{"keypair": {name, public_key, fingerprint, type}}]}`.
    func listKeyPairs(_ request: APIRequest) async throws -> APIResponse {
        let pairs = try await compute.keyPairs(caller: request.caller)
        return .ok(["keypairs": .array(pairs.map { ["keypair": NovaWire.keyPair($0, detail: false)] })])
    }

    /// `GET /os-keypairs/{name}`.
    func showKeyPair(_ request: APIRequest) async throws -> APIResponse {
        .ok(["keypair": NovaWire.keyPair(try await compute.keyPair(request.parameter("name"), caller: request.caller), detail: true)])
    }

    /// `POST /os-keypairs` with `{"keypair": {"name": …, "public_key": …}}`: 200 (microversion 2.1).
    func createKeyPair(_ request: APIRequest) async throws -> APIResponse {
        guard let body = try request.requireBody()["keypair"]?.objectValue, let name = body["name"]?.stringValue else {
            throw PatchbayError.badRequest("Invalid input for field/attribute keypair. 'name' is a required property.",
                                           code: "compute.invalid_keypair")
        }
        if let type = body["type"]?.stringValue, type != "ssh" {
            throw PatchbayError.badRequest("Invalid input for field/attribute type. Value: \(type). 'ssh' is the only type.",
                                           code: "compute.invalid_keypair")
        }
        let publicKey = body["public_key"].flatMap { $0.isNull ? nil : $0.stringValue }
        let created = try await compute.importKeyPair(name: name, publicKey: publicKey, caller: request.caller)
        return .ok(["keypair": NovaWire.keyPair(created, detail: false)])
    }

    /// `DELETE /os-keypairs/{name}`: 202.
    func deleteKeyPair(_ request: APIRequest) async throws -> APIResponse {
        try await compute.deleteKeyPair(request.parameter("name"), caller: request.caller)
        return APIResponse(status: 202)
    }
}

extension NovaWire {
    /// A key pair as Nova shows it: list and create entries, or the detailed show.
    static func keyPair(_ pair: KeyPair, detail: Bool) -> JSONValue {
        var body: [String: JSONValue] = ["name": .string(pair.name), "public_key": .string(pair.publicKey),
                                         "fingerprint": .string(pair.fingerprint), "type": .string(pair.type),
                                         "user_id": .string(pair.userId)]
        if detail {
            body["created_at"] = .string(Timestamp.iso8601(pair.createdAt))
            body["deleted"] = false
            body["deleted_at"] = .null
            body["updated_at"] = .null
            body["id"] = .int(Int(pair.createdAt & 0x7fff_ffff))
        }
        return .object(body)
    }
}
