import PatchbayCore

/// The public version documents and the health check.
enum VersionsController {
    static func base(_ request: APIRequest) -> String { "http://\(request.headers["host"] ?? "127.0.0.1")/network" }

    /// `GET /network/`: the API versions.
    static func versions(_ request: APIRequest) async throws -> APIResponse {
        .ok(["versions": [["id": "v2.0", "status": "CURRENT",
                           "links": [["href": .string(base(request) + "/v2.0/"), "rel": "self"]]]]])
    }

    /// `GET /network/v2.0/`: the core resources.
    static func resources(_ request: APIRequest) async throws -> APIResponse {
        let names = [("network", "networks"), ("subnet", "subnets"), ("subnetpool", "subnetpools"), ("port", "ports")]
        return .ok(["resources": .array(names.map { name, collection in
            ["name": .string(name), "collection": .string(collection),
             "links": [["href": .string(base(request) + "/v2.0/" + collection), "rel": "self"]]]
        })])
    }

    /// `GET /healthz`.
    static func health(_ request: APIRequest) async throws -> APIResponse {
        .ok(["status": "ok"])
    }
}
