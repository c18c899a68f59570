/// Deciding whether one resource passes a query's filters.
extension ListQuery {
    /// Whether `resource` passes every plain filter, sub-filter and tag filter.
    ///
    /// Every filter key is evaluated (no short-circuit), so a value that cannot be converted to
    /// the attribute's type is reported whatever the other filters say.
    func matches(_ resource: [String: JSONValue]) throws -> Bool {
        var passes = tags.matches(resource)
        for (name, wanted) in filters {
            let value = resource[name]
            let ok = try value.map { try FilterValueMatcher.matches($0, anyOf: wanted) } ?? false
            passes = passes && ok
        }
        for (name, wanted) in subFilters {
            passes = passes && Self.subFilterMatches(resource[name], wanted)
        }
        return passes
    }

    /// True when some element dict of `value` satisfies every element key of the sub-filter.
    /// A key ending in `_substr` (e.g. `ip_address_substr`) matches a substring of its base key.
    private static func subFilterMatches(_ value: JSONValue?, _ wanted: [String: [String]]) -> Bool {
        guard let elements = value?.arrayValue else { return false }
        return elements.contains { element in
            guard let dict = element.objectValue else { return false }
            return wanted.allSatisfy { key, accepted in
                if let actual = dict[key]?.stringValue { return accepted.contains(actual) }
                guard key.hasSuffix("_substr"), let actual = dict[String(key.dropLast(7))]?.stringValue else {
                    return false
                }
                return accepted.contains { actual.contains($0) }
            }
        }
    }
}

/// Compares query-string filter values with an attribute value, converting per its JSON type.
enum FilterValueMatcher {
    /// Whether `value` equals any of `candidates`; throws when a candidate cannot be converted.
    static func matches(_ value: JSONValue, anyOf candidates: [String]) throws -> Bool {
        switch value {
        case .string(let s):
            return candidates.contains(s)
        case .bool(let b):
            return try candidates.map(ListQuery.parseBoolean).contains(b)
        case .int(let i):
            return try candidates.map(parseInteger).contains(i)
        case .double(let d):
            return try candidates.map(parseNumber).contains(d)
        case .null:
            return candidates.contains { $0.isEmpty || $0 == "None" }
        case .array(let elements):
            var found = false
            for element in elements where element.arrayValue == nil && element.objectValue == nil {
                found = try matches(element, anyOf: candidates) || found
            }
            return found
        case .object:
            return false
        }
    }

    private static func parseInteger(_ text: String) throws -> Int {
        guard let value = Int(text) else { throw PatchbayError.invalidInput("'\(text)' is not an integer") }
        return value
    }

    private static func parseNumber(_ text: String) throws -> Double {
        guard let value = Double(text), value.isFinite else {
            throw PatchbayError.invalidInput("'\(text)' is not a number")
        }
        return value
    }
}
