@testable import ReportCairo
import XCTest

/// `ArtifactMarking`: untagged drawing in a content stream is wrapped as artifacts; tagged
/// sequences, strings and the graphics state stack are left as they were.
final class ArtifactMarkingTests: XCTestCase {
    private func mark(_ content: String) -> String {
        String(decoding: ArtifactMarking.mark(Array(content.utf8)), as: UTF8.self)
    }

    func testUntaggedObjectsAreWrappedAndTaggedOnesAreNot() {
        let content = """
            1 0 0 -1 0 595 cm
            q
            1 1 1 rg 0 0 842 596 re f
            /H1 << /MCID 0 >> BDC
            BT /f-0-0 1 Tf (Title)Tj ET
            EMC
            0.5 g 36 92 m 805 92 l S
            BT (Page 1 of 2)Tj ET
            Q
            """
        XCTAssertEqual(mark(content), """
            1 0 0 -1 0 595 cm
            q
            1 1 1 rg /Artifact BMC
            0 0 842 596 re f
            EMC
            /H1 << /MCID 0 >> BDC
            BT /f-0-0 1 Tf (Title)Tj ET
            EMC
            0.5 g /Artifact BMC
            36 92 m 805 92 l S
            BT (Page 1 of 2)Tj ET
            EMC
            Q
            """)
    }

    /// A run ends at q and Q: marked content and the graphics state stack stay nested.
    func testRunsNeverCrossSaveAndRestore() {
        XCTAssertEqual(mark("0 0 1 1 re f q 2 2 1 1 re f Q 3 3 1 1 re f"),
                       "/Artifact BMC\n0 0 1 1 re f\nEMC q /Artifact BMC\n2 2 1 1 re f\nEMC Q /Artifact BMC\n3 3 1 1 re f\nEMC")
    }

    /// Operators inside strings, nested parentheses and escapes are text, not operators.
    func testStringsAreNotReadAsOperators() {
        let content = "/P << /MCID 3 >> BDC BT (a \\) EMC \\( (Q) q BDC)Tj <454D43>Tj ET EMC BT (EMC) Tj ET"
        XCTAssertEqual(mark(content), "/P << /MCID 3 >> BDC BT (a \\) EMC \\( (Q) q BDC)Tj <454D43>Tj ET EMC /Artifact BMC\nBT (EMC) Tj ET\nEMC")
    }

    /// Cairo's ActualText spans inside a text object go in with the text object; a clip
    /// path (painted with n) is wrapped like any path.
    func testMarkedContentInsideTextAndClipsAreWrappedWithTheirObject() {
        let content = "0 0 841 595 re W n BT (a)Tj /Span << /ActualText <FEFF0066> >> BDC <0001>Tj EMC (b)Tj ET"
        XCTAssertEqual(mark(content), "/Artifact BMC\n0 0 841 595 re W n BT (a)Tj /Span << /ActualText <FEFF0066> >> BDC <0001>Tj EMC (b)Tj ET\nEMC")
    }

    /// Nested marked content in a tagged sequence stays inside it.
    func testNestedSequencesInsideATaggedOneAreLeftAlone() {
        let content = "/Figure << /MCID 0 >> BDC 1 1 m 2 2 l S /Span << /ActualText (x) >> BDC BT (x)Tj ET EMC 3 3 m 4 4 l S EMC 5 5 m 6 6 l S"
        XCTAssertEqual(mark(content), "/Figure << /MCID 0 >> BDC 1 1 m 2 2 l S /Span << /ActualText (x) >> BDC BT (x)Tj ET EMC 3 3 m 4 4 l S EMC /Artifact BMC\n5 5 m 6 6 l S\nEMC")
    }

    /// XObjects, shadings and inline images are content too; an inline image's data may hold
    /// any bytes.
    func testXObjectsShadingsAndInlineImagesAreWrapped() {
        let content = "q /x5 Do Q /sh1 sh BI /W 1 /H 1 /BPC 8 /CS /G ID \u{1}EMC\u{2} EI 0 g"
        XCTAssertEqual(mark(content), "q /Artifact BMC\n/x5 Do\nEMC Q /Artifact BMC\n/sh1 sh BI /W 1 /H 1 /BPC 8 /CS /G ID \u{1}EMC\u{2} EI\nEMC 0 g")
    }

    /// Content already marked as an artifact, and a stream with no drawing, are unchanged.
    func testMarkedArtifactsAndEmptyStreamsAreUnchanged() {
        let content = "/Artifact BMC 0 0 1 1 re f EMC q Q"
        XCTAssertEqual(mark(content), content)
        XCTAssertEqual(mark(""), "")
    }
}
