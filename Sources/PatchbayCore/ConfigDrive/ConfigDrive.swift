/// The files of a guest's config drive in Nova's layout (an ISO 9660 volume labelled
/// `config-2`): `openstack/latest/meta_data.json`, `network_data.json` and, when given,
/// `user_data`. Pure: the host side writes the files and builds the volume.
public struct ConfigDrive: Sendable, Hashable {
    /// The volume label guests look for.
    public static let label = "config-2"

    /// Who the guest is.
    public var identity: InstanceIdentity
    /// Its NICs, in the server's port order.
    public var interfaces: [DriveInterface]
    /// The server's `user_data`, decoded from base64; nil when it has none.
    public var userData: [UInt8]?

    /// Creates the drive's content.
    public init(identity: InstanceIdentity, interfaces: [DriveInterface], userData: [UInt8]? = nil) {
        self.identity = identity
        self.interfaces = interfaces
        self.userData = userData
    }

    /// Every file, by its path on the volume, in path order. JSON keys are sorted, so one
    /// server's drive is byte for byte the same each time it is built.
    public func files() -> [DriveFile] {
        var files = [
            DriveFile(path: "openstack/latest/meta_data.json", contents: JSONWriter.bytes(metaData, sortedKeys: true)),
            DriveFile(path: "openstack/latest/network_data.json", contents: JSONWriter.bytes(networkData, sortedKeys: true)),
        ]
        if let userData { files.append(DriveFile(path: "openstack/latest/user_data", contents: userData)) }
        return files.sorted { $0.path < $1.path }
    }

    /// `meta_data.json`.
    public var metaData: JSONValue {
        .object([
            "uuid": .string(identity.uuid),
            "name": .string(identity.name),
            "hostname": .string(identity.hostname),
            "project_id": .string(identity.projectId),
            "availability_zone": .string(identity.availabilityZone),
            "launch_index": .int(0),
            "meta": .object(identity.metadata.mapValues { .string($0) }),
            "public_keys": .object(identity.publicKeys.mapValues { .string($0) }),
            "keys": .array(identity.publicKeys.sorted { $0.key < $1.key }.map { name, key in
                .object(["name": .string(name), "type": "ssh", "data": .string(key)])
            }),
            "devices": .array([]),
        ])
    }
}
