extension BundledExample {
    public static let yaml = #"""
archbench: 1
title: Placeholder
"""# + "\n"
}
