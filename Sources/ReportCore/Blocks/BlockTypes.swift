/// Every block type, in the order `report schema` and messages list them. Adding a type is
/// one line here and a folder under `Blocks/`.
enum BlockTypes {
    static let all: [AnyBlockType] = [
        AnyBlockType(HeadingBlock.self),
        AnyBlockType(TextBlock.self),
        AnyBlockType(FiguresBlock.self),
        AnyBlockType(TimelineBlock.self),
        AnyBlockType(ChartBlock.self),
        AnyBlockType(TroopsBlock.self),
        AnyBlockType(DisplacementBlock.self),
        AnyBlockType(MapBlock.self),
        AnyBlockType(TableBlock.self),
        AnyBlockType(PageBreakBlock.self),
    ]

    /// The type called `name`.
    static func named(_ name: String) -> AnyBlockType? { all.first { $0.name == name } }
}
