/// `lang`: the report's language as a BCP 47 tag (RFC 5646), which a tagged PDF writes as
/// its `/Lang` and screen readers choose a voice by.
///
/// The tags read are RFC 5646's `langtag` with a 2- or 3-letter language (ISO 639): the
/// language, up to three extended languages, a script (`Hant`), a region (`CA`, `419`),
/// variants, extensions and a private-use part, joined by hyphens, in any letter case. The
/// rest of the grammar is refused on purpose: languages of 4 to 8 letters are reserved or
/// unregistered (so `english` is a mistake, not a tag), and grandfathered and private-use-only
/// tags name no language a reader knows. Whether a subtag is registered with IANA is not
/// checked: that needs the registry, and a well-formed tag that no reader knows only falls
/// back to the reader's own language.
public enum LanguageTag {
    /// The default: English.
    public static let english = "en"

    /// The schema's pattern: exactly the tags `canonical` reads (`SpecSchemaTests` compares
    /// the two on random specs).
    static let pattern = "^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
        + "(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-[A-WYZa-wyz0-9](-[A-Za-z0-9]{2,8})+)*(-[Xx](-[A-Za-z0-9]{1,8})+)?$"

    /// The tag in RFC 5646's canonical case (`fr-ca` → `fr-CA`, `ZH-HANT-TW` → `zh-Hant-TW`:
    /// lower case but a script in title case and a region in capitals), or nil when `text` is
    /// not a tag of the form above.
    public static func canonical(_ text: String) -> String? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        /// Takes the next subtag when `accept` says it belongs here, written as `write` says.
        func take(_ accept: (String) -> Bool, _ write: (String) -> String = { $0.lowercased() }) -> Bool {
            guard i < parts.count, accept(parts[i]) else { return false }
            out.append(write(parts[i])); i += 1
            return true
        }
        guard take({ letters($0, 2...3) }) else { return nil }
        var extended = 0
        while extended < 3, take({ letters($0, 3...3) }) { extended += 1 }
        _ = take({ letters($0, 4...4) }) { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
        _ = take({ letters($0, 2...2) || digits($0, 3) }) { $0.uppercased() }
        while take({ alphanumeric($0, 5...8) || (alphanumeric($0, 4...4) && digits(String($0.prefix(1)), 1)) }) {}
        // Extensions: a singleton (any letter or digit but x), then subtags of 2 to 8.
        while i < parts.count, alphanumeric(parts[i], 1...1), parts[i].lowercased() != "x" {
            guard take({ _ in true }), take({ alphanumeric($0, 2...8) }) else { return nil }
            while take({ alphanumeric($0, 2...8) }) {}
        }
        if take({ $0.lowercased() == "x" }) {
            guard take({ alphanumeric($0, 1...8) }) else { return nil }
            while take({ alphanumeric($0, 1...8) }) {}
        }
        return i == parts.count ? out.joined(separator: "-") : nil
    }

    private static func letters(_ s: String, _ count: ClosedRange<Int>) -> Bool {
        count.contains(s.utf8.count) && s.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
    }

    private static func digits(_ s: String, _ count: Int) -> Bool {
        s.utf8.count == count && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func alphanumeric(_ s: String, _ count: ClosedRange<Int>) -> Bool {
        count.contains(s.utf8.count) && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }
    }
}
