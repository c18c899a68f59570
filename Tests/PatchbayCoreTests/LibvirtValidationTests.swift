import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

extension DomainXMLFixtures {
    /// Every shape in one guest: each NIC with its own MAC, port id and device (libvirt refuses a
    /// PCI address passed through twice), plus the GPU alias device.
    static var allShapes: [GuestInterface] {
        let vf4 = PCIDevice(address: PCIAddress("0000:81:10.4")!, vendorId: "8086", productId: "154c", type: .vf,
                            parentAddress: pfAddress, netdev: "enp129s0f0v4", vfNumber: 4)
        let pf2 = PCIDevice(address: PCIAddress("0000:82:00.0")!, vendorId: "8086", productId: "1572", type: .pf)
        var nics = [cases[0].interface, nic("802.1qbh", .direct, details: ["profileid": "MyPortProfile"], device: vf4),
                    nic("hostdev_physical", .directPhysical, device: pf2)]
        nics += cases.filter { !$0.interface.usesDeviceAddress }.map(\.interface)
        for index in nics.indices {
            nics[index].macAddress = "fa:16:3e:00:00:" + String(format: "%02x", index)
            nics[index].portId = String(format: "%08x", index) + "-aaaa-4bbb-8ccc-dddddddddddd"
        }
        return nics
    }
}

/// Runs libvirt's own tools (Debian's libvirt-clients and libvirt-daemon) on rendered XML.
enum LibvirtTools {
    /// Where a tool lives on PATH (or in /usr/bin), or nil when it is not installed.
    static func locate(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin"]
        return directories.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `virt-xml-validate`, which checks a document against libvirt's RelaxNG schema.
    static let validator = locate("virt-xml-validate")
    /// `virsh`, whose `test:///default` driver defines and starts domains in memory.
    static let virsh = locate("virsh")
    /// True when both tools are installed.
    static let installed = validator != nil && virsh != nil

    /// Runs `executable` with `arguments`; returns its exit status and its stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try ProcessRunner.run(executable, arguments)
    }

    /// Writes `xml` to a fresh temporary file, runs `body` on its path, then deletes it.
    static func withFile<T>(_ xml: String, _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-domain-\(UUID().uuidString).xml")
        try xml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    /// `virt-xml-validate FILE domain`.
    static func validate(_ xml: String) throws -> (status: Int32, output: String) {
        try withFile(xml) { path in try run(validator!, [path, "domain"]) }
    }

    /// One `virsh -c test:///default` call (the test driver keeps state per connection only):
    /// `define --validate FILE`, then `start NAME; domiflist NAME` when `start` is set.
    /// virsh keeps going after a failed command and exits with the *last* command's status, so
    /// callers must also look for `error:` in the output.
    static func defineAndStart(_ xml: String, name: String, start: Bool) throws -> (status: Int32, output: String) {
        try withFile(xml) { path in
            let commands = "define --validate \(path)" + (start ? "; start \(name); domiflist \(name)" : "; dominfo \(name)")
            return try run(virsh!, ["-c", "test:///default", commands])
        }
    }
}

/// Real libvirt checks every rendered shape: schema validation, then define and start on the
/// in-memory `test:///default` hypervisor.
///
/// The test driver (libvirt 9.0) starts every shape, including `<interface type='hostdev'>` and
/// `<hostdev>` on PCI addresses that do not exist: it never touches host devices, so `start`
/// is asserted for all of them. Real hosts check the devices; that is the agent's business.
// Skipped, with this reason shown, only when virt-xml-validate or virsh is not installed
// (`apt-get install libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu`); CI installs them.
@Suite(.enabled(if: LibvirtTools.installed, "libvirt tools (virt-xml-validate, virsh) are not installed"))
struct LibvirtValidationTests {
    @Test(arguments: DomainXMLFixtures.cases)
    func schemaAcceptsShape(_ testCase: DomainXMLCase) throws {
        let xml = try DomainXML.render(DomainXMLFixtures.domain([testCase.interface]))
        let result = try LibvirtTools.validate(xml)
        #expect(result.status == 0, "virt-xml-validate refused:\n\(result.output)\n\(xml)")
    }

    @Test(arguments: DomainXMLFixtures.cases)
    func testDriverDefinesAndStartsShape(_ testCase: DomainXMLCase) throws {
        let xml = try DomainXML.render(DomainXMLFixtures.domain([testCase.interface], name: "pb-shape"))
        let result = try LibvirtTools.defineAndStart(xml, name: "pb-shape", start: true)
        #expect(result.status == 0 && !result.output.contains("error:"), "virsh failed:\n\(result.output)\n\(xml)")
        #expect(result.output.contains("Domain 'pb-shape' defined"))
        #expect(result.output.contains("Domain 'pb-shape' started"))
        if testCase.interface.vifType != "hostdev_physical" {
            #expect(result.output.contains(testCase.interface.macAddress), "domiflist lacks the NIC:\n\(result.output)")
        }
    }

    @Test func allShapesInOneGuestValidateDefineAndStart() throws {
        let nics = DomainXMLFixtures.allShapes
        let xml = try DomainXML.render(DomainXMLFixtures.domain(nics, name: "pb-all"))
        let validation = try LibvirtTools.validate(xml)
        #expect(validation.status == 0, "virt-xml-validate refused:\n\(validation.output)")
        let result = try LibvirtTools.defineAndStart(xml, name: "pb-all", start: true)
        #expect(result.status == 0 && !result.output.contains("error:"), "virsh failed:\n\(result.output)")
        #expect(result.output.contains("Domain 'pb-all' started"))
        for nic in nics where nic.vifType != "hostdev_physical" {
            #expect(result.output.contains(nic.macAddress), "domiflist lacks \(nic.macAddress):\n\(result.output)")
        }
        let bridgeTap = try #require(nics.first { $0.vifType == "bridge" }).tapName
        #expect(result.output.contains(bridgeTap), "the bridge tap keeps its name \(bridgeTap)")
    }

    /// A guest laid out by its agent: a qcow2 root disk and a read-only config drive on virtio,
    /// a serial console logged to a file, and QEMU's emulator where the host has no KVM.
    @Test(arguments: DomainDefinition.VirtType.allCases)
    func domainWithDisksAndConsoleValidatesDefinesAndStarts(_ type: DomainDefinition.VirtType) throws {
        var definition = DomainXMLFixtures.domain(DomainXMLFixtures.allShapes, name: "pb-disks")
        let paths = InstancePaths(root: "/var/lib/patchbay/instances", serverId: definition.uuid)
        let storage = GuestStorage(image: GuestImage(id: "i", sha512: String(repeating: "ab", count: 64), size: 1, diskFormat: "raw"),
                                   diskGB: 1, configDrive: [DriveFile(path: "openstack/latest/meta_data.json", contents: [])])
        definition.disks = GuestDisk.disks(for: storage, at: paths)
        definition.consoleLog = paths.consoleLog
        definition.virtType = type
        let xml = try DomainXML.render(definition)
        #expect(definition.disks.map(\.target) == ["vda", "vdb"] && definition.disks.map(\.readOnly) == [false, true])
        let validation = try LibvirtTools.validate(xml)
        #expect(validation.status == 0, "virt-xml-validate refused:\n\(validation.output)\n\(xml)")
        let result = try LibvirtTools.defineAndStart(xml, name: "pb-disks", start: true)
        #expect(result.status == 0 && !result.output.contains("error:"), "virsh failed:\n\(result.output)")
        #expect(xml.contains("<domain type='\(type.rawValue)'>") && xml.contains("<source file='\(paths.disk)'/>"))
        let corrupted = xml.replacingOccurrences(of: "bus='virtio'", with: "bus='floppy-tape'")
        #expect(try LibvirtTools.validate(corrupted).status != 0, "the schema check can fail on a disk")
    }

    /// Proves the checks can fail: libvirt refuses what the peer's invalid-domain.xml shows.
    @Test(arguments: [("802.1Qbh", "bogus"), ("mode='vepa'", "mode='sideways'"), ("<vcpu placement='static'>2", "<vcpu placement='static'>two")])
    func corruptedDomain_Fails(_ original: String, _ corrupted: String) throws {
        let nics = DomainXMLFixtures.allShapes
        let good = try DomainXML.render(DomainXMLFixtures.domain(nics, name: "pb-bad"))
        let bad = good.replacingOccurrences(of: original, with: corrupted)
        try #require(bad != good)
        let validation = try LibvirtTools.validate(bad)
        #expect(validation.status != 0, "virt-xml-validate accepted a corrupted domain")
        let result = try LibvirtTools.defineAndStart(bad, name: "pb-bad", start: false)
        #expect(result.output.contains("error:"), "virsh defined a corrupted domain:\n\(result.output)")
        #expect(!result.output.contains("Domain 'pb-bad' defined"))
    }
}
