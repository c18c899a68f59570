import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

/// A config drive built with `genisoimage` and read back with `isoinfo`: the `config-2` label and
/// every file, byte for byte.
@Suite(.requires(ConfigDriveImage.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/isoinfo"),
                 "genisoimage and isoinfo (Debian's genisoimage package)"))
struct ConfigDriveImageTests {
    static func isoinfo(_ arguments: [String]) throws -> String {
        try CommandRunner(executable: "/usr/bin/isoinfo").run(arguments)
    }

    @Test func theVolumeIsLabelledAndHoldsEveryFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-drive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let subnet = Subnet(id: "s", projectId: "p", networkId: "n", ipVersion: 4, cidr: "10.1.0.0/24", gatewayIp: "10.1.0.1",
                            allocationPools: [], audit: AuditStamp(createdAt: 0))
        let drive = ConfigDrive(
            identity: InstanceIdentity(uuid: "0f5c9d2e-drive", name: "vm", hostname: "vm", projectId: "p"),
            interfaces: [DriveInterface(portId: "port-1", macAddress: "fa:16:3e:00:00:01", mtu: 1500, kind: .physical,
                                        networkId: "n", addresses: [try #require(DriveAddress(fixedIP: "10.1.0.9", on: subnet))])],
            userData: Array("#cloud-config\n".utf8))
        let image = directory.appendingPathComponent("disk.config").path
        try ConfigDriveImage().build(drive, at: image)
        #expect(try Self.isoinfo(["-d", "-i", image]).contains("Volume id: config-2"))
        for file in drive.files() {
            let read = try Self.isoinfo(["-J", "-i", image, "-x", "/" + file.path])
            #expect(Array(read.utf8) == file.contents, "\(file.path)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["disk.config"], "no scratch directory or partial image is left behind")
    }

    @Test func aFailingToolLeavesNoImage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-drive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("disk.config").path
        let drive = ConfigDrive(identity: InstanceIdentity(uuid: "u", name: "v", hostname: "v", projectId: "p"), interfaces: [])
        #expect(throws: PatchbayError.self) { try ConfigDriveImage(tool: "/bin/false").build(drive, at: image) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
