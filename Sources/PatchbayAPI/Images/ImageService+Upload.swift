import PatchbayCore

extension ImageService {
    /// `PUT /v2/images/{id}/file`: streams `body` to a temporary file, hashing it on the way,
    /// then stores it under its SHA-512 and makes the image `active`. The image must be `queued`
    /// (409 otherwise); it is `saving` meanwhile, and `queued` again, with nothing stored, when
    /// the body ends short of the declared size, is not the declared size or digest, or cannot
    /// be stored.
    public func upload(_ id: String, caller: Caller, expecting: UploadExpectation, body: RequestBodyStream) async throws {
        uploads.begin(id)
        defer { uploads.end(id) }
        try await claimUpload(id, caller: caller)
        let renewal = Task { await keepLease(id) }
        defer { renewal.cancel() }
        do {
            let file = try files.newUpload()
            defer { file.discard() }
            let data = try await receive(body, into: file, expecting: expecting)
            try files.place(file, sha512: data.sha512)
            try await complete(id, data)
            files.ensurePlaced(file, sha512: data.sha512)
        } catch {
            await release(id)
            throw error
        }
    }

    /// Moves the image from `queued` (or an abandoned `saving`) to `saving` under this process's
    /// lease. The calling request is already counted in flight; only another one makes a `saving`
    /// image of this process a live upload.
    func claimUpload(_ id: String, caller: Caller) async throws {
        let now = clock.now(), instance = uploads.instance, inFlight = uploads.count(id) > 1
        let missing = PatchbayError.imageNotFound(id)
        _ = try await modify(id, missing: missing) { stored in
            var image = stored.settled(now: now, instance: instance, inFlight: inFlight)
            guard ImagePolicy.canSee(caller, image) else { throw missing }
            try ImagePolicy.requireModify(caller, image, action: "upload_image")
            guard image.status.allows(.saving) else { throw PatchbayError.imageStatusTransition(from: image.status, to: .saving) }
            let unset = [("disk_format", image.diskFormat), ("container_format", image.containerFormat)].filter { $0.1 == nil }
            guard unset.isEmpty else {
                let names = unset.map(\.0).joined(separator: ", ")
                throw PatchbayError.imageBadRequest("\(unset.count == 1 ? "Property" : "Properties") \(names) must be set prior to saving data.",
                                                    code: "image.formats_unset")
            }
            image.status = .saving
            image.upload = UploadLease(holder: instance, expiresAt: now + UploadLease.duration)
            return image
        }
    }

    /// Writes the body to `file`; checks its size and digest against what the request declared.
    func receive(_ body: RequestBodyStream, into file: ImageUploadFile, expecting: UploadExpectation) async throws -> ImageData {
        do {
            try await body.forEachChunk { try file.write($0) }
        } catch let error as ImageFileError {
            throw PatchbayError(code: "image.storage_failed", type: "HTTPServiceUnavailable", category: .unavailable,
                                message: "Image storage failed: \(error)")
        } catch {
            throw PatchbayError.imageBadRequest(
                "The upload ended after \(file.written)\(expecting.size.map { " of the \($0)" } ?? "") bytes: \(error)",
                code: "image.upload_incomplete")
        }
        if let size = expecting.size, size != file.written {
            throw PatchbayError.imageBadRequest("The upload carried \(file.written) bytes, not the \(size) declared.",
                                                code: size > file.written ? "image.upload_incomplete" : "image.upload_size_mismatch")
        }
        let data = try file.finish()
        if let md5 = expecting.md5, md5 != data.md5 {
            throw PatchbayError.imageBadRequest("checksum of uploaded data (\(data.md5)) is different from the Content-MD5 declared (\(md5)).",
                                                code: "image.checksum_mismatch")
        }
        return data
    }

    /// Makes the image `active` with `data`, if this process's upload still holds it: 410 when
    /// the image was deleted meanwhile, 409 when its lease was lost; the data file then goes too
    /// unless another image holds the same bytes.
    func complete(_ id: String, _ data: ImageData) async throws {
        let instance = uploads.instance
        do {
            _ = try await modify(id, missing: PatchbayError(
                code: "image.deleted_during_upload", type: "HTTPGone", category: .gone,
                message: "Image \(id) could not be found after upload. The image may have been deleted during the upload, cleaning up the chunks uploaded."
            )) { stored in
                guard stored.status == .saving, stored.upload?.holder == instance else {
                    throw PatchbayError.conflict("HTTPConflict", code: "image.upload_lease_lost",
                                                 "The upload to image \(id) lost its claim before it completed.")
                }
                var image = stored
                image.status = .active
                image.data = data
                image.upload = nil
                return image
            }
        } catch {
            try? await removeUnreferenced(data.sha512)
            throw error
        }
    }
}
