/// Themes compiled into the binary so archbench still has its look when
/// the Themes/ directory can't be found (a copied binary, a bare container).
/// These texts must stay identical to Themes/default.yaml and
/// Themes/monochrome.yaml; a test compares them.
package enum BuiltinThemes {
    package static let defaultYAML = #"""
    # archbench default theme: dark background, readable on 8 colours (TERM=screen)
    # Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
    # bright-NAME, or 0-255. Attributes: bold, reverse, underline, dim.
    name: default
    description: Dark terminals; uses only the 16 basic colours
    roles:
      text:        { fg: default, bg: default }
      muted:       { fg: bright-black }
      accent:      { fg: cyan, attrs: [bold] }
      selection:   { fg: black, bg: cyan }
      error:       { fg: bright-red, attrs: [bold] }
      warning:     { fg: yellow }
      info:        { fg: bright-blue }
      success:     { fg: green }
      border:      { fg: bright-black }
      focusBorder: { fg: cyan }
      title:       { fg: default, attrs: [bold] }
      header:      { fg: default, attrs: [bold] }
      statusBar:   { fg: black, bg: white }
      activeTab:   { fg: black, bg: cyan, attrs: [bold] }
      input:       { fg: bright-white, attrs: [underline] }

    """#

    package static let monochromeYAML = #"""
    # archbench monochrome theme: attributes only, as used with NO_COLOR or on
    # terminals without colour.
    name: monochrome
    description: No colours; bold, reverse, underline and dim only
    roles:
      text:        { fg: default, bg: default }
      muted:       { fg: default, attrs: [dim] }
      accent:      { fg: default, attrs: [bold] }
      selection:   { fg: default, attrs: [reverse] }
      error:       { fg: default, attrs: [bold, underline] }
      warning:     { fg: default, attrs: [bold] }
      info:        { fg: default }
      success:     { fg: default, attrs: [bold] }
      border:      { fg: default }
      focusBorder: { fg: default, attrs: [bold] }
      title:       { fg: default, attrs: [bold] }
      header:      { fg: default, attrs: [bold] }
      statusBar:   { fg: default, attrs: [reverse] }
      activeTab:   { fg: default, attrs: [reverse] }
      input:       { fg: default }

    """#

    /// Names that resolve even with no theme files anywhere.
    package static let names = ["default", "monochrome"]

    package static func yaml(named name: String) -> String? {
        switch name {
        case "default": return defaultYAML
        case "monochrome": return monochromeYAML
        default: return nil
        }
    }
}
