import Foundation

/// A private node for libvirt's test driver: `test:///default` is shared by every connection in
/// a process, while a `test://FILE` node is a connection's own, so parallel tests never see each
/// other's guests.
public enum LibvirtTestNode {
    /// Writes a small node description (4 CPUs, 8 GiB) into `directory` and returns its URI.
    public static func create(in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("libvirt-node.xml")
        try Data("""
            <node><cpu><mhz>2000</mhz><model>i686</model><active>4</active><nodes>1</nodes><sockets>1</sockets>\
            <cores>4</cores><threads>1</threads></cpu><memory>8388608</memory></node>
            """.utf8).write(to: file)
        return "test://" + file.path
    }
}
