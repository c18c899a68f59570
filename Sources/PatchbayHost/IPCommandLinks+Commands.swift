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
    /// replaced in place; a hook holding anything else is emptied first.
    public static func accessVLANCommands(device: String, paths: (ingress: String, egress: String)?,
                                          ingress: [TCFilter], egress: [TCFilter]) -> [HostCommand] {
        guard let paths else {
            return ingress.isEmpty && egress.isEmpty ? [] : [HostCommand(.tc, ["qdisc", "del", "dev", device, "clsact"])]
        }
        var commands = [HostCommand(.tc, ["qdisc", "replace", "dev", device, "clsact"])]
        for (hook, path, current) in [("egress", paths.egress, egress), ("ingress", paths.ingress, ingress)] {
            if !current.allSatisfy(\.isManagedSlot) {
                commands.append(HostCommand(.tc, ["filter", "del", "dev", device, hook]))
            }
            commands.append(HostCommand(.tc, ["filter", "replace", "dev", device, hook, "pref", "1", "handle", "1",
                                              "bpf", "da", "object-pinned", path]))
        }
        return commands
    }
}
