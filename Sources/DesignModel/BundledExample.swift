/// The example design built into the binary, opened when archbench starts without a file.
package enum BundledExample {
    package static let fileName = "ride-hailing.design.yaml"

    /// Parsed once; the text is canonical and valid, which the tests check.
    package static let design: Design = {
        do {
            return try DesignLoader.load(yaml: yaml, file: fileName).design
        } catch {
            preconditionFailure("the bundled example does not load: \(error)")
        }
    }()
}
