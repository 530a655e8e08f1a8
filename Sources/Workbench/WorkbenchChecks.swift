import DesignModel
import DesignRules

/// The checker the CLI gives the workbench: the full rule set of DesignRules.
public enum WorkbenchChecks {
    public static let standard: any DesignChecking = FunctionChecker { design, sourceMap in
        Validator().validate(design, sourceMap: sourceMap)
    }
}
