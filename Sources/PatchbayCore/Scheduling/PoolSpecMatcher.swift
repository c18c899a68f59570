/// One `PCIRequest.Spec` prepared once per `Scheduler.select`, matching pools in place: it reads
/// a pool's fields through a pointer and never copies the pool or its strings.
///
/// The strings a spec requires (vendor, product, physnet) are interned per select: a pool
/// string with the very same bits as one already compared is the same string value (every pool
/// outlives the select), so it reuses that comparison's answer. Only a new bit pattern pays a
/// real `String` comparison. Answers are always exactly `Spec.matches`'.
struct PoolSpecMatcher {
    /// The spec, for its tags (compared the ordinary way, only when it has some).
    private let spec: PCIRequest.Spec
    private var vendor: InternedField?
    private var product: InternedField?
    private var physnet: InternedField?

    init(_ spec: PCIRequest.Spec) {
        self.spec = spec
        vendor = spec.vendorId.map { InternedField(expected: $0, offset: Self.offset(\.vendorId)) }
        product = spec.productId.map { InternedField(expected: $0, offset: Self.offset(\.productId)) }
        physnet = switch spec.physicalNetwork {
        case .any: nil
        case .untagged: InternedField(expected: nil, offset: Self.offset(\.physicalNetwork))
        case .named(let name): InternedField(expected: name, offset: Self.offset(\.physicalNetwork))
        }
    }

    /// True when the pool at `pool` has every property the spec names (as `Spec.matches`).
    @inline(__always)
    mutating func matches(_ pool: UnsafePointer<PoolSummary>) -> Bool {
        if let deviceType = spec.deviceType {
            guard pool.pointee.deviceType == deviceType else { return false }
        } else if pool.pointee.deviceType == .pf {
            return false
        }
        if spec.trustedRequired && !pool.pointee.trusted { return false }
        if let result = vendor?.matches(pool, actual: { $0.pointee.vendorId }), !result { return false }
        if let result = product?.matches(pool, actual: { $0.pointee.productId }), !result { return false }
        if let result = physnet?.matches(pool, actual: { $0.pointee.physicalNetwork }), !result { return false }
        if !spec.tags.isEmpty {
            for (key, value) in spec.tags where pool.pointee.tags[key] != value { return false }
        }
        for capability in spec.requiredCapabilities where !pool.pointee.nicCapabilities.contains(capability) { return false }
        return true
    }

    /// The byte offset of a stored string field in `PoolSummary`, or nil when interning cannot
    /// read it (the field is not the size of `StringBits`).
    private static func offset(_ field: PartialKeyPath<PoolSummary>) -> Int? {
        guard MemoryLayout<String>.size == MemoryLayout<StringBits>.size,
              MemoryLayout<String?>.size == MemoryLayout<StringBits>.size else { return nil }
        return MemoryLayout<PoolSummary>.offset(of: field)
    }
}

/// The raw representation of a `String` or `String?` value, used only as an identity.
struct StringBits: Equatable {
    var low: UInt64
    var high: UInt64
}

/// One string field a spec requires, with the answers already known for each bit pattern met.
struct InternedField {
    /// The required value of the field (nil: the field must be nil).
    private let expected: String?
    /// Where the field sits in a `PoolSummary`; nil disables interning.
    private let offset: Int?
    /// Bit patterns met so far and whether each equals `expected`; a few, scanned linearly.
    private var known: ContiguousArray<(bits: StringBits, equal: Bool)> = []
    private static let capacity = 8

    init(expected: String?, offset: Int?) {
        self.expected = expected
        self.offset = offset
        known.reserveCapacity(Self.capacity)
        if offset != nil { known.append((withUnsafeBytes(of: expected) { $0.loadUnaligned(as: StringBits.self) }, true)) }
    }

    /// Whether the field of `pool` equals the expected value; `actual` reads it the slow way.
    @inline(__always)
    mutating func matches(_ pool: UnsafePointer<PoolSummary>, actual: (UnsafePointer<PoolSummary>) -> String?) -> Bool {
        guard let offset else { return actual(pool) == expected }
        let bits = UnsafeRawPointer(pool).load(fromByteOffset: offset, as: StringBits.self)
        for index in known.indices where known[index].bits == bits { return known[index].equal }
        let equal = actual(pool) == expected
        if known.count < Self.capacity { known.append((bits, equal)) }
        return equal
    }
}
