import PatchbayCore
import Synchronization

/// A stateful fake of SR-IOV NICs behind the `NetlinkVF` seam, for hosts without real VFs.
///
/// It holds PFs with a number of VFs each, remembers every VF's settings, fails like the kernel
/// for an unknown PF (`Cannot find device`) or VF (`Invalid argument`), and prints its state the
/// way `ip link show $pf` does, so tests read it as an operator would.
public final class FakeNIC: NetlinkVF {
    private struct PF {
        var index: Int
        var mac: String
        var vfs: [VFSettings]
    }

    private let pfs: Mutex<[String: PF]>

    /// Creates a NIC with `pfs` PF names and their VF counts, every VF in its default settings.
    public init(_ pfs: [String: Int]) {
        var table: [String: PF] = [:]
        for (offset, name) in pfs.keys.sorted().enumerated() {
            table[name] = PF(index: offset + 2, mac: String(format2: offset),
                             vfs: Array(repeating: .defaults, count: pfs[name]!))
        }
        self.pfs = Mutex(table)
    }

    /// Equivalent to: `ip -j link show dev $pf` (its `vfinfo_list`).
    public func vfSettings(pf: String) throws(PatchbayError) -> [Int: VFSettings] {
        let vfs = pfs.withLock { $0[pf]?.vfs }
        guard let vfs else { throw .netlinkDeviceNotFound(pf) }
        return Dictionary(uniqueKeysWithValues: vfs.enumerated().map { ($0.offset, $0.element) })
    }

    /// Equivalent to: `ip link set dev $pf vf $vf …` with the clauses of `changes`.
    public func set(pf: String, vf: Int, _ changes: [VFSettingChange]) throws(PatchbayError) {
        let result: PatchbayError? = pfs.withLock { table in
            guard var entry = table[pf] else { return .netlinkDeviceNotFound(pf) }
            guard entry.vfs.indices.contains(vf) else { return .netlinkInvalidArgument("\(pf) has no vf \(vf)") }
            if let bad = changes.first(where: { !Self.isValid($0) }) {
                return .netlinkInvalidArgument("\(pf) vf \(vf) \(bad.ipArguments.joined(separator: " "))")
            }
            entry.vfs[vf] = entry.vfs[vf].applying(changes)
            table[pf] = entry
            return nil
        }
        if let result { throw result }
    }

    /// The text `ip link show dev $pf` prints, with one `vf N` line per VF.
    public func ipLinkShow(pf: String) throws(PatchbayError) -> String {
        let entry = pfs.withLock { $0[pf] }
        guard let entry else { throw .netlinkDeviceNotFound(pf) }
        var lines = [
            "\(entry.index): \(pf): <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000",
            "    link/ether \(entry.mac) brd ff:ff:ff:ff:ff:ff",
        ]
        for (vf, settings) in entry.vfs.enumerated() {
            lines.append("    vf \(vf)     " + Self.vfLine(settings))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One VF's fields as iproute2's `print_vfinfo` prints them after `vf N`.
    static func vfLine(_ settings: VFSettings) -> String {
        var line = "link/ether \(settings.mac) brd ff:ff:ff:ff:ff:ff"
        if settings.vlan != 0 { line += ", vlan \(settings.vlan)" }
        if settings.qos != 0 { line += ", qos \(settings.qos)" }
        if settings.maxTxRate != 0 { line += ", max_tx_rate \(settings.maxTxRate)Mbps" }
        if settings.minTxRate != 0 { line += ", min_tx_rate \(settings.minTxRate)Mbps" }
        line += ", spoof checking \(settings.spoofChecking ? "on" : "off")"
        line += ", link-state \(settings.linkState.rawValue)"
        line += ", trust \(settings.trust ? "on" : "off")"
        return line
    }

    /// What the kernel accepts: a unicast MAC (or zero), VLAN 0–4095, QoS 0–7, min ≤ max rate.
    private static func isValid(_ change: VFSettingChange) -> Bool {
        switch change {
        case .mac(let mac):
            let parts = mac.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else { return false }
            return UInt8(parts[0], radix: 16)! & 1 == 0
        case .vlan(let vlan, let qos): return (0...4095).contains(vlan) && (0...7).contains(qos)
        case .txRate(let min, let max): return min >= 0 && max >= 0 && (max == 0 || min <= max)
        case .spoofChecking, .trust, .linkState: return true
        }
    }
}

private extension String {
    /// A locally administered PF MAC derived from the PF's position, e.g. `3c:fd:fe:00:00:01`.
    init(format2 offset: Int) {
        let low = String(offset & 0xff, radix: 16)
        self = "3c:fd:fe:00:00:" + (low.count == 1 ? "0" + low : low)
    }
}
