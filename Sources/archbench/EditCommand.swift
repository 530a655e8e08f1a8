import ArgumentParser
import DesignModel
import Foundation

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Open a design (the bundled example when no file is given).")

    @Argument(help: "The design file.") var file: String?

    func run() throws {
        let design = try file.map { try loadDesign($0).design } ?? BundledExample.design
        print(DesignOutline.text(for: design), terminator: "")
    }
}
