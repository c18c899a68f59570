import PatchbayCore

/// `/v2.0/networks/{id}/capabilities` and `/v2.0/ports/{id}/capabilities` (extension
/// `capabilities`): `{"capabilities": {key: value}}`, or one key as `{"capability": {"name",
/// "value"}}`, 404 `CapabilityNotSupported` when it is absent or false.
struct CapabilitiesController {
    let network: NetworkService
    let compute: ComputeService

    func networkAll(_ request: APIRequest) async throws -> APIResponse {
        let (network, _) = try await network.network(request.parameter("id"), caller: request.caller)
        return .ok(["capabilities": .object(NetworkCapabilities.answer(network))])
    }

    func networkOne(_ request: APIRequest) async throws -> APIResponse {
        let (network, _) = try await network.network(request.parameter("id"), caller: request.caller)
        return try Self.one(request.parameter("key"), in: NetworkCapabilities.answer(network), kind: "network", id: network.id)
    }

    func portAll(_ request: APIRequest) async throws -> APIResponse {
        .ok(["capabilities": .object(try await portAnswer(request))])
    }

    func portOne(_ request: APIRequest) async throws -> APIResponse {
        try Self.one(request.parameter("key"), in: try await portAnswer(request), kind: "port", id: request.parameter("id"))
    }

    private static func one(_ key: String, in answer: [String: JSONValue], kind: String, id: String) throws -> APIResponse {
        guard let value = PortCapabilities.value(of: key, in: answer) else {
            throw NetworkCapabilities.notSupported(key, kind: kind, id: id)
        }
        return .ok(["capability": ["name": .string(key), "value": value]])
    }

    /// A bound port answers what its host gives it; an unbound one what it would get on each
    /// kind of NIC that could take it.
    private func portAnswer(_ request: APIRequest) async throws -> [String: JSONValue] {
        let port = try await network.port(request.parameter("id"), caller: request.caller)
        let (network, _) = try await network.network(port.networkId, caller: ComputeService.serviceCaller)
        let vnic = VnicType(rawValue: port.binding.vnicType) ?? .normal
        let binding = port.binding
        guard binding.vifType != VifType.unbound.rawValue, binding.vifType != VifType.bindingFailed.rawValue else {
            var answer = PortCapabilities.port(network: network, vnicType: vnic, nic: nil)
            answer["binding"] = .string(binding.vifType == VifType.unbound.rawValue ? "unbound" : "failed")
            if let request = try PCIRequest.forPort(id: port.id, vnicType: vnic, segments: network.segments) {
                answer["candidates"] = .array(try await compute.candidateNICs(for: request).map { candidate in
                    ["hosts": .int(candidate.hosts),
                     "capabilities": .object(PortCapabilities.port(network: network, vnicType: vnic, nic: candidate.features))]
                })
            }
            return answer
        }
        let slot = binding.profile["pci_slot"]?.stringValue.flatMap(PCIAddress.init)
        let nic = if let slot { try await compute.nicFeatures(host: binding.hostId, address: slot) } else { NICFeatures?.none }
        var answer = PortCapabilities.port(network: network, vnicType: vnic, nic: nic)
        answer["binding"] = .string("bound")
        answer["host"] = .string(binding.hostId)
        answer["vif_type"] = .string(binding.vifType)
        if let driver = binding.boundDriver { answer["mechanism_driver"] = .string(driver) }
        return answer
    }
}
