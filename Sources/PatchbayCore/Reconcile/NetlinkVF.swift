/// The seam between VF reconcile and the kernel: reads and sets the VF settings a PF driver holds.
///
/// `IPCommandNetlink` (PatchbayHost) runs `ip`; `FakeNIC` (PatchbayTesting) keeps the state in memory.
public protocol NetlinkVF: Sendable {
    /// The settings of every VF of `pf`, by VF number.
    ///
    /// Equivalent to: `ip -j link show dev $pf` (its `vfinfo_list`).
    func vfSettings(pf: String) throws(PatchbayError) -> [Int: VFSettings]

    /// Sets the given fields of one VF, all in one command.
    ///
    /// Equivalent to: `ip link set dev $pf vf $vf mac $mac vlan $vlan qos $qos spoofchk on|off
    /// trust on|off state auto|enable|disable min_tx_rate $min max_tx_rate $max`, with only the
    /// clauses of `changes` (see `VFSettingChange.ipArguments`).
    func set(pf: String, vf: Int, _ changes: [VFSettingChange]) throws(PatchbayError)
}

extension PatchbayError {
    /// 404 `NetlinkDeviceNotFound`: the kernel's `Cannot find device "$pf"`.
    public static func netlinkDeviceNotFound(_ pf: String) -> PatchbayError {
        PatchbayError(code: "host.netlink_device_not_found", type: "NetlinkDeviceNotFound", category: .notFound,
                      message: "Cannot find device \"\(pf)\"")
    }

    /// 400 `NetlinkInvalidArgument`: the kernel's `RTNETLINK answers: Invalid argument`.
    public static func netlinkInvalidArgument(_ what: String) -> PatchbayError {
        PatchbayError(code: "host.netlink_invalid_argument", type: "NetlinkInvalidArgument", category: .badRequest,
                      message: "RTNETLINK answers: Invalid argument", detail: what)
    }

    /// 500 `NetlinkFailed`: a netlink request failed for another reason (the tool's own words).
    public static func netlinkFailed(_ command: String, _ output: String) -> PatchbayError {
        PatchbayError(code: "host.netlink_failed", type: "NetlinkFailed", category: .internalError,
                      message: "\(command) failed: \(output)")
    }
}
