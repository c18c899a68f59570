/// A tiny XML builder that writes indented elements and escapes every attribute value and text.
///
/// It writes libvirt's house style: single-quoted attributes, two spaces per nesting level, one
/// element per line. Attribute order is the order given, so output is stable and diffable.
///
///     var writer = XMLWriter()
///     writer.element("interface", ["type": "bridge"]) { writer in
///         writer.empty("source", ["bridge": "br-int"])
///     }
public struct XMLWriter: Sendable {
    /// The document written so far.
    public private(set) var output = ""
    /// The current nesting depth.
    private var depth = 0

    /// Creates an empty writer.
    public init() {}

    /// Writes `<name attr='…'/>`.
    public mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        line("<\(name)\(Self.render(attributes))/>")
    }

    /// Writes `<name attr='…'>text</name>` on one line.
    public mutating func text(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], content: String) {
        line("<\(name)\(Self.render(attributes))>\(Self.escape(content))</\(name)>")
    }

    /// Writes `<name attr='…'>`, then what `body` writes one level deeper, then `</name>`.
    /// If `body` throws, the error propagates and the writer's output should be discarded.
    public mutating func element<Failure: Error>(_ name: String, _ attributes: KeyValuePairs<String, String> = [:],
                                                 body: (inout XMLWriter) throws(Failure) -> Void) throws(Failure) {
        line("<\(name)\(Self.render(attributes))>")
        depth += 1
        do { try body(&self) } catch { depth -= 1; throw error }
        depth -= 1
        line("</\(name)>")
    }

    /// Escapes `& < > " '` as entities, so the result is safe both as text and inside either
    /// kind of attribute quotes.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// ` a='1' b='2'`, each value escaped.
    private static func render(_ attributes: KeyValuePairs<String, String>) -> String {
        attributes.map { " \($0.key)='\(escape($0.value))'" }.joined()
    }

    /// Appends one indented line.
    private mutating func line(_ content: String) {
        output += String(repeating: "  ", count: depth) + content + "\n"
    }
}
