/// The capabilities API's answers, derived only from facts: the network's segment and MTU, the
/// vif the port was bound with, and the features its NIC reported.
///
/// A requestable capability appears (as `true`) only where it is provided; `mirroring` is always
/// an object of three booleans. A key that is absent or `false` is not supported.
public enum PortCapabilities {
    /// What Patchbay itself provides a port of this vnic type, whatever the NIC: tc mirrors and
    /// redirects on the host-side tap or macvtap device. A VF given whole to the guest (`direct`)
    /// or a PF has no host-side device, so only the NIC can mirror it.
    public static func software(for vnicType: VnicType) -> Set<Capability> {
        switch vnicType {
        case .normal, .macvtap: [.mirroringIn, .mirroringOut, .mirroringVLANFilter, .inline]
        case .direct, .directPhysical: []
        }
    }

    /// Everything a port of this vnic type gets on a NIC with these features (nil: no NIC).
    public static func provided(vnicType: VnicType, nic: NICFeatures?) -> Set<Capability> {
        var provided = software(for: vnicType)
        switch vnicType {
        case .macvtap:
            // tc mirrors the macvtap device; the NIC's own mirroring is not used.
            provided.formUnion((nic?.capabilities ?? []).subtracting([.mirroringIn, .mirroringOut, .mirroringVLANFilter]))
        case .direct: provided.formUnion(nic?.capabilities ?? [])
        case .normal, .directPhysical: break
        }
        return provided
    }

    /// The requirements a NIC must meet for a port: those the vnic type does not meet by itself.
    /// - Throws: `PatchbayError` `port.capability_unavailable` (400) when a requirement can never
    ///   be met by this vnic type (no NIC is involved, or a whole PF has no VF settings).
    public static func nicRequirements(_ required: [Capability], vnicType: VnicType) throws(PatchbayError) -> [Capability] {
        let remaining = required.filter { !software(for: vnicType).contains($0) }
        guard vnicType == .direct || vnicType == .macvtap || remaining.isEmpty else {
            let names = remaining.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("A port with binding:vnic_type \(vnicType.rawValue) cannot provide \(names); "
                              + "only direct and macvtap ports get NIC capabilities.", code: "port.capability_unavailable")
        }
        return remaining
    }

    /// The network part of every answer: segment type, physnet, segmentation id and MTU.
    public static func networkFacts(_ network: Network) -> [String: JSONValue] {
        var facts: [String: JSONValue] = ["mtu": .int(network.mtu)]
        if let segment = network.primarySegment {
            facts["network_type"] = .string(segment.networkType.rawValue)
            if let physnet = segment.physicalNetwork { facts["physical_network"] = .string(physnet) }
            if let id = segment.segmentationId { facts["segmentation_id"] = .int(id) }
        }
        return facts
    }

    /// The answer for a port with this vnic type on a NIC with these features (nil: no NIC).
    public static func port(network: Network, vnicType: VnicType, nic: NICFeatures?) -> [String: JSONValue] {
        var answer = networkFacts(network)
        let provided = provided(vnicType: vnicType, nic: nic)
        answer["vnic_type"] = .string(vnicType.rawValue)
        answer["mirroring"] = MirrorSupport(ingress: provided.contains(.mirroringIn), egress: provided.contains(.mirroringOut),
                                            vlanFilter: provided.contains(.mirroringVLANFilter)).json
        for capability in provided where !capability.rawValue.hasPrefix("mirroring.") {
            answer[capability.rawValue] = .bool(true)
        }
        // Nothing filters a port's traffic by security group yet, on any vif.
        answer["security_groups"] = .string("not_enforced")
        if let nic, vnicType != .normal {
            if let driver = nic.driver { answer["nic_driver"] = .string(driver) }
            if let total = nic.totalVFs { answer["vf_count"] = .int(total) }
            if let speed = nic.linkSpeedMbps {
                answer["link_speed_mbps"] = .int(speed)
                if provided.contains(.maxTxRate) { answer["max_tx_rate_mbps"] = .int(speed) }
            }
        }
        return answer
    }

    /// One key of an answer; a dotted key (`mirroring.in`) reads into an object. Nil when the
    /// key is absent or `false`: the capability is not supported.
    public static func value(of key: String, in answer: [String: JSONValue]) -> JSONValue? {
        var current: JSONValue = .object(answer)
        for part in key.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let members) = current, let next = members[String(part)] else { return nil }
            current = next
        }
        if case .bool(false) = current { return nil }
        return current
    }
}
