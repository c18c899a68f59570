import PatchbayCore

/// Turns the raw sysfs facts of a host into `PCIDevice`s and PF health records.
///
/// Every function with a readable vendor and device is reported; device specs and exclusions
/// are applied later. A malformed function is skipped with a reason rather than failing the pass.
public struct Discovery: Sendable {
    /// Where the facts come from.
    public let reader: any SysfsReader

    /// Creates a discovery over a sysfs reader.
    public init(reader: any SysfsReader) {
        self.reader = reader
    }

    /// Reads sysfs once and interprets it.
    public func run() throws(PatchbayError) -> DiscoveryReport {
        let raw = try reader.pciDevices()
        var report = DiscoveryReport()
        var parsed: [(facts: SysfsDevice, identity: FunctionIdentity)] = []
        for facts in raw {
            switch FunctionIdentity.parse(facts) {
            case .identified(let identity): parsed.append((facts, identity))
            case .skipped(let skip): report.skipped.append(skip)
            }
        }
        let vfNumbers = virtualFunctionNumbers(parsed.map(\.facts))
        var pfMACs: [PCIAddress: String] = [:]
        var pfFeatures: [PCIAddress: NICFeatures] = [:]
        for (facts, identity) in parsed where identity.type == .pf {
            let interface = facts.netdevs.first.flatMap(reader.netInterface(named:))
            pfMACs[identity.address] = interface?.address?.lowercased()
            if interface != nil { pfFeatures[identity.address] = Self.features(of: facts, interface: interface) }
            report.health.append(health(of: facts, at: identity.address, interface: interface))
        }
        report.devices = parsed.map { facts, identity in
            let parent = identity.type == .vf ? facts.physicalFunction.flatMap(PCIAddress.init) : nil
            return PCIDevice(
                address: identity.address, vendorId: identity.vendorId, productId: identity.productId,
                type: identity.type, parentAddress: parent, numaNode: identity.numaNode,
                netdev: facts.netdevs.first,
                pfMACAddress: identity.type == .pf ? pfMACs[identity.address] : parent.flatMap { pfMACs[$0] },
                vfNumber: identity.type == .vf ? vfNumbers[identity.address] : nil,
                nicFeatures: identity.type == .pf ? pfFeatures[identity.address] : parent.flatMap { pfFeatures[$0] })
        }.sorted { $0.address < $1.address }
        report.health.sort { $0.address < $1.address }
        return report
    }

    /// A network PF's features: its driver, VF count and link speed, and which of the i40e mirror
    /// files (`sriov/<vf>/ingress_mirror`, `egress_mirror`, `vlan_mirror`) its driver offers.
    static func features(of facts: SysfsDevice, interface: SysfsNetInterface?) -> NICFeatures {
        // A link that is down reports -1 (or nothing); only a positive speed is a fact.
        let speed = interface?.speed.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        let mirror = facts.vfMirrorFiles
        return NICFeatures(driver: facts.driver, totalVFs: facts.sriovTotalVFs.flatMap { Int($0) }, linkSpeedMbps: speed,
                           mirroring: MirrorSupport(ingress: mirror.contains("ingress_mirror"), egress: mirror.contains("egress_mirror"),
                                                    vlanFilter: mirror.contains("vlan_mirror")))
    }

    /// Maps each VF address to N of the `virtfnN` link that points at it.
    private func virtualFunctionNumbers(_ devices: [SysfsDevice]) -> [PCIAddress: Int] {
        var numbers: [PCIAddress: Int] = [:]
        for device in devices {
            for link in device.virtualFunctions where link.resolves {
                if let address = PCIAddress(link.target) { numbers[address] = link.number }
            }
        }
        return numbers
    }

    private func health(of facts: SysfsDevice, at address: PCIAddress, interface: SysfsNetInterface?) -> PhysicalFunctionHealth {
        let carrier: PhysicalFunctionHealth.Carrier
        if facts.netdevs.isEmpty {
            carrier = .notApplicable
        } else if let operstate = interface?.operstate, operstate == "up" {
            carrier = .up
        } else {
            carrier = .down(operstate: interface?.operstate ?? "unreadable")
        }
        let expected = facts.sriovNumVFs.flatMap { Int($0) } ?? 0
        let present = Set(facts.virtualFunctions.filter(\.resolves).map(\.number))
        let missing = (0..<max(expected, 0)).filter { !present.contains($0) }
        return PhysicalFunctionHealth(address: address, carrier: carrier, expectedVFs: expected,
                                      presentVFs: present.count, missingVFNumbers: missing)
    }
}
