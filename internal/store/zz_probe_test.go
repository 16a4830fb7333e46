package store

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestZZProbe(t *testing.T) {
	path := os.Getenv("PROBE_DB")
	if path == "" {
		t.Skip()
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range strings.Split(os.Getenv("PROBE_SQL"), ";;") {
		if strings.TrimSpace(q) == "" {
			continue
		}
		rows, err := db.Query("EXPLAIN QUERY PLAN " + q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b, c int
			var d string
			rows.Scan(&a, &b, &c, &d)
			fmt.Println("  plan:", d)
		}
		rows.Close()
		start := time.Now()
		rows, err = db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		fmt.Println("  rows", n, "in", time.Since(start))
	}
}
