import PatchbayCore

extension ResourceBody {
    /// A string attribute (nil when absent), at most `maxLength` characters.
    func string(_ key: String, maxLength: Int = 255, allowNull: Bool = false) throws -> String? {
        guard let value = attributes[key] else { return nil }
        if value.isNull, allowNull { return nil }
        guard let text = value.stringValue else { throw invalid(key, "'\(describe(value))' is not a valid string") }
        if text.count > maxLength {
            throw invalid(key, "'\(text)' exceeds maximum length of \(maxLength)")
        }
        return text
    }

    /// A UUID-valued attribute (8-4-4-4-12 hex, or 32 hex digits), as Neutron validates ids.
    func uuid(_ key: String) throws -> String? {
        guard let text = try string(key) else { return nil }
        let bytes = Array(text.utf8)
        let dashes = bytes.count == 36 ? [8, 13, 18, 23] : []
        let shaped = bytes.count == 32 || (bytes.count == 36 && dashes.allSatisfy { bytes[$0] == UInt8(ascii: "-") })
        let hexOnly = bytes.enumerated().allSatisfy { index, byte in
            dashes.contains(index) || (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 102)
        }
        guard shaped, hexOnly else { throw invalid(key, "'\(text)' is not a valid UUID") }
        return text
    }

    /// A boolean attribute, accepting what Neutron's `convert_to_boolean` does.
    func bool(_ key: String) throws -> Bool? {
        guard let value = attributes[key] else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .int(0): return false
        case .int(1): return true
        case .string(let text):
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: break
            }
        default: break
        }
        throw PatchbayError.invalidInput("'\(describe(value))' cannot be converted to boolean")
    }

    /// An integer attribute (numeric strings accepted, as Neutron's converters do).
    func int(_ key: String, allowNull: Bool = false) throws -> Int? {
        guard let value = attributes[key] else { return nil }
        if value.isNull, allowNull { return nil }
        if let number = value.intValue { return number }
        if let text = value.stringValue, let number = Int(text) { return number }
        throw invalid(key, "'\(describe(value))' is not an integer")
    }

    /// A list of strings.
    func strings(_ key: String) throws -> [String]? {
        guard let value = attributes[key] else { return nil }
        guard let items = value.arrayValue else { throw invalid(key, "'\(describe(value))' is not a list") }
        return try items.map { item in
            guard let text = item.stringValue else { throw invalid(key, "'\(describe(item))' is not a valid string") }
            return text
        }
    }

    /// A dictionary.
    func object(_ key: String, allowNull: Bool = true) throws -> [String: JSONValue]? {
        guard let value = attributes[key] else { return nil }
        if value.isNull, allowNull { return [:] }
        guard let object = value.objectValue else { throw invalid(key, "'\(describe(value))' is not a dictionary") }
        return object
    }

    /// The 400 Neutron returns for an attribute that fails validation.
    func invalid(_ key: String, _ reason: String) -> PatchbayError {
        PatchbayError.badRequest("Invalid input for \(key). Reason: \(reason).", code: "request.invalid_attribute")
    }

    /// A Python-ish rendering of a value for error messages.
    func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .null: "None"
        case .bool(let flag): flag ? "True" : "False"
        default: JSONWriter.string(value)
        }
    }

    /// Resolves `tenant_id` / `project_id` for a create: they must agree, and a non-admin may
    /// only name its own project.
    func owner(for caller: Caller) throws -> String {
        let tenant = try string("tenant_id")
        let project = try string("project_id")
        if let tenant, let project, tenant != project {
            throw PatchbayError.badRequest("'project_id' and 'tenant_id' do not match", code: "request.project_mismatch")
        }
        let owner = project ?? tenant ?? caller.projectId
        if owner != caller.projectId, !caller.isAdmin {
            throw PatchbayError.badRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges",
                                           code: "request.foreign_project")
        }
        return owner
    }
}
