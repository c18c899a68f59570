import ChildProcess
import Foundation
import PatchbayCore

/// The Linux `NetlinkVF`: runs iproute2's `ip` and parses its JSON output.
///
/// Not exercised on hosts without SR-IOV; `arguments(pf:vf:changes:)` and `parseVFInfo(_:)`
/// are the pure halves that tests check.
public struct IPCommandNetlink: NetlinkVF {
    /// The `ip` executable, e.g. `/usr/sbin/ip`.
    public let executable: String

    /// Creates a seam that runs `executable`.
    public init(executable: String = "/usr/sbin/ip") {
        self.executable = executable
    }

    /// Equivalent to: `ip -j link show dev $pf` (its `vfinfo_list`).
    public func vfSettings(pf: String) throws(PatchbayError) -> [Int: VFSettings] {
        try Self.parseVFInfo(run(["-j", "link", "show", "dev", pf]))
    }

    /// Equivalent to: `ip link set dev $pf vf $vf …` with the clauses of `changes`.
    public func set(pf: String, vf: Int, _ changes: [VFSettingChange]) throws(PatchbayError) {
        guard !changes.isEmpty else { return }
        _ = try run(Self.arguments(pf: pf, vf: vf, changes: changes))
    }

    /// `["link", "set", "dev", pf, "vf", "3", "mac", …]`: all changes in one command.
    public static func arguments(pf: String, vf: Int, changes: [VFSettingChange]) -> [String] {
        ["link", "set", "dev", pf, "vf", String(vf)] + changes.flatMap(\.ipArguments)
    }

    /// The VFs in `ip -j link show` output: `vfinfo_list` of its first link, by VF number.
    ///
    /// Accepts both VLAN shapes iproute2 prints (`vlan`/`qos`, or `vlan_list`).
    public static func parseVFInfo(_ json: String) throws(PatchbayError) -> [Int: VFSettings] {
        let value: JSONValue
        do { value = try JSONParser.parse(json) } catch {
            throw .netlinkFailed("ip -j link show", "unparseable output")
        }
        guard let link = value.arrayValue?.first else { throw .netlinkFailed("ip -j link show", "no link") }
        var result: [Int: VFSettings] = [:]
        for info in link["vfinfo_list"]?.arrayValue ?? [] {
            guard let vf = info["vf"]?.intValue else { continue }
            let vlan = info["vlan_list"]?.arrayValue?.first ?? info
            result[vf] = VFSettings(
                mac: info["address"]?.stringValue ?? VFSettings.zeroMAC,
                vlan: vlan["vlan"]?.intValue ?? 0, qos: vlan["qos"]?.intValue ?? 0,
                spoofChecking: info["spoofchk"]?.boolValue ?? true, trust: info["trust"]?.boolValue ?? false,
                linkState: info["link_state"]?.stringValue.flatMap(VFSettings.LinkState.init(rawValue:)) ?? .auto,
                minTxRate: info["rate"]?["min_tx"]?.intValue ?? 0, maxTxRate: info["rate"]?["max_tx"]?.intValue ?? 0)
        }
        return result
    }

    /// Runs `ip` and returns stdout; a non-zero exit becomes the kernel-like error `ip` printed.
    private func run(_ arguments: [String]) throws(PatchbayError) -> String {
        let command = "ip " + arguments.joined(separator: " ")
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(executable, arguments) } catch { throw .netlinkFailed(command, error.description) }
        let message = outcome.errorText
        guard outcome.status == 0 else {
            if message.hasPrefix("Cannot find device"), let dev = arguments.firstIndex(of: "dev") {
                throw .netlinkDeviceNotFound(arguments[dev + 1])
            }
            if message.contains("Invalid argument") { throw .netlinkInvalidArgument(command) }
            throw .netlinkFailed(command, message)
        }
        return outcome.outputText
    }
}
