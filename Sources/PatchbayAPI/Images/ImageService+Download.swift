import PatchbayCore

extension ImageService {
    /// `GET /v2/images/{id}/file`: the image and its stored file opened for streaming; no file
    /// when the image has no data yet (Glance answers 204). 503 when the file of an `active`
    /// image is missing or not the size recorded, rather than streaming damaged bytes.
    public func download(_ id: String, caller: Caller) async throws -> (Image, (any ByteSource)?) {
        let image = try await image(id, caller: caller)
        guard image.status == .active, let data = image.data else { return (image, nil) }
        return (image, try files.open(data, image: id))
    }
}
