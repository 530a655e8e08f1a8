import DesignExport
import DesignModel
import DesignRules
import ArchbenchTestSupport
import Foundation
import Testing

/// Files the tests read and write, found from this source file.
enum Paths {
    static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let shop = Fixture.shopPath
    static let awkward = testsFolder.appendingPathComponent("Fixtures/awkward.design.yaml").path
    static func golden(_ name: String) -> URL { testsFolder.appendingPathComponent("Golden/\(name)") }
}

func loadShop() throws -> LoadedDesign { try DesignLoader.load(contentsOf: Paths.shop) }
func loadAwkward() throws -> LoadedDesign { try DesignLoader.load(contentsOf: Paths.awkward) }

/// Findings of the kinds the validator reports, with text that needs escaping, for the fixtures.
let sampleFindings: [Finding] = [
    Finding(ruleID: "doc-description", severity: .info, message: "no description | none at all",
                  element: .table("orders.v2"), location: SourceLocation(line: 150, column: 5)),
    Finding(ruleID: "api-error-responses", severity: .warning, message: "takes input but declares no 400 or 422",
                  element: .endpoint("POST /v1/orders"), location: SourceLocation(line: 120, column: 5)),
    Finding(ruleID: "db-fk-type", severity: .error, message: "`ref` is bigint but many.id is *bigint*",
                  element: .column("Ünïcode tåble {x}", "ref"), location: SourceLocation(line: 190, column: 9)),
    Finding(ruleID: "doc-open-questions", severity: .info, message: "1 open question", element: .section("requirements")),
    Finding(ruleID: "design-empty", severity: .warning, message: "a design-wide finding"),
]

/// Compares with this target's golden file `Golden/NAME`.
func expectGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try ArchbenchTestSupport.expectGolden(text, at: Paths.golden(name), sourceLocation: sourceLocation)
}

typealias SourceLocation_ = Testing.SourceLocation

// MARK: - CommonMark/GFM parse by markdown-it-py

/// What markdown-it-py (CommonMark with the GFM table extension) reads in a document.
struct ParsedMarkdown: Decodable {
    struct Heading: Decodable {
        var level: Int
        var text: String
    }
    struct Table: Decodable {
        var header: [String]
        var rows: [[String]]
    }
    struct Fence: Decodable {
        var info: String
        var content: String
    }
    var headings: [Heading]
    var links: [String]
    var tables: [Table]
    var fences: [Fence]
    var paragraphs: [String]
    var listItems: [String]
    var codeBlocks: Int
    var htmlBlocks: [String]
    var blockquotes: [String]
}

enum MarkdownItError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self {
        case let .failed(message): message
        }
    }
}

/// The Python side: parse with markdown-it-py and print what was found as JSON.
let markdownItScript = #"""
import json, sys
from markdown_it import MarkdownIt

md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
tokens = md.parse(open(sys.argv[1], encoding="utf-8").read())

def plain(tok):
    out = []
    for c in tok.children or []:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif c.type == "html_inline":
            out.append("\n" if c.content.lower() in ("<br>", "<br/>", "<br />") else c.content)
    return "".join(out)

result = {"headings": [], "links": [], "tables": [], "fences": [], "paragraphs": [], "listItems": [],
          "codeBlocks": 0, "htmlBlocks": [], "blockquotes": []}
table = None
row = None
in_list_item = 0
in_quote = 0
for i, t in enumerate(tokens):
    if t.type == "inline":
        for c in t.children or []:
            if c.type == "link_open":
                result["links"].append(c.attrs.get("href"))
    if t.type == "heading_open":
        result["headings"].append({"level": int(t.tag[1]), "text": plain(tokens[i + 1])})
    elif t.type == "paragraph_open":
        text = plain(tokens[i + 1])
        if in_list_item:
            result["listItems"].append(text)
        elif in_quote:
            result["blockquotes"].append(text)
        else:
            result["paragraphs"].append(text)
    elif t.type == "list_item_open":
        in_list_item += 1
    elif t.type == "list_item_close":
        in_list_item -= 1
    elif t.type == "blockquote_open":
        in_quote += 1
    elif t.type == "blockquote_close":
        in_quote -= 1
    elif t.type == "table_open":
        table = {"header": [], "rows": []}
    elif t.type == "table_close":
        result["tables"].append(table)
        table = None
    elif t.type == "tr_open":
        row = []
    elif t.type == "tr_close":
        if not table["header"] and not table["rows"] and tokens[i - 1].type == "th_close":
            table["header"] = row
        else:
            table["rows"].append(row)
    elif t.type in ("th_open", "td_open"):
        row.append(plain(tokens[i + 1]) if tokens[i + 1].type == "inline" else "")
    elif t.type == "fence":
        result["fences"].append({"info": t.info, "content": t.content})
    elif t.type == "code_block":
        result["codeBlocks"] += 1
    elif t.type == "html_block":
        result["htmlBlocks"].append(t.content)
json.dump(result, sys.stdout)
"""#

/// Runs markdown-it-py on a document. CI installs it (`pip install markdown-it-py`); without it
/// the test fails and says so.
func parseWithMarkdownIt(_ markdown: String) throws -> ParsedMarkdown {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("doc.md")
    try Data(markdown.utf8).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", markdownItScript, file.path]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw MarkdownItError.failed("python3 with markdown-it-py failed (pip install markdown-it-py): \(errorText)")
    }
    return try JSONDecoder().decode(ParsedMarkdown.self, from: data)
}

/// GitHub's anchors for the headings, in order.
func anchors(of headings: [ParsedMarkdown.Heading]) -> [String] {
    var slugger = GitHubSlugger()
    return headings.map { slugger.slug($0.text) }
}

/// The table lines of a document (outside fences) whose unescaped pipes do not match their table's
/// header: a pipe in a cell that was not escaped would add a column.
func misalignedTableLines(_ markdown: String) -> [String] {
    var problems: [String] = []
    var fence: String?
    var columns: Int?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if let open = fence {
            if line.hasPrefix(open) && line.allSatisfy({ $0 == "`" }) { fence = nil }
            continue
        }
        if line.hasPrefix("```") {
            fence = String(line.prefix { $0 == "`" })
            continue
        }
        guard line.hasPrefix("|") else {
            columns = nil
            continue
        }
        var count = 0
        var escaped = false
        for character in line {
            if character == "|" && !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        if let expected = columns {
            if count != expected { problems.append(String(line)) }
        } else {
            columns = count
        }
    }
    return problems
}
