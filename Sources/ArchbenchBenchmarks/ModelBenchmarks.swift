import DesignModel
import Foundation

/// Load and save of the large design: the foundation's targets.
enum ModelBenchmarks {
    static func run(design: Design, yaml: String, path: String) throws -> [Measurement] {
        let compose = measure("  of which composing the YAML tree (libyaml)", target: 400) {
            _ = PlainYAML.compose(yaml, file: path)
        }
        let load = try measure("load 1.4 MB design (parse + model)", target: 400) {
            _ = try DesignLoader.load(contentsOf: path)
        }
        let save = try measure("save (canonical YAML + atomic write)", target: 200) {
            try DesignFile.save(design, to: path)
        }
        return [load, compose, save]
    }
}
