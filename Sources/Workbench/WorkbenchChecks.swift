import DesignModel
import DesignRules

/// The checker the CLI gives the workbench: the full rule set of DesignRules.
package enum WorkbenchChecks {
    package static let standard: any DesignChecking = FunctionChecker { design, sourceMap in
        Validator().validate(design, sourceMap: sourceMap)
    }
}
