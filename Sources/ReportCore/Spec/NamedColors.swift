import ReportScene

/// The CSS colour names spec authors most often write (a subset of CSS Color 4).
let namedColors: [String: Color] = [
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080", "gray": "#808080", "grey": "#808080",
    "darkgray": "#a9a9a9", "darkgrey": "#a9a9a9", "lightgray": "#d3d3d3", "lightgrey": "#d3d3d3",
    "brown": "#a52a2a", "navy": "#000080", "teal": "#008080", "maroon": "#800000", "olive": "#808000",
    "crimson": "#dc143c", "firebrick": "#b22222", "darkred": "#8b0000", "darkgreen": "#006400",
    "darkblue": "#00008b", "steelblue": "#4682b4", "goldenrod": "#daa520", "gold": "#ffd700",
    "pink": "#ffc0cb", "magenta": "#ff00ff", "cyan": "#00ffff", "silver": "#c0c0c0", "tan": "#d2b48c",
    "slategray": "#708090", "slategrey": "#708090", "indigo": "#4b0082", "sienna": "#a0522d",
].mapValues { Color(hex: $0)! }
