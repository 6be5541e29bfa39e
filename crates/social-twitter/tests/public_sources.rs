//! Comments point to public sources: the crate's sources, tests and scripts cite X's
//! documentation (docs.x.com), its OpenAPI spec or a public repository file, never private notes
//! cited by section number nor a folder of the machine they were written on.

use std::path::{Path, PathBuf};

/// Every source, script and manifest below `dir`, fixtures aside (they are data, not comments).
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "fixtures") {
                files(&path, out);
            }
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "py" || e == "toml")
        {
            out.push(path);
        }
    }
}

/// What a private citation looks like: a section sign before a number, or a folder of the
/// machine (spelled in pieces here, so that this file does not match itself).
fn private_citation(line: &str) -> bool {
    let section = line.char_indices().any(|(i, c)| {
        c == '\u{a7}' && line[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
    });
    let machine = [["/wo", "rk/"], ["/sha", "red/"], ["../sha", "red"]]
        .iter()
        .any(|p| line.contains(&p.concat()));
    section || machine
}

// Issue 9 case 9.
#[test]
fn case9_comments_cite_public_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = vec![root.join("Cargo.toml")];
    for dir in ["src", "tests", "scripts", "benches"] {
        files(&root.join(dir), &mut all);
    }
    let found: Vec<String> = all
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let name = p.strip_prefix(root).unwrap().display().to_string();
            text.lines()
                .enumerate()
                .filter(|(_, l)| private_citation(l))
                .map(|(i, l)| format!("{name}:{}: {}", i + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(found.is_empty(), "private citations:\n{}", found.join("\n"));
}
