import PatchbayCore

extension ImageService {
    /// `POST /v2/images`: a new `queued` image from the request body.
    public func create(_ body: JSONValue, caller: Caller) async throws -> Image {
        let image = try ImageCreate.image(from: body, caller: caller, newId: { UUIDv4.make() }, now: clock.now())
        try await repository.write { session in try await session.insert(image) }
        return image
    }

    /// `GET /v2/images`: one page of the images the caller may list.
    public func images(_ query: ImageListQuery, caller: Caller) async throws -> ImagePage {
        guard caller.canRead, caller.host == nil else { throw PatchbayError.imageActionForbidden("get_images") }
        let everything = caller.isAdmin || caller.isService
        let stored = try await repository.read { try await $0.images(visibleTo: everything ? nil : caller.projectId) }
        let listable = stored.map(settled).filter { ImagePolicy.isListed(caller, $0, visibilityFilter: query.visibility) }
        return try query.page(of: listable)
    }

    /// `PATCH /v2/images/{id}`: the patch applied with Glance's rules.
    public func update(_ id: String, _ patch: ImagePatch, caller: Caller) async throws -> Image {
        let now = clock.now(), instance = uploads.instance, inFlight = uploads.contains(id)
        let missing = PatchbayError.imageNotFound(id)
        let updated = try await modify(id, missing: missing) { stored in
            let current = stored.settled(now: now, instance: instance, inFlight: inFlight)
            guard ImagePolicy.canSee(caller, current) else { throw missing }
            return patch.operations.isEmpty ? nil : try patch.apply(to: current, caller: caller)
        }
        guard let updated else { return try await image(id, caller: caller) }
        return settled(updated)
    }

    /// `DELETE /v2/images/{id}`: removes the image, and its data file when no other image holds
    /// the same bytes. Glance does not ask whether servers use the image, so neither does this.
    public func delete(_ id: String, caller: Caller) async throws {
        let orphaned: String? = try await repository.write { session in
            guard let image = try await session.image(id), ImagePolicy.canSee(caller, image) else {
                throw PatchbayError.imageNotFoundForDelete(id)
            }
            try ImagePolicy.requireModify(caller, image, action: "delete_image")
            guard !image.protected else { throw PatchbayError.imageProtected(id) }
            guard try await session.delete(id) else { throw PatchbayError.imageNotFoundForDelete(id) }
            guard let data = image.data else { return nil }
            return try await session.references(toData: data.sha512) == 0 ? data.sha512 : nil
        }
        if let orphaned { try await removeUnreferenced(orphaned) }
    }

    /// Removes the data file `sha512` unless an image references it by the time it is moved aside.
    func removeUnreferenced(_ sha512: String) async throws {
        try await files.remove(sha512) {
            try await repository.read { try await $0.references(toData: sha512) } > 0
        }
    }
}
