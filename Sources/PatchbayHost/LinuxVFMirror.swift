import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PatchbayCore

/// The Linux `VFMirror`: writes `add <arg>` / `rem <arg>` to the i40e driver's files under
/// `/sys/class/net/<pf>/device/sriov/<vf>/` in a sysfs tree whose root is given at creation.
///
/// Each write opens the file, writes one line and closes it, as `echo add 3 > …` does (the
/// helper TaaS 17 ships passes `>` to `echo` as an argument and so never writes the file). The
/// file is opened for appending: sysfs ignores the offset, and a fixture tree keeps every line.
public struct LinuxVFMirror: VFMirror {
    /// The directory that contains `sys/`: `/` on a host, a fixture tree in tests.
    public let root: String

    /// Creates a seam over the tree at `root` (default `/`).
    public init(root: String = "/") {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// The directory of VF `vf`'s mirror files.
    public func directory(pf: String, vf: Int) -> String {
        "\(root)/sys/class/net/\(pf)/device/sriov/\(vf)"
    }

    /// Whether VF 0 of `pf` has an `egress_mirror` file.
    public func supportsMirroring(pf: String) -> Bool {
        !pf.isEmpty && !pf.contains("/") && access(directory(pf: pf, vf: 0) + "/egress_mirror", W_OK) == 0
    }

    /// Equivalent to: `echo add <arg> > /sys/class/net/$pf/device/sriov/$vf/<file>`.
    public func add(_ setting: VFMirrorSetting, pf: String, vf: Int) throws(PatchbayError) {
        try write("add \(setting.argument)", to: setting.fileName, pf: pf, vf: vf)
    }

    /// Equivalent to: `echo rem <arg> > /sys/class/net/$pf/device/sriov/$vf/<file>`.
    public func remove(_ setting: VFMirrorSetting, pf: String, vf: Int) throws(PatchbayError) {
        try write("rem \(setting.argument)", to: setting.fileName, pf: pf, vf: vf)
    }

    private func write(_ line: String, to file: String, pf: String, vf: Int) throws(PatchbayError) {
        guard !pf.contains("/"), vf >= 0 else { throw .vfMirrorUnsupported("bad PF \(pf) or VF \(vf)") }
        let path = directory(pf: pf, vf: vf) + "/" + file
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else {
            throw .vfMirrorUnsupported("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw .commandFailed("echo \(line) > \(path)", String(cString: strerror(errno)))
        }
    }
}
