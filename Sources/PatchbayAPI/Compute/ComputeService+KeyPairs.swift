import Crypto
import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// The caller's key pairs.
    func keyPairs(caller: Caller) async throws -> [KeyPair] {
        guard caller.canRead else { throw PatchbayError.policyNotAuthorized("os_compute_api:os-keypairs:index") }
        return try await repository.read { try await $0.keyPairs(userId: caller.userId) }
    }

    /// One of the caller's key pairs, or 404.
    func keyPair(_ name: String, caller: Caller) async throws -> KeyPair {
        guard caller.canRead else { throw PatchbayError.policyNotAuthorized("os_compute_api:os-keypairs:show") }
        guard let found = try await repository.read({ try await $0.keyPair(userId: caller.userId, name: name) }) else {
            throw Self.keyPairNotFound(name, caller: caller)
        }
        return found
    }

    /// Imports a public key under `name` for the caller (Nova's `POST /os-keypairs` with
    /// `public_key`; Patchbay generates no private keys, as Nova no longer does from 2.92).
    /// - Throws: 400 `compute.invalid_keypair` for a bad name or key, 400 when `publicKey` is
    ///   missing, 409 `compute.keypair_exists`.
    func importKeyPair(name: String, publicKey: String?, caller: Caller) async throws -> KeyPair {
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:os-keypairs:create") }
        try KeyPair.validate(name: name)
        guard let publicKey else {
            throw PatchbayError.badRequest("Keypair generation is not supported; import one with 'public_key'.",
                                           code: "compute.keypair_generation_unsupported")
        }
        let blob = try KeyPair.blob(ofPublicKey: publicKey)
        let fingerprint = Insecure.MD5.hash(data: blob).map { String(format: "%02x", $0) }.joined(separator: ":")
        let keyPair = KeyPair(name: name, userId: caller.userId, publicKey: publicKey.trimmingCharacters(in: .whitespacesAndNewlines),
                              fingerprint: fingerprint, createdAt: clock.now())
        guard try await repository.write({ try await $0.insert(keyPair) }) else {
            throw PatchbayError(code: "compute.keypair_exists", type: "KeyPairExists", category: .conflict,
                                message: "Key pair '\(name)' already exists.")
        }
        return keyPair
    }

    /// Deletes one of the caller's key pairs, or 404. Servers booted with it keep their key.
    func deleteKeyPair(_ name: String, caller: Caller) async throws {
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized("os_compute_api:os-keypairs:delete") }
        guard try await repository.write({ try await $0.deleteKeyPair(userId: caller.userId, name: name) }) else {
            throw Self.keyPairNotFound(name, caller: caller)
        }
    }

    static func keyPairNotFound(_ name: String, caller: Caller) -> PatchbayError {
        PatchbayError(code: "compute.keypair_not_found", type: "KeypairNotFound", category: .notFound,
                      message: "Keypair \(name) not found for user \(caller.userId)")
    }
}
