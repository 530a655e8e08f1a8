import DesignModel
let loaded = try DesignLoader.load(contentsOf: CommandLine.arguments[1])
print(CanonicalWriter.yaml(for: loaded.design), terminator: "")
