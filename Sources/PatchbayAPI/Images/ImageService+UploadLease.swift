import PatchbayCore

/// The lease an upload holds on its image while it runs, and its release.
extension ImageService {
    /// Puts the image back to `queued` if this process's upload still holds it (an image deleted
    /// meanwhile has nothing to release).
    func release(_ id: String) async {
        let instance = uploads.instance
        do {
            _ = try await modify(id, missing: .imageNotFound(id)) { stored in
                guard stored.status == .saving, stored.upload?.holder == instance else { return nil }
                var image = stored
                image.status = .queued
                image.upload = nil
                return image
            }
        } catch let error as PatchbayError where error.code == "image.not_found" {
        } catch {
            logger.warning("image upload not released", metadata: ["image_id": "\(id)", "error": "\(error)"])
        }
    }

    /// Renews this process's lease on the upload every third of its duration until cancelled.
    func keepLease(_ id: String) async {
        let instance = uploads.instance
        while (try? await Task.sleep(for: .seconds(UploadLease.duration / 3))) != nil {
            _ = try? await modify(id, missing: .imageNotFound(id)) { stored in
                guard stored.status == .saving, stored.upload?.holder == instance else { return nil }
                var image = stored
                image.upload?.expiresAt = clock.now() + UploadLease.duration
                return image
            }
        }
    }
}
