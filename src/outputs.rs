//! Where a run's outputs may go. The outputs are opened before the run and written while
//! the inputs are mapped: an output in a file the run reads (an input, the file on stdin, a
//! reference table), or two outputs in one file (the database among them), would lose what
//! was there or crash the run. [`refuse_to_overwrite`] finds such a run before anything is opened.

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};

/// Why the `outputs` (each its flag and its path; `-` is stdout) may not be written while
/// the run reads `files` (`-` is stdin) and the tables `tables`; None when they may.
///
/// Only regular files count: a terminal, a pipe or `/dev/null` may take every output.
pub fn refuse_to_overwrite(
    files: &[String],
    tables: &[PathBuf],
    outputs: &[(&str, &str)],
) -> Option<String> {
    let outputs: Vec<(&str, &str, PathBuf)> = outputs
        .iter()
        .filter_map(|&(flag, o)| Some((flag, o, place("/dev/stdout", o)?)))
        .collect();
    for (i, (flag_a, a, pa)) in outputs.iter().enumerate() {
        for (flag_b, b, pb) in &outputs[i + 1..] {
            // Both on stdout share one descriptor, and so one offset: that is safe.
            if !(*a == "-" && *b == "-") && same_place(pa, pb) {
                return Some(format!(
                    "{flag_a} and {flag_b} name one file ({b}): give each its own"
                ));
            }
        }
    }
    let read = files
        .iter()
        .filter_map(|f| Some((f.as_str(), place("/dev/stdin", f)?)))
        .chain(
            tables
                .iter()
                .map(|t| (t.to_str().unwrap_or("a reference table"), t.clone())),
        );
    for (name, path) in read {
        if let Some((_, out, _)) = outputs.iter().find(|(_, _, o)| same_place(&path, o)) {
            return Some(format!(
                "{out}: the run reads this file ({name}); an output there would overwrite it"
            ));
        }
    }
    None
}

/// Whether the output `name` writes where stdout does: `-`, or a path to the file, pipe or
/// terminal that stdout writes to (`/dev/stdout`, or the file stdout was sent to). The
/// summary must then go elsewhere, or it would land in that output, and two outputs
/// written at once may not both go there.
pub fn is_stdout(name: &str) -> bool {
    name == "-" || writes_to_stdout(Path::new(name))
}

/// Whether `path` is the file, pipe or terminal that stdout writes to. A sink that every
/// writer has to itself (`/dev/null`) is not: sent there, stdout and the output are apart.
#[cfg(unix)]
fn writes_to_stdout(path: &Path) -> bool {
    use std::io::IsTerminal;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let (Ok(stdout), Ok(output)) = (fs::metadata("/dev/stdout"), fs::metadata(path)) else {
        return false;
    };
    let kind = output.file_type();
    let shared = kind.is_file()
        || kind.is_fifo()
        || kind.is_socket()
        || kind.is_char_device() && std::io::stdout().is_terminal();
    shared && (stdout.dev(), stdout.ino()) == (output.dev(), output.ino())
}

#[cfg(not(unix))]
fn writes_to_stdout(_: &Path) -> bool {
    false
}

/// The path that `name` stands for: `dash` (stdin's or stdout's, on systems that name
/// them) for `-`.
fn place(dash: &str, name: &str) -> Option<PathBuf> {
    match name {
        "-" => cfg!(unix).then(|| PathBuf::from(dash)),
        _ => Some(PathBuf::from(name)),
    }
}

/// Whether writing to `b` would write over `a`: both one regular file (by device and inode,
/// so links too), or neither there yet and both one path once their links and directories
/// resolve.
fn same_place(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => ma.is_file() && same_inode(a, &ma, b, &mb),
        (Err(_), Err(_)) => to_be_created(a).is_some_and(|x| to_be_created(b) == Some(x)),
        _ => false,
    }
}

/// Where the file at `path`, not there yet, will be created: through any links that name
/// it (a link may point to a file not there yet), in its directory resolved.
fn to_be_created(path: &Path) -> Option<PathBuf> {
    let mut path = path.to_path_buf();
    // As many links as the system follows.
    for _ in 0..40 {
        let Ok(target) = fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(dir).ok()?.join(path.file_name()?))
}

#[cfg(unix)]
fn same_inode(_: &Path, ma: &Metadata, _: &Path, mb: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (ma.dev(), ma.ino()) == (mb.dev(), mb.ino())
}

#[cfg(not(unix))]
fn same_inode(a: &Path, _: &Metadata, b: &Path, _: &Metadata) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}
