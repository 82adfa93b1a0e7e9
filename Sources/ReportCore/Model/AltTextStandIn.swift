// TEMPORARY STAND-IN — DELETE THIS FILE WHEN THE `lang`/`alt` BRANCH IS MERGED.
//
// Issue 16 is built in two parts at once: another branch adds the spec keys `lang` and
// `alt` and the generated alt text, exposing `PreparedBlock.altText` and
// `ReportSpec.language`. The tagged PDF, SVG <title>/<desc> and PNG description read those
// two names; until that branch lands they are computed here, as simply as possible. Nothing
// else in this branch defines or fills them, so the merge is: delete this file.

extension PreparedBlock {
    /// Stand-in for the generated alt text: the block's title (else its caption, else its
    /// type), nil for blocks that are text already (heading, text, page_break).
    public var altText: String? {
        switch content.typeName {
        case "heading", "text", "page_break": return nil
        default: return spec.title ?? spec.caption ?? content.typeName
        }
    }
}

extension ReportSpec {
    /// Stand-in for the report's `lang` key (BCP 47): always English.
    public var language: String { "en" }
}
