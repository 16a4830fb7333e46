package cli

import (
	"flag"
	"path/filepath"
)

// defaultDataDir is where Cortège keeps its SQLite file, uploads, keys, mail
// and voter rolls when neither --data nor CORTEGE_DATA says otherwise.
const defaultDataDir = "./cortege-data"

// addDataFlag registers the stable --data flag on fs, defaulting to
// $CORTEGE_DATA, else ./cortege-data.
func addDataFlag(fs *flag.FlagSet, env Env) *string {
	def := env.Getenv("CORTEGE_DATA")
	if def == "" {
		def = defaultDataDir
	}
	return fs.String("data", def, "data directory: SQLite file, uploads, keys, mail, voter rolls (env CORTEGE_DATA)")
}

// rollsDir is where voter-roll snapshots live inside the data directory.
func rollsDir(data string) string { return filepath.Join(data, "rolls") }
