package cli

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/tally"
)

// voteBox is one way of writing the box the vote bench measures.
type voteBox struct {
	name   string
	direct bool // one transaction per ballot, without the batch writer
}

// voteCell is the figures of one box at one number of clients.
type voteCell struct {
	clients   int
	cast      int
	lat       []time.Duration
	elapsed   time.Duration
	commits   uint64
	failed    int
	firstFail string
}

// voteSignCell is the blind-signing figures of one engine.
type voteSignCell struct {
	clients int
	lat     []time.Duration
	elapsed time.Duration
}

// cmdBenchVote measures the ballot box: durable ballots per second, each
// with its blind token verified, at each number of concurrent clients,
// the shuffled batch writer beside one transaction per ballot; and the
// blind-signing rate of sign-offs. It calls the service in process (no
// HTTP): what it measures is the box and the signing, not the network.
func cmdBenchVote(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "bench vote", "bench vote [--clients 16,64,200] [--ballots N] [--signoffs N] [--database-url postgres://…] [--engines sqlite,postgres]")
	clientList := fs.String("clients", "16,64,200", "numbers of concurrent clients, one cell each")
	ballots := fs.Int("ballots", 4000, "ballots cast in each cell (each with a token of its own, signed before the cell)")
	signoffs := fs.Int("signoffs", 800, "blind sign-offs measured on each engine")
	dbURL := fs.String("database-url", env.Getenv("CORTEGE_DATABASE_URL"), "PostgreSQL server for the postgres engine (a new schema each run)")
	engines := fs.String("engines", "", "engines to run: sqlite, postgres (default sqlite, and postgres when --database-url is set)")
	baseline := fs.Bool("baseline", true, "also measure one transaction per ballot without the batch writer, beside it")
	dir := fs.String("dir", "", "data directory (default: a new temporary directory, removed afterwards)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var clients []int
	for _, f := range strings.Split(*clientList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("--clients: %q is not a number of clients", f)
		}
		clients = append(clients, n)
	}
	if *ballots < 1 || *signoffs < 0 {
		return errors.New("--ballots: at least 1; --signoffs: not negative")
	}
	out := env.Stdout
	work, finish, err := benchStart(out, *dir, "cortege-bench-vote-")
	if err != nil {
		return err
	}
	defer finish()
	fmt.Fprintf(out, "the ballot box through the service, in process: each client casts ballots of a secret vote (two questions), each with a blind token of its own that the box verifies (RSABSSA-SHA384-PSS, 2048 bits), acknowledged once durable; %d ballots per cell, tokens signed before the cell (not measured); then %d sign-offs (a line of the sheet and a blind signature, one transaction each)\n",
		*ballots, *signoffs)
	boxes := []voteBox{{name: "shuffled batches"}}
	if *baseline {
		boxes = append(boxes, voteBox{name: "one transaction per ballot", direct: true})
	}
	for _, eng := range benchEngines(*engines, *dbURL) {
		var cells [][]*voteCell
		var sign *voteSignCell
		for i, b := range boxes {
			url := ""
			drop := func() {}
			switch eng {
			case "sqlite":
				url = store.SQLitePath(filepath.Join(work, eng, strconv.Itoa(i)))
			case "postgres":
				if *dbURL == "" {
					return errors.New("the postgres engine needs --database-url")
				}
				schema := "bench_vote_" + strconv.FormatInt(time.Now().UnixNano(), 36)
				if url, err = store.PostgreSQLSchemaURL(ctx, *dbURL, schema); err != nil {
					return err
				}
				drop = func() { store.DropPostgreSQLSchema(context.WithoutCancel(ctx), *dbURL, schema) }
			default:
				return fmt.Errorf("--engines: unknown engine %q (sqlite, postgres)", eng)
			}
			db, err := store.OpenAndMigrate(ctx, store.Config{URL: url, NoGroupCommit: b.direct})
			if err != nil {
				drop()
				return fmt.Errorf("%s: %w", eng, err)
			}
			if i == 0 {
				if v, err := db.Durability(ctx); err == nil {
					fmt.Fprintf(out, "%s: %s\n", db.Dialect, v)
				}
			}
			signs := 0 // the sign-offs are measured once, beside the first box
			if i == 0 {
				signs = *signoffs
			}
			row, s, err := runVoteBox(ctx, db, b, clients, *ballots, signs)
			db.Close()
			drop()
			if err != nil {
				return fmt.Errorf("%s, %s: %w", eng, b.name, err)
			}
			for _, c := range row {
				if c.failed > 0 {
					fmt.Fprintf(env.Stderr, "%s, %s, %d clients: %d failed, first: %s\n", eng, b.name, c.clients, c.failed, c.firstFail)
				}
			}
			cells = append(cells, row)
			if s != nil {
				sign = s
			}
		}
		printVoteCells(out, eng, boxes, cells, sign)
	}
	return nil
}

// runVoteBox measures one box on one database: a cell per number of
// clients, each on a vote of its own, then (signoffs > 0) the sign-offs.
func runVoteBox(ctx context.Context, db *store.DB, b voteBox, clients []int, ballots, signoffs int) ([]*voteCell, *voteSignCell, error) {
	svc := service.New(db, service.Config{BaseURL: "https://bench.cortege.example"})
	svc.CastDirect(b.direct)
	email := "bureau@bench.cortege.example"
	if _, err := svc.CreateAdmin(ctx, email, "Bureau du banc d'essai"); err != nil {
		return nil, nil, err
	}
	secret, err := svc.CreateTokenFor(ctx, email, "cortege bench", service.IdentityInput{DisplayName: "Bureau", Handle: "bureau"})
	if err != nil {
		return nil, nil, err
	}
	admin, err := svc.TokenActor(ctx, secret, "bench")
	if err != nil {
		return nil, nil, err
	}
	var row []*voteCell
	for _, n := range clients {
		id, err := benchVoteOpen(ctx, svc, admin)
		if err != nil {
			return nil, nil, err
		}
		proofs, err := benchVoteTokens(ctx, db, id, ballots)
		if err != nil {
			return nil, nil, err
		}
		c0, _ := db.Commits()
		cell := runVoteCell(ctx, svc, id, n, proofs)
		c1, _ := db.Commits()
		cell.commits = c1 - c0
		row = append(row, cell)
	}
	if signoffs == 0 {
		return row, nil, nil
	}
	id, err := benchVoteOpen(ctx, svc, admin)
	if err != nil {
		return nil, nil, err
	}
	sign, err := runVoteSignCell(ctx, svc, admin, id, clients[0], signoffs)
	return row, sign, err
}

// benchVoteOpen creates and opens an instance's secret vote of two
// questions, for every member.
func benchVoteOpen(ctx context.Context, svc *service.Service, admin cortege.Actor) (string, error) {
	loc, err := time.LoadLocation(service.DefaultTZ)
	if err != nil {
		return "", err
	}
	now := time.Now()
	c, err := svc.CreateConsultation(ctx, admin, service.ConsultationInput{Title: "Élection du bureau (banc d'essai)", Secret: true,
		Opens: cortege.WallOf(now.Add(-time.Minute), loc), Closes: cortege.WallOf(now.Add(24*time.Hour), loc), TZ: service.DefaultTZ,
		Audience: cortege.AudienceMembers})
	if err != nil {
		return "", err
	}
	for _, q := range []service.QuestionInput{
		{Title: "Qui ?", Kind: cortege.QuestionSingle, Options: []string{"Amélie", "Bruno", "Chloé"}, Blank: true},
		{Title: "Adopter le rapport ?", Kind: cortege.QuestionYesNo},
	} {
		if _, err := svc.AddQuestion(ctx, admin, c.ID, q); err != nil {
			return "", err
		}
	}
	if _, err := svc.OpenConsultation(ctx, admin, c.ID); err != nil {
		return "", err
	}
	return c.ID, nil
}

// benchVoteTokens makes n valid tokens of a vote: a random prepared
// message each, signed with the vote's key by RSASSA-PSS (SHA-384, salt
// of 48 bytes), which is what the unblinded blind signature is (RFC 9474
// §4): the box cannot tell them apart. Signing them directly (with CRT,
// on every CPU) keeps the sign-offs out of the cast's measure.
func benchVoteTokens(ctx context.Context, db *store.DB, id string, n int) ([]service.CastProof, error) {
	der, _, _, err := db.Q().ConsultationKey(ctx, id)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	sk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("the vote's key is not RSA")
	}
	out := make([]service.CastProof, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	workers := runtime.NumCPU()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				msg := make([]byte, 64)
				rand.Read(msg)
				h := crypto.SHA384.New()
				h.Write(msg)
				sig, err := rsa.SignPSS(rand.Reader, sk, crypto.SHA384, h.Sum(nil), &rsa.PSSOptions{SaltLength: 48})
				if err != nil {
					mu.Lock()
					first = cmpOr(first, err)
					mu.Unlock()
					return
				}
				enc := base64.RawURLEncoding
				out[i] = service.CastProof{Token: enc.EncodeToString(msg), Signature: enc.EncodeToString(sig)}
			}
		}()
	}
	wg.Wait()
	return out, first
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// benchAnswers is the i-th bench ballot's answers.
func benchAnswers(i int) []service.Answer {
	q1 := service.Answer{Question: "q1", Choices: []int{i % 3}}
	if i%11 == 0 {
		q1 = service.Answer{Question: "q1", Blank: true}
	}
	return []service.Answer{q1, {Question: "q2", Choices: []int{i % 2}}}
}

// runVoteCell has n clients cast every proof once, as fast as the box
// acknowledges them.
func runVoteCell(ctx context.Context, svc *service.Service, id string, n int, proofs []service.CastProof) *voteCell {
	cell := &voteCell{clients: n}
	next := make(chan int, len(proofs))
	for i := range proofs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	var mu sync.Mutex
	began := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			failed, first := 0, ""
			for i := range next {
				t := time.Now()
				if _, err := svc.Cast(ctx, id, benchAnswers(i), proofs[i]); err != nil {
					failed++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			cell.lat = append(cell.lat, lat...)
			cell.failed += failed
			if cell.firstFail == "" {
				cell.firstFail = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	cell.elapsed = time.Since(began)
	cell.cast = len(cell.lat)
	slices.Sort(cell.lat)
	return cell
}

// runVoteSignCell has n clients sign off total members, each blinding a
// token as the browser does and unblinding the signature.
func runVoteSignCell(ctx context.Context, svc *service.Service, admin cortege.Actor, id string, n, total int) (*voteSignCell, error) {
	v, err := svc.Consultation(ctx, admin, id)
	if err != nil {
		return nil, err
	}
	pk, err := tally.TokenPublicKey(v.TokenKey)
	if err != nil {
		return nil, err
	}
	client, err := blindrsa.NewClient(blindrsa.SHA384PSSRandomized, pk)
	if err != nil {
		return nil, err
	}
	cell := &voteSignCell{clients: n}
	next := make(chan int, total)
	for i := range total {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	began := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			for range next {
				// A member: the sheet keys on the profile's ID; the
				// service checks the account is active (an instance's
				// vote is for every account).
				now := time.Now()
				acc := &cortege.Account{ID: cortege.NewID(now), Status: cortege.AccountActive}
				a := cortege.Actor{Account: acc, Profile: &cortege.Profile{ID: cortege.NewID(now), AccountID: acc.ID}}
				msg := make([]byte, 32)
				rand.Read(msg)
				prepared, err := client.Prepare(rand.Reader, msg)
				if err == nil {
					var blinded []byte
					var st blindrsa.State
					if blinded, st, err = client.Blind(rand.Reader, prepared); err == nil {
						t := time.Now()
						var bs []byte
						if bs, err = svc.SignOff(ctx, a, id, blinded); err == nil {
							lat = append(lat, time.Since(t))
							_, err = client.Finalize(st, bs)
						}
					}
				}
				if err != nil {
					mu.Lock()
					first = cmpOr(first, err)
					mu.Unlock()
					return
				}
			}
			mu.Lock()
			cell.lat = append(cell.lat, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	cell.elapsed = time.Since(began)
	slices.Sort(cell.lat)
	return cell, first
}
