import Foundation

extension GuestStorage {
    /// The storage as the desired state carries it: `{image: {id, sha512, size, disk_format} | null,
    /// disk_gb, config_drive: [{path, contents (base64)}] | null}`.
    public var json: JSONValue {
        let image: JSONValue = image.map {
            .object(["id": .string($0.id), "sha512": .string($0.sha512), "size": .int($0.size), "disk_format": .string($0.diskFormat)])
        } ?? .null
        let drive: JSONValue = configDrive.map { files in
            .array(files.map { .object(["path": .string($0.path), "contents": .string(Data($0.contents).base64EncodedString())]) })
        } ?? .null
        return .object(["image": image, "disk_gb": .int(diskGB), "config_drive": drive])
    }

    /// Parses the desired state's storage of guest `serverId`, refusing what a host could not lay
    /// out safely: an image without a 128-hex-digit SHA-512 or of another format than raw or
    /// qcow2, a negative size, a drive file whose path leaves the volume or is not base64.
    public init(json: JSONValue, serverId: String) throws(PatchbayError) {
        func refuse(_ reason: String) -> PatchbayError { .invalidInput("desired state: guest \(serverId) storage \(reason)") }
        var image: GuestImage?
        if let value = json["image"], !value.isNull {
            guard let id = value["id"]?.stringValue, let digest = value["sha512"]?.stringValue,
                  let size = value["size"]?.intValue, size >= 0, let format = value["disk_format"]?.stringValue
            else { throw refuse("needs an image with id, sha512, size and disk_format") }
            image = GuestImage(id: id, sha512: digest, size: size, diskFormat: format)
            guard image?.hasValidDigest == true else { throw refuse("has an image digest that is not a hex SHA-512") }
            guard GuestImage.diskFormats.contains(format) else { throw refuse("has disk_format '\(format)', not raw or qcow2") }
        }
        let diskGB = json["disk_gb"]?.intValue ?? 0
        guard diskGB >= 0 else { throw refuse("has a negative disk_gb") }
        var drive: [DriveFile]?
        if let value = json["config_drive"], !value.isNull {
            guard let entries = value.arrayValue else { throw refuse("has a config_drive that is not a list") }
            drive = []
            for entry in entries {
                guard let path = entry["path"]?.stringValue,
                      let bytes = entry["contents"]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else {
                    throw refuse("has a config drive file without a path or base64 contents")
                }
                let file = DriveFile(path: path, contents: Array(bytes))
                guard file.hasSafePath else { throw refuse("has a config drive file '\(path)' outside the volume") }
                drive?.append(file)
            }
        }
        self.init(image: image, diskGB: diskGB, configDrive: drive)
    }
}
