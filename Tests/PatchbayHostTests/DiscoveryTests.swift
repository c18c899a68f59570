import NetnsTesting
import Foundation
import PatchbayCore
import PatchbayHost
import Testing

/// What discovery must report for one function of a fixture tree.
struct ExpectedDevice: Sendable, CustomTestStringConvertible {
    var layout: String
    var device: PCIDevice
    var testDescription: String { "\(layout) \(device.address) \(device.type.rawValue)" }
}

private func pci(_ text: String) -> PCIAddress { PCIAddress(text)! }

/// The X710's i40e offers the three mirror files; the ConnectX-5's driver none. A VF carries
/// its PF's features.
private let x710 = NICFeatures(driver: "i40e", totalVFs: 64, linkSpeedMbps: 10000,
                               mirroring: MirrorSupport(ingress: true, egress: true, vlanFilter: true))
private let cx5 = NICFeatures(driver: "mlx5_core", totalVFs: 8, linkSpeedMbps: 25000)

/// One PF and one VF from each documented layout.
private let expectedDevices: [ExpectedDevice] = [
    ExpectedDevice(layout: "x710", device: PCIDevice(
        address: pci("0000:81:00.0"), vendorId: "8086", productId: "1572", type: .pf, numaNode: 1,
        netdev: "ens1f0", pfMACAddress: "3c:fd:fe:a0:81:00", nicFeatures: x710)),
    ExpectedDevice(layout: "x710", device: PCIDevice(
        address: pci("0000:81:02.2"), vendorId: "8086", productId: "154c", type: .vf,
        parentAddress: pci("0000:81:00.0"), numaNode: 1, netdev: "ens1f0v2",
        pfMACAddress: "3c:fd:fe:a0:81:00", vfNumber: 2, nicFeatures: x710)),
    ExpectedDevice(layout: "cx5", device: PCIDevice(
        address: pci("0000:3b:00.0"), vendorId: "15b3", productId: "1017", type: .pf, numaNode: 0,
        netdev: "ens2f0np0", pfMACAddress: "b8:59:9f:3b:00:00", nicFeatures: cx5)),
    ExpectedDevice(layout: "cx5", device: PCIDevice(
        address: pci("0000:3b:00.5"), vendorId: "15b3", productId: "1018", type: .vf,
        parentAddress: pci("0000:3b:00.0"), numaNode: 0, netdev: "ens2f0v3",
        pfMACAddress: "b8:59:9f:3b:00:00", vfNumber: 3, nicFeatures: cx5)),
    ExpectedDevice(layout: "qat", device: PCIDevice(
        address: pci("0000:3d:00.0"), vendorId: "8086", productId: "37c8", type: .pf)),
    ExpectedDevice(layout: "qat", device: PCIDevice(
        address: pci("0000:3d:01.0"), vendorId: "8086", productId: "37c9", type: .vf,
        parentAddress: pci("0000:3d:00.0"), vfNumber: 0)),
]

@Suite("Discovery over fixture trees")
struct DiscoveryTests {
    @Test(arguments: expectedDevices)
    func discoversDevice(_ expected: ExpectedDevice) throws {
        let fixture = try SysfsFixture([expected.layout])
        let report = try Discovery(reader: fixture.sysfs).run()
        #expect(report.device(at: expected.device.address) == expected.device)
        #expect(report.skipped.isEmpty)
    }

    @Test func aLinkThatIsDownHasNoSpeedAndAPFWithoutMirrorFilesCannotMirror() throws {
        let fixture = try SysfsFixture(["x710"])
        try fixture.write("-1", to: "sys/class/net/ens1f0/speed")
        try FileManager.default.removeItem(atPath: fixture.devicePath("0000:81:00.0") + "/sriov")
        let features = try #require(try Discovery(reader: fixture.sysfs).run().device(at: pci("0000:81:02.0"))?.nicFeatures)
        #expect(features.linkSpeedMbps == nil)
        #expect(features.mirroring == MirrorSupport())
        #expect(features.capabilities == [.trust, .spoofCheck, .maxTxRate], "i40e's VF settings remain")
    }

    @Test(arguments: [("x710", "0000:81:00.0", "0000:81:02."), ("cx5", "0000:3b:00.0", "0000:3b:00."), ("qat", "0000:3d:00.0", "0000:3d:01.")])
    func layoutHasOnePFAndFourNumberedVFs(layout: String, pf: String, vfPrefix: String) throws {
        let fixture = try SysfsFixture([layout])
        let report = try Discovery(reader: fixture.sysfs).run()
        #expect(report.devices.filter { $0.type == .pf }.map(\.address) == [pci(pf)])
        let vfs = report.devices.filter { $0.type == .vf }
        #expect(vfs.count == 4)
        #expect(vfs.allSatisfy { $0.parentAddress == pci(pf) && $0.address.description.hasPrefix(vfPrefix) })
        #expect(vfs.compactMap(\.vfNumber) == [0, 1, 2, 3])
        #expect(report.health(of: pci(pf))?.isHealthy == true)
    }

    @Test func combinedHostIsOrderedByAddress() throws {
        let fixture = try SysfsFixture(["x710", "cx5", "qat"])
        let report = try Discovery(reader: fixture.sysfs).run()
        #expect(report.devices.count == 15)
        #expect(report.devices.map(\.address) == report.devices.map(\.address).sorted())
        #expect(report.health.map(\.address) == [pci("0000:3b:00.0"), pci("0000:3d:00.0"), pci("0000:81:00.0")])
    }

    @Test func functionWithoutSRIOVIsPlainPCI() throws {
        let fixture = try SysfsFixture(["qat"])
        try fixture.write("0", to: "sys/bus/pci/devices/0000:3d:00.0/sriov_totalvfs")
        let report = try Discovery(reader: fixture.sysfs).run()
        #expect(report.device(at: pci("0000:3d:00.0"))?.type == .pci)
        #expect(report.health(of: pci("0000:3d:00.0")) == nil)
    }

    @Test func eightPFsWithSixtyFourVFsEach() throws {
        let fixture = try SysfsFixture(["big", "--pfs", "8", "--vfs", "64"])
        let report = try Discovery(reader: fixture.sysfs).run()
        #expect(report.devices.count == 8 * 65)
        #expect(report.devices.filter { $0.type == .pf }.count == 8)
        #expect(report.devices.filter { $0.type == .vf }.count == 512)
        #expect(report.health.count == 8 && report.health.allSatisfy(\.isHealthy))
        let last = try #require(report.device(at: pci("0000:27:09.7")))
        #expect(last.vfNumber == 63)
        #expect(last.parentAddress == pci("0000:27:00.0"))
        #expect(last.pfMACAddress == "3c:fd:fe:00:07:00")
        #expect(last.numaNode == 1)
    }
}
