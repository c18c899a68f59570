import PatchbayCore

/// `/compute`: Nova's version documents, flavors, servers, hypervisors and interfaces.
/// Every answer carries the microversion headers; only 2.1 is served.
struct ComputeController {
    let compute: ComputeService
    let address: ServerAddress

    var base: String { address.baseURL }
    static let version = "2.1"

    /// Checks the requested microversion (`OpenStack-API-Version: compute X` or the legacy
    /// header) and stamps the answer with the one served.
    func versioned(_ handler: @escaping @Sendable (APIRequest) async throws -> APIResponse) -> @Sendable (APIRequest) async throws -> APIResponse {
        { request in
            let asked = request.headers["openstack-api-version"].flatMap { header -> String? in
                let parts = header.split(separator: " ")
                return parts.count == 2 && parts[0].lowercased() == "compute" ? String(parts[1]) : nil
            } ?? request.headers["x-openstack-nova-api-version"]
            if let asked, asked != "latest", !Self.isVersion(asked) {
                throw PatchbayError(code: "compute.invalid_microversion", type: "InvalidAPIVersionString", category: .badRequest,
                                    message: "API Version String \(asked) is of invalid format. Must be of format MajorNum.MinorNum.")
            }
            if let asked, asked != "latest", asked != Self.version {
                throw PatchbayError(code: "compute.unsupported_microversion", type: "VersionNotAcceptable", category: .notAcceptable,
                                    message: "Version \(asked) is not supported by the API. Minimum is \(Self.version) and maximum is \(Self.version).")
            }
            var response: APIResponse
            do {
                response = try await handler(request)
            } catch let error as PatchbayError {
                // Nova stamps its faults with the served version too (all but a refused version).
                response = FaultRenderer.render(error, family: .compute)
            }
            response.headers += [("OpenStack-API-Version", "compute \(Self.version)"),
                                 ("X-OpenStack-Nova-API-Version", Self.version),
                                 ("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version")]
            return response
        }
    }

    /// `MajorNum.MinorNum`, as Nova's version parser demands.
    static func isVersion(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    func versionBody() -> JSONValue {
        ["id": "v2.1", "status": "CURRENT", "version": .string(Self.version), "min_version": .string(Self.version),
         "updated": "2013-07-23T11:33:21Z", "links": [["rel": "self", "href": .string("\(base)/compute/v2.1/")]]]
    }

    func versions(_ request: APIRequest) async throws -> APIResponse { .ok(["versions": [versionBody()]]) }
    func version(_ request: APIRequest) async throws -> APIResponse { .ok(["version": versionBody()]) }

    // MARK: hypervisors

    func hypervisors(_ request: APIRequest) async throws -> APIResponse {
        let detail = request.path.hasSuffix("/detail")
        let hosts = try await compute.hosts(caller: request.caller)
        return .ok(["hypervisors": .array(hosts.enumerated().map { index, item in
            let (host, inventory, alive) = item
            var body: [String: JSONValue] = ["id": .int(index + 1), "hypervisor_hostname": .string(host.name),
                                             "state": alive ? "up" : "down", "status": host.enabled ? "enabled" : "disabled"]
            if detail {
                body["vcpus"] = .int(host.vcpus)
                body["memory_mb"] = .int(host.memoryMB)
                body["hypervisor_type"] = "QEMU"
                body["host_ip"] = "127.0.0.1"
                body["service"] = ["host": .string(host.name)]
                body["pci_device_pools"] = .array(inventory.pools.map { pool in
                    ["vendor_id": .string(pool.key.vendorId), "product_id": .string(pool.key.productId),
                     "count": .int(pool.freeCount), "tags": .object(pool.key.tags.mapValues(JSONValue.string))]
                })
            }
            return .object(body)
        })])
    }
}
