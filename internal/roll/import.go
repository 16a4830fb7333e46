package roll

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Import limits: a roll row is short; anything larger is damage.
const (
	maxLineBytes  = 64 << 10
	maxFields     = 128
	maxFieldBytes = 1 << 10
	maxIssues     = 100000 // issues kept in the report; the rest are counted
)

// ImportOptions tune an import.
type ImportOptions struct {
	Map      Mapping
	Progress func(Progress) // called about once a second
}

// Progress is the state of a running import.
type Progress struct {
	Rows       int
	BytesRead  int64
	BytesTotal int64
	Elapsed    time.Duration
}

// Issue is a row the report mentions: kept but aberrant, duplicate or
// rejected.
type Issue struct {
	File   string
	Line   int
	Reason string
}

// Report summarises an import.
type Report struct {
	Files      []FileReport
	Rows       int // data rows read
	Entries    int // entries kept after de-duplication
	Aberrant   int // kept but flagged
	Rejected   int // unreadable rows, not kept
	Duplicates int
	Tokens     int // distinct name tokens in the index
	Issues     []Issue
	Dropped    int // issues not listed because of maxIssues
}

// FileReport describes one imported file.
type FileReport struct {
	Name      string
	Encoding  string // "UTF-8" or "Windows-1252"
	Delimiter string
	Columns   string // field of each column
	Rows      int
}

func (r *Report) issue(file string, line int, reason string) {
	if len(r.Issues) >= maxIssues {
		r.Dropped++
		return
	}
	r.Issues = append(r.Issues, Issue{file, line, reason})
}

// WriteTo writes the report as text: a summary, then one line per issue.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "files: %d\nrows read: %d\nentries kept: %d\nduplicates removed: %d\naberrant (kept, flagged): %d\nrejected: %d\n",
		len(r.Files), r.Rows, r.Entries, r.Duplicates, r.Aberrant, r.Rejected)
	for _, f := range r.Files {
		fmt.Fprintf(bw, "file %s: %d rows, %s, delimiter %s, columns %s\n", f.Name, f.Rows, f.Encoding, f.Delimiter, f.Columns)
	}
	for _, is := range r.Issues {
		fmt.Fprintf(bw, "%s:%d: %s\n", is.File, is.Line, is.Reason)
	}
	if r.Dropped > 0 {
		fmt.Fprintf(bw, "… and %d more issues not listed\n", r.Dropped)
	}
	return 0, bw.Flush()
}

// Import reads the roll files at paths into a new index. The files are read
// whole before anything is returned, so an interrupted import leaves no
// half-built roll behind.
func Import(ctx context.Context, paths []string, now time.Time, opt ImportOptions) (*Index, *Report, error) {
	b := NewBuilder(now)
	rep := &Report{}
	var total int64
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		total += st.Size()
	}
	im := &importer{ctx: ctx, b: b, rep: rep, opt: opt, start: time.Now(), total: total, last: time.Now()}
	names := sourceNames(paths)
	for k, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, nil, err
		}
		err = im.file(names[k], f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	im.progress(true)
	ix, st := b.Build(func(file string, line int) { rep.issue(file, line, "duplicate row removed") })
	rep.Entries, rep.Duplicates, rep.Tokens = st.Entries, st.Duplicates, st.Tokens
	return ix, rep, nil
}

// sourceNames is how each entry will name its file: the base name, or the
// path as given when two files share a base name (dept01/liste.csv and
// dept02/liste.csv).
func sourceNames(paths []string) []string {
	count := map[string]int{}
	for _, p := range paths {
		count[filepath.Base(p)]++
	}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
		if count[names[i]] > 1 {
			names[i] = filepath.ToSlash(filepath.Clean(p))
		}
	}
	return names
}

// ImportReader reads one roll file from r into b; name is recorded as each
// entry's source.
func ImportReader(ctx context.Context, b *Builder, name string, r io.Reader, opt ImportOptions, rep *Report) error {
	im := &importer{ctx: ctx, b: b, rep: rep, opt: opt, start: time.Now(), last: time.Now()}
	return im.file(name, r)
}

type importer struct {
	ctx   context.Context
	b     *Builder
	rep   *Report
	opt   ImportOptions
	start time.Time
	last  time.Time
	read  int64
	total int64
	rows  int
}

func (im *importer) progress(force bool) {
	if im.opt.Progress == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(im.last) < time.Second {
		return
	}
	im.last = now
	im.opt.Progress(Progress{Rows: im.rows, BytesRead: im.read, BytesTotal: im.total, Elapsed: now.Sub(im.start)})
}

var cp1252 = func() (t [256]rune) {
	for i := range t {
		t[i] = charmap.Windows1252.DecodeByte(byte(i))
	}
	return
}()

// toUTF8 decodes a Windows-1252 (or Latin-1) line.
func toUTF8(line []byte, buf []byte) []byte {
	buf = buf[:0]
	for _, c := range line {
		if c < utf8.RuneSelf {
			buf = append(buf, c)
		} else {
			buf = utf8.AppendRune(buf, cp1252[c])
		}
	}
	return buf
}

// file imports one file.
func (im *importer) file(name string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<20)
	// Each line is read as UTF-8 when it is valid UTF-8, else as
	// Windows-1252 (a superset of Latin-1's printable characters): Latin-1
	// text almost never forms valid multi-byte UTF-8, so files mixing both
	// (concatenated exports) still read.
	fr := FileReport{Name: name}
	var utf8Lines, latinLines int
	im.b.StartFile(name)
	lineNo := 0
	var dec []byte
	var cols ColumnMap
	var delim byte
	var fields [][]byte
	var rec Record
	defer func() {
		switch {
		case latinLines > 0 && utf8Lines > 0:
			fr.Encoding = fmt.Sprintf("mixed: %d lines Windows-1252, %d UTF-8", latinLines, utf8Lines)
		case latinLines > 0:
			fr.Encoding = "Windows-1252"
		default:
			fr.Encoding = "UTF-8"
		}
		im.rep.Files = append(im.rep.Files, fr)
	}()
	for {
		raw, err := readLine(br)
		if len(raw) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return err
		}
		lineNo++
		im.read += int64(len(raw))
		if len(raw) > maxLineBytes {
			im.rep.Rejected++
			im.rep.issue(name, lineNo, "line too long, skipped")
			continue
		}
		line := bytes.TrimRight(raw, "\r\n")
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if !utf8.Valid(line) {
			dec = toUTF8(line, dec)
			line = dec
			latinLines++
		} else if !isASCII(line) {
			utf8Lines++
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if cols == nil {
			delim = detectDelim(line)
			fr.Delimiter = delimName(delim)
			hdr := splitRow(line, delim, nil)
			header := make([]string, len(hdr))
			for i, h := range hdr {
				header[i] = string(bytes.TrimSpace(h))
			}
			cols, err = mapHeader(header, im.opt.Map)
			if err != nil {
				return fmt.Errorf("line %d: %w", lineNo, err)
			}
			fr.Columns = describeColumns(cols)
			continue
		}
		// A quoted field may span lines (at most 8).
		for extra := 0; quotesOpen(line) && extra < 8; extra++ {
			line = append([]byte(nil), line...) // the reader reuses its buffer
			more, _ := readLine(br)
			if len(more) == 0 || len(line)+len(more) > maxLineBytes {
				break
			}
			im.read += int64(len(more))
			lineNo++
			more = bytes.TrimRight(more, "\r\n")
			if !utf8.Valid(more) {
				more = toUTF8(more, nil)
			}
			line = append(append(line, ' '), more...)
		}
		fields = splitRow(line, delim, fields[:0])
		if len(fields) > maxFields {
			im.rep.Rejected++
			im.rep.issue(name, lineNo, fmt.Sprintf("%d fields, more than %d: skipped", len(fields), maxFields))
			continue
		}
		rec = Record{}
		for i, f := range fields {
			if i >= len(cols) || cols[i] == FieldNone {
				continue
			}
			if len(f) > maxFieldBytes {
				f = f[:maxFieldBytes]
			}
			v := string(bytes.TrimSpace(f))
			switch cols[i] {
			case FieldBirthName:
				rec.BirthName = v
			case FieldUsageName:
				rec.UsageName = v
			case FieldFirstNames:
				if rec.FirstNames != "" && v != "" {
					v = rec.FirstNames + " " + v
				} else if v == "" {
					v = rec.FirstNames
				}
				rec.FirstNames = v
			case FieldBirth:
				rec.Birth = v
			case FieldSex:
				rec.Sex = v
			case FieldDept:
				rec.Dept = v
			case FieldCommuneCode:
				rec.CommuneCode = v
			case FieldCommuneName:
				rec.CommuneName = v
			case FieldKind:
				rec.Kind = v
			case FieldEmail:
				rec.Email = v
			}
		}
		im.rows++
		im.rep.Rows++
		fr.Rows++
		if why := im.b.Add(&rec, lineNo); why != "" {
			im.rep.Aberrant++
			im.rep.issue(name, lineNo, why)
		}
		if im.rows&4095 == 0 {
			if err := im.ctx.Err(); err != nil {
				return err
			}
			im.progress(false)
		}
	}
	if cols == nil {
		return errors.New("empty file: no header line")
	}
	im.b.EndFile(lineNo)
	return nil
}

// readLine returns the next line including its newline; lines longer than
// the buffer are returned whole up to a limit and then truncated.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == nil || !errors.Is(err, bufio.ErrBufferFull) {
		return line, err
	}
	long := append([]byte(nil), line...)
	for errors.Is(err, bufio.ErrBufferFull) {
		line, err = br.ReadSlice('\n')
		if len(long) <= maxLineBytes {
			long = append(long, line...)
		}
	}
	return long, err
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// detectDelim picks the separator a header line uses most: semicolon, tab
// or comma.
func detectDelim(line []byte) byte {
	best, n := byte(';'), -1
	for _, d := range []byte{';', '\t', ',', '|'} {
		if c := bytes.Count(line, []byte{d}); c > n {
			best, n = d, c
		}
	}
	return best
}

func delimName(d byte) string {
	switch d {
	case '\t':
		return "tab"
	case ';':
		return "semicolon"
	case ',':
		return "comma"
	}
	return string(d)
}

func describeColumns(cols ColumnMap) string {
	names := map[Field]string{}
	for n, f := range fieldNames {
		names[f] = n
	}
	var b bytes.Buffer
	for i, f := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		if f == FieldNone {
			b.WriteByte('-')
		} else {
			b.WriteString(names[f])
		}
	}
	return b.String()
}

// quotesOpen reports whether line ends inside a quoted field.
func quotesOpen(line []byte) bool {
	return bytes.Count(line, []byte{'"'})%2 == 1
}

// splitRow splits a delimited line, honouring double quotes ("" inside a
// quoted field is a quote). Stray quotes inside unquoted fields are kept.
func splitRow(line []byte, delim byte, out [][]byte) [][]byte {
	for {
		if len(line) > 0 && line[0] == '"' {
			var f []byte
			i := 1
			for i < len(line) {
				if line[i] == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						f = append(f, '"')
						i += 2
						continue
					}
					i++
					break
				}
				f = append(f, line[i])
				i++
			}
			// Anything after the closing quote up to the delimiter is kept.
			j := bytes.IndexByte(line[i:], delim)
			if j < 0 {
				out = append(out, append(f, line[i:]...))
				return out
			}
			out = append(out, append(f, line[i:i+j]...))
			line = line[i+j+1:]
			continue
		}
		j := bytes.IndexByte(line, delim)
		if j < 0 {
			return append(out, line)
		}
		out = append(out, line[:j])
		line = line[j+1:]
	}
}
