/// Neutron's four tag filters, each a list of tags (comma-separated on the wire, repeated keys
/// merged). Tags are read from the resource's `tags` attribute (a list of strings).
public struct TagFilter: Sendable, Equatable, Hashable {
    /// `tags`: the resource must have every one of these.
    public var all: [String]
    /// `tags-any`: the resource must have at least one of these.
    public var any: [String]
    /// `not-tags`: the resource must not have all of these (some may be present).
    public var notAll: [String]
    /// `not-tags-any`: the resource must have none of these.
    public var notAny: [String]

    /// Creates a tag filter; empty lists impose nothing.
    public init(all: [String] = [], any: [String] = [], notAll: [String] = [], notAny: [String] = []) {
        self.all = all
        self.any = any
        self.notAll = notAll
        self.notAny = notAny
    }

    /// The query parameter names the tag filters use.
    public static let parameterNames: Set<String> = ["tags", "tags-any", "not-tags", "not-tags-any"]

    /// True when no tag filter is set.
    public var isEmpty: Bool { all.isEmpty && any.isEmpty && notAll.isEmpty && notAny.isEmpty }

    /// Adds the comma-separated `value` of parameter `name` (one of `parameterNames`).
    mutating func add(parameter name: String, value: String) {
        let tags = value.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
        switch name {
        case "tags": all += tags
        case "tags-any": any += tags
        case "not-tags": notAll += tags
        case "not-tags-any": notAny += tags
        default: break
        }
    }

    /// Whether a resource passes every tag filter that is set.
    func matches(_ resource: [String: JSONValue]) -> Bool {
        let present = Set(resource["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if !all.isEmpty && !all.allSatisfy(present.contains) { return false }
        if !any.isEmpty && !any.contains(where: present.contains) { return false }
        if !notAll.isEmpty && notAll.allSatisfy(present.contains) { return false }
        if !notAny.isEmpty && notAny.contains(where: present.contains) { return false }
        return true
    }
}
