import NetnsTesting
import Foundation
import PatchbayCore
import PatchbayHost
import Testing

@Suite("Discovery health and malformed sysfs")
struct DiscoveryHealthTests {
    private let x710 = PCIAddress("0000:81:00.0")!

    @Test(arguments: ["down", "lowerlayerdown", "dormant"])
    func carrierNotUpIsReportedDown(_ operstate: String) throws {
        let fixture = try SysfsFixture(["x710"])
        try fixture.write(operstate, to: "sys/class/net/ens1f0/operstate")
        let health = try #require(try Discovery(reader: fixture.sysfs).run().health(of: x710))
        #expect(health.carrier == .down(operstate: operstate))
        #expect(!health.isHealthy)
        #expect(health.problems == ["carrier down (operstate '\(operstate)')"])
    }

    @Test func pfWithoutNetdevHasNoCarrier() throws {
        let fixture = try SysfsFixture(["qat"])
        let health = try #require(try Discovery(reader: fixture.sysfs).run().health(of: PCIAddress("0000:3d:00.0")!))
        #expect(health.carrier == .notApplicable)
        #expect(health.isHealthy)
    }

    @Test func removedVirtfnLinkIsReportedMissing() throws {
        let fixture = try SysfsFixture(["x710"])
        try fixture.remove("virtfn2", of: "0000:81:00.0")
        let report = try Discovery(reader: fixture.sysfs).run()
        let health = try #require(report.health(of: x710))
        #expect(health.expectedVFs == 4)
        #expect(health.presentVFs == 3)
        #expect(health.missingVFNumbers == [2])
        #expect(health.problems == ["3 of 4 VFs present; missing virtfn2"])
        let orphan = try #require(report.device(at: PCIAddress("0000:81:02.2")!))
        #expect(orphan.type == .vf && orphan.vfNumber == nil)
    }

    @Test func vanishedVFDirectoryIsReportedMissing() throws {
        let fixture = try SysfsFixture(["cx5"])
        try FileManager.default.removeItem(atPath: fixture.devicePath("0000:3b:00.3"))
        let report = try Discovery(reader: fixture.sysfs).run()
        let health = try #require(report.health(of: PCIAddress("0000:3b:00.0")!))
        #expect(health.missingVFNumbers == [1])
        #expect(report.devices.filter { $0.type == .vf }.count == 3)
    }

    @Test(arguments: [
        ("vendor", nil, "vendor file is missing"),
        ("device", nil, "device file is missing"),
        ("vendor", "0xzz86", "vendor '0xzz86' is not a 16-bit hex id"),
        ("device", "0x15720", "device '0x15720' is not a 16-bit hex id"),
        ("numa_node", "one", "numa_node 'one' is not a node number"),
        ("sriov_totalvfs", "many", "sriov_totalvfs 'many' is not a count"),
        ("sriov_numvfs", "-4", "sriov_numvfs '-4' is not a count"),
    ] as [(String, String?, String)])
    func malformedFunctionIsSkipped_Fails(file: String, content: String?, reason: String) throws {
        let fixture = try SysfsFixture(["x710"])
        if let content {
            try fixture.write(content, to: "sys/bus/pci/devices/0000:81:00.0/\(file)")
        } else {
            try fixture.remove(file, of: "0000:81:00.0")
        }
        let report = try Discovery(reader: fixture.sysfs).run()
        #expect(report.skipped == [SkippedDevice(name: "0000:81:00.0", reason: reason)])
        #expect(report.device(at: x710) == nil)
        #expect(report.devices.count == 4)
    }

    @Test func nonAddressEntryIsSkipped_Fails() throws {
        let fixture = try SysfsFixture(["qat"])
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("sys/bus/pci/devices/not-a-device"), withIntermediateDirectories: false)
        let report = try Discovery(reader: fixture.sysfs).run()
        #expect(report.skipped == [SkippedDevice(name: "not-a-device", reason: "'not-a-device' is not a PCI address")])
        #expect(report.devices.count == 5)
    }

    @Test func unreadableRoot_Fails() {
        let discovery = Discovery(reader: LinuxSysfs(root: "/nonexistent-\(UUID().uuidString)"))
        #expect(throws: PatchbayError.self) { try discovery.run() }
    }
}
