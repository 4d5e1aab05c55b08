//! `<council>.csv`: a council's gazetteer as its LLPG or AddressBase extract comes, one row per
//! property, read as a stream: each row goes to the builder as it is read, so memory holds one
//! row of the file, not the file (issue 20: at 500,000 properties the whole-file TOML parse
//! took 345 MB at start-up for a gazetteer of 45 MB).
//!
//! The header names the columns, in this order: `id,postcode,house,council_tax_account,zone,
//! address_1`, then up to `address_6`. Empty address cells are left out (a flat's first line
//! may be blank in an extract); the council is the file's name.

use super::builder::{Builder, MAX_ADDRESS_LINES, Row, at_line};
use permit_rules::CouncilId;
use std::io::{self, Read};
use std::path::Path;

/// The columns before the address lines.
pub const FIXED_COLUMNS: [&str; 5] = ["id", "postcode", "house", "council_tax_account", "zone"];

/// The name of address column `n` (from 1).
pub fn address_column(n: usize) -> String {
    format!("address_{n}")
}

/// The longest row, in bytes: eleven fields at their longest fit, with room for quotes.
pub(crate) const MAX_ROW_BYTES: u64 = 4096;

/// The csv reader's buffer: how far it may read ahead of the row it is parsing.
const BUFFER_BYTES: usize = 64 * 1024;

pub(super) fn read(path: &Path, builder: &mut Builder) -> Result<(), String> {
    let bad = |what: &dyn std::fmt::Display| format!("{}: {what}", path.display());
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let council = CouncilId::parse(stem).map_err(|e| bad(&format_args!("the file's name: {e}")))?;
    builder.file(path, council)?;
    let file = std::fs::File::open(path).map_err(|e| bad(&e))?;
    read_rows(path, file, builder)
}

/// The rows of `file` (named `path` in errors) into the builder's current file.
pub(super) fn read_rows(path: &Path, file: impl Read, builder: &mut Builder) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(BUFFER_BYTES)
        .from_reader(RowLimit::new(file));
    let csv_error = |e: csv::Error, line: u64| {
        let line = e.position().map_or(line, csv::Position::line);
        at_line(path, line, describe(&e))
    };
    let address_lines = header(&mut reader).map_err(|e| match e {
        Header::Csv(e) => csv_error(e, 1),
        Header::Wrong(what) => at_line(path, 1, what),
    })?;
    let mut record = csv::StringRecord::new();
    let mut line = 1;
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err(csv_error(e, line + 1)),
        }
        line = record.position().map_or(line + 1, csv::Position::line);
        let end = reader.position().byte();
        if end - start > MAX_ROW_BYTES {
            return Err(at_line(path, line, too_long()));
        }
        reader.get_mut().allow(end);
        let mut address = [""; MAX_ADDRESS_LINES];
        let mut count = 0;
        for cell in record.iter().skip(FIXED_COLUMNS.len()).take(address_lines) {
            if !cell.is_empty() {
                address[count] = cell;
                count += 1;
            }
        }
        let field = |n: usize| record.get(n).unwrap_or_default();
        let row = Row {
            id: field(0),
            postcode: field(1),
            house: field(2),
            council_tax_account: field(3),
            zone: field(4),
            address: &address[..count],
        };
        builder.add(line, &row)?;
    }
}

enum Header {
    Csv(csv::Error),
    Wrong(String),
}

/// Checks the header row; gives the number of address columns.
fn header<R: Read>(reader: &mut csv::Reader<RowLimit<R>>) -> Result<usize, Header> {
    let found = reader.headers().map_err(Header::Csv)?.clone();
    let end = reader.position().byte();
    reader.get_mut().allow(end);
    let address = found.len().saturating_sub(FIXED_COLUMNS.len());
    let expected: Vec<String> = FIXED_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain((1..=address.clamp(1, MAX_ADDRESS_LINES)).map(address_column))
        .collect();
    let wrong = |what: String| {
        Header::Wrong(format!(
            "{what}; the header is `{},address_1` and up to `address_{MAX_ADDRESS_LINES}`",
            FIXED_COLUMNS.join(",")
        ))
    };
    for (n, want) in expected.iter().enumerate() {
        match found.get(n) {
            Some(name) if name == want => {}
            Some(name) => return Err(wrong(format!("column {} is `{name}`, not `{want}`", n + 1))),
            None => return Err(wrong(format!("no column `{want}`"))),
        }
    }
    if let Some(extra) = found.get(expected.len()) {
        return Err(wrong(format!("unknown column `{extra}`")));
    }
    Ok(address)
}

/// The csv crate's errors without its own record and line numbers (the message has the line).
fn describe(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields, where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!("not UTF-8 text (field {})", err.field() + 1),
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => e.to_string(),
    }
}

fn too_long() -> String {
    format!("a row longer than {MAX_ROW_BYTES} bytes")
}

/// Refuses to read more than a row's limit past the last whole row: the csv reader grows its
/// buffer until a row ends, so without this one runaway row (a stray quote, a binary file)
/// would be read into memory whole.
struct RowLimit<R> {
    inner: R,
    read: u64,
    allowed: u64,
}

impl<R> RowLimit<R> {
    fn new(inner: R) -> Self {
        let mut limit = Self {
            inner,
            read: 0,
            allowed: 0,
        };
        limit.allow(0);
        limit
    }

    /// The rows up to byte `end` are read: the next may be up to its limit long, and the
    /// reader's buffer may be a buffer ahead of it.
    fn allow(&mut self, end: u64) {
        self.allowed = end + MAX_ROW_BYTES + BUFFER_BYTES as u64;
    }
}

impl<R: Read> Read for RowLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = usize::try_from(self.allowed.saturating_sub(self.read)).unwrap_or(usize::MAX);
        if room == 0 {
            return Err(io::Error::other(too_long()));
        }
        let take = buf.len().min(room);
        let n = self.inner.read(&mut buf[..take])?;
        self.read += n as u64;
        Ok(n)
    }
}
