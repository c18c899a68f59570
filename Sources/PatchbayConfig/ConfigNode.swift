import PatchbayCore
import Yams

/// A YAML config document as a tree of `JSONValue`s, read with the path of each key kept so
/// errors name the offending entry ("ml2.vni_ranges: …").
public struct ConfigNode: Sendable {
    /// The node's value.
    public let value: JSONValue
    /// The dotted path of this node from the document root (empty for the root).
    public let path: String

    /// Wraps a value found at `path`.
    public init(value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    /// Parses YAML text; an empty document is an empty mapping.
    public static func parse(yaml: String) throws -> ConfigNode {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch {
            throw ConfigError("the config file is not valid YAML: \(error)")
        }
        return ConfigNode(value: try node.map(convert) ?? .object([:]), path: "")
    }

    private static func convert(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return .null }
                if let flag = node.bool { return .bool(flag) }
                // Only plain decimals are numbers: Yams' YAML 1.1 constructor would read a range
                // such as `10:20` as the base-60 number 620, and `0x10` or `010` as 16 or 8.
                if let number = Int(scalar.string) { return .int(number) }
            }
            return .string(scalar.string)
        case .sequence(let sequence): return .array(try sequence.map(convert))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else { throw ConfigError("config keys must be strings") }
                object[name] = try convert(value)
            }
            return .object(object)
        case .alias: throw ConfigError("YAML aliases are not supported in the config file")
        }
    }

    /// A child section (absent sections read as empty); fails on keys outside `allowed`.
    public func section(_ key: String, allowed: Set<String>) throws -> ConfigNode {
        let child = ConfigNode(value: value[key] ?? .object([:]), path: join(key))
        guard case .object(let object) = child.value else { throw ConfigError("\(child.path): expected a mapping") }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ConfigError("\(child.join(unknown)): unknown setting (known: \(allowed.sorted().joined(separator: ", ")))")
        }
        return child
    }

    /// Fails on top-level keys outside `allowed`.
    public func checkKeys(_ allowed: Set<String>) throws {
        if let unknown = value.objectValue?.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ConfigError("\(join(unknown)): unknown section (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// A string setting (numbers are accepted as their text).
    public func string(_ key: String, default fallback: String) throws -> String {
        guard let item = value[key], !item.isNull else { return fallback }
        if let text = item.stringValue { return text }
        if let number = item.intValue { return String(number) }
        throw ConfigError("\(join(key)): expected a string")
    }

    /// An integer setting.
    public func int(_ key: String, default fallback: Int) throws -> Int {
        guard let item = value[key], !item.isNull else { return fallback }
        guard let number = item.intValue ?? item.stringValue.flatMap({ Int($0) }) else { throw ConfigError("\(join(key)): expected an integer") }
        return number
    }

    /// A boolean setting.
    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let item = value[key], !item.isNull else { return fallback }
        guard let flag = item.boolValue else { throw ConfigError("\(join(key)): expected true or false") }
        return flag
    }

    /// A list given as a YAML sequence or as a comma-separated string (`vlan, vxlan`).
    public func list(_ key: String, default fallback: [String]) throws -> [String] {
        guard let item = value[key], !item.isNull else { return fallback }
        if let text = item.stringValue {
            return text.split(separator: ",").map { Substring($0).trimmingSpaces() }.filter { !$0.isEmpty }
        }
        guard let items = item.arrayValue else { throw ConfigError("\(join(key)): expected a list") }
        return try items.map { element in
            if let text = element.stringValue { return text }
            if let number = element.intValue { return String(number) }
            throw ConfigError("\(join(key)): list entries must be strings")
        }
    }

    /// The path of a child key, for error messages.
    public func join(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// An invalid configuration, reported at start with the offending entry and the reason.
public struct ConfigError: Error, CustomStringConvertible {
    /// What is wrong, prefixed with the setting's path.
    public let description: String
    /// Creates an error with the setting's path and the reason.
    public init(_ description: String) { self.description = description }
}

extension Substring {
    /// The text without leading or trailing spaces.
    public func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
