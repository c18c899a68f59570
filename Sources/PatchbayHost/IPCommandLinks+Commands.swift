import PatchbayCore

/// The pure halves of `IPCommandLinks`: actions in, command lines out.
extension IPCommandLinks {
    /// The VXLAN UDP port (IANA).
    public static let vxlanPort = 4789

    /// The command that performs `action`; nil for `setAccessVLAN`, which depends on the
    /// filters present (see `accessVLANCommands`).
    public static func command(for action: L2Action) -> HostCommand? {
        switch action {
        case .createBridge(let name):
            HostCommand(.ip, ["link", "add", name, "type", "bridge"])
        case .createVXLAN(let name, let vni, let local, let underlay):
            HostCommand(.ip, ["link", "add", name, "type", "vxlan", "id", String(vni), "local", local,
                              "dstport", String(vxlanPort), "nolearning"] + (underlay.map { ["dev", $0] } ?? []))
        case .addFloodPeer(let device, let peer):
            HostCommand(.bridge, ["fdb", "append", zeroMAC, "dev", device, "dst", peer])
        case .removeFloodPeer(let device, let peer):
            HostCommand(.bridge, ["fdb", "del", zeroMAC, "dev", device, "dst", peer])
        case .enslave(let device, let bridge):
            HostCommand(.ip, ["link", "set", "dev", device, "master", bridge])
        case .setUp(let name):
            HostCommand(.ip, ["link", "set", "dev", name, "up"])
        case .createTap(let name):
            HostCommand(.ip, ["tuntap", "add", "dev", name, "mode", "tap", "vnet_hdr"])
        case .createMacvtap(let name, let source, let mode, let mac):
            HostCommand(.ip, ["link", "add", "link", source, "name", name, "address", mac,
                              "type", "macvtap", "mode", mode])
        case .setMAC(let device, let mac):
            HostCommand(.ip, ["link", "set", "dev", device, "address", mac])
        case .deleteLink(let name):
            HostCommand(.ip, ["link", "del", "dev", name])
        case .setAccessVLAN:
            nil
        }
    }

    /// The tc commands that give `device` the programs at `paths` (ingress, egress), or none
    /// for nil: the clsact qdisc, then per hook (egress first) one bpf filter at pref 1 handle 1,
    /// replaced in place; a hook holding anything else is emptied first. Mirror filters
    /// (`TCFilter.isMirrorFilter`) are kept: with them present, only other filters are deleted,
    /// by preference, and the qdisc stays.
    public static func accessVLANCommands(device: String, paths: (ingress: String, egress: String)?,
                                          ingress: [TCFilter], egress: [TCFilter]) -> [HostCommand] {
        let mirrors = (ingress + egress).filter(\.isMirrorFilter)
        let ingress = ingress.filter { !$0.isMirrorFilter }, egress = egress.filter { !$0.isMirrorFilter }
        guard let paths else {
            if ingress.isEmpty && egress.isEmpty { return [] }
            guard !mirrors.isEmpty else { return [HostCommand(.tc, ["qdisc", "del", "dev", device, "clsact"])] }
            // Mirror filters share the qdisc: only the access filters go.
            return [("egress", egress), ("ingress", ingress)].flatMap { hook, current in
                Set(current.compactMap(\.pref)).sorted().map {
                    HostCommand(.tc, ["filter", "del", "dev", device, hook, "pref", "\($0)"])
                }
            }
        }
        var commands = [HostCommand(.tc, ["qdisc", "replace", "dev", device, "clsact"])]
        for (hook, path, current) in [("egress", paths.egress, egress), ("ingress", paths.ingress, ingress)] {
            if !current.allSatisfy(\.isManagedSlot) && mirrors.isEmpty {
                commands.append(HostCommand(.tc, ["filter", "del", "dev", device, hook]))
            } else if !current.allSatisfy(\.isManagedSlot) {
                for pref in Set(current.filter { !$0.isManagedSlot }.compactMap(\.pref)).sorted() {
                    commands.append(HostCommand(.tc, ["filter", "del", "dev", device, hook, "pref", "\(pref)"]))
                }
            }
            commands.append(HostCommand(.tc, ["filter", "replace", "dev", device, hook, "pref", "1", "handle", "1",
                                              "bpf", "da", "object-pinned", path]))
        }
        return commands
    }
}
