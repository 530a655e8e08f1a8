/// The example design built into the binary, opened when archbench starts without a file.
public enum BundledExample {
    public static let fileName = "ride-hailing.design.yaml"

    /// Parsed once; the text is canonical and valid, which the tests check.
    public static let design: Design = {
        do {
            return try DesignLoader.load(yaml: yaml, file: fileName).design
        } catch {
            preconditionFailure("the bundled example does not load: \(error)")
        }
    }()
}
