/// One file-backed disk of a domain: `<disk type='file' device='disk'>` on the virtio bus.
public struct GuestDisk: Sendable, Hashable {
    /// The host file.
    public var path: String
    /// Its format for QEMU: `qcow2` or `raw`.
    public var format: String
    /// The guest's device name (`vda`, `vdb`, …), which also orders the virtio disks.
    public var target: String
    /// True for a disk the guest may only read (a config drive).
    public var readOnly: Bool

    /// Creates a disk.
    public init(path: String, format: String, target: String, readOnly: Bool = false) {
        self.path = path
        self.format = format
        self.target = target
        self.readOnly = readOnly
    }

    /// The disks a guest with `storage` has under `paths`: the root disk `vda` (qcow2) when it has
    /// an image, then the config drive (ISO 9660, read-only) on the next virtio name. A config
    /// drive on virtio rather than an IDE CD-ROM needs no emulated controller and works on any machine type.
    public static func disks(for storage: GuestStorage, at paths: InstancePaths) -> [GuestDisk] {
        var disks: [GuestDisk] = []
        if storage.image != nil { disks.append(GuestDisk(path: paths.disk, format: "qcow2", target: "vda")) }
        if storage.configDrive != nil {
            disks.append(GuestDisk(path: paths.configDrive, format: "raw", target: disks.isEmpty ? "vda" : "vdb", readOnly: true))
        }
        return disks
    }
}
