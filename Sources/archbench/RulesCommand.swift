import ArgumentParser
import Foundation
import DesignModel
import DesignRules

/// `archbench rules [ID]`: lists the rule set, or explains one rule.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the validation rules and the diff rules, or explain one.")

    @Argument(help: "A rule id, e.g. api-path-shape, to print its explanation.",
              completion: .list(Validator.allRules.map(\.id) + DiffRules.all.map(\.id))) var id: String?

    func run() throws {
        guard let id else {
            let width = (Validator.allRules.map(\.id) + DiffRules.all.map(\.id)).map(\.count).max() ?? 0
            var category: RuleCategory?
            for rule in Validator.allRules {
                if rule.category != category {
                    if category != nil { Console.line("") }
                    category = rule.category
                    Console.line(category?.title ?? "Other")
                }
                let severity = rule.defaultSeverity.rawValue
                Console.line("  \(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  "
                    + "\(severity.padding(toLength: 7, withPad: " ", startingAt: 0))  \(rule.title)")
            }
            // The diff rules classify changes between two versions (`archbench diff`) instead of findings.
            Console.line("")
            Console.line("Design changes (archbench diff)")
            for rule in DiffRules.all {
                Console.line("  \(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  "
                    + "\(rule.changeClass.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(rule.title)")
            }
            Console.write("\n\(Validator.allRules.count) rules and \(DiffRules.all.count) diff rules; `archbench rules ID` explains one.\n")
            return
        }
        if let rule = DiffRules.rule(id: id) {
            Console.line("\(rule.id) (\(rule.changeClass.rawValue), archbench diff)")
            Console.line(rule.title)
            Console.line("")
            Console.write(rule.explanation + "\n")
            return
        }
        guard let rule = Validator.rule(id: id) else {
            let close = (Validator.allRules.map(\.id) + DiffRules.all.map(\.id)).filter { $0.hasPrefix(id) || id.hasPrefix($0) || $0.contains(id) }
            var message = "no rule '\(id)'"
            if !close.isEmpty { message += "; did you mean \(close.prefix(3).map { "'\($0)'" }.joined(separator: ", "))?" }
            throw CLIFailure.badInput([message + " (archbench rules lists them)"])
        }
        Console.line("\(rule.id) (\(rule.defaultSeverity.rawValue))")
        Console.line(rule.title)
        Console.line("")
        Console.write(rule.explanation + "\n")
    }
}
