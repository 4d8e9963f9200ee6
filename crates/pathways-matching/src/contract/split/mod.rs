//! Splitting a CSV file into records, fast where it can be.
//!
//! Most input files are plain: no quote characters, lines ended by `\n` or
//! `\r\n`. Such a record is its line split at commas, which a scan eight
//! bytes at a time over a reused buffer ([`words`]) does several times
//! faster than a general RFC 4180 reader. The first line holding a `"` or
//! a lone `\r` (which RFC 4180 quoting or an old Mac line end would give a
//! meaning the plain split does not know) hands the rest of the file, from
//! the start of that line, to the `csv` crate, so quoting stays correct
//! wherever it appears.
//!
//! Both paths give a record the line the `csv` crate gives it: one more
//! than the newlines before where the previous record ended. Blank lines
//! are skipped, as the `csv` crate skips them (a record after blank lines
//! is then reported on the first of them). `tests::fast_path_matches_the_csv_crate`
//! checks the two paths agree on random input. A leading UTF-8 byte order
//! mark is dropped.

use std::fs::File;
use std::io::Read;
use std::path::Path;

mod words;

use super::ContractError;
use words::{each_comma, split_plain};

/// Bytes read from the file at a time: large enough that a read costs
/// little per line, small enough to leave most of the core's L2 cache to
/// the id tables (1 MiB here cost more in table misses than it saved).
const CHUNK: usize = 1 << 17;

/// One record as read: a plain line, or one parsed by the `csv` crate.
pub(crate) enum Record<'a> {
    /// A line without quotes or carriage returns; fields are split at `,`.
    Plain(&'a [u8]),
    /// A plain line whose commas the splitter already found: the offset of
    /// each, in order (all of them).
    Split {
        /// The line.
        line: &'a [u8],
        /// Where its commas are.
        commas: &'a [u32],
    },
    /// A record the `csv` crate read (quoted fields, lone `\r`).
    Parsed(&'a csv::ByteRecord),
}

impl<'a> Record<'a> {
    /// The record's fields, in order.
    pub(crate) fn to_vec(&self) -> Vec<Vec<u8>> {
        match self {
            Record::Plain(line) | Record::Split { line, .. } => {
                line.split(|&b| b == b',').map(<[u8]>::to_vec).collect()
            }
            Record::Parsed(record) => record.iter().map(<[u8]>::to_vec).collect(),
        }
    }

    /// The fields at `columns` (any order, no repeats), or a bit set of the
    /// positions in `columns` the record is too short to hold.
    #[inline(always)]
    pub(crate) fn pick<const N: usize>(&self, columns: &[usize; N]) -> Result<[&'a [u8]; N], u32> {
        let mut fields = [&[][..]; N];
        let mut missing = 0u32;
        match self {
            Record::Parsed(record) => {
                for (k, &col) in columns.iter().enumerate() {
                    match record.get(col) {
                        Some(f) => fields[k] = f,
                        None => missing |= 1 << k,
                    }
                }
            }
            Record::Split { line, commas } => {
                for (k, &col) in columns.iter().enumerate() {
                    if col > commas.len() {
                        missing |= 1 << k;
                        continue;
                    }
                    let from = col.checked_sub(1).map_or(0, |c| commas[c] as usize + 1);
                    let to = commas.get(col).map_or(line.len(), |&c| c as usize);
                    fields[k] = &line[from..to];
                }
            }
            Record::Plain(line) => {
                let last = columns.iter().copied().max().unwrap_or(0);
                let mut found = 0u32;
                let (mut start, mut col) = (0, 0);
                // Ends the field before `end`; true once past the last one
                // wanted.
                let mut field_ends = |end: usize| {
                    for (k, &c) in columns.iter().enumerate() {
                        if c == col {
                            fields[k] = &line[start..end];
                            found |= 1 << k;
                        }
                    }
                    start = end + 1;
                    col += 1;
                    col > last
                };
                let done = each_comma(line, &mut field_ends);
                if !done {
                    field_ends(line.len());
                }
                missing = !found & ((1u32 << N) - 1);
            }
        }
        if missing == 0 {
            Ok(fields)
        } else {
            Err(missing)
        }
    }
}

/// Calls `each` with every record of the file at `path` and its line (the
/// first record, normally the header, included). Stops early, returning
/// `Ok`, when `each` returns `false`.
pub(crate) fn for_each_record(
    path: &Path,
    each: impl FnMut(Record<'_>, u64) -> bool,
) -> Result<(), ContractError> {
    let file = File::open(path).map_err(|source| io(path, source))?;
    Splitter::new(path, file, CHUNK).run(each)
}

fn io(path: &Path, source: std::io::Error) -> ContractError {
    ContractError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The state of one pass over a file.
struct Splitter<'p, R> {
    path: &'p Path,
    source: R,
    buf: Vec<u8>,
    /// Start of the bytes not yet consumed.
    start: usize,
    /// End of the bytes read.
    end: usize,
    eof: bool,
    /// Newlines before `start`, i.e. the line of the next record.
    line: u64,
}

impl<'p, R: Read> Splitter<'p, R> {
    fn new(path: &'p Path, source: R, chunk: usize) -> Self {
        Self {
            path,
            source,
            // Room for a byte order mark in the first read.
            buf: vec![0; chunk.max(3)],
            start: 0,
            end: 0,
            eof: false,
            line: 1,
        }
    }

    /// Moves the unconsumed tail to the front and reads more after it,
    /// doubling the buffer when one line fills it.
    fn fill(&mut self) -> Result<(), ContractError> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        while self.end < self.buf.len() {
            match self.source.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io(self.path, e)),
            }
        }
        Ok(())
    }

    fn run(mut self, mut each: impl FnMut(Record<'_>, u64) -> bool) -> Result<(), ContractError> {
        self.fill()?;
        // A UTF-8 byte order mark, as spreadsheet exports write, is not
        // part of the first column's name.
        if self.buf[..self.end].starts_with(b"\xEF\xBB\xBF") {
            self.start = 3;
        }
        loop {
            if self.start == self.end {
                if self.eof {
                    return Ok(());
                }
                self.fill()?;
                continue;
            }
            // Complete lines only, unless the file has ended.
            let complete = if self.eof {
                self.end
            } else if let Some(i) = memchr::memrchr(b'\n', &self.buf[self.start..self.end]) {
                self.start + i + 1
            } else {
                self.fill()?;
                continue;
            };
            let region = &self.buf[self.start..complete];
            let stop = first_unplain(region, self.eof);
            let plain = &region[..stop.unwrap_or(region.len())];
            if !split_plain(plain, &mut self.line, &mut each) {
                return Ok(());
            }
            self.start += plain.len();
            if stop.is_some() {
                return self.run_csv(each);
            }
            if self.eof {
                return Ok(());
            }
            self.fill()?;
        }
    }

    /// Reads the rest of the file with the `csv` crate, numbering lines
    /// after those already seen.
    fn run_csv(self, each: impl FnMut(Record<'_>, u64) -> bool) -> Result<(), ContractError> {
        let Self {
            path,
            mut source,
            mut buf,
            start,
            end,
            line,
            ..
        } = self;
        buf.truncate(end);
        buf.drain(..start);
        source
            .read_to_end(&mut buf)
            .map_err(|source| io(path, source))?;
        parse_with_csv(path, &buf, line, each)
    }
}

/// Reads `bytes` with the `csv` crate (RFC 4180 quoting), the first line
/// being `first_line`. A record's line is where its first byte is: the
/// crate's own count names the line where the previous record ended, which
/// is one too few after `\r\n` and after blank lines.
fn parse_with_csv(
    path: &Path,
    bytes: &[u8],
    first_line: u64,
    mut each: impl FnMut(Record<'_>, u64) -> bool,
) -> Result<(), ContractError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let (mut counted_to, mut line) = (0usize, first_line);
    while reader
        .read_byte_record(&mut record)
        .map_err(|source| ContractError::Csv {
            path: path.to_owned(),
            source,
        })?
    {
        let from = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let mut at = from.min(bytes.len());
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let counted = memchr::memchr_iter(b'\n', &bytes[counted_to.min(at)..at]).count();
        line += counted as u64;
        counted_to = at;
        if !each(Record::Parsed(&record), line) {
            break;
        }
    }
    Ok(())
}

/// The offset in `region` of the first line the plain split cannot read:
/// the line holding the first `"`, or a `\r` not followed by `\n` (at the
/// very end of the file when `last` is set, a final `\r` is such a one).
fn first_unplain(region: &[u8], last: bool) -> Option<usize> {
    let quote = memchr::memchr(b'"', region);
    let scan_to = quote.unwrap_or(region.len());
    let lone_cr =
        memchr::memchr_iter(b'\r', &region[..scan_to]).find(|&i| match region.get(i + 1) {
            Some(&b) => b != b'\n',
            None => last,
        });
    let bad = lone_cr.or(quote)?;
    Some(memchr::memrchr(b'\n', &region[..bad]).map_or(0, |i| i + 1))
}

#[cfg(test)]
mod tests {
    use super::words::COMMAS;
    use super::*;
    use proptest::prelude::*;

    type Seen = Vec<(Vec<Vec<u8>>, u64)>;

    /// Records and lines through the fast path, reading `chunk` bytes at a
    /// time (small chunks cross lines and grow the buffer).
    fn fast(input: &[u8], chunk: usize) -> Seen {
        let mut seen = Vec::new();
        Splitter::new(Path::new("t.csv"), input, chunk)
            .run(|r, line| {
                seen.push((r.to_vec(), line));
                true
            })
            .unwrap();
        seen
    }

    /// The same through the `csv` crate alone.
    fn slow(input: &[u8]) -> Seen {
        let mut seen = Vec::new();
        parse_with_csv(Path::new("t.csv"), input, 1, |r, line| {
            seen.push((r.to_vec(), line));
            true
        })
        .unwrap();
        seen
    }

    fn rec(fields: &[&str], line: u64) -> (Vec<Vec<u8>>, u64) {
        (fields.iter().map(|f| f.as_bytes().to_vec()).collect(), line)
    }

    #[test]
    fn plain_lines_split_at_commas() {
        let input = b"a,b,c\nd,,f\n,\n";
        let want = vec![
            rec(&["a", "b", "c"], 1),
            rec(&["d", "", "f"], 2),
            rec(&["", ""], 3),
        ];
        assert_eq!(fast(input, 1 << 20), want);
        assert_eq!(slow(input), want);
    }

    #[test]
    fn a_missing_final_newline_still_ends_the_record() {
        let want = vec![rec(&["a", "b"], 1), rec(&["c", "d"], 2)];
        assert_eq!(fast(b"a,b\nc,d", 3), want);
        assert_eq!(slow(b"a,b\nc,d"), want);
    }

    #[test]
    fn crlf_lines_keep_their_own_line_numbers() {
        // The csv crate alone would number these 1, 1, 2 (it counts from
        // where the previous record ended, before the `\n`).
        let input = b"a,b\r\nc,d\r\n\r\ne,f\r\n";
        let want = vec![
            rec(&["a", "b"], 1),
            rec(&["c", "d"], 2),
            rec(&["e", "f"], 4),
        ];
        assert_eq!(fast(input, 4), want);
        assert_eq!(slow(input), want);
    }

    #[test]
    fn blank_lines_are_skipped() {
        let want = vec![rec(&["a"], 3), rec(&["b"], 5)];
        assert_eq!(fast(b"\n\na\n\nb\n\n", 2), want);
        assert_eq!(slow(b"\n\na\n\nb\n\n"), want);
    }

    #[test]
    fn quoted_fields_keep_commas_and_newlines() {
        let input = b"id,note\nx,plain\ny,\"one, two\nthree\"\nz,\"say \"\"hi\"\"\"\r\nw,last";
        let want = vec![
            rec(&["id", "note"], 1),
            rec(&["x", "plain"], 2),
            rec(&["y", "one, two\nthree"], 3),
            rec(&["z", "say \"hi\""], 5),
            rec(&["w", "last"], 6),
        ];
        assert_eq!(fast(input, 5), want);
        assert_eq!(slow(input), want);
    }

    #[test]
    fn a_lone_carriage_return_goes_to_the_csv_crate() {
        // An old Mac line end: the csv crate ends a record there.
        let want = vec![rec(&["a", "b"], 1), rec(&["c"], 1), rec(&["d"], 2)];
        assert_eq!(fast(b"a,b\rc\nd\n", 3), want);
        assert_eq!(slow(b"a,b\rc\nd\n"), want);
    }

    #[test]
    fn long_lines_pick_past_the_remembered_commas() {
        let fields: Vec<String> = (0..COMMAS + 5).map(|i| format!("f{i}")).collect();
        let input = format!("{}\r\nx,y\n", fields.join(","));
        let mut picked = Vec::new();
        Splitter::new(Path::new("t.csv"), input.as_bytes(), 7)
            .run(|record, line| {
                let fields = record.pick(&[COMMAS + 3, 0, 1]);
                picked.push((fields.map(|f| f.map(<[u8]>::to_vec)), line));
                true
            })
            .unwrap();
        let want = [b"f19".to_vec(), b"f0".to_vec(), b"f1".to_vec()];
        assert_eq!(picked, vec![(Ok(want), 1), (Err(0b001), 2)]);
    }

    #[test]
    fn pick_reports_short_rows() {
        let plain = Record::Plain(b"a,b");
        assert_eq!(plain.pick(&[1, 0]), Ok([&b"b"[..], &b"a"[..]]));
        assert_eq!(plain.pick(&[0, 2, 3]), Err(0b110));
        let mut parsed = csv::ByteRecord::new();
        parsed.push_field(b"a");
        parsed.push_field(b"b");
        assert_eq!(Record::Parsed(&parsed).pick(&[0, 2, 3]), Err(0b110));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let want = vec![rec(&["id", "n"], 1), rec(&["a", "1"], 2)];
        assert_eq!(fast(b"\xEF\xBB\xBFid,n\na,1\n", 2), want);
        assert_eq!(fast(b"\xEF\xBB\xBFid,n\r\na,\"1\"\n", 64), want);
    }

    #[test]
    fn stops_when_asked() {
        let mut seen = 0;
        Splitter::new(Path::new("t.csv"), &b"a\nb\nc\n"[..], 2)
            .run(|_, _| {
                seen += 1;
                seen < 2
            })
            .unwrap();
        assert_eq!(seen, 2);
    }

    /// Bytes that matter to a CSV reader, weighted towards plain text.
    fn csv_bytes(quotes: bool) -> impl Strategy<Value = Vec<u8>> {
        let mut alphabet = vec![b'a', b'b', b'1', b' ', b',', b',', b'\n', b'\n', b'\r'];
        if quotes {
            alphabet.push(b'"');
        }
        prop::collection::vec(prop::sample::select(alphabet), 0..200)
    }

    proptest! {
        #[test]
        fn fast_path_matches_the_csv_crate(
            input in prop_oneof![csv_bytes(false), csv_bytes(true)],
            chunk in 1usize..64,
        ) {
            prop_assert_eq!(fast(&input, chunk), slow(&input));
        }

        #[test]
        fn crlf_files_match_the_csv_crate(
            lines in prop::collection::vec("[a-c ,]{0,8}", 0..20),
            chunk in 1usize..64,
        ) {
            let input = lines.join("\r\n").into_bytes();
            prop_assert_eq!(fast(&input, chunk), slow(&input));
        }

        #[test]
        fn found_commas_pick_what_a_split_line_does(
            input in csv_bytes(false),
            chunk in 1usize..64,
        ) {
            Splitter::new(Path::new("t.csv"), &input[..], chunk)
                .run(|record, _| {
                    if let Record::Split { line, .. } = record {
                        for columns in [[0, 1, 2], [2, 0, 4], [5, 3, 1], [17, 0, 16]] {
                            assert_eq!(record.pick(&columns), Record::Plain(line).pick(&columns));
                        }
                    }
                    true
                })
                .unwrap();
        }

        #[test]
        fn picked_fields_match_the_csv_crate(line in "[a-c ]{0,3}(,[a-c ]{0,3}){0,5}") {
            let mut parsed = csv::ByteRecord::new();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(line.as_bytes());
            if reader.read_byte_record(&mut parsed).unwrap() {
                let plain = Record::Plain(line.as_bytes());
                for columns in [[0, 1, 2], [2, 0, 4], [5, 3, 1]] {
                    prop_assert_eq!(plain.pick(&columns), Record::Parsed(&parsed).pick(&columns));
                }
            }
        }
    }
}
