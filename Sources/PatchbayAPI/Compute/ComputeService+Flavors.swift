import PatchbayCore
import PatchbayStore

extension ComputeService {
    static func flavorNotFound(_ id: String) -> PatchbayError {
        PatchbayError(code: "compute.flavor_not_found", type: "FlavorNotFound", category: .notFound, message: "Flavor \(id) could not be found.")
    }

    func flavors() async throws -> [Flavor] { try await repository.read { try await $0.flavors() } }

    func flavor(_ id: String) async throws -> Flavor {
        guard let flavor = try await repository.read({ try await $0.flavor(id) }) else { throw Self.flavorNotFound(id) }
        return flavor
    }

    func createFlavor(_ flavor: Flavor, caller: Caller) async throws -> Flavor {
        try requireAdmin(caller, "os_compute_api:os-flavor-manage:create")
        try await repository.write { session in
            let existing = try await session.flavors()
            if existing.contains(where: { $0.id == flavor.id || $0.name == flavor.name }) {
                throw PatchbayError(code: "compute.flavor_exists", type: "FlavorExists", category: .conflict,
                                    message: "Flavor with name \(flavor.name) or ID \(flavor.id) already exists.")
            }
            try await session.save(flavor)
        }
        return flavor
    }

    func deleteFlavor(_ id: String, caller: Caller) async throws {
        try requireAdmin(caller, "os_compute_api:os-flavor-manage:delete")
        try await repository.write { session in
            guard try await session.flavor(id) != nil else { throw Self.flavorNotFound(id) }
            try await session.deleteFlavor(id)
        }
    }

    /// Sets extra specs; a `pci_passthrough:alias` value must name configured aliases.
    func setExtraSpecs(_ id: String, _ specs: [String: String], caller: Caller) async throws -> Flavor {
        try requireAdmin(caller, "os_compute_api:os-flavor-extra-specs:create")
        if let aliases = specs[Flavor.pciAliasKey] { _ = try FlavorPCIRequest.parse(aliases, aliases: config.aliases) }
        return try await repository.write { session in
            guard var flavor = try await session.flavor(id) else { throw Self.flavorNotFound(id) }
            flavor.extraSpecs.merge(specs) { _, new in new }
            try await session.save(flavor)
            return flavor
        }
    }

    func deleteExtraSpec(_ id: String, key: String, caller: Caller) async throws {
        try requireAdmin(caller, "os_compute_api:os-flavor-extra-specs:delete")
        try await repository.write { session in
            guard var flavor = try await session.flavor(id) else { throw Self.flavorNotFound(id) }
            guard flavor.extraSpecs.removeValue(forKey: key) != nil else {
                throw PatchbayError(code: "compute.extra_spec_not_found", type: "FlavorExtraSpecsNotFound", category: .notFound,
                                    message: "Flavor \(id) has no extra specs with key \(key).")
            }
            try await session.save(flavor)
        }
    }
}
