import NetnsTesting
import Foundation
import PatchbayCore
import PatchbayHost
import Testing

@Suite("LinuxSysfs reads a real directory tree")
struct LinuxSysfsTests {
    @Test func readsPhysicalFunctionFacts() throws {
        let fixture = try SysfsFixture(["x710"])
        let devices = try fixture.sysfs.pciDevices()
        #expect(devices.map(\.name) == ["0000:81:00.0", "0000:81:02.0", "0000:81:02.1", "0000:81:02.2", "0000:81:02.3"])
        let pf = try #require(devices.first)
        #expect(pf.vendor == "0x8086")
        #expect(pf.device == "0x1572")
        #expect(pf.pciClass == "0x020000")
        #expect(pf.numaNode == "1")
        #expect(pf.driver == "i40e")
        #expect(pf.sriovTotalVFs == "64")
        #expect(pf.sriovNumVFs == "4")
        #expect(pf.physicalFunction == nil)
        #expect(pf.netdevs == ["ens1f0"])
        #expect(pf.iommuGroup == "0")
        #expect(pf.virtualFunctions == (0..<4).map {
            VirtualFunctionLink(number: $0, target: "0000:81:02.\($0)", resolves: true)
        })
    }

    @Test func readsTheVFMirrorFilesOfAnI40ePFOnly() throws {
        let fixture = try SysfsFixture(["x710", "cx5"])
        let devices = try fixture.sysfs.pciDevices()
        #expect(devices.first { $0.name == "0000:81:00.0" }?.vfMirrorFiles == ["ingress_mirror", "egress_mirror", "vlan_mirror"])
        #expect(devices.first { $0.name == "0000:3b:00.0" }?.vfMirrorFiles == [])
    }

    @Test func readsVirtualFunctionFacts() throws {
        let fixture = try SysfsFixture(["x710"])
        let vf = try #require(try fixture.sysfs.pciDevices().first { $0.name == "0000:81:02.3" })
        #expect(vf.device == "0x154c")
        #expect(vf.driver == "iavf")
        #expect(vf.physicalFunction == "0000:81:00.0")
        #expect(vf.sriovTotalVFs == nil)
        #expect(vf.virtualFunctions.isEmpty)
        #expect(vf.netdevs == ["ens1f0v3"])
    }

    @Test func readsNetInterface() throws {
        let fixture = try SysfsFixture(["cx5"])
        let interface = fixture.sysfs.netInterface(named: "ens2f0np0")
        #expect(interface == SysfsNetInterface(name: "ens2f0np0", address: "b8:59:9f:3b:00:00", operstate: "up", speed: "25000"))
        #expect(fixture.sysfs.netInterface(named: "ens9") == nil)
        #expect(fixture.sysfs.netInterface(named: "../../bus") == nil)
    }

    @Test func functionWithoutDriverOrNetdev() throws {
        let fixture = try SysfsFixture(["qat"])
        try fixture.remove("driver", of: "0000:3d:01.0")
        let vf = try #require(try fixture.sysfs.pciDevices().first { $0.name == "0000:3d:01.0" })
        #expect(vf.driver == nil)
        #expect(vf.netdevs.isEmpty)
        #expect(vf.numaNode == "-1")
    }

    @Test func danglingVirtualFunctionLinkDoesNotResolve() throws {
        let fixture = try SysfsFixture(["x710"])
        try FileManager.default.removeItem(atPath: fixture.devicePath("0000:81:02.1"))
        let pf = try #require(try fixture.sysfs.pciDevices().first { $0.name == "0000:81:00.0" })
        #expect(pf.virtualFunctions.map(\.resolves) == [true, false, true, true])
    }

    @Test func rootWithTrailingSlashReadsSameTree() throws {
        let fixture = try SysfsFixture(["qat"])
        let devices = try LinuxSysfs(root: fixture.root.path + "/").pciDevices()
        #expect(devices.count == 5)
    }

    @Test func missingPCIDirectory_Fails() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-empty-\(UUID().uuidString)")
        #expect(throws: PatchbayError.sysfsUnreadable(empty.path + "/sys/bus/pci/devices")) {
            try LinuxSysfs(root: empty.path).pciDevices()
        }
    }

    @Test func defaultRootIsSlash() {
        #expect(LinuxSysfs().root == "/")
        #expect(LinuxSysfs(root: "/srv/fake").root == "/srv/fake")
    }
}
