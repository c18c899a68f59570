import PatchbayCore

/// An image as compute needs it to boot a server: what a host fetches, and the minimums the
/// flavor must meet.
public struct BootImage: Sendable, Hashable {
    /// What the host fetches and checks.
    public var image: GuestImage
    /// True once its data is uploaded (`active`); only active images boot.
    public var isActive: Bool
    /// The smallest root disk it boots on, in GiB (`min_disk`).
    public var minDiskGB: Int
    /// The least RAM it boots with, in MiB (`min_ram`).
    public var minRamMB: Int

    /// Creates a boot image.
    public init(image: GuestImage, isActive: Bool, minDiskGB: Int = 0, minRamMB: Int = 0) {
        self.image = image
        self.isActive = isActive
        self.minDiskGB = minDiskGB
        self.minRamMB = minRamMB
    }
}

/// The seam between compute and the image service: looks an image up as a caller may see it.
public protocol BootImages: Sendable {
    /// Image `id` as `caller` may see it; nil when it does not exist or the caller may not see it.
    func bootImage(_ id: String, caller: Caller) async throws -> BootImage?
}

/// No image service: every image reference is unknown (servers boot without a root disk only).
public struct NoBootImages: BootImages {
    /// Creates the empty catalog.
    public init() {}

    /// Always nil.
    public func bootImage(_ id: String, caller: Caller) async throws -> BootImage? { nil }
}

extension ComputeService {
    /// The image a boot names, checked as Nova checks it: visible to the caller, active, and no
    /// larger than the flavor allows. nil for an empty `imageRef` (a guest without a root disk).
    /// - Throws: 400 `compute.image_not_found`, `compute.image_not_active`,
    ///   `compute.image_unsupported_format`, `compute.flavor_memory_too_small` or `compute.flavor_disk_too_small`.
    func bootImage(_ imageRef: String, flavor: Flavor, caller: Caller) async throws -> BootImage? {
        guard !imageRef.isEmpty else { return nil }
        guard let found = try await images.bootImage(imageRef, caller: caller) else {
            throw PatchbayError(code: "compute.image_not_found", type: "ImageNotFound", category: .badRequest,
                                message: "Image \(imageRef) could not be found.")
        }
        guard found.isActive else {
            throw PatchbayError(code: "compute.image_not_active", type: "ImageNotActive", category: .badRequest,
                                message: "Image \(imageRef) is not active.")
        }
        guard GuestImage.diskFormats.contains(found.image.diskFormat) else {
            throw PatchbayError(code: "compute.image_unsupported_format", type: "ImageUnacceptable", category: .badRequest,
                                message: "Image \(imageRef) is unacceptable: disk_format \(found.image.diskFormat) cannot boot; use raw or qcow2.")
        }
        if flavor.ramMB < found.minRamMB {
            throw PatchbayError(code: "compute.flavor_memory_too_small", type: "FlavorMemoryTooSmall", category: .badRequest,
                                message: "Flavor's memory is too small for requested image.")
        }
        if flavor.diskGB > 0, flavor.diskGB < found.minDiskGB || Int64(flavor.diskGB) << 30 < Int64(found.image.size) {
            throw PatchbayError(code: "compute.flavor_disk_too_small", type: "FlavorDiskTooSmall", category: .badRequest,
                                message: "Flavor's disk is too small for requested image.")
        }
        return found
    }
}
