import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Yams

/// OpenAPI 3.0 documents, read with OpenAPIKit30 and converted to 3.1 by OpenAPIKit's
/// compatibility layer, so that the rest of the import reads one model. The only file that sees
/// both modules (their types share names).
enum OpenAPI30 {
    static func decode(_ root: DecodingNode, with decoder: NodeDecoder) throws -> OpenAPIKit.OpenAPI.Document {
        try decoder.decode(OpenAPIKit30.OpenAPI.Document.self, from: root).convert(to: .v3_1_1)
    }
}
