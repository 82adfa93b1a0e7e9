import Foundation

/// What a spec takes from other files before it is decoded: the house style it `extends`
/// (page, theme, marking, author, data sources kept in one file for many reports), and
/// narrative kept in Markdown files (`"text": {"file": "notes.md"}`).
///
/// The merge, in this order: the base (itself composed first, so bases can chain), then the
/// spec over it. Objects merge key by key, all the way down (a spec adds a colour to the
/// house's `theme.colors`, or a `filter` to a house source); any other value, arrays
/// included, replaces the base's; `null` removes what the base set. Values keep the file
/// they were written in, so a mistake in the house style is reported there.
///
/// Paths in a base are relative to the base's own folder: its data files are rewritten
/// relative to the spec's folder, where the loader resolves them. Outputs are always the
/// spec's own (they resolve against the spec's folder, wherever they were written).
/// Every file read stays inside the sandbox, the same as data files.
struct SpecComposer {
    /// Where files are read from.
    var world: any World
    /// The folder nothing may leave (`--root`, else the spec's folder).
    var root: String
    /// The spec's folder, absolute.
    var specDir: String

    /// The composed tree, the files it took in and the problems found.
    struct Composed {
        var tree: SpecNode
        /// Each file taken in, relative to the spec's folder (as the PDF's provenance names
        /// it: the same however the spec was named on the command line), with its bytes.
        var files: [(file: String, bytes: [UInt8])] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Composes the spec at `path` (absolute), shown in messages as `display`.
    func compose(_ tree: SpecNode, path: String, display: String) -> Composed {
        var composed = Composed(tree: tree)
        composed.tree = resolve(tree, path: path, display: display, chain: [(path, display)], &composed)
        return composed
    }

    private func resolve(_ tree: SpecNode, path: String, display: String, chain: [(path: String, display: String)],
                         _ composed: inout Composed) -> SpecNode {
        let folder = (path as NSString).deletingLastPathComponent
        let tree = includingTexts(tree, folder: folder, display: display, &composed)
        guard let extends = tree.members?.first(where: { $0.key == "extends" })?.value else { return tree }
        func error(_ message: String, suggestion: String? = nil) -> SpecNode {
            composed.diagnostics.append(.error(message, file: display, at: extends.position, path: "extends", suggestion: suggestion))
            return tree
        }
        guard let relative = extends.stringValue else {
            return error("\"extends\" must be a string naming the spec to build on, such as \"../house.json\", found \(extends.kindDescription)")
        }
        let basePath: String
        switch PathPolicy(base: folder, root: root, in: world).resolve(relative) {
        case .success(let p): basePath = p
        case .failure(let refusal): return error("extends refused: \(refusal.message)")
        }
        let baseDisplay = Self.display(relative, besides: display)
        if let start = chain.firstIndex(where: { $0.path == basePath }) {
            let cycle = (chain[start...].map(\.display) + [baseDisplay]).joined(separator: " → ")
            return error("\"extends\" makes a cycle: \(cycle)", suggestion: "a base must not extend, directly or not, the spec that extends it")
        }
        let ext = (basePath as NSString).pathExtension.lowercased()
        guard ["json", "yaml", "yml"].contains(ext) else {
            return error("\"extends\" must name a spec file (.json, .yaml or .yml), found \"\(relative)\"")
        }
        guard let bytes = readable(basePath, relative, what: "spec to extend", error) else { return tree }
        let parsed: SpecNode
        do {
            parsed = try ReportLoader.parseSpecBytes(bytes, ext: ext)
        } catch {
            // Said in the base, naming the spec that extends it (the parse stops there).
            composed.diagnostics += error.diagnostics.map { d in
                var d = d.inFile(baseDisplay)
                d.message += " (in \(baseDisplay), which \(display):\(extends.position) extends)"
                return d
            }
            return tree
        }
        composed.files.append((Self.relativePath(from: specDir, to: basePath), bytes))
        guard parsed.members != nil else {
            return error("\(baseDisplay) must hold an object of spec keys to build on, found \(parsed.kindDescription)")
        }
        var base = Self.stamped(parsed, SourceName(baseDisplay))
        base = rebasingDataFiles(base, from: (basePath as NSString).deletingLastPathComponent)
        base = resolve(base, path: basePath, display: baseDisplay, chain: chain + [(basePath, baseDisplay)], &composed)
        return Self.merge(base, tree)
    }

    /// The bytes of a file the spec names, or nil after reporting (through `error`) why not.
    private func readable(_ path: String, _ relative: String, what: String, _ error: (String, String?) -> SpecNode) -> [UInt8]? {
        switch world.kind(of: path) {
        case .folder:
            _ = error("\"\(relative)\" is a folder; expected the \(what)", nil)
            return nil
        case .missing:
            _ = error("no such file \"\(relative)\" (the \(what), looked for at \(path))", nil)
            return nil
        case .file:
            guard let bytes = world.read(path) else {
                _ = error("cannot read \"\(relative)\", the \(what) (check its permissions)", nil)
                return nil
            }
            return bytes
        }
    }

    /// Every text block's `"text": {"file": "notes.md"}` replaced by the file's text; the
    /// text keeps its file, so that a problem in it is reported at its line there.
    private func includingTexts(_ tree: SpecNode, folder: String, display: String, _ composed: inout Composed) -> SpecNode {
        guard var top = tree.members, let s = top.firstIndex(where: { $0.key == "sections" }),
              var sections = top[s].value.elements else { return tree }
        for (i, section) in sections.enumerated() {
            guard var members = section.members, let t = members.firstIndex(where: { $0.key == "text" }),
                  let include = members[t].value.members else { continue }
            let path = "sections[\(i)].text"
            let node = members[t].value
            func error(_ message: String, _ suggestion: String? = nil) -> SpecNode {
                composed.diagnostics.append(.error(message, file: display, at: node.position, path: path, suggestion: suggestion))
                return node
            }
            for member in include where member.key != "file" {
                composed.diagnostics.append(.error("unknown key \"\(member.key)\" in a text file include", file: display, at: member.keyPosition,
                                                   path: "\(path).\(member.key)", suggestion: "write {\"file\": \"notes.md\"}"))
            }
            guard let fileNode = include.first(where: { $0.key == "file" })?.value else {
                _ = error("\"text\" must be a string, or {\"file\": \"notes.md\"} to take the text from a Markdown file")
                continue
            }
            guard let relative = fileNode.stringValue else {
                _ = error("\"file\" must be a string naming a text file, found \(fileNode.kindDescription)")
                continue
            }
            let resolved: String
            switch PathPolicy(base: folder, root: root, in: world).resolve(relative) {
            case .success(let p): resolved = p
            case .failure(let refusal):
                _ = error("text file refused: \(refusal.message)")
                continue
            }
            guard let bytes = readable(resolved, relative, what: "text file", error) else { continue }
            let shown = Self.display(relative, besides: display)
            if let bad = firstInvalidUTF8(bytes) {
                composed.diagnostics.append(.error("invalid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true))); a text file must be UTF-8",
                                                   file: shown, at: bad.position, path: path, suggestion: "save the file as UTF-8"))
                continue
            }
            composed.files.append((Self.relativePath(from: specDir, to: resolved), bytes))
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            text = text.replacingOccurrences(of: "\r\n", with: "\n")
            while text.last == "\n" || text.last == " " { text.removeLast() }
            members[t].value = SpecNode(.string(text), at: SourcePosition(line: 1, column: 1, file: SourceName(shown, isVerbatimText: true)))
            var copy = section
            copy.value = .object(members)
            sections[i] = copy
        }
        top[s].value.value = .array(sections)
        var result = tree
        result.value = .object(top)
        return result
    }

    /// The base's data files, relative to its folder, made relative to the spec's folder.
    private func rebasingDataFiles(_ base: SpecNode, from baseFolder: String) -> SpecNode {
        guard var top = base.members, let d = top.firstIndex(where: { $0.key == "data" }), var sources = top[d].value.members else { return base }
        for i in sources.indices {
            guard var fields = sources[i].value.members, let f = fields.firstIndex(where: { $0.key == "file" }),
                  let file = fields[f].value.stringValue, !file.hasPrefix("/") else { continue }
            fields[f].value.value = .string(Self.relativePath(from: specDir, to: PathPolicy.lexicallyNormalized(baseFolder + "/" + file)))
            sources[i].value.value = .object(fields)
        }
        top[d].value.value = .object(sources)
        var result = base
        result.value = .object(top)
        return result
    }

    /// `base` under `over`: see the type's comment.
    static func merge(_ base: SpecNode, _ over: SpecNode) -> SpecNode {
        guard let baseMembers = base.members, let overMembers = over.members else { return over }
        func isNull(_ node: SpecNode) -> Bool { if case .null = node.value { return true } else { return false } }
        var merged: [SpecMember] = []
        for member in baseMembers where member.key != "extends" {
            guard let mine = overMembers.first(where: { $0.key == member.key }) else { merged.append(member); continue }
            if isNull(mine.value) { continue }
            var m = mine
            m.value = merge(member.value, mine.value)
            merged.append(m)
        }
        for member in overMembers where member.key != "extends" && !isNull(member.value)
            && !baseMembers.contains(where: { $0.key == member.key }) {
            merged.append(member)
        }
        var result = over
        result.value = .object(merged)
        return result
    }

    /// Every position in `node` placed in `file`.
    static func stamped(_ node: SpecNode, _ file: SourceName) -> SpecNode {
        var copy = node
        copy.position.file = file
        switch node.value {
        case .object(let members):
            copy.value = .object(members.map { m in
                var m = m
                m.keyPosition.file = file
                m.value = stamped(m.value, file)
                return m
            })
        case .array(let items):
            copy.value = .array(items.map { stamped($0, file) })
        default: break
        }
        return copy
    }

    /// How a file a spec names is shown in messages: beside the spec as the user named it.
    static func display(_ relative: String, besides spec: String) -> String {
        if relative.hasPrefix("/") { return relative }
        let folder = (spec as NSString).deletingLastPathComponent
        return PathPolicy.lexicallyNormalized(folder.isEmpty ? relative : folder + "/" + relative)
    }

    /// The relative path from folder `from` to `to`, both absolute and normalised.
    static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/"), b = to.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
