package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// VoucherKeyFile is the name of the voucher keys under the data folder,
// used when --voucher-key-file is not given.
const VoucherKeyFile = "voucher.key"

const (
	voucherIssueUsage  = "voucher issue --group N [--month YYYY-MM] --key-file F [--new-key]"
	voucherVerifyUsage = "voucher verify CODE --key-file F [--at YYYY-MM-DD]"
)

// exitStatus is an error that sets the process's exit code.
type exitStatus struct {
	code int
	err  error
}

func (e *exitStatus) Error() string { return e.err.Error() }
func (e *exitStatus) Unwrap() error { return e.err }

// cmdVoucher dispatches "voucher issue" and "voucher verify"
// (docs/vouchers.md): the signed monthly codes of groups, checked offline
// with the shared key file.
func cmdVoucher(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "issue":
			return voucherIssue(env, args[1:])
		case "verify":
			return voucherVerify(env, args[1:])
		}
	}
	fmt.Fprintln(env.Stderr, "Usage:\n  cortege "+voucherIssueUsage+"\n  cortege "+voucherVerifyUsage+
		"\n\nMonths are calendar months in UTC. verify exits 0 for a valid voucher, 1 for a refused one, 2 when it could not check (usage, key file).")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		return nil
	}
	return errUsage
}

// voucherIssue prints the voucher of a group for a month; with --new-key
// it first writes a new current key to the key file (creating it, or
// rotating: the old current key stays as the previous one).
func voucherIssue(env Env, args []string) error {
	fs := newFlagSet(env, "voucher issue", voucherIssueUsage)
	group := fs.String("group", "", "the group's voucher number (shown on the group's voucher page)")
	month := fs.String("month", "", "month of validity, YYYY-MM (default: this month, UTC)")
	keyFile := fs.String("key-file", "", "the voucher key file (DATA/"+VoucherKeyFile+" on a server)")
	newKey := fs.Bool("new-key", false, "write a new current key to --key-file first (creates the file, or rotates its keys)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *keyFile == "" || fs.NArg() > 0 || (*group == "" && !*newKey) {
		fs.Usage()
		return errUsage
	}
	var keys cortege.VoucherKeys
	var err error
	if *newKey {
		if keys, err = newVoucherKey(*keyFile); err != nil {
			return err
		}
		if keys.Previous != nil {
			fmt.Fprintf(env.Stderr, "%s: new current key %d; key %d kept as the previous one.\n", *keyFile, keys.Current.ID, keys.Previous.ID)
		} else {
			fmt.Fprintf(env.Stderr, "%s: new key %d written.\n", *keyFile, keys.Current.ID)
		}
		if *group == "" {
			return nil
		}
	} else if keys, err = readVoucherKeys(*keyFile); err != nil {
		return err
	}
	n, err := strconv.ParseUint(strings.TrimSpace(*group), 10, 64)
	if err != nil || n > cortege.MaxVoucherGroup {
		return fmt.Errorf("--group %q: want a number from 0 to %d", *group, uint64(cortege.MaxVoucherGroup))
	}
	m := cortege.MonthOf(time.Now().UTC())
	if *month != "" {
		if m, err = cortege.ParseVoucherMonth(*month); err != nil {
			return userError(err)
		}
	}
	code, err := cortege.IssueVoucher(keys, n, m)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintln(env.Stdout, code)
	return nil
}

// voucherVerify checks a voucher at a date (today, UTC, by default) and
// prints what it says.
func voucherVerify(env Env, args []string) error {
	fs := newFlagSet(env, "voucher verify", voucherVerifyUsage)
	keyFile := fs.String("key-file", "", "the voucher key file shared with the instance")
	at := fs.String("at", "", "check validity on this day, YYYY-MM-DD (default: today, UTC)")
	var codes []string
	for rest := args; ; {
		if err := parseFlags(fs, rest); err != nil {
			return &exitStatus{2, err}
		}
		if fs.NArg() == 0 {
			break
		}
		codes, rest = append(codes, fs.Arg(0)), fs.Args()[1:]
	}
	if *keyFile == "" || len(codes) != 1 {
		fs.Usage()
		return &exitStatus{2, errUsage}
	}
	now := time.Now().UTC()
	if *at != "" {
		d, err := time.Parse("2006-01-02", *at)
		if err != nil {
			return &exitStatus{2, fmt.Errorf("--at %q: want YYYY-MM-DD", *at)}
		}
		now = d
	}
	keys, err := readVoucherKeys(*keyFile)
	if err != nil {
		return &exitStatus{2, err}
	}
	v, err := cortege.VerifyVoucher(keys, codes[0], now)
	if err != nil {
		msg := "refused"
		if cat, cerr := i18n.Load(); cerr == nil {
			msg = cat.T("en", cortege.ErrorOf(err).Message)
		}
		if v.Month.Year != 0 {
			msg += fmt.Sprintf(" (group %d, month %s)", v.Group, v.Month)
		}
		return &exitStatus{1, errors.New(msg)}
	}
	fmt.Fprintf(env.Stdout, "valid: group %d, month %s, key %d\n", v.Group, v.Month, v.KeyID)
	return nil
}

// readVoucherKeys reads a key file, refusing one others may read.
func readVoucherKeys(path string) (cortege.VoucherKeys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return cortege.VoucherKeys{}, fmt.Errorf("voucher key file: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return cortege.VoucherKeys{}, fmt.Errorf("%s is readable by others (mode %v): chmod 600 it", path, fi.Mode().Perm())
	}
	k, err := cortege.ParseVoucherKeys(b)
	if err != nil {
		return cortege.VoucherKeys{}, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// newVoucherKey writes a new current key to path: a first key when the
// file does not exist, else a rotation of the keys it holds. The file is
// replaced whole (written beside it, then renamed), mode 0600.
func newVoucherKey(path string) (cortege.VoucherKeys, error) {
	keys := cortege.NewVoucherKeys()
	if old, err := readVoucherKeys(path); err == nil {
		keys = old.Rotate()
	} else if _, serr := os.Stat(path); !errors.Is(serr, fs.ErrNotExist) {
		return cortege.VoucherKeys{}, err
	}
	return keys, writeVoucherKeys(path, keys)
}

func writeVoucherKeys(path string, keys cortege.VoucherKeys) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".voucher-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(keys.Marshal())
	if err := tmp.Sync(); werr == nil {
		werr = err
	}
	if err := tmp.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return werr
	}
	return os.Rename(tmp.Name(), path)
}

// loadVoucherKeys is the server's key: the file --voucher-key-file names
// (which must exist), else DATA/voucher.key, created on first start.
func loadVoucherKeys(file, data string) (cortege.VoucherKeys, error) {
	if file != "" {
		return readVoucherKeys(file)
	}
	path := filepath.Join(data, VoucherKeyFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := f.Write(cortege.NewVoucherKeys().Marshal())
			if err := f.Sync(); werr == nil {
				werr = err
			}
			if err := f.Close(); werr == nil {
				werr = err
			}
			if werr != nil {
				os.Remove(path)
				return cortege.VoucherKeys{}, werr
			}
		} else if !errors.Is(err, fs.ErrExist) { // another process may have made it first
			return cortege.VoucherKeys{}, err
		}
	}
	return readVoucherKeys(path)
}
