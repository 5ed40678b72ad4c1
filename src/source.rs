//! Input bytes: a memory-mapped regular file, or the bytes read from stdin or from a file
//! that cannot be mapped. Every later stage sees one `&[u8]`, never requires UTF-8.

use memmap2::{Mmap, MmapOptions};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The bytes of one input file.
pub enum Source {
    Mapped(Mmap),
    Owned(Vec<u8>),
}

impl Source {
    /// Opens `path`; `-` reads standard input.
    ///
    /// A regular, non-empty file is memory-mapped; anything else (a pipe, a device, a file
    /// system that cannot map) is read into memory.
    pub fn open(path: &str) -> io::Result<Source> {
        if path == "-" {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            return Ok(Source::Owned(buf));
        }
        let mut file = File::open(Path::new(path))?;
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is a directory",
            ));
        }
        if meta.is_file() && meta.len() > 0 {
            // SAFETY: the map is read-only and lives as long as this `Source`. If another
            // process truncates the file while it is mapped, reading the lost pages raises
            // SIGBUS; the input files of a run are expected to stay as they are during the
            // run (they are the files being validated), and a run never writes to them.
            // The pages are not populated here: they fault in while the file is split, in
            // parallel pieces, instead of in one call on one thread.
            if let Ok(map) = unsafe { MmapOptions::new().map(&file) } {
                return Ok(Source::Mapped(map));
            }
        }
        let mut buf = Vec::with_capacity(meta.len() as usize);
        file.read_to_end(&mut buf)?;
        Ok(Source::Owned(buf))
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            Source::Mapped(m) => m,
            Source::Owned(v) => v,
        }
    }
}

impl From<Vec<u8>> for Source {
    fn from(v: Vec<u8>) -> Source {
        Source::Owned(v)
    }
}
