import PatchbayCore

/// Which images the servers placed on a compute host boot from: all a host's agent credential
/// may read of the image service.
public protocol ImageConsumers: Sendable {
    /// Whether a server placed on `host` has `image` as its image.
    func host(_ host: String, runsServerFrom image: String) async throws -> Bool
}

/// The compute service's servers as the image service's consumers.
struct ComputeImageConsumers: ImageConsumers {
    let compute: ComputeService

    func host(_ host: String, runsServerFrom image: String) async throws -> Bool {
        try await compute.repository.read { session in
            try await session.servers(host: host).contains { $0.imageRef == image }
        }
    }
}
