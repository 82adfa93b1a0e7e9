extension RenderRun {
    /// `report render` read without ArgumentParser, or nil to let ArgumentParser read it.
    ///
    /// ArgumentParser builds its view of the commands by reflection (`Mirror`, protocol
    /// conformance look-ups over every record of the static binary): about 4 ms of CPU
    /// before the spec is opened, a tenth of a 1k-event briefing. This reads only the plain
    /// case: `render`, then spec files and render's own options, each option spelt
    /// `--name VALUE` at most once (`--set` and `--matrix` repeat), values that do not
    /// start with `-`, and values that `Render`'s checks accept. Anything else (help, `=`,
    /// `--`, standard input, an unknown or repeated option, a value refused) returns nil,
    /// so ArgumentParser reads it and answers exactly as before.
    init?(fastArguments arguments: [String]) {
        guard arguments.first == "render", arguments.count > 1 else { return nil }
        var spec = SpecValues(specs: [])
        var outputs = OutputValues()
        var check = false, json = false, quiet = false
        var seen: [String] = []  // (a Set's metadata costs more than these few compares)
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard !argument.isEmpty else { return nil }
            guard argument.hasPrefix("-") else { spec.specs.append(argument); continue }
            // Flags and options may appear once, except the repeatable ones.
            guard argument == "--set" || argument == "--matrix" || !seen.contains(argument) else { return nil }
            seen.append(argument)
            switch argument {
            case "--check": check = true; continue
            case "--json": json = true; continue
            case "--quiet": quiet = true; continue
            default: break
            }
            guard i < arguments.count, !arguments[i].isEmpty, !arguments[i].hasPrefix("-") else { return nil }
            let value = arguments[i]
            i += 1
            switch argument {
            case "--root": spec.root = value
            case "--fonts": spec.fonts = value
            case "--set": spec.set.append(value)
            case "--params": spec.params = value
            case "--matrix": spec.matrix.append(value)
            case "--shard": spec.shard = value
            case "--out-dir": outputs.outDir = value
            case "--only": outputs.only = value
            case "--jobs":
                guard let jobs = Int(value) else { return nil }
                outputs.jobs = jobs
            default: return nil
            }
        }
        guard !spec.specs.isEmpty, spec.problem() == nil, outputs.problem() == nil else { return nil }
        self.init(spec: spec, outputs: outputs, check: check, json: json, quiet: quiet)
    }
}
