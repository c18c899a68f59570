/// A domain failure with a stable code, an HTTP-neutral category and an operator-facing message.
///
/// The `code` strings are part of the contract: logs, tests and operators match on them, so an
/// existing code is never renamed. The `type` is the OpenStack exception class name that the
/// API renders (for Neutron, `NeutronError.type`), and `category` decides the status code.
public struct PatchbayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Stable machine-readable code, e.g. `network.not_found` or `port.mac_in_use`.
    public var code: String
    /// The OpenStack exception class name, e.g. `NetworkNotFound`.
    public var type: String
    /// What kind of failure this is; the API maps it to a status code.
    public var category: Category
    /// Human-readable explanation, phrased the way Neutron phrases it where one exists.
    public var message: String
    /// Optional extra detail (Neutron's `detail` field).
    public var detail: String

    /// The broad classes of failure, each with one HTTP status.
    public enum Category: String, Sendable, Equatable {
        case badRequest, unauthorized, forbidden, notFound, methodNotAllowed, notAcceptable, conflict, gone, preconditionFailed
        case unsupportedMediaType, unavailable, notImplemented, internalError

        /// The HTTP status code OpenStack services use for this category.
        public var httpStatus: Int {
            switch self {
            case .badRequest: 400
            case .unauthorized: 401
            case .forbidden: 403
            case .notFound: 404
            case .methodNotAllowed: 405
            case .notAcceptable: 406
            case .conflict: 409
            case .gone: 410
            case .preconditionFailed: 412
            case .unsupportedMediaType: 415
            case .unavailable: 503
            case .notImplemented: 501
            case .internalError: 500
            }
        }
    }

    /// Creates an error from all of its parts.
    public init(code: String, type: String, category: Category, message: String, detail: String = "") {
        self.code = code
        self.type = type
        self.category = category
        self.message = message
        self.detail = detail
    }

    /// A textual form that names the code, for logs.
    public var description: String { "\(code): \(message)" }
}
