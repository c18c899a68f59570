import PatchbayCore
import Synchronization

/// Remembers the rendered attribute dictionary of each resource, reused while the resource is
/// equal to the one it was rendered from. Lists of unchanged resources (the common case) then
/// skip building hundreds of dictionaries; equality is cheap because the store hands out the
/// same decoded values while their documents are unchanged.
final class AttributeCache<Resource: Hashable & Identifiable & Sendable>: Sendable where Resource.ID == String {
    private let entries = Mutex<[String: (resource: Resource, attributes: [String: JSONValue])]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    /// The attributes of each resource, rendering (and remembering) only those not cached.
    func attributes(of resources: [Resource], render: (Resource) -> [String: JSONValue]) -> [[String: JSONValue]] {
        var cached: [[String: JSONValue]?] = entries.withLock { entries in
            resources.map { resource in
                guard let entry = entries[resource.id], entry.resource == resource else { return nil }
                return entry.attributes
            }
        }
        var fresh: [(Resource, [String: JSONValue])] = []
        for index in resources.indices where cached[index] == nil {
            let attributes = render(resources[index])
            cached[index] = attributes
            fresh.append((resources[index], attributes))
        }
        if !fresh.isEmpty {
            entries.withLock { entries in
                if entries.count + fresh.count > capacity { entries.removeAll(keepingCapacity: true) }
                for (resource, attributes) in fresh { entries[resource.id] = (resource, attributes) }
            }
        }
        return cached.map { $0 ?? [:] }
    }
}
