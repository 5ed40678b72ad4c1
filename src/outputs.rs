//! Where a run's outputs may go, and how they are opened. The outputs are opened before the
//! run and written while the inputs are mapped: an output in a file the run reads (an input,
//! the file on stdin, a reference table), or two outputs in one file (the database among
//! them), would lose what was there or crash the run. [`refuse_to_overwrite`] finds such a
//! run before anything is opened. An [`Output`] or a [`StatisticsDir`] that a run made and
//! did not write is removed again when the run ends: a run that fails leaves no output it
//! did not write.

use std::fmt;
use std::fs::{self, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An output that cannot be opened, made or written: the flag that names it, its path, and
/// why.
#[derive(Debug)]
pub struct OutputError {
    pub flag: String,
    pub path: String,
    pub why: String,
}

impl OutputError {
    /// The error of the output `flag` names at `path`, from an I/O error.
    pub fn of<'a>(flag: &'a str, path: &'a str) -> impl FnOnce(io::Error) -> OutputError + 'a {
        move |e| OutputError {
            flag: flag.into(),
            path: path.into(),
            why: e.to_string(),
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.flag, self.path, self.why)
    }
}

impl std::error::Error for OutputError {}

/// An output named by a flag: stdout for `-`, else a file, opened (and created when it is
/// not there) but not emptied until it is written. A file it created is removed again when
/// the run ends before writing it.
pub struct Output<'a> {
    flag: &'a str,
    path: &'a str,
    file: Option<fs::File>,
    created: bool,
}

impl<'a> Output<'a> {
    pub fn open(flag: &'a str, path: &'a str) -> Result<Output<'a>, OutputError> {
        if path == "-" {
            return Ok(Output {
                flag,
                path,
                file: None,
                created: false,
            });
        }
        let mut options = fs::OpenOptions::new();
        options.write(true);
        let (file, created) = match options.clone().create_new(true).open(path) {
            Ok(file) => (file, true),
            // There, or a link to a file that is not (created through it, and kept).
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let file = options.create(true).open(path);
                (file.map_err(OutputError::of(flag, path))?, false)
            }
            Err(e) => return Err(OutputError::of(flag, path)(e)),
        };
        Ok(Output {
            flag,
            path,
            file: Some(file),
            created,
        })
    }

    /// The output emptied (a regular file; a device or pipe has nothing to empty), buffered.
    pub fn writer(mut self) -> Result<Box<dyn Write + Send>, OutputError> {
        self.created = false;
        let Some(file) = self.file.take() else {
            return Ok(Box::new(io::BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            )));
        };
        if file.metadata().is_ok_and(|m| m.is_file()) {
            file.set_len(0)
                .map_err(OutputError::of(self.flag, self.path))?;
        }
        Ok(Box::new(io::BufWriter::with_capacity(1 << 20, file)))
    }
}

impl Drop for Output<'_> {
    fn drop(&mut self) {
        if self.created {
            drop(self.file.take());
            let _ = fs::remove_file(self.path);
        }
    }
}

/// The directory of a run's statistics tables, made before the work (so that one that
/// cannot be made is found before it), and the directories made for it, which are removed
/// again when the run ends with them empty: a refused or failed run leaves none.
pub struct StatisticsDir {
    /// The paths of the three tables in it.
    pub files: Vec<String>,
    /// The directories made, innermost first.
    made: Vec<PathBuf>,
}

impl StatisticsDir {
    /// Makes `dir` (named by `flag`) when it is not there.
    pub fn make(flag: &str, dir: &Path) -> Result<StatisticsDir, OutputError> {
        let failed = |why: String| OutputError {
            flag: flag.into(),
            path: dir.display().to_string(),
            why,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(failed("a file, not a directory".into()));
        }
        // Without its `.` parts (`stats/.`), which creating it would stumble on; the
        // directories made are those not there yet, but not one named by `..`, another's.
        let dir: PathBuf = dir.components().collect();
        let made: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .filter(|d| d.file_name().is_some())
            .map(Path::to_path_buf)
            .collect();
        let files = crate::stats::files_in(&dir)
            .iter()
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        // Kept before the creation, so that a part of `dir` made before a failure goes too.
        let statistics_dir = StatisticsDir { files, made };
        fs::create_dir_all(&dir).map_err(|e| failed(e.to_string()))?;
        Ok(statistics_dir)
    }
}

impl Drop for StatisticsDir {
    /// Removes the directories made, innermost first, as long as they are empty (removing a
    /// directory that holds anything fails, and leaves it and those around it).
    fn drop(&mut self) {
        for dir in &self.made {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

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
