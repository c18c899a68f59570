import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the real-guest tests need to know about this machine's QEMU/KVM under libvirt's
/// `qemu:///system`, and what a running guest's QEMU holds open.
public enum QEMUHost {
    /// The system libvirt URI the real guests run on.
    public static let uri = "qemu:///system"

    /// Why real KVM guests cannot run here, or nil when they can: root, `/dev/kvm`, `virsh`, and
    /// a libvirtd that answers on `qemu:///system`.
    public static let unavailableReason: String? = {
        guard geteuid() == 0 else { return "not root" }
        guard FileManager.default.fileExists(atPath: "/dev/kvm") else { return "no /dev/kvm" }
        guard let virsh = ["/usr/bin/virsh", "/usr/sbin/virsh"].first(where: FileManager.default.isExecutableFile) else {
            return "virsh is not installed"
        }
        guard (try? Shell.run(virsh, ["-c", uri, "version"])) != nil else { return "libvirtd does not answer on \(uri)" }
        return nil
    }()

    /// Whether real KVM guests can run here.
    public static var isAvailable: Bool { unavailableReason == nil }

    /// The PID of the QEMU process of a running domain, from libvirt's pid file.
    public static func pid(ofDomain name: String) -> Int32? {
        let text = try? String(contentsOfFile: "/run/libvirt/qemu/\(name).pid", encoding: .utf8)
        return text.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The network devices QEMU process `pid` holds open: a macvtap as `/dev/tapN` (N its
    /// ifindex) and a tap as the `iff:` name of its `/dev/net/tun` descriptor.
    public static func openNetworkDevices(pid: Int32) -> (macvtapIndexes: Set<Int>, taps: Set<String>) {
        var indexes: Set<Int> = [], taps: Set<String> = []
        let directory = "/proc/\(pid)/fd"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(entry)") else { continue }
            if target.hasPrefix("/dev/tap"), let index = Int(target.dropFirst("/dev/tap".count)) {
                indexes.insert(index)
            } else if target == "/dev/net/tun",
                      let info = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(entry)", encoding: .utf8) {
                for line in info.split(separator: "\n") where line.hasPrefix("iff:") {
                    taps.insert(line.dropFirst(4).trimmingCharacters(in: .whitespaces))
                }
            }
        }
        return (indexes, taps)
    }

    /// The ifindex of a link in the root namespace, from sysfs.
    public static func ifindex(of link: String) -> Int? {
        (try? String(contentsOfFile: "/sys/class/net/\(link)/ifindex", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
