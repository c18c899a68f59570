import PatchbayCore

extension ImageService {
    /// Undoes what a previous run left unfinished. As the sole server of its database it puts
    /// every `saving` image back to `queued` (no upload can be in flight) and deletes every
    /// temporary file; sharing the database, it leaves `saving` images to their leases and
    /// deletes only temporary files a dead server left (unwritten for an hour). Then removals
    /// that stopped halfway are finished, and data files no image references are removed.
    func recover(soleServer: Bool) async throws {
        if soleServer {
            let requeued = try await repository.write { session in
                let saving = try await session.images(status: .saving)
                for var image in saving {
                    let revision = image.audit.revisionNumber
                    image.status = .queued
                    image.upload = nil
                    image.audit = image.audit.bumped(at: clock.now())
                    _ = try await session.update(image, expectedRevision: revision)
                }
                return saving.count
            }
            if requeued > 0 { logger.notice("image uploads cut short by a restart queued again", metadata: ["images": "\(requeued)"]) }
        }
        let cleared = files.clearTemporary(olderThan: soleServer ? nil : 3600)
        if cleared > 0 { logger.notice("image upload files left by a previous run removed", metadata: ["files": "\(cleared)"]) }
        try await files.settleTrash { sha512 in
            try await repository.read { try await $0.references(toData: sha512) } > 0
        }
        let referenced = try await repository.read { try await $0.referencedData() }
        for sha512 in files.storedData() where !referenced.contains(sha512) {
            try await removeUnreferenced(sha512)
        }
    }
}
