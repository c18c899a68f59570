import Foundation
import PatchbayHost

/// The host-side figure of issue 5 measured so far: discovery of a host with 8 PFs × 64 VFs
/// from a fixture tree that `scripts/make-sysfs-fixtures.sh` generates (run from the package root).
enum HostBench {
    static func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-sysfs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/make-sysfs-fixtures.sh", directory.path, "big", "--pfs", "8", "--vfs", "64"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            print("host bench skipped: scripts/make-sysfs-fixtures.sh failed (run bench from the package root)")
            return
        }
        let discovery = Discovery(reader: LinuxSysfs(root: directory.path))
        var samples: [Double] = []
        var count = 0
        for _ in 0..<30 {
            let began = ContinuousClock.now
            count = try discovery.run().devices.count
            samples.append(began.duration(to: .now).microseconds / 1000)
        }
        print(String(format: "discovery of 8 PFs x 64 VFs (%d devices) from a fixture tree: %.2f ms (median of 30)",
                     count, PCIBench.median(samples)))
    }
}
