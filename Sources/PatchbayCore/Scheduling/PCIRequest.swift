/// A request for `count` PCI devices, each matching any one of `specs`, placed under a NUMA
/// policy. Ports produce one-device requests; flavor aliases produce `name:count` requests.
public struct PCIRequest: Sendable, Hashable {
    /// How many devices the request needs; all are taken on one host.
    public var count: Int
    /// Alternative device descriptions; a pool satisfies the request when it matches any of them.
    public var specs: [Spec]
    /// The NUMA policy; nil means Nova's default, `legacy`.
    public var numaPolicy: NUMAPolicy?
    /// Who asked: a port or a flavor alias.
    public var source: Source

    /// Creates a request.
    public init(count: Int, specs: [Spec], numaPolicy: NUMAPolicy? = nil, source: Source) {
        self.count = count
        self.specs = specs
        self.numaPolicy = numaPolicy
        self.source = source
    }

    /// The policy in force: the request's own, or `legacy`.
    public var effectiveNUMAPolicy: NUMAPolicy { numaPolicy ?? .legacy }

    /// Where a request came from.
    public enum Source: Sendable, Hashable {
        /// A Neutron port with this id.
        case port(String)
        /// A flavor `pci_passthrough:alias` entry with this alias name.
        case alias(String)
    }

    /// What a request says about the `physical_network` tag of a pool.
    public enum PhysnetRequirement: Sendable, Hashable {
        /// Any pool, tagged or not (alias requests).
        case any
        /// Only pools without a physnet tag (ports on tunnelled networks).
        case untagged
        /// Only pools tagged with exactly this physnet.
        case named(String)
    }

    /// One device description. Every field that is set must equal the pool's.
    public struct Spec: Sendable, Hashable {
        /// Required vendor id (lowercase hex), or nil for any.
        public var vendorId: String?
        /// Required product id (lowercase hex), or nil for any.
        public var productId: String?
        /// Required device type; nil means any type except PF (PFs are only given on request).
        public var deviceType: PCIDeviceType?
        /// The physnet requirement.
        public var physicalNetwork: PhysnetRequirement
        /// True when only trusted pools will do; false accepts trusted and untrusted pools.
        public var trustedRequired: Bool
        /// Extra tags that must be present on the pool with these (lowercase) values.
        public var tags: [String: String]
        /// What the pool's NIC must provide (a port's `patchbay:required_capabilities` that its
        /// vnic type does not meet by itself), sorted.
        public var requiredCapabilities: [Capability]

        /// Creates a spec.
        public init(vendorId: String? = nil, productId: String? = nil, deviceType: PCIDeviceType? = nil,
                    physicalNetwork: PhysnetRequirement = .any, trustedRequired: Bool = false,
                    tags: [String: String] = [:], requiredCapabilities: [Capability] = []) {
            self.vendorId = vendorId?.lowercased()
            self.productId = productId?.lowercased()
            self.deviceType = deviceType
            self.physicalNetwork = physicalNetwork
            self.trustedRequired = trustedRequired
            self.tags = tags
            self.requiredCapabilities = requiredCapabilities
        }

        /// True when `pool` has every property this spec names (the NUMA policy aside).
        public func matches(_ pool: PoolSummary) -> Bool {
            if let deviceType {
                guard pool.deviceType == deviceType else { return false }
            } else if pool.deviceType == .pf {
                return false
            }
            if let vendorId, vendorId != pool.vendorId { return false }
            if let productId, productId != pool.productId { return false }
            switch physicalNetwork {
            case .any: break
            case .untagged: if pool.physicalNetwork != nil { return false }
            case .named(let name): if pool.physicalNetwork != name { return false }
            }
            if trustedRequired && !pool.trusted { return false }
            if !tags.isEmpty {
                for (key, value) in tags where pool.tags[key] != value { return false }
            }
            for capability in requiredCapabilities where !pool.nicCapabilities.contains(capability) { return false }
            return true
        }
    }

    /// True when `pool` matches any of the specs.
    public func matches(_ pool: PoolSummary) -> Bool {
        for index in specs.indices where specs[index].matches(pool) { return true }
        return false
    }

    /// A short phrase for explanations, e.g. `VF on physnet2`, `VF on physnet2 with mirroring.in`, `trusted VF without physnet`,
    /// `PF on physnet1`, `device for alias gpu`.
    public var shortDescription: String {
        if case .alias(let name) = source { return count == 1 ? "device for alias \(name)" : "\(count) devices for alias \(name)" }
        guard let spec = specs.first else { return "device" }
        let kind = switch spec.deviceType {
        case .pf: "PF"
        case .vf: "VF"
        case .pci: "PCI device"
        case nil: "device"
        }
        let physnet = switch spec.physicalNetwork {
        case .any: ""
        case .untagged: " without physnet"
        case .named(let name): " on \(name)"
        }
        let capabilities = spec.requiredCapabilities.isEmpty ? ""
            : " with " + spec.requiredCapabilities.map(\.rawValue).joined(separator: ", ")
        return (spec.trustedRequired ? "trusted " : "") + kind + physnet + capabilities
    }
}
