/// Deriving PCI requests the way Nova does: from a port's vnic type, profile and network, and
/// from a flavor's `pci_passthrough:alias` extra spec.
extension PCIRequest {
    /// What an alias name stands for: its ORed device specs and its NUMA policy.
    public struct AliasTemplate: Sendable, Hashable {
        /// The alias's specs (same-name aliases are ORed).
        public var specs: [Spec]
        /// The alias's `numa_policy`, if set.
        public var numaPolicy: NUMAPolicy?

        /// Creates a template.
        public init(specs: [Spec], numaPolicy: NUMAPolicy? = nil) {
            self.specs = specs
            self.numaPolicy = numaPolicy
        }
    }

    /// The PCI request for a port, or nil when the vnic type needs no device (`normal`).
    ///
    /// direct/macvtap ask for a VF, direct-physical for a PF. The physnet is the first segment's;
    /// a tunnelled first segment asks for a device without physnet tag. A `trusted` profile
    /// (true, or a string such as "true"/"yes"/"1") asks for a trusted VF. Required capabilities
    /// the vnic type does not meet by itself must be provided by the VF's NIC.
    /// - Throws: `PatchbayError` `pci.port_without_segment` (`InvalidInput`, 400) when the network has no segment.
    public static func forPort(id portId: String, vnicType: VnicType, profile: [String: JSONValue] = [:],
                               segments: [Segment], numaPolicy: NUMAPolicy? = nil,
                               requiredCapabilities: [Capability] = []) throws(PatchbayError) -> PCIRequest? {
        let deviceType: PCIDeviceType
        switch vnicType {
        case .normal: return nil
        case .direct, .macvtap: deviceType = .vf
        case .directPhysical: deviceType = .pf
        }
        guard let segment = segments.first else {
            var error = PatchbayError.invalidInput("port \(portId) needs a PCI device but its network has no segment")
            error.code = "pci.port_without_segment"
            throw error
        }
        let physnet: PhysnetRequirement = if segment.networkType.isTunnelled {
            .untagged
        } else if let name = segment.physicalNetwork {
            .named(name)
        } else {
            .untagged
        }
        let trusted = deviceType == .vf && isTrue(profile["trusted"])
        let spec = Spec(deviceType: deviceType, physicalNetwork: physnet, trustedRequired: trusted,
                        requiredCapabilities: try PortCapabilities.nicRequirements(requiredCapabilities, vnicType: vnicType))
        return PCIRequest(count: 1, specs: [spec], numaPolicy: numaPolicy, source: .port(portId))
    }

    /// The requests for a flavor's `pci_passthrough:alias` value, e.g. `"a1:2, a2:1"`.
    ///
    /// `flavorNUMAPolicy` (from `hw:pci_numa_affinity_policy`) overrides each alias's own policy.
    /// - Throws: `PatchbayError` `pci.invalid_alias_request` (`InvalidInput`, 400) for a malformed
    ///   entry or a count below 1, and `pci.alias_not_defined` (`PciRequestAliasNotDefined`, 400)
    ///   for an unknown alias name.
    public static func forFlavorAliases(_ extraSpec: String, flavorNUMAPolicy: NUMAPolicy? = nil,
                                        lookup: (String) -> AliasTemplate?) throws(PatchbayError) -> [PCIRequest] {
        var requests: [PCIRequest] = []
        for entry in extraSpec.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            let name = parts.first.map { trim($0) } ?? ""
            guard parts.count == 2, !name.isEmpty, let count = Int(trim(parts[1])), count >= 1 else {
                var error = PatchbayError.invalidInput(
                    "pci_passthrough:alias entry '\(trim(entry))' is not of the form <alias name>:<count ≥ 1>")
                error.code = "pci.invalid_alias_request"
                throw error
            }
            guard let template = lookup(name) else {
                throw PatchbayError(code: "pci.alias_not_defined", type: "PciRequestAliasNotDefined",
                                    category: .badRequest, message: "PCI alias \(name) is not defined")
            }
            requests.append(PCIRequest(count: count, specs: template.specs,
                                       numaPolicy: flavorNUMAPolicy ?? template.numaPolicy, source: .alias(name)))
        }
        return requests
    }

    /// oslo's `bool_from_string`: true, or a string/number meaning true.
    private static func isTrue(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .string(let text): ["true", "1", "yes", "on", "y", "t"].contains(trim(text).lowercased())
        case .int(let number): number == 1
        default: false
        }
    }

    private static func trim(_ text: some StringProtocol) -> String {
        var view = Substring(text)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
