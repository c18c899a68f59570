import PatchbayCore

extension NetworkService {
    /// Sets `patchbay:required_capabilities` from an update (nil: unchanged) and checks the
    /// port's vnic type can meet them.
    /// - Throws: 409 `port.capabilities_while_bound` when the requirements would change on a port
    ///   already bound to a host (they choose the host, so they cannot change once it is chosen);
    ///   400 `port.capability_unavailable` when the vnic type can never meet them.
    func applyRequiredCapabilities(_ requested: [Capability]?, to port: inout Port, boundTo host: String) throws {
        let wanted = requested.map { $0.isEmpty ? nil : $0 } ?? port.requiredCapabilities
        if wanted != port.requiredCapabilities, !host.isEmpty {
            throw PatchbayError.conflict("PortBound", code: "port.capabilities_while_bound",
                "Unable to change patchbay:required_capabilities of port \(port.id) while it is bound to host \(host).")
        }
        port.requiredCapabilities = wanted
        _ = try PortCapabilities.nicRequirements(wanted ?? [], vnicType: VnicType(rawValue: port.binding.vnicType) ?? .normal)
    }
}
