// Package config builds Cortège's Config from flags, then CORTEGE_*
// environment variables, then an optional TOML file, in that order of
// precedence. Nothing reads configuration from anywhere else: main builds
// one Config and passes it down.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is every setting that is not stored in the database.
type Config struct {
	Listen        string `toml:"listen"`
	Data          string `toml:"data"`
	DatabaseURL   string `toml:"database_url"`
	BaseURL       string `toml:"base_url"`
	SMTPURL       string `toml:"smtp_url"`
	MailFrom      string `toml:"mail_from"`
	MetricsListen string `toml:"metrics_listen"`
	MetricsToken  string `toml:"metrics_token"`
	LogFormat     string `toml:"log_format"`
	LogLevel      string `toml:"log_level"`
	Workers       int    `toml:"workers"`
	TrustProxy    bool   `toml:"trust_proxy"`
	SourceURL     string `toml:"source_url"`
	// MapTiles is an XYZ raster tile URL template on a server the operator
	// hosts; empty, event pages draw no tile map (see docs/maps.md).
	MapTiles       string `toml:"map_tiles"`
	MapAttribution string `toml:"map_attribution"`
	MapMaxZoom     int    `toml:"map_max_zoom"`
	// Geocoder is "addok", "photon" or "nominatim": a street geocoder the
	// operator hosts at GeocoderURL (off when empty; see docs/places.md).
	Geocoder    string `toml:"geocoder"`
	GeocoderURL string `toml:"geocoder_url"`
	// Uploads bound picture processing and uploads (see uploads.go).
	ImageBudgetMB        int `toml:"image_budget_mb"`
	ImageDecoders        int `toml:"image_decoders"`
	ImageWait            int `toml:"image_wait"`
	UploadLimitAccount   int `toml:"upload_limit_account"`
	UploadLimitIP        int `toml:"upload_limit_ip"`
	UploadLimitAnonymous int `toml:"upload_limit_anonymous"`
	UploadLimitInstance  int `toml:"upload_limit_anonymous_instance"`
	// PageCacheMB bounds the cache of public pages (see pagecache.go).
	PageCacheMB int `toml:"page_cache_mb"`
	// Petitions (see petitions.go): signing limits and how long signers'
	// names and addresses are kept after a petition closes.
	SignLimitIP           int `toml:"sign_limit_ip"`
	SignLimitPetition     int `toml:"sign_limit_petition"`
	SignatureRetentionDay int `toml:"signature_retention_days"`
	// VoucherKeyFile holds the keys of the groups' vouchers (empty:
	// DATA/voucher.key, created on first start; see docs/vouchers.md).
	VoucherKeyFile string `toml:"voucher_key_file"`
}

// Defaults returns the zero-configuration settings: SQLite under
// ./cortege-data, listening on localhost, mail written to files.
func Defaults() Config {
	return Config{
		Listen:     "127.0.0.1:8080",
		Data:       "./cortege-data",
		LogFormat:  "text",
		LogLevel:   "info",
		Workers:    2,
		SourceURL:  "https://codeberg.org/cortege/cortege",
		MapMaxZoom: 19,

		ImageBudgetMB:         64,
		ImageDecoders:         2,
		ImageWait:             5,
		UploadLimitAccount:    60,
		UploadLimitIP:         200,
		UploadLimitAnonymous:  3,
		UploadLimitInstance:   30,
		PageCacheMB:           DefaultPageCacheMB,
		SignLimitIP:           30,
		SignLimitPetition:     20000,
		SignatureRetentionDay: 183,
	}
}

// setting ties one Config field to its flag, variable and TOML key.
type setting struct {
	name, usage string
	str         *string
	num         *int
	boolean     *bool
}

func (c *Config) settings() []setting {
	return []setting{
		{name: "listen", usage: "address to serve HTTP on", str: &c.Listen},
		{name: "data", usage: "data directory: SQLite file, uploads, keys, mail, voter rolls", str: &c.Data},
		{name: "database-url", usage: "postgres://… to use PostgreSQL instead of the SQLite file in --data", str: &c.DatabaseURL},
		{name: "base-url", usage: "public URL used in links (default http://LISTEN)", str: &c.BaseURL},
		{name: "smtp-url", usage: "smtp://user:pass@host:port or smtps://…; without it mail is written under DATA/mail", str: &c.SMTPURL},
		{name: "mail-from", usage: "sender address of outgoing mail (default noreply@HOST of --base-url)", str: &c.MailFrom},
		{name: "metrics-listen", usage: "address serving Prometheus /metrics (off when empty)", str: &c.MetricsListen},
		{name: "metrics-token", usage: "bearer token that opens /metrics on the main listener (off when empty)", str: &c.MetricsToken},
		{name: "log-format", usage: "text or json", str: &c.LogFormat},
		{name: "log-level", usage: "debug, info, warn or error", str: &c.LogLevel},
		{name: "workers", usage: "background job workers in this process", num: &c.Workers},
		{name: "source-url", usage: "where users get the source code of the version you run (AGPL-3.0 section 13); change it if you modify Cortège", str: &c.SourceURL},
		{name: "map-tiles", usage: "URL template of raster tiles you host, https://tiles.example.org/{z}/{x}/{y}.png, for a map on event pages (off when empty; see docs/maps.md)", str: &c.MapTiles},
		{name: "map-attribution", usage: "credit shown under the map (default: © OpenStreetMap contributors)", str: &c.MapAttribution},
		{name: "map-max-zoom", usage: "highest zoom level your tile server has", num: &c.MapMaxZoom},
		{name: "geocoder", usage: "street geocoder you host: addok, photon or nominatim (off when empty; places then get their commune's centre; see docs/places.md)", str: &c.Geocoder},
		{name: "geocoder-url", usage: "root URL of that geocoder, https://addok.example.org", str: &c.GeocoderURL},
		{name: "image-budget-mb", usage: "memory one uploaded picture may take to decode, in MiB, read from its header before decoding", num: &c.ImageBudgetMB},
		{name: "image-decoders", usage: "pictures decoded at once in this process (1 or 2 keep memory bounded)", num: &c.ImageDecoders},
		{name: "image-wait", usage: "seconds an upload waits for a free decoder before the answer 503 Retry-After", num: &c.ImageWait},
		{name: "upload-limit-account", usage: "pictures an account may upload per hour", num: &c.UploadLimitAccount},
		{name: "upload-limit-ip", usage: "pictures uploaded per hour from one client address", num: &c.UploadLimitIP},
		{name: "upload-limit-anonymous", usage: "pictures uploaded per hour without an account from one client address (an event created without an account)", num: &c.UploadLimitAnonymous},
		{name: "upload-limit-anonymous-instance", usage: "pictures uploaded per hour without an account, the whole instance together", num: &c.UploadLimitInstance},
		{name: "page-cache-mb", usage: "memory for the pages visitors without an account get (home, events, groups, feeds), in MiB; 0 turns the cache off", num: &c.PageCacheMB},
		{name: "sign-limit-ip", usage: "signatures of petitions per hour from one client address, without an account (generous: campuses and mobile carriers share addresses)", num: &c.SignLimitIP},
		{name: "sign-limit-petition", usage: "signatures per minute on one petition, all signers together (the largest storms on record reached about 2,000)", num: &c.SignLimitPetition},
		{name: "signature-retention-days", usage: "days after a petition closes before its signers' names, addresses and comments are erased (the counts and the public log stay)", num: &c.SignatureRetentionDay},
		{name: "voucher-key-file", usage: "key file of the groups' signed vouchers, shared with the systems that check them (default DATA/voucher.key, created on first start; see docs/vouchers.md)", str: &c.VoucherKeyFile},
		{name: "trust-proxy", usage: "take the client address from X-Forwarded-For (behind a reverse proxy only)", boolean: &c.TrustProxy},
	}
}

// EnvName is the environment variable of a flag: --smtp-url is CORTEGE_SMTP_URL.
func EnvName(flagName string) string {
	return "CORTEGE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Loader registers the settings on a FlagSet and resolves them after Parse.
type Loader struct {
	cfg     *Config
	fs      *flag.FlagSet
	file    *string
	getenv  func(string) string
	include map[string]bool
}

// Register adds the named settings (all when names is empty) and --config
// to fs, and returns a Loader to call after fs.Parse.
func Register(fs *flag.FlagSet, getenv func(string) string, names ...string) *Loader {
	l := &Loader{cfg: new(Config), fs: fs, getenv: getenv}
	*l.cfg = Defaults()
	if len(names) > 0 {
		l.include = map[string]bool{}
		for _, n := range names {
			l.include[n] = true
		}
	}
	for _, s := range l.cfg.settings() {
		if l.include != nil && !l.include[s.name] {
			continue
		}
		usage := s.usage + " (env " + EnvName(s.name) + ")"
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.name, *s.str, usage)
		case s.num != nil:
			fs.IntVar(s.num, s.name, *s.num, usage)
		case s.boolean != nil:
			fs.BoolVar(s.boolean, s.name, *s.boolean, usage)
		}
	}
	l.file = fs.String("config", getenv("CORTEGE_CONFIG"), "optional TOML configuration file (env CORTEGE_CONFIG)")
	return l
}

// Explicit reports whether a setting was given by flag, variable or file
// rather than left to its default.
func (l *Loader) Explicit(name string) bool {
	set := false
	l.fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	if set || l.getenv(EnvName(name)) != "" {
		return true
	}
	if *l.file != "" {
		var m map[string]any
		if _, err := toml.DecodeFile(*l.file, &m); err == nil {
			_, ok := m[strings.ReplaceAll(name, "-", "_")]
			return ok
		}
	}
	return false
}

// Load applies precedence (flags over variables over the TOML file over
// defaults) and validates the result.
func (l *Loader) Load() (Config, error) {
	set := map[string]bool{}
	l.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	final := Defaults()
	if *l.file != "" {
		md, err := toml.DecodeFile(*l.file, &final)
		if err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", *l.file, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return Config{}, fmt.Errorf("config file %s: unknown setting %q", *l.file, und[0].String())
		}
	}
	flagged := l.cfg.settings()
	for i, s := range final.settings() {
		if l.include != nil && !l.include[s.name] {
			continue
		}
		if set[s.name] {
			copySetting(s, flagged[i])
			continue
		}
		if v := l.getenv(EnvName(s.name)); v != "" {
			if err := parseInto(s, v); err != nil {
				return Config{}, fmt.Errorf("%s: %w", EnvName(s.name), err)
			}
		}
	}
	return final, final.Validate()
}

func copySetting(dst, src setting) {
	switch {
	case dst.str != nil:
		*dst.str = *src.str
	case dst.num != nil:
		*dst.num = *src.num
	case dst.boolean != nil:
		*dst.boolean = *src.boolean
	}
}

func parseInto(s setting, v string) error {
	f := flag.NewFlagSet("", flag.ContinueOnError)
	switch {
	case s.str != nil:
		*s.str = v
		return nil
	case s.num != nil:
		f.IntVar(s.num, "v", 0, "")
	case s.boolean != nil:
		f.BoolVar(s.boolean, "v", false, "")
	}
	f.SetOutput(discard{})
	if err := f.Parse([]string{"-v=" + v}); err != nil {
		return errors.New("invalid value " + v)
	}
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Validate checks the settings and fills derived defaults (BaseURL).
func (c *Config) Validate() error {
	if c.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Listen); err != nil {
			return fmt.Errorf("--listen %q: want HOST:PORT", c.Listen)
		}
	}
	if c.Data == "" {
		return errors.New("--data must not be empty")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("--database-url must start with postgres:// (leave it empty for SQLite in --data)")
	}
	if c.BaseURL == "" && c.Listen != "" {
		host, port, _ := net.SplitHostPort(c.Listen)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return fmt.Errorf("--base-url %q: want http(s)://host[:port] without a path", c.BaseURL)
		}
		c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	}
	if c.SMTPURL != "" && !strings.HasPrefix(c.SMTPURL, "smtp://") && !strings.HasPrefix(c.SMTPURL, "smtps://") {
		return fmt.Errorf("--smtp-url must start with smtp:// or smtps://")
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.Workers < 0 || c.Workers > 64 {
		return fmt.Errorf("--workers %d: want 0 to 64", c.Workers)
	}
	if err := c.validateMap(); err != nil {
		return err
	}
	if err := c.validatePageCache(); err != nil {
		return err
	}
	if err := c.validatePetitions(); err != nil {
		return err
	}
	if err := c.validateUploads(); err != nil {
		return err
	}
	return c.validateGeocoder()
}

// validateGeocoder checks the geocoder settings: a known kind and an
// http(s) URL, both or neither.
func (c *Config) validateGeocoder() error {
	switch {
	case c.Geocoder == "" && c.GeocoderURL == "":
		return nil
	case c.Geocoder != "addok" && c.Geocoder != "photon" && c.Geocoder != "nominatim":
		return fmt.Errorf("--geocoder %q: want addok, photon or nominatim (with --geocoder-url)", c.Geocoder)
	}
	u, err := url.Parse(c.GeocoderURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("--geocoder-url %q: want the http(s) root of your %s, without credentials or query", c.GeocoderURL, c.Geocoder)
	}
	return nil
}

// validateMap checks the tile URL template: http(s), a host, no
// credentials, and the {z}, {x}, {y} placeholders and no others, so the
// CSP can name its one origin.
func (c *Config) validateMap() error {
	if c.MapMaxZoom < 1 || c.MapMaxZoom > 22 {
		return fmt.Errorf("--map-max-zoom %d: want 1 to 22", c.MapMaxZoom)
	}
	if c.MapTiles == "" {
		return nil
	}
	bad := func(why string) error {
		return fmt.Errorf("--map-tiles %q: %s (want https://tiles.example.org/{z}/{x}/{y}.png)", c.MapTiles, why)
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if strings.Count(c.MapTiles, p) != 1 {
			return bad("needs " + p + " once")
		}
	}
	filled := strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(c.MapTiles)
	if strings.ContainsAny(filled, "{}\"<> \t\r\n") {
		return bad("only {z}, {x} and {y} are placeholders")
	}
	u, err := url.Parse(filled)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "" {
		return bad("not an http(s) URL with a host")
	}
	if u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return bad("no user, password or fragment")
	}
	if strings.Trim(strings.ToLower(u.Host), "abcdefghijklmnopqrstuvwxyz0123456789.-:[]") != "" {
		return bad("the host may hold letters, digits, dots, hyphens and a port only")
	}
	if !strings.HasPrefix(c.MapTiles, u.Scheme+"://"+u.Host+"/") {
		return bad("placeholders belong in the path or query, not the host")
	}
	return nil
}

// MapOrigin is the tile server's origin (scheme://host[:port]), the one
// the event page's CSP lets images come from; "" without a tile server.
func (c Config) MapOrigin() string {
	if c.MapTiles == "" {
		return ""
	}
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(c.MapTiles))
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// DatabaseTarget is what store.Open needs: the PostgreSQL URL, else the
// SQLite file inside Data.
func (c Config) DatabaseTarget() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.Data, "cortege.db")
}

// Secure reports whether the public URL is https (secure cookies, HSTS).
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// MailDir is where mail goes without SMTP.
func (c Config) MailDir() string { return filepath.Join(c.Data, "mail") }

// UploadsDir is where uploaded files live, named by content hash.
func (c Config) UploadsDir() string { return filepath.Join(c.Data, "uploads") }

// Logger builds the process logger.
func (c Config) Logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
