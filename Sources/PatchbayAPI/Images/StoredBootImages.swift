import PatchbayCore
import PatchbayStore

/// The images compute boots from, read from the image repository with Glance's visibility rules
/// (a separate reader, so compute and the image service need not hold each other).
struct StoredBootImages: BootImages {
    let repository: any ImageRepository

    func bootImage(_ id: String, caller: Caller) async throws -> BootImage? {
        guard let image = try await repository.read({ try await $0.image(id) }), ImagePolicy.canSee(caller, image) else { return nil }
        let data = image.data
        let guest = GuestImage(id: image.id, sha512: data?.sha512 ?? "", size: Int(data?.size ?? 0),
                               diskFormat: image.diskFormat ?? "raw")
        return BootImage(image: guest, isActive: image.status == .active && data != nil, minDiskGB: image.minDisk,
                         minRamMB: image.minRAM)
    }
}
