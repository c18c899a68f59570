extension ImagePatch {
    /// `image` with the operations applied, checked as Glance checks each change: visibility by
    /// its own rule first, then the caller's right to modify the image; a base attribute cannot
    /// be removed, an extra property must exist to be replaced or removed, the formats are fixed
    /// once the image left `queued`, and only admins change the owner.
    public func apply(to image: Image, caller: Caller) throws(PatchbayError) -> Image {
        var result = image
        for operation in operations {
            let name = operation.attribute
            if name == "visibility", let text = operation.value?.stringValue, let visibility = ImageVisibility(rawValue: text) {
                try ImagePolicy.requireVisibility(caller, visibility)
            }
            try ImagePolicy.requireModify(caller, image, action: "modify_image")
            let isBase = ImageSchema.baseAttributes.contains(name)
            switch operation.kind {
            case .remove:
                if isBase { throw .imageForbidden("Property \(name) may not be removed.", code: "image.property_not_removable") }
                guard result.properties.removeValue(forKey: name) != nil else { throw .imagePropertyMissing(name) }
                continue
            case .replace:
                if !isBase, result.properties[name] == nil { throw .imagePropertyMissing(name) }
            case .add:
                break
            }
            if name == "owner", !caller.isAdmin {
                throw .imageForbidden("Owner can't be updated by non admin.", code: "image.owner_read_only")
            }
            if name == "disk_format" || name == "container_format", result.status != .queued {
                throw .imageForbidden("Attribute \(name) can be only replaced for a queued image.", code: "image.format_locked")
            }
            try ImageSchema.assign(name, operation.value ?? .null, to: &result)
        }
        return result
    }
}
