/// Turns a host's desired state into a `HostPlan`: pure, so every rule is tested without a host.
///
/// - `hw_veb` ports (vnic `direct` or `macvtap`) on a VF of this host get VF settings derived as
///   Neutron's SR-IOV agent does; `macvtap` vnic ports also get a passthrough macvtap on the VF's
///   netdev (unless an 802.1Qbh `profileid` leaves it to libvirt, see `PortDevice`).
/// - `bridge` ports get a tap, created by the agent, on their physnet's bridge (uplink from
///   `bridge_mappings`) on the segment's VLAN, or on their VNI's bridge with this host's VXLAN
///   endpoint and the peers.
/// - Each guest waits for the link intents of its ports (`HostPlan.guestLinkPorts`), and for
///   every port its domain names by MAC to be in the state (`HostPlan.guestsWithUnlistedNICs`).
/// - `macvtap` ports get a macvtap on `macvtap_source` in `macvtap_mode` with the port's MAC.
/// - Other vif types (`hostdev_physical`, `802.1qbh`, …) need nothing from the agent but the guest.
public enum HostPlanner {
    /// Plans the host.
    public static func plan(_ desired: HostDesiredState, facts: HostFacts) -> HostPlan {
        var plan = HostPlan()
        for port in desired.ports {
            do throws(PlanningRefusal) {
                try place(port, desired: desired, facts: facts, into: &plan)
            } catch {
                plan.unplannable[port.id] = error.reason
            }
        }
        for intent in plan.links {
            guard let owner = desired.ports.first(where: { $0.id == intent.portID })?.deviceId, !owner.isEmpty else { continue }
            plan.guestLinkPorts[owner.lowercased(), default: []].insert(intent.portID)
        }
        let listed = Set(desired.ports.map { GuestNICDevice.key(mac: $0.macAddress) })
        for guest in desired.guests {
            let named = GuestNICDevice.devices(inDomainXML: guest.domainXML).map(\.key).filter { $0.hasPrefix("mac:") }
            if !Set(named).isSubset(of: listed) { plan.guestsWithUnlistedNICs.insert(guest.serverId.lowercased()) }
        }
        plan.guests = desired.guests.map {
            DesiredGuest(uuid: $0.serverId, name: $0.name, domainXML: $0.domainXML, power: $0.power, reboot: $0.reboot,
                         storage: $0.storage)
        }
        return plan
    }

    private static func place(_ port: HostPort, desired: HostDesiredState, facts: HostFacts,
                              into plan: inout HostPlan) throws(PlanningRefusal) {
        switch port.vifType {
        case "hw_veb":
            let (vf, device) = try virtualFunction(of: port, facts: facts)
            plan.virtualFunctions.append(vf)
            if case .macvtap? = PortDevice.agentOwned(portID: port.id, vifType: port.vifType, vnicType: port.vnicType,
                                                      vifDetails: port.vifDetails) {
                guard let netdev = device.netdev else { throw PlanningRefusal("VF \(device.address) has no netdev for a macvtap") }
                plan.links.append(L2PortIntent(portID: port.id, kind: .macvtap(source: netdev, mode: "passthrough", mac: port.macAddress)))
            }
        case "bridge":
            plan.links.append(L2PortIntent(portID: port.id, kind: try bridged(port, desired: desired, facts: facts)))
        case "macvtap":
            guard let source = port.vifDetails["macvtap_source"]?.stringValue,
                  let mode = port.vifDetails["macvtap_mode"]?.stringValue
            else { throw PlanningRefusal("vif_details lack macvtap_source or macvtap_mode") }
            plan.links.append(L2PortIntent(portID: port.id, kind: .macvtap(source: source, mode: mode, mac: port.macAddress)))
        default:
            break
        }
    }

    private static func virtualFunction(of port: HostPort, facts: HostFacts) throws(PlanningRefusal) -> (VFDesiredState, PCIDevice) {
        guard let slot = port.profile["pci_slot"]?.stringValue, let address = PCIAddress(slot) else {
            throw PlanningRefusal("binding:profile has no pci_slot")
        }
        guard let device = facts.devices[address] else { throw PlanningRefusal("PCI device \(slot) is not on this host") }
        guard device.type == .vf, let number = device.vfNumber, let parent = device.parentAddress,
              let pf = facts.devices[parent]?.netdev
        else { throw PlanningRefusal("PCI device \(slot) is not a VF with a PF netdev") }
        let vlan = port.segment?.networkType == .vlan ? port.segment?.segmentationId ?? 0 : 0
        let trusted = port.profile["trusted"].map { $0.boolValue ?? ($0.stringValue?.lowercased() == "true") } ?? false
        let state = VFDesiredState(pf: pf, vf: number, portID: port.id, mac: port.macAddress, vlan: vlan,
                                   portSecurityEnabled: port.portSecurityEnabled, trusted: trusted,
                                   adminStateUp: port.adminStateUp, propagateUplinkStatus: port.propagateUplinkStatus)
        return (state, device)
    }

    private static func bridged(_ port: HostPort, desired: HostDesiredState, facts: HostFacts) throws(PlanningRefusal) -> L2PortIntent.Kind {
        guard let bridge = port.vifDetails["bridge_name"]?.stringValue else { throw PlanningRefusal("vif_details lack bridge_name") }
        guard let segment = port.segment else { throw PlanningRefusal("the port has no bound segment") }
        switch segment.networkType {
        case .flat, .vlan:
            guard let physnet = segment.physicalNetwork, let uplink = facts.mappings.bridgeMappings[physnet] else {
                throw PlanningRefusal("physnet \(segment.physicalNetwork ?? "-") is not in bridge_mappings")
            }
            return .bridged(bridge: bridge, uplink: uplink, vlan: segment.networkType == .vlan ? segment.segmentationId : nil)
        case .vxlan:
            guard let vni = segment.segmentationId else { throw PlanningRefusal("the vxlan segment has no VNI") }
            guard let local = facts.tunnelingIP else { throw PlanningRefusal("vxlan needs vxlan.local_ip in the agent config") }
            return .vxlan(bridge: bridge, vni: vni, localIP: local, underlay: facts.tunnelInterface,
                          peers: desired.tunnelPeers[port.networkId] ?? [])
        }
    }
}

/// Why one port cannot be planned.
struct PlanningRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
